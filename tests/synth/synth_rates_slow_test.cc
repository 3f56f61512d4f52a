// A large run: every configured error rate is reproduced within a stated tolerance.
//
// Tolerance: 4.5 binomial standard errors of the observed share plus 0.2 percentage points
// (4.5 sigma keeps twenty simultaneous checks from failing by chance; the 0.2 points absorb
// the rounding of tiny rates). The family-unit deletion is decided once per family, so its
// effective sample is the number of families, not rows: its standard error uses a third of the
// opportunities (the generator's families have three members on average).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "synth/synthesizer.h"
#include "synthetic_truth.h"

namespace kinlink::synth {
namespace {

SynthSummary LargeRun(const SynthConfig& config) {
  testing::SyntheticTruthOptions options;
  options.families = 12000;
  options.single_adults = 10000;
  options.unaccompanied_children = 2000;
  options.days = 200;
  options.seed = 99;
  std::ostringstream truth;
  testing::WriteSyntheticTruth(options, truth);
  std::istringstream in(truth.str());
  MemorySink sink;
  SynthOptions synth_options;
  synth_options.seed = 5;
  synth_options.config = config;
  auto summary = Synthesize(in, sink, synth_options);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  return summary.ok() ? *summary : SynthSummary{};
}

void ExpectRatesReproduced(const SynthConfig& config, const SynthSummary& summary) {
  for (const auto& info : AllErrorKinds()) {
    int64_t n = summary.errors.opportunities_of(info.kind);
    int64_t k = summary.errors.applied_of(info.kind);
    double p = config.rate(info.kind);
    ASSERT_GT(n, 200) << info.code << ": too few opportunities to test its rate";
    double effective_n = info.kind == ErrorKind::kFamilyUnitDroppedAfterSeparation ? n / 3.0 : n;
    double tolerance = 4.5 * std::sqrt(p * (1 - p) / effective_n) + 0.002;
    double observed = double(k) / double(n);
    EXPECT_NEAR(observed, p, tolerance)
        << info.code << ": " << k << " of " << n << " opportunities";
  }
}

TEST(SynthRatesSlowTest, DefaultRatesAreReproduced) {
  SynthConfig config;
  ExpectRatesReproduced(config, LargeRun(config));
}

TEST(SynthRatesSlowTest, RaisedRatesAreReproduced) {
  SynthConfig config;
  for (const auto& info : AllErrorKinds()) config.set_rate(info.kind, 0.2);
  // Exclusive pairs share one draw: their sum must stay within 1.
  SynthSummary summary = LargeRun(config);
  ExpectRatesReproduced(config, summary);
  EXPECT_GT(summary.late_rows, 0);
  EXPECT_GT(summary.duplicate_rows, 0);
}

}  // namespace
}  // namespace kinlink::synth
