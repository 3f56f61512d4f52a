// Calibration of zero-tolerance-2018 against the published figures of scenarios/calibration.toml:
// the separation and referral counts for 5 May - 9 Jun and 5 May - 20 Jun 2018 must be within
// their tolerance (10%). Slow: full-scale replications.
#include <gtest/gtest.h>

#include "sim/pipeline/replications.h"
#include "sim/report/calibration.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::sim {
namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(KINLINK_SOURCE_DIR) / "scenarios";

TEST(PipelineCalibrationTest, ZeroToleranceMatchesThePublishedCounts) {
  auto scenario = LoadScenarioFile(kScenarios / "zero-tolerance-2018.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  auto figures = LoadPublishedFigures(kScenarios / "calibration.toml");
  ASSERT_TRUE(figures.ok()) << figures.status().ToString();
  auto runs = RunPipelineReplications(*scenario, {.replications = 8, .threads = 2, .seed = 2018});
  auto rows = Calibrate(*scenario, *figures, runs);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  int targets = 0;
  for (const auto& row : *rows) {
    const bool target =
        row.figure.tolerance <= 0.10 && row.figure.from >= *ParseIsoDate("2018-05-05");
    if (!target) continue;
    ++targets;
    EXPECT_TRUE(row.within) << row.figure.label << ": published " << row.figure.value << ", model "
                            << row.model.mean << " (" << row.deviation * 100 << "%)";
  }
  EXPECT_EQ(targets, 5);  // the four 5 May - 9 Jun figures and 5 May - 20 Jun separations
}

}  // namespace
}  // namespace kinlink::sim
