// ErrorRecorder and ErrorTally: how the synthesizer draws an error and remembers it.
//
// Each error model asks an ErrorRecorder whether to apply an error at an *opportunity* (a record
// where it could apply). The recorder draws against the configured rate, counts the opportunity
// and, when applied, the application in the run's ErrorTally, and keeps the applied errors of the
// record being rendered so the answer key can list them. Tests compare applied / opportunities
// with the configured rate.
//
//   ErrorRecorder errors(config, tally);
//   if (errors.Draw(ErrorKind::kTypoKeyboard, rng, "given_names")) { ...mangle... }
//   errors.applied();   // [{typo_keyboard, given_names}]
//
// Thread safety: not shared; one recorder per record being rendered, one tally per run.
#ifndef KINLINK_SYNTH_ERROR_RECORDER_H_
#define KINLINK_SYNTH_ERROR_RECORDER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/random.h"
#include "synth/synth_config.h"

namespace kinlink::synth {

struct AppliedError {
  ErrorKind kind;
  std::string field;
  friend bool operator==(const AppliedError&, const AppliedError&) = default;
};

struct ErrorTally {
  std::array<int64_t, kErrorKindCount> opportunities{};
  std::array<int64_t, kErrorKindCount> applied{};

  int64_t opportunities_of(ErrorKind k) const { return opportunities[static_cast<int>(k)]; }
  int64_t applied_of(ErrorKind k) const { return applied[static_cast<int>(k)]; }
};

class ErrorRecorder {
 public:
  ErrorRecorder(const SynthConfig& config, ErrorTally& tally) : config_(config), tally_(tally) {}

  // Counts an opportunity for `kind` and applies it with the configured rate.
  bool Draw(ErrorKind kind, Rng& rng, std::string_view field);
  // Two mutually exclusive errors at one opportunity: returns 0 (neither), 1 (first) or 2.
  int DrawOneOf(ErrorKind first, ErrorKind second, Rng& rng, std::string_view field);
  // Counts an opportunity whose outcome was decided elsewhere (e.g. once per family).
  void Record(ErrorKind kind, bool applied, std::string_view field);

  // Lists an error already counted by another recorder on the same tally (a sub-record such as
  // the parent named inside a child's record), under this record.
  void Note(ErrorKind kind, std::string field) { applied_.push_back({kind, std::move(field)}); }

  const std::vector<AppliedError>& applied() const { return applied_; }
  ErrorTally& tally() const { return tally_; }
  bool Has(ErrorKind kind) const;
  const SynthConfig& config() const { return config_; }

 private:
  const SynthConfig& config_;
  ErrorTally& tally_;
  std::vector<AppliedError> applied_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_ERROR_RECORDER_H_
