// SynthConfig: the error rates and recording habits `kinlink synth` applies, read from TOML.
//
// Every error model has one rate, keyed by its ErrorKind code in a section of config/synth.toml
// ([names], [dates], [identifiers], [families], [records]); [recording] and [population] hold the
// parameters that are not errors (how long CBP holds records before export, how often ORR writes
// anything about a parent, how names are given). Rates are probabilities per *opportunity*: a
// record where the error could apply (docs/synthesizer.md defines each). Defaults are the values
// in DefaultRate() and config/synth.toml, with the reason for each in docs/synthesizer.md.
//
//   KINLINK_ASSIGN_OR_RETURN(SynthConfig config, LoadSynthConfig("config/synth.toml"));
//   config.rate(ErrorKind::kTypoKeyboard);   // 0.02
//
// Errors: unknown sections or keys, rates outside [0, 1] and wrong types are InvalidArgument
// naming the file and key. Thread safety: a plain value.
#ifndef KINLINK_SYNTH_SYNTH_CONFIG_H_
#define KINLINK_SYNTH_SYNTH_CONFIG_H_

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinlink::synth {

enum class ErrorKind {
  kTypoKeyboard,
  kTypoPhonetic,
  kTypoOcr,
  kAccentDropped,
  kAccentMangled,
  kSurnamesSwapped,
  kMaternalSurnameDropped,
  kGivenNamesTruncated,
  kNickname,
  kSpellingVariant,
  kDayMonthSwapped,
  kUnknownBirthDateJan1,
  kAgeInsteadOfBirthDate,
  kANumberMissingAdult,
  kANumberMissingChild,
  kFamilyUnitDroppedAfterSeparation,
  kWrongFamilyUnit,
  kFalseRelationshipClaim,
  kDuplicateRecord,
  kLateRecord,
  kBookOutNotRecorded,
  kTimeNotRecorded,
};
inline constexpr int kErrorKindCount = 22;

struct ErrorKindInfo {
  ErrorKind kind;
  std::string_view code;     // "typo_keyboard": the TOML key and the answer key's error kind
  std::string_view section;  // "names"
  double default_rate;
};
std::span<const ErrorKindInfo> AllErrorKinds();
std::string_view ToString(ErrorKind kind);
Result<ErrorKind> ParseErrorKind(std::string_view code);

struct SynthConfig {
  std::array<double, kErrorKindCount> rates{};

  // [records]: a late record is entered this many days after its events (uniform).
  int late_min_days = 30;
  int late_max_days = 180;
  // [recording]
  int cbp_hold_hours = 120;        // CBP rows wait this long for a referral that deletes the unit
  int docket_hold_days = 60;       // a docket row waits this long for its sentence
  int ice_removal_hold_days = 3;   // an ICE stay waits this long after book-out for its removal
  double orr_parent_info = 0.6;    // ORR writes something about a referred parent
  double entry_lag_one_day = 0.3;  // a record is entered the next day rather than the same day
  // [population]
  double two_given_names = 0.65;              // a person has two given names
  double mayan_given_name = 0.35;             // a K'iche'/Mam/Q'anjob'al speaker has a Mayan name
  double child_takes_mother_surnames = 0.15;  // a child of a lone mother carries her two surnames

  SynthConfig();  // the defaults
  double rate(ErrorKind kind) const { return rates[static_cast<int>(kind)]; }
  void set_rate(ErrorKind kind, double rate) { rates[static_cast<int>(kind)] = rate; }
  // Every rate set to zero (records come out clean); for tests.
  static SynthConfig NoErrors();
};

// Parses TOML text; `source_name` names it in errors. Keys not given keep their defaults.
Result<SynthConfig> ParseSynthConfig(std::string_view toml_text, std::string_view source_name);
Result<SynthConfig> LoadSynthConfig(const std::string& path);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_SYNTH_CONFIG_H_
