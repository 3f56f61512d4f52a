// The simulator's report: calibration figures (file format, windows, verdicts), number
// formatting, the files written by --out, and deterministic SVG.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "sim/pipeline/replications.h"
#include "sim/report/calibration.h"
#include "sim/report/report_files.h"
#include "sim/report/summary.h"
#include "sim/report/svg_chart.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::sim {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kScenarios = fs::path(KINLINK_SOURCE_DIR) / "scenarios";
const fs::path kData = fs::path(KINLINK_TEST_DATA_DIR) / "data";

TEST(ReportTest, FormatsQuantitiesForPeople) {
  EXPECT_EQ(FormatQuantity(3014), "3,014");
  EXPECT_EQ(FormatQuantity(473682.4), "473,682");
  EXPECT_EQ(FormatQuantity(40.94), "40.9");
  EXPECT_EQ(FormatQuantity(12), "12");
  EXPECT_EQ(FormatQuantity(-1234), "-1,234");
}

TEST(ReportTest, CalibrationFiguresLoadAndCoverTheTargets) {
  auto figures = LoadPublishedFigures(kScenarios / "calibration.toml");
  ASSERT_TRUE(figures.ok()) << figures.status().ToString();
  int zero_tolerance = 0;
  for (const auto& f : *figures) {
    EXPECT_FALSE(f.source.empty()) << f.label;
    for (const auto& name : f.scenarios) {
      EXPECT_TRUE(fs::exists(kScenarios / (name + ".toml"))) << name;
      zero_tolerance += name == "zero-tolerance-2018";
    }
  }
  EXPECT_GE(zero_tolerance, 5);
}

TEST(ReportTest, CalibrationFileErrorsNameTheKey) {
  auto bad = ParsePublishedFigures(
      "[[figure]]\nlabel = \"x\"\nmetric = \"m\"\nfrom = 2018-01-02\n"
      "to = 2018-01-01\nvalue = 3\nsource = \"s\"\nscenarios = []\n",
      "cal.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("cal.toml:5: figure[0].to: expected a date on or after from"));
}

TEST(ReportTest, CalibrateSumsTheWindowAndJudgesTolerance) {
  auto scenario = LoadScenarioFile(kData / "tiny-zero-tolerance.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  ReplicationOutput a, b;
  std::vector<double> ones(static_cast<std::size_t>(scenario->days()), 1.0);
  a.daily.push_back({"children_separated", ones});
  b.daily.push_back({"children_separated", std::vector<double>(ones.size(), 3.0)});
  PublishedFigure f;
  f.label = "test";
  f.metric = "children_separated";
  f.from = *ParseIsoDate("2018-05-05");
  f.to = *ParseIsoDate("2018-05-14");  // 10 days: 10 in a, 30 in b, mean 20
  f.value = 21;
  f.tolerance = 0.1;
  f.scenarios = {"tiny-zero-tolerance"};
  auto rows = Calibrate(*scenario, {f}, {a, b});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_DOUBLE_EQ((*rows)[0].model.mean, 20);
  EXPECT_TRUE((*rows)[0].within);
  f.value = 30;
  rows = Calibrate(*scenario, {f}, {a, b});
  ASSERT_TRUE(rows.ok());
  EXPECT_FALSE((*rows)[0].within);
  f.metric = "no_such_series";
  EXPECT_EQ(Calibrate(*scenario, {f}, {a}).status().code(), StatusCode::kNotFound);
  f.scenarios = {"another"};
  EXPECT_TRUE(Calibrate(*scenario, {f}, {a})->empty());
}

TEST(ReportTest, WritesEveryFileAndTheSameBytesForTheSameSeed) {
  auto scenario = LoadScenarioFile(kData / "tiny-zero-tolerance.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
  const fs::path dir = fs::path(testing::TempDir()) / "kinlink-report-test";
  std::string first_json;
  for (int round = 0; round < 2; ++round) {
    fs::remove_all(dir);
    auto runs =
        RunPipelineReplications(*scenario, {.replications = 2, .threads = 1 + round, .seed = 5});
    SimulationReport report = BuildReport(*scenario, runs, 5);
    report.calibration = std::vector<CalibrationRow>{};
    ASSERT_TRUE(WriteReportFiles(dir, report).ok());
    for (const auto& name : ReportFileNames(true)) EXPECT_TRUE(fs::exists(dir / name)) << name;
    std::ifstream in(dir / "summary.json");
    std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (round == 0) first_json = json;
    EXPECT_EQ(json, first_json);
    std::ifstream svg(dir / "occupancy.svg");
    std::string text((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
    EXPECT_THAT(text, HasSubstr("<svg xmlns="));
    EXPECT_THAT(text, HasSubstr("</svg>"));
    EXPECT_THAT(text, HasSubstr("<polyline"));
    std::ifstream daily(dir / "daily.csv");
    std::string header;
    std::getline(daily, header);
    EXPECT_THAT(header, HasSubstr("date,apprehensions,"));
    int rows = 0;
    for (std::string line; std::getline(daily, line);) ++rows;
    EXPECT_EQ(rows, scenario->days());
  }
  fs::remove_all(dir);
}

TEST(ReportTest, SummaryNamesEveryOutputTheIssueAsksFor) {
  auto scenario = LoadScenarioFile(kData / "tiny-zero-tolerance.toml");
  ASSERT_TRUE(scenario.ok());
  auto runs = RunPipelineReplications(*scenario, {.replications = 2, .threads = 1, .seed = 1});
  const std::string text = FormatSummary(BuildReport(*scenario, runs, 1));
  for (const char* needle :
       {"children separated", "separation duration, days: median", "90th percentile", "longest",
        "children held by CBP over 72 hours", "parents removed while their child stays in ORR",
        "US Marshals custody", "days over capacity", "ORR (14,000 beds", "days at capacity",
        "S.D. Tex.: prosecuted", "declined for capacity", "diverted to prosecution",
        "Court order of 2018-06-26", "reunified by 2018-07-10", "reunified by 2018-07-26"}) {
    EXPECT_THAT(text, HasSubstr(needle));
  }
}

TEST(ReportTest, HistogramCountsEverySample) {
  const std::string svg = HistogramSvg("h", {1, 2, 3, 50, 99}, 10, "days", "children");
  EXPECT_THAT(svg, HasSubstr("<rect"));
  EXPECT_EQ(svg, HistogramSvg("h", {1, 2, 3, 50, 99}, 10, "days", "children"));
}

}  // namespace
}  // namespace kinlink::sim
