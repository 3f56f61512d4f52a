#include "core/person.h"

#include <fmt/format.h>

#include <cctype>

#include "core/enum_table.h"

namespace kinlink {
namespace {

using internal::EnumEntry;

constexpr EnumEntry<Sex> kSexCodes[] = {
    {Sex::kUnknown, "unknown"}, {Sex::kFemale, "female"}, {Sex::kMale, "male"}};

constexpr EnumEntry<IdentifierKind> kIdentifierKindCodes[] = {
    {IdentifierKind::kCbpSubjectId, "cbp_subject_id"},
    {IdentifierKind::kUsmsNumber, "usms_number"},
    {IdentifierKind::kIceSubjectId, "ice_subject_id"},
    {IdentifierKind::kOrrChildId, "orr_child_id"},
    {IdentifierKind::kCourtCaseNumber, "court_case_number"},
    {IdentifierKind::kOther, "other"}};

struct CountryEntry {
  std::string_view code;
  std::string_view name;
};
constexpr CountryEntry kCountries[] = {
    {"GTM", "Guatemala"}, {"HND", "Honduras"},  {"SLV", "El Salvador"},  {"MEX", "Mexico"},
    {"NIC", "Nicaragua"}, {"ECU", "Ecuador"},   {"BRA", "Brazil"},       {"IND", "India"},
    {"CUB", "Cuba"},      {"VEN", "Venezuela"}, {"USA", "United States"}};

}  // namespace

std::string_view ToString(Sex sex) { return internal::CodeOf<Sex>(kSexCodes, sex); }

Result<Sex> ParseSex(std::string_view code) {
  if (code == "F" || code == "f") return Sex::kFemale;
  if (code == "M" || code == "m") return Sex::kMale;
  if (code == "U" || code == "u" || code.empty()) return Sex::kUnknown;
  return internal::ParseCode<Sex>(kSexCodes, code, "sex");
}

std::string_view ToString(IdentifierKind kind) {
  return internal::CodeOf<IdentifierKind>(kIdentifierKindCodes, kind);
}
Result<IdentifierKind> ParseIdentifierKind(std::string_view code) {
  return internal::ParseCode<IdentifierKind>(kIdentifierKindCodes, code, "identifier kind");
}

std::string PersonName::FullName() const {
  std::string out;
  auto append = [&out](std::string_view part) {
    if (part.empty()) return;
    if (!out.empty()) out += ' ';
    out += part;
  };
  for (const auto& given : given_names) append(given);
  append(paternal_surname);
  append(maternal_surname);
  return out;
}

std::string PersonName::SurnameFirst() const {
  std::string surnames = paternal_surname;
  if (!maternal_surname.empty()) surnames += " " + maternal_surname;
  for (char& c : surnames) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string given;
  for (const auto& g : given_names) given += (given.empty() ? "" : " ") + g;
  return given.empty() ? surnames : surnames + ", " + given;
}

Status ValidateCountryCode(std::string_view code) {
  if (code.size() != 3 || !std::isupper(static_cast<unsigned char>(code[0])) ||
      !std::isupper(static_cast<unsigned char>(code[1])) ||
      !std::isupper(static_cast<unsigned char>(code[2]))) {
    return InvalidArgumentError(fmt::format(
        "'{}' is not an ISO 3166-1 alpha-3 country code (three capital letters)", code));
  }
  return Status::Ok();
}

std::string_view CountryCodeOf(std::string_view code_or_name) {
  auto same_ignoring_case = [](std::string_view x, std::string_view y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(x[i])) !=
          std::tolower(static_cast<unsigned char>(y[i]))) {
        return false;
      }
    }
    return true;
  };
  for (const auto& country : kCountries) {
    if (same_ignoring_case(code_or_name, country.code) ||
        same_ignoring_case(code_or_name, country.name)) {
      return country.code;
    }
  }
  return {};
}

std::string_view CountryName(std::string_view code) {
  for (const auto& country : kCountries) {
    if (country.code == code) return country.name;
  }
  return code;
}

}  // namespace kinlink
