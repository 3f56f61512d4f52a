// TypedMapper: the ingest mapper's fast path (detail of RowMapper). A Mapping compiled once per
// file: column names resolved to indexes in the file's header, code maps and identifier kinds
// looked up, each [[event]] table bound to the typed fields of its core event type. A row is
// then mapped straight to typed events, with no JSON document and no EventFromJson round trip.
//
// Contract: when Map returns a row, it is exactly the row the reference path
// (RowMapper::MapReference: a JSON document per event validated by EventFromJson) returns for
// the same record: the same person, the same events, field for field. Whenever the fast path
// meets anything it does not decide itself (any failed validation, a date or time outside the
// quick readings of agency_date.h), Map returns nullopt and the caller runs the reference path,
// so failures keep the reference path's field names and messages. Compile returns null for a
// mapping using something only the reference path handles (an event field outside its type's
// vocabulary that shadows the event's own keys, nested objects other than a custody transfer's
// releasing/receiving, corrections); every row of such a mapping takes the reference path.
//
//   auto typed = TypedMapper::Compile(mapping, "cbp_apprehensions.csv", reader.shared_columns());
//   std::optional<MappedRow> row = typed ? typed->Map(record) : std::nullopt;
//   if (!row) outcome = mapper.MapReference(record);
//
// Thread safety: Map is const and keeps no state; share one TypedMapper across parse threads.
#ifndef KINLINK_LEDGER_INTERNAL_TYPED_MAPPER_H_
#define KINLINK_LEDGER_INTERNAL_TYPED_MAPPER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "ledger/mapping.h"
#include "ledger/record_reader.h"
#include "ledger/row_mapper.h"

namespace kinlink::ledger::detail {

class TypedMapper {
 public:
  // `columns`: the header the records will carry (RecordReader::shared_columns()), resolved to
  // indexes now; records with other names (JSON Lines, null) are resolved per record.
  static std::unique_ptr<TypedMapper> Compile(
      const Mapping& mapping, std::string file,
      std::shared_ptr<const std::vector<std::string>> columns);

  std::optional<MappedRow> Map(const RawRecord& record) const;

  // Public for the compiled tables in the .cc; not part of the interface.
  struct Part {
    enum class Kind { kText, kColumn, kPerson, kRecord };
    Kind kind = Kind::kText;
    std::string text;
    size_t slot = 0;
  };
  struct CompiledTemplate {
    std::vector<Part> parts;
  };
  struct Field {
    std::vector<CompiledTemplate> value;
    bool has_map = false;
    const std::map<std::string, std::string>* map = nullptr;  // null with has_map: no such map
    ValueType type = ValueType::kString;
    std::optional<CompiledTemplate> time, on;
    bool required = false;
    bool literal = false;
  };
  struct Condition {
    Field value;
    std::vector<std::string> in, not_in;
  };
  enum class Target { kIgnored, kPayload, kActor, kReleasing, kReceiving };
  struct EventField {
    Field spec;
    Target target = Target::kIgnored;
    std::string key;  // the payload key, or the custody object's own key
  };
  struct CompiledEvent {
    std::string id_suffix;  // ":<name>"
    EventType type = EventType::kApprehension;
    std::optional<CompiledTemplate> when;
    std::vector<Condition> conditions;
    Field effective_at;
    std::vector<EventField> fields;
  };
  struct Identifier {
    IdentifierKind kind;
    Field value;
  };
  struct CompiledPerson {
    Field id;
    NameFormat name_format = NameFormat::kParts;
    std::optional<Field> name, given_names, surnames, paternal_surname, maternal_surname;
    std::optional<Field> sex, birth_date, age, a_number, citizenship, language;
    std::vector<Identifier> identifiers;
  };
  class Row;

 private:
  TypedMapper(const Mapping& mapping, std::string file)
      : mapping_(mapping), file_(std::move(file)) {}
  bool MapPerson(Row& row, Person& person) const;
  bool MapEvent(const CompiledEvent& spec, Row& row, const MappedRow& mapped, Event& event) const;

  const Mapping& mapping_;
  std::string file_;
  std::vector<std::string> slot_names_;  // the distinct columns the mapping reads
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<int> column_of_slot_;  // index in *columns_, -1 when absent
  Field record_id_;
  std::optional<Field> entered_;
  std::optional<CompiledPerson> person_;
  std::vector<CompiledEvent> events_;
};

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_TYPED_MAPPER_H_
