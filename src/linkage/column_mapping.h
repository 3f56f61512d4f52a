// ColumnMapping: how the columns of a CSV or JSON-lines file become LinkRecords.
//
// A mapping is a TOML file (examples in data/linkage/mappings/):
//   format = "csv"                     # or "jsonl"
//   delimiter = ","                    # one character; "tab" for TSV
//   encoding = "utf-8"                 # or "latin1" (ISO-8859-1, decoded to UTF-8 on reading)
//   agency = "cbp"                     # optional label of the file's agency, kept on each record
//   file = "cbp_apprehensions.csv"     # optional: the file name this layout is exported as
//   identity = ["ice:{A_NUMBER}", "ice:{STAY_ID}"]  # optional: the ledger identity of a row, the
//                                      # first template whose columns are all recorded
//   date_order = "mdy"                 # day/month order of the other slash dates (age_on, ...)
//   skip_space_after_delimiter = true  # FEBRL writes ", " between fields
//   record_id = "rec_id"
//   revisions = true                   # optional: a repeated record id is a later version of the
//                                      # record (kept: the first), not a duplicate to reject
//   truth = "rec_id"                   # optional: the true entity, for evaluation only
//   truth_pattern = "^rec-([0-9]+)-"   # optional: regex whose group 1 is the entity
//   sex = "sex"                        # F/M/U, female/male
//   a_number = "a_number"
//   blocking = ["surname_sound & birth_year", "field:soc_sec_id"]   # optional
//   [names]
//   given = "given_name"               # or a list: ["FIRST_NAME", "MIDDLE_NAME"], joined by spaces
//                                      # and/or: surname, paternal, maternal, full
//   full_hyphenated = true             # full names are "Given Names Paternal-Maternal"
//   surname = "surname"
//   [birth_date]
//   column = "date_of_birth"
//   order = "unknown"                  # day/month order of slash dates: mdy, dmy or unknown
//   age = "age"                        # optional: a stated age ...
//   age_on = "apprehended_at"          # ... on the date in this column (any agency date format)
//   january_first_is_placeholder = true  # 01/01 written for an unknown day: keep the year only
//   [[fields]]                         # extra compared fields, in order
//   name = "postcode"
//   column = "postcode"                # default: the name; "" when this file never records it
//   kind = "code"                      # identifier | text | code | category | country | event_date
//   scope = "cbp"                      # optional: an agency's own numbering; values of different
//                                      # scopes are never compared (no evidence either way)
//   order = "mdy"                      # event_date only: day/month order (default: date_order);
//                                      # any agency date format, a time after a space is ignored
//   [family]                           # optional: evidence for parent-child links
//   family_unit_id = "family_unit"
//   claim_other = "claimed_parent_record"   claim_role = "relationship"
//   claim_by = "SUBJECT_ID"            # optional: claim_other names this column of another row
//                                      # of the same file, not its record id
//   claimant_role = "child"            # optional: the claimant's role when no column gives it
//   parent_text = "parent_info"        # optional: free text naming the parent ("Padre: Juan ...")
//   apprehension_place = "place"       apprehended_at = "apprehended_at"
//   apprehended_time = "time"          # optional: HH:MM when the date and time are two columns
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
  std::string scope;  // non-empty: values are stored as "scope:value" and compared within a scope
  DayMonthOrder date_order = DayMonthOrder::kUnknown;  // kEventDate: slash dates' order

  // The value a record stores for this field's trimmed cell: "scope:value" for a scoped field,
  // "YYYYMMDD" for an event date, else the cell. Empty stays empty. InvalidArgument when an event
  // date is not one full date (the record then links without it).
  Result<std::string> Normalize(std::string cell) const;
};

struct ColumnMapping {
  enum class Format { kCsv, kJsonLines };
  Format format = Format::kCsv;
  char delimiter = ',';
  bool skip_space_after_delimiter = false;
  std::string record_id;
  bool revisions = false;  // a repeated record id is a later version: the first is kept, silently
  std::string truth;
  std::string truth_pattern;
  std::string sex;
  std::string a_number;
  bool latin1 = false;
  std::string agency;
  std::string file_name;
  std::vector<std::string> identity;  // templates with {COLUMN} parts
  DayMonthOrder date_order = DayMonthOrder::kUnknown;
  std::string given, surname, paternal, maternal, full_name;
  std::vector<std::string> given_more;  // further given-name columns, appended to `given`
  bool full_hyphenated = false;         // `full_name` is given names then surnames joined by '-'
  std::string birth_date;
  DayMonthOrder birth_date_order = DayMonthOrder::kUnknown;
  std::string age, age_on;
  bool january_first_is_placeholder = false;  // read YYYY-01-01 as "born in YYYY"
  std::vector<FieldMapping> fields;
  std::string family_unit_id, claim_other, claim_role, apprehension_place, apprehended_at;
  std::string apprehended_time, claim_by, claimant_role, parent_text;
  std::string source;  // optional column naming the agency, kept for output
  std::vector<std::string> blocking;

  static Result<ColumnMapping> Parse(std::string_view toml_text, std::string_view origin);
  static Result<ColumnMapping> Load(const std::string& path);

  // Every column the mapping reads (for checking a header), without duplicates or blanks.
  std::vector<std::string> Columns() const;

  RecordSchema Schema() const;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_COLUMN_MAPPING_H_
