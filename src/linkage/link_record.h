// LinkRecord: one input row as the linker reads it, before normalization, and the schema that
// names its extra fields.
//
// A record carries what linkage and the family rules need: names (split or whole), a possibly
// partial or ambiguous birth date, sex, A-number, agency identifiers and free attributes (address,
// postcode...) named by the RecordSchema, the CBP family-unit id, a relationship claim ("mother
// of record X"), where and when the person was apprehended, and, for evaluation, the true entity.
// Any field may be empty: a record is linked on what it has.
//
// Ownership: plain values; a RecordSet owns its records and schema.
// Thread safety: plain values.
#ifndef KINLINK_LINKAGE_LINK_RECORD_H_
#define KINLINK_LINKAGE_LINK_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "core/partial_date.h"
#include "core/person.h"

namespace kinlink::linkage {

// How an extra field is compared (see comparison.h for the levels of each kind).
enum class FieldKind {
  kIdentifier,  // exact / one edit / else: SSNs, agency subject ids
  kText,        // exact / Jaro–Winkler bands / else: street names, places
  kCode,        // exact / one edit / else: postcodes, street numbers
  kCategory,    // exact / else: state, sex
  kCountry,     // exact / else, after reading a code or an English name as one code: citizenship
  kEventDate,   // same day / within 7 / within 60 days / else, between records of different
                // agencies only: the date of the custody event a record documents (apprehension,
                // book-in, booking, hearing, referral). Stored as "YYYYMMDD".
};
std::string_view ToString(FieldKind kind);

struct SchemaField {
  std::string name;
  FieldKind kind = FieldKind::kText;
  bool term_frequency = false;  // adjust the exact-match weight by how common the value is
  bool scoped = false;  // values are "scope:value"; values of different scopes are not compared
};

// The extra fields every record of a set carries, in the order of LinkRecord::fields.
struct RecordSchema {
  std::vector<SchemaField> fields;
  int IndexOf(std::string_view name) const;  // -1 when absent
};

// A relationship a record states about another record ("this adult is the mother of R17").
struct RelationshipClaim {
  std::string other_record_id;  // in the same source (or, with by_key, the other's claim_key)
  std::string role;             // the role of THIS record: "father", "mother", "parent", "child"
  bool by_key = false;          // other_record_id is a claim_key of the same agency's records
};

struct LinkRecord {
  uint32_t source = 0;  // 0 for the first input, 1 for the second (link-only mode)
  std::string record_id;
  size_t line = 0;  // where the record was read, for messages
  // Names: either split fields or one full name that the linker splits.
  std::string given_names;
  std::string paternal_surname;  // or the whole surname text when not split
  std::string maternal_surname;
  std::string full_name;
  // One candidate, or two when day and month could be swapped; empty when unknown.
  std::vector<PartialDate> birth_dates;
  Sex sex = Sex::kUnknown;
  std::string a_number;             // canonical "A012345678", or empty
  std::vector<std::string> fields;  // RecordSchema order; empty string = missing
  // Family evidence.
  std::string agency;     // the file's agency label ("cbp"), or empty
  std::string identity;   // the ledger identity of the row ("cbp:S000000001"), or empty
  std::string claim_key;  // the id other records of the agency use to name this one in a claim
  std::string family_unit_id;
  std::vector<RelationshipClaim> claims;
  std::string parent_text;  // free text naming this person's parent ("Padre: Juan Perez")
  std::string apprehension_place;
  std::optional<Timestamp> apprehended_at;
  // Evaluation only: the true entity (never used for linking).
  std::string truth_entity;
};

struct RecordSet {
  RecordSchema schema;
  std::vector<LinkRecord> records;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_LINK_RECORD_H_
