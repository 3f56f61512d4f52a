#include "synth/error_recorder.h"

namespace kinlink::synth {

bool ErrorRecorder::Draw(ErrorKind kind, Rng& rng, std::string_view field) {
  bool applied = rng.Chance(config_.rate(kind));
  Record(kind, applied, field);
  return applied;
}

int ErrorRecorder::DrawOneOf(ErrorKind first, ErrorKind second, Rng& rng, std::string_view field) {
  double u = rng.Uniform();
  double first_rate = config_.rate(first);
  double second_rate = config_.rate(second);
  int outcome = u < first_rate ? 1 : u < first_rate + second_rate ? 2 : 0;
  Record(first, outcome == 1, field);
  Record(second, outcome == 2, field);
  return outcome;
}

void ErrorRecorder::Record(ErrorKind kind, bool applied, std::string_view field) {
  ++tally_.opportunities[static_cast<int>(kind)];
  if (!applied) return;
  ++tally_.applied[static_cast<int>(kind)];
  applied_.push_back({kind, std::string(field)});
}

bool ErrorRecorder::Has(ErrorKind kind) const {
  for (const auto& error : applied_) {
    if (error.kind == kind) return true;
  }
  return false;
}

}  // namespace kinlink::synth
