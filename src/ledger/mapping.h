// Mapping: how one agency layout becomes identities and events, read from a TOML file
// (config/mappings/*.toml; the format is documented in docs/ledger.md, "Mapping files").
//
// A mapping names the source (agency, system), the file format (delimited or JSON Lines,
// encoding, delimiter, quoting, day/month order), the record id, the person the row describes and
// the events it renders. Values are templates over the row's columns ("{SUBJECT_ID}",
// "cbp:{SUBJECT_ID}"), optionally translated by a code map ([maps.sector]) and typed (date,
// timestamp, int, bool, age). Configuration, not code: a new layout needs a new file only.
//
//   KINLINK_ASSIGN_OR_RETURN(Mapping m, LoadMapping("config/mappings/cbp.toml"));
//   KINLINK_RETURN_IF_ERROR(m.CheckColumns(reader->columns()));
//
// Errors: InvalidArgument naming the TOML key that is missing or wrong.
// Thread safety: an immutable value once loaded.
#ifndef KINLINK_LEDGER_MAPPING_H_
#define KINLINK_LEDGER_MAPPING_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/agency.h"
#include "core/partial_date.h"
#include "ledger/record_reader.h"

namespace kinlink::ledger {

// "{A}-{B}": literal text and column references. "@person" and "@record" name the row's
// person id and record id.
struct Template {
  struct Part {
    bool column = false;
    std::string text;  // literal text, or the column name
  };
  std::vector<Part> parts;
  bool IsLiteral() const;
  static Template Parse(std::string_view text);
};

enum class ValueType { kString, kInt, kBool, kDate, kTimestamp, kAge, kList };

struct FieldSpec {
  std::vector<Template> value;  // alternatives: the first whose columns are all non-empty
  std::string map;              // a code map name, or ""
  ValueType type = ValueType::kString;
  std::optional<Template> time;  // for timestamps: a separate time-of-day column
  std::optional<Template> on;    // for ages: the day the age was stated
  bool required = false;
  bool literal = false;  // no column references at all
};

enum class NameFormat {
  kParts,               // given_names / paternal_surname / maternal_surname given separately
  kSurnamesCommaGiven,  // "LÓPEZ HERNÁNDEZ, María Guadalupe"
  kGivenThenHyphenatedSurnames,  // "María Guadalupe López-Hernández"
};

struct PersonSpec {
  FieldSpec id;
  NameFormat name_format = NameFormat::kParts;
  std::optional<FieldSpec> name, given_names, surnames, paternal_surname, maternal_surname;
  std::optional<FieldSpec> sex, birth_date, age, a_number, citizenship, language;
  std::vector<std::pair<std::string, FieldSpec>> identifiers;  // kind -> value
};

struct Condition {
  FieldSpec value;
  std::vector<std::string> in;      // emitted when the value is one of these
  std::vector<std::string> not_in;  // emitted unless the value is one of these
};

struct EventSpec {
  std::string name;              // the event's suffix in its id: "<source>:<record id>:<name>"
  std::string type;              // a core event type
  std::optional<Template> when;  // emitted only when non-empty
  std::vector<Condition> conditions;
  FieldSpec effective_at;
  std::vector<std::pair<std::string, FieldSpec>> fields;  // dotted names nest: "receiving.agency"
};

struct Mapping {
  std::string name;  // the file's stem, e.g. "cbp"
  Agency agency = Agency::kCbp;
  std::string system;
  FileFormat format;
  DayMonthOrder date_order = DayMonthOrder::kUnknown;
  FieldSpec record_id;
  std::optional<FieldSpec> entered;  // when the agency entered the row: events' recorded_at
  std::optional<PersonSpec> person;
  std::vector<EventSpec> events;
  std::map<std::string, std::map<std::string, std::string>> maps;

  // InvalidArgument naming a referenced column the header does not have (delimited files).
  Status CheckColumns(const std::vector<std::string>& columns) const;
  // The agencies whose custody this layout's own records end: the source agency when an event
  // releases it (a custody_transfer whose `releasing.agency` is the source, an orr_release).
  // Only for these does an open custody in the ledger mean "still held" (docs/ledger.md).
  std::vector<Agency> CustodyEndsRecorded() const;
};

Result<Mapping> LoadMapping(const std::string& path);
Result<Mapping> ParseMapping(std::string_view toml_text, std::string name);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_MAPPING_H_
