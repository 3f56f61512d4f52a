// ColumnMapping: how the columns of a CSV or JSON-lines file become LinkRecords.
//
// A mapping is a TOML file (examples in data/linkage/mappings/):
//   format = "csv"                     # or "jsonl"
//   delimiter = ","
//   skip_space_after_delimiter = true  # FEBRL writes ", " between fields
//   record_id = "rec_id"
//   truth = "rec_id"                   # optional: the true entity, for evaluation only
//   truth_pattern = "^rec-([0-9]+)-"   # optional: regex whose group 1 is the entity
//   sex = "sex"                        # F/M/U, female/male
//   a_number = "a_number"
//   blocking = ["surname_sound & birth_year", "field:soc_sec_id"]   # optional
//   [names]
//   given = "given_name"               # and/or: surname, paternal, maternal, full
//   surname = "surname"
//   [birth_date]
//   column = "date_of_birth"
//   order = "unknown"                  # day/month order of slash dates: mdy, dmy or unknown
//   age = "age"                        # optional: a stated age ...
//   age_on = "apprehended_at"          # ... on the date in this column
//   january_first_is_placeholder = true  # 01/01 written for an unknown day: keep the year only
//   [[fields]]                         # extra compared fields, in order
//   name = "postcode"
//   column = "postcode"
//   kind = "code"                      # identifier | text | code | category
//   [family]                           # optional: evidence for parent-child links
//   family_unit_id = "family_unit"
//   claim_other = "claimed_parent_record"   claim_role = "relationship"
//   apprehension_place = "place"       apprehended_at = "apprehended_at"
//
//   KINLINK_ASSIGN_OR_RETURN(ColumnMapping mapping, ColumnMapping::Load("febrl.toml"));
//
// Errors: Parse/Load return InvalidArgument naming the key that is wrong, NotFound for a file.
// Thread safety: immutable value after loading.
#ifndef KINLINK_LINKAGE_COLUMN_MAPPING_H_
#define KINLINK_LINKAGE_COLUMN_MAPPING_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/partial_date.h"
#include "core/status.h"
#include "linkage/link_record.h"

namespace kinlink::linkage {

struct FieldMapping {
  std::string name;
  std::string column;
  FieldKind kind = FieldKind::kText;
};

struct ColumnMapping {
  enum class Format { kCsv, kJsonLines };
  Format format = Format::kCsv;
  char delimiter = ',';
  bool skip_space_after_delimiter = false;
  std::string record_id;
  std::string truth;
  std::string truth_pattern;
  std::string sex;
  std::string a_number;
  std::string given, surname, paternal, maternal, full_name;
  std::string birth_date;
  DayMonthOrder birth_date_order = DayMonthOrder::kUnknown;
  std::string age, age_on;
  bool january_first_is_placeholder = false;  // read YYYY-01-01 as "born in YYYY"
  std::vector<FieldMapping> fields;
  std::string family_unit_id, claim_other, claim_role, apprehension_place, apprehended_at;
  std::string source;  // optional column naming the agency, kept for output
  std::vector<std::string> blocking;

  static Result<ColumnMapping> Parse(std::string_view toml_text, std::string_view origin);
  static Result<ColumnMapping> Load(const std::string& path);

  RecordSchema Schema() const;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_COLUMN_MAPPING_H_
