// Person: one human being as kinlink knows them (NIEM im:Alien / nc:Person).
//
// A Person carries every identifier agencies gave them, their names as Spanish naming records them
// (given names, paternal and maternal surnames) plus aliases, sex, a possibly partial birth date,
// citizenship (ISO 3166-1 alpha-3) and language. person_id is kinlink's own stable id; agency ids
// sit in `identifiers`.
//
// Thread safety: plain values.
#ifndef KINLINK_CORE_PERSON_H_
#define KINLINK_CORE_PERSON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/a_number.h"
#include "core/partial_date.h"
#include "core/status.h"

namespace kinlink {

using PersonId = std::string;

enum class Sex { kUnknown, kFemale, kMale };
std::string_view ToString(Sex sex);           // "unknown", "female", "male"
Result<Sex> ParseSex(std::string_view code);  // also accepts "F", "M", "U"

// Which agency system issued an identifier.
enum class IdentifierKind {
  kCbpSubjectId,     // CBP e3 subject id
  kUsmsNumber,       // US Marshals register number
  kIceSubjectId,     // ICE EARM / ENFORCE subject id
  kOrrChildId,       // ORR UAC Portal child id
  kCourtCaseNumber,  // a criminal case number naming the person as defendant
  kOther,
};
std::string_view ToString(IdentifierKind kind);
Result<IdentifierKind> ParseIdentifierKind(std::string_view code);

struct AgencyIdentifier {
  IdentifierKind kind = IdentifierKind::kOther;
  std::string value;
  friend bool operator==(const AgencyIdentifier&, const AgencyIdentifier&) = default;
};

struct PersonName {
  std::vector<std::string> given_names;  // "María", "Guadalupe"
  std::string paternal_surname;          // first surname: the father's paternal surname
  std::string maternal_surname;      // second surname: the mother's paternal surname; may be empty
  std::vector<std::string> aliases;  // other full names recorded for the person

  // "María Guadalupe López Hernández".
  std::string FullName() const;
  // "LÓPEZ HERNÁNDEZ, María Guadalupe" as CBP writes it (surnames upper-cased in ASCII only).
  std::string SurnameFirst() const;
  friend bool operator==(const PersonName&, const PersonName&) = default;
};

// Validates an ISO 3166-1 alpha-3 code's form (three upper-case letters).
Status ValidateCountryCode(std::string_view code);
// English name of the countries kinlink's scenarios use ("GTM" -> "Guatemala"); the code otherwise.
std::string_view CountryName(std::string_view code);
// The ISO 3166-1 alpha-3 code of a country written as its code or its English name, in any case
// ("GTM", "gtm", "GUATEMALA", "el salvador" -> "SLV"), for the countries CountryName knows; empty
// for any other text.
std::string_view CountryCodeOf(std::string_view code_or_name);

struct Person {
  PersonId person_id;
  std::optional<ANumber> a_number;
  std::vector<AgencyIdentifier> identifiers;
  PersonName name;
  Sex sex = Sex::kUnknown;
  std::optional<PartialDate> birth_date;
  std::string citizenship;  // ISO 3166-1 alpha-3, e.g. "GTM"; empty when unknown
  std::string language;     // ISO 639 code or name as recorded, e.g. "spa", "mam", "kjb"

  friend bool operator==(const Person&, const Person&) = default;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_PERSON_H_
