// RowMapper: applies a Mapping to one record of an agency export, giving the identity the row
// describes and the core events it renders, or the first reason the row is invalid.
//
// Validation is complete before anything is written: a row either maps entirely or fails with
// the field and the reason (bad date, ambiguous date, unknown code, invalid A-number, a value the
// event vocabulary rejects), which ingest stores in the quarantine table.
//
//   RowMapper mapper(mapping, "cbp_apprehensions.csv");
//   MapOutcome out = mapper.Map(record);
//   if (out.failure) Quarantine(out.failure->field, out.failure->reason);
//
// Ids: the person id is the mapping's person.id template ("cbp:{SUBJECT_ID}"); event ids are
// "<mapping name>:<record id>:<event name>". Thread safety: Map is const; share freely.
#ifndef KINLINK_LEDGER_ROW_MAPPER_H_
#define KINLINK_LEDGER_ROW_MAPPER_H_

#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/person.h"
#include "ledger/mapping.h"
#include "ledger/record_reader.h"

namespace kinlink::ledger {

struct RowFailure {
  std::string field;
  std::string reason;
};

struct MappedRow {
  std::string record_id;
  std::optional<Person> person;
  std::optional<Timestamp> entered;
  std::vector<Event> events;
};

struct MapOutcome {
  std::optional<MappedRow> row;
  std::optional<RowFailure> failure;
  std::string record_id;  // when it could be read, even for a failed row
};

class RowMapper {
 public:
  RowMapper(const Mapping& mapping, std::string file) : mapping_(mapping), file_(std::move(file)) {}
  MapOutcome Map(const RawRecord& record) const;

 private:
  const Mapping& mapping_;
  std::string file_;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_ROW_MAPPER_H_
