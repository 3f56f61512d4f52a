// RowMapper: applies a Mapping to one record of an agency export, giving the identity the row
// describes and the core events it renders, or the first reason the row is invalid.
//
// Validation is complete before anything is written: a row either maps entirely or fails with
// the field and the reason (bad date, ambiguous date, unknown code, invalid A-number, a value the
// event vocabulary rejects), which ingest stores in the quarantine table.
//
//   RowMapper mapper(mapping, "cbp_apprehensions.csv", reader->shared_columns());
//   MapOutcome out = mapper.Map(record);
//   if (out.failure) Quarantine(out.failure->field, out.failure->reason);
//
// Ids: the person id is the mapping's person.id template ("cbp:{SUBJECT_ID}"); event ids are
// "<mapping name>:<record id>:<event name>". Thread safety: Map is const; share freely.
#ifndef KINLINK_LEDGER_ROW_MAPPER_H_
#define KINLINK_LEDGER_ROW_MAPPER_H_

#include <memory>
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

namespace detail {
class TypedMapper;
}

class RowMapper {
 public:
  // `columns`: the header of the delimited file the records come from
  // (RecordReader::shared_columns()), so column names are resolved to indexes once; without it
  // (JSON Lines, tests) names are looked up per record.
  RowMapper(const Mapping& mapping, std::string file,
            std::shared_ptr<const std::vector<std::string>> columns = nullptr);
  ~RowMapper();
  RowMapper(const RowMapper&) = delete;
  RowMapper& operator=(const RowMapper&) = delete;

  // The fast path (internal/typed_mapper.h: typed events, no JSON document); any row it does not
  // decide by itself (every failure among them) goes through MapReference, so the outcome is
  // always MapReference's.
  MapOutcome Map(const RawRecord& record) const;
  // The reference path: a JSON document per event, validated by EventFromJson. Map gives the
  // same outcome, field for field (tests/ledger/row_mapper_test.cc compares them).
  MapOutcome MapReference(const RawRecord& record) const;

 private:
  const Mapping& mapping_;
  std::string file_;
  std::unique_ptr<const detail::TypedMapper> typed_;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_ROW_MAPPER_H_
