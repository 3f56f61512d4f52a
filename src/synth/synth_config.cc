#include "synth/synth_config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace kinlink::synth {
namespace {

constexpr ErrorKindInfo kErrorKinds[] = {
    {ErrorKind::kTypoKeyboard, "typo_keyboard", "names", 0.02},
    {ErrorKind::kTypoPhonetic, "typo_phonetic", "names", 0.04},
    {ErrorKind::kTypoOcr, "typo_ocr", "names", 0.005},
    {ErrorKind::kAccentDropped, "accent_dropped", "names", 0.40},
    {ErrorKind::kAccentMangled, "accent_mangled", "names", 0.03},
    {ErrorKind::kSurnamesSwapped, "surnames_swapped", "names", 0.03},
    {ErrorKind::kMaternalSurnameDropped, "maternal_surname_dropped", "names", 0.15},
    {ErrorKind::kGivenNamesTruncated, "given_names_truncated", "names", 0.10},
    {ErrorKind::kNickname, "nickname", "names", 0.03},
    {ErrorKind::kSpellingVariant, "spelling_variant", "names", 0.10},
    {ErrorKind::kDayMonthSwapped, "day_month_swapped", "dates", 0.03},
    {ErrorKind::kUnknownBirthDateJan1, "unknown_birth_date_jan1", "dates", 0.04},
    {ErrorKind::kAgeInsteadOfBirthDate, "age_instead_of_birth_date", "dates", 0.10},
    {ErrorKind::kANumberMissingAdult, "a_number_missing_adult", "identifiers", 0.10},
    {ErrorKind::kANumberMissingChild, "a_number_missing_child", "identifiers", 0.45},
    {ErrorKind::kFamilyUnitDroppedAfterSeparation, "family_unit_dropped_after_separation",
     "families", 0.70},
    {ErrorKind::kWrongFamilyUnit, "wrong_family_unit", "families", 0.01},
    {ErrorKind::kFalseRelationshipClaim, "false_relationship_claim", "families", 0.05},
    {ErrorKind::kDuplicateRecord, "duplicate_record", "records", 0.02},
    {ErrorKind::kLateRecord, "late_record", "records", 0.03},
    {ErrorKind::kBookOutNotRecorded, "book_out_not_recorded", "records", 0.03},
    {ErrorKind::kTimeNotRecorded, "time_not_recorded", "records", 0.05},
};
static_assert(std::size(kErrorKinds) == kErrorKindCount);

template <typename T>
Status ReadNumber(const toml::node& node, std::string_view where, T& out, double low, double high) {
  std::optional<double> value;
  if (auto v = node.value<double>()) value = *v;
  if (!value) return InvalidArgumentError(fmt::format("{}: must be a number", where));
  if (*value < low || *value > high) {
    return InvalidArgumentError(
        fmt::format("{}: {} is outside [{}, {}]", where, *value, low, high));
  }
  out = static_cast<T>(*value);
  return Status::Ok();
}

}  // namespace

std::span<const ErrorKindInfo> AllErrorKinds() { return kErrorKinds; }

std::string_view ToString(ErrorKind kind) { return kErrorKinds[static_cast<int>(kind)].code; }

Result<ErrorKind> ParseErrorKind(std::string_view code) {
  for (const auto& info : kErrorKinds) {
    if (info.code == code) return info.kind;
  }
  return InvalidArgumentError(fmt::format("unknown error kind '{}'", code));
}

SynthConfig::SynthConfig() {
  for (const auto& info : kErrorKinds) rates[static_cast<int>(info.kind)] = info.default_rate;
}

SynthConfig SynthConfig::NoErrors() {
  SynthConfig config;
  config.rates.fill(0.0);
  return config;
}

Result<SynthConfig> ParseSynthConfig(std::string_view toml_text, std::string_view source_name) {
  // Debian's toml++ is built with exceptions: a syntax error is converted to a Status here.
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(
        fmt::format("{}:{}: {}", source_name, error.source().begin.line, error.description()));
  }
  SynthConfig config;
  for (const auto& [section_key, section_node] : root) {
    std::string section(section_key.str());
    const toml::table* table = section_node.as_table();
    if (table == nullptr) {
      return InvalidArgumentError(
          fmt::format("{}: '{}' must be a [section]", source_name, section));
    }
    for (const auto& [key_node, value] : *table) {
      std::string key(key_node.str());
      std::string where = fmt::format("{}: {}.{}", source_name, section, key);
      bool known = false;
      for (const auto& info : kErrorKinds) {
        if (info.section == section && info.code == key) {
          KINLINK_RETURN_IF_ERROR(
              ReadNumber(value, where, config.rates[static_cast<int>(info.kind)], 0.0, 1.0));
          known = true;
        }
      }
      if (known) continue;
      struct Extra {
        std::string_view section, key;
        double* real;
        int* integer;
        double low, high;
      };
      const Extra extras[] = {
          {"records", "late_min_days", nullptr, &config.late_min_days, 1, 3650},
          {"records", "late_max_days", nullptr, &config.late_max_days, 1, 3650},
          {"recording", "cbp_hold_hours", nullptr, &config.cbp_hold_hours, 0, 24 * 365},
          {"recording", "docket_hold_days", nullptr, &config.docket_hold_days, 0, 3650},
          {"recording", "ice_removal_hold_days", nullptr, &config.ice_removal_hold_days, 0, 365},
          {"recording", "orr_parent_info", &config.orr_parent_info, nullptr, 0, 1},
          {"recording", "entry_lag_one_day", &config.entry_lag_one_day, nullptr, 0, 1},
          {"population", "two_given_names", &config.two_given_names, nullptr, 0, 1},
          {"population", "mayan_given_name", &config.mayan_given_name, nullptr, 0, 1},
          {"population", "child_takes_mother_surnames", &config.child_takes_mother_surnames,
           nullptr, 0, 1},
      };
      for (const auto& extra : extras) {
        if (extra.section != section || extra.key != key) continue;
        if (extra.real != nullptr) {
          KINLINK_RETURN_IF_ERROR(ReadNumber(value, where, *extra.real, extra.low, extra.high));
        } else {
          if (!value.is_integer()) {
            return InvalidArgumentError(fmt::format("{}: must be an integer", where));
          }
          KINLINK_RETURN_IF_ERROR(ReadNumber(value, where, *extra.integer, extra.low, extra.high));
        }
        known = true;
      }
      if (!known) return InvalidArgumentError(fmt::format("{}: unknown setting", where));
    }
  }
  if (config.late_min_days > config.late_max_days) {
    return InvalidArgumentError(
        fmt::format("{}: records.late_min_days exceeds records.late_max_days", source_name));
  }
  return config;
}

Result<SynthConfig> LoadSynthConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open config '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSynthConfig(text.str(), path);
}

}  // namespace kinlink::synth
