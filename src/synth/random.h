// Rng: the synthesizer's deterministic random source (xoshiro256** seeded through SplitMix64).
//
// Every random choice the synthesizer makes is drawn from an Rng keyed by the run's seed and a
// stable key naming what is being decided ("name/P17", "cbp/E42/0"), so a record's errors depend
// only on the seed and that record, never on the order records are processed in. The same seed
// always gives the same files.
//
//   Rng rng = Rng::ForKey(seed, "name", person_id);
//   if (rng.Chance(0.05)) ...;
//   size_t i = rng.Below(names.size());
//
// Thread safety: an Rng is a small value; use one per thread (they are cheap to make).
#ifndef KINLINK_SYNTH_RANDOM_H_
#define KINLINK_SYNTH_RANDOM_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace kinlink::synth {

// 64-bit FNV-1a of `text`, continued from `basis` (so keys can be hashed piecewise).
uint64_t HashText(std::string_view text, uint64_t basis = 0xcbf29ce484222325ULL);

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // An Rng for one decision: the seed mixed with a domain ("name", "cbp") and a key.
  static Rng ForKey(uint64_t seed, std::string_view domain, std::string_view key,
                    uint64_t salt = 0);

  uint64_t Next();
  // Uniform in [0, 1).
  double Uniform();
  // Uniform integer in [0, n); n must be > 0.
  uint64_t Below(uint64_t n);
  // Uniform integer in [low, high].
  int Between(int low, int high);
  // True with probability p (p <= 0: never, p >= 1: always).
  bool Chance(double p);
  // An index drawn with probability proportional to cumulative[i] - cumulative[i-1];
  // `cumulative` is non-decreasing with a positive last element.
  size_t PickCumulative(std::span<const double> cumulative);

 private:
  uint64_t state_[4];
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_RANDOM_H_
