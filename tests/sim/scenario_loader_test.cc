// Scenario files: every file in scenarios/ loads; bad files give errors naming file:line, the key
// and what was expected; `extends` merges; unknown keys are errors.
#include "sim/scenario/scenario_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace kinlink::sim {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kScenarios = fs::path(KINLINK_SOURCE_DIR) / "scenarios";

// An in-memory file system: name -> text.
FileReader MemoryFiles(std::map<std::string, std::string> files) {
  return [files](const fs::path& path) -> Result<std::string> {
    auto it = files.find(path.string());
    if (it == files.end()) return NotFoundError("no such file '" + path.string() + "'");
    return it->second;
  };
}

std::string ReadScenarioText(const std::string& name) {
  auto text = DiskFileReader()(kScenarios / (name + ".toml"));
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

TEST(ScenarioLoaderTest, EveryScenarioFileLoads) {
  std::vector<std::string> names = ScenarioNames(kScenarios);
  ASSERT_GE(names.size(), 5u);
  for (const auto& name : names) {
    auto scenario = LoadScenarioFile(kScenarios / (name + ".toml"));
    ASSERT_TRUE(scenario.ok()) << name << ": " << scenario.status().ToString();
    EXPECT_EQ(scenario->name, name);
    EXPECT_GT(scenario->days(), 0);
  }
}

TEST(ScenarioLoaderTest, ZeroToleranceHasItsPolicyDates) {
  auto s = LoadScenarioFile(kScenarios / "zero-tolerance-2018.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Date before = *ParseIsoDate("2018-05-04");
  Date during = *ParseIsoDate("2018-05-05");
  Date after = *ParseIsoDate("2018-06-20");
  EXPECT_LT(s->referral.ParentShare(before, Sector::kYuma),
            s->referral.ParentShare(during, Sector::kYuma));
  EXPECT_EQ(s->referral.ParentShare(after, Sector::kYuma), 0.0);
  ASSERT_TRUE(s->court_order.has_value());
  EXPECT_EQ(FormatDate(s->court_order->date), "2018-06-26");
  EXPECT_EQ(s->court_order->young_deadline_days, 14);
  EXPECT_EQ(s->court_order->older_deadline_days, 30);
  double total = 0;
  for (double share : s->arrivals.family_sector_share) total += share;
  EXPECT_NEAR(total, 1.0, 1e-9);
}

TEST(ScenarioLoaderTest, ExtendsOverridesTableByTable) {
  auto base = LoadScenarioFile(kScenarios / "zero-tolerance-2018.toml");
  auto notice = LoadScenarioFile(kScenarios / "zero-tolerance-with-notice.toml");
  ASSERT_TRUE(base.ok() && notice.ok());
  const int sd_tex = static_cast<int>(District::kSdTex);
  EXPECT_GT(notice->districts[sd_tex].usms_beds, base->districts[sd_tex].usms_beds);
  // Keys the child does not set come from the parent.
  EXPECT_EQ(notice->districts[sd_tex].hearing_size, base->districts[sd_tex].hearing_size);
  EXPECT_EQ(notice->referral.periods.size(), base->referral.periods.size());
  EXPECT_GT(notice->orr.beds, base->orr.beds);
  EXPECT_EQ(notice->orr.background_occupancy, base->orr.background_occupancy);
  auto reunify = LoadScenarioFile(kScenarios / "reunify-at-sentencing.toml");
  ASSERT_TRUE(reunify.ok());
  EXPECT_TRUE(reunify->reunification.at_sentencing);
  EXPECT_FALSE(base->reunification.at_sentencing);
}

// Each bad file must produce an error naming "file:line", the full key, and the expectation.
struct BadCase {
  std::string what;
  std::string replace;  // text in zero-tolerance-2018.toml to replace
  std::string with;
  std::string expected;  // substring of the message
};

TEST(ScenarioLoaderTest, BadFilesGiveTheDocumentedErrors) {
  const std::string good = ReadScenarioText("zero-tolerance-2018");
  const std::vector<BadCase> cases = {
      {"wrong type", "usms_beds = 450", "usms_beds = \"many\"",
       "districts.sd_tex.usms_beds: expected an integer >= 0, got a string \"many\""},
      {"out of range share", "parents = 0.431", "parents = 1.4",
       "referral.period[1].parents: expected a share between 0 and 1, got a number 1.4"},
      {"unknown key", "holding_capacity = 6000", "holding_capasity = 6000",
       "cbp.holding_capasity: unknown key; expected one of:"},
      {"missing required key", "family_units_per_day = 144.0", "",
       "arrivals.family_units_per_day: missing; expected a number"},
      {"bad distribution", "{ dist = \"lognormal\", mean = 90, sd = 50 }",
       "{ dist = \"weibul\", mean = 90 }", "orr.length_of_care_days.dist: expected one of"},
      {"bad sector", "rio_grande_valley = 0.47", "rio_grande = 0.47",
       "arrivals.family_sector_share.rio_grande: expected a known name"},
      {"quoted date", "date = 2018-06-26", "date = \"2018-06-26\"",
       "court_order.date: expected a date such as 2018-05-05 (unquoted), got a string"},
      {"end before start", "end = 2018-10-01", "end = 2018-01-01",
       "end: expected a date after start"},
      {"overlapping periods", "until = 2018-05-05", "until = 2018-05-10",
       "expected a period that does not overlap"},
      {"bad country", "BRA = 0.02 }\nsingle", "Brazil = 0.02 }\nsingle",
       "arrivals.family_nationality.Brazil: expected a known name"},
      {"not TOML", "[court]", "[court", "not valid TOML"},
  };
  for (const auto& c : cases) {
    std::string text = good;
    size_t at = text.find(c.replace);
    ASSERT_NE(at, std::string::npos) << c.what;
    text.replace(at, c.replace.size(), c.with);
    auto s = ParseScenario(text, "bad.toml", MemoryFiles({}));
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(s.status().message(), HasSubstr(c.expected)) << c.what;
    EXPECT_THAT(s.status().message(), ::testing::MatchesRegex("bad\\.toml(:[0-9]+)?: .*"))
        << c.what;
  }
}

TEST(ScenarioLoaderTest, ErrorsGiveTheLineOfTheKey) {
  const std::string good = ReadScenarioText("zero-tolerance-2018");
  std::string text = good;
  text.replace(text.find("usms_beds = 450"), 15, "usms_beds = -3");
  int line = 1;
  for (size_t i = 0; i < text.find("usms_beds = -3"); ++i) line += text[i] == '\n';
  auto s = ParseScenario(text, "bad.toml", MemoryFiles({}));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("bad.toml:" + std::to_string(line) + ": "));
}

TEST(ScenarioLoaderTest, ErrorsInAChildFileGiveItsLine) {
  auto s = LoadScenarioFile(fs::path(KINLINK_TEST_DATA_DIR) / "data" / "bad-type.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(
      s.status().message(),
      HasSubstr("bad-type.toml:5: orr.beds: expected an integer >= 0, got a string \"many\""));
  auto unknown =
      LoadScenarioFile(fs::path(KINLINK_TEST_DATA_DIR) / "data" / "bad-unknown-key.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(),
              HasSubstr("bad-unknown-key.toml:5: cbp.holding_capasity: unknown key"));
}

TEST(ScenarioLoaderTest, ExtendsErrorsNameTheMissingParent) {
  auto s = ParseScenario("extends = \"nope\"\nname = \"x\"\n", "dir/child.toml", MemoryFiles({}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(s.status().message(),
              HasSubstr("dir/child.toml:1: extends: cannot read 'dir/nope.toml'"));
}

TEST(ScenarioLoaderTest, ExtendsCyclesAreRejected) {
  auto read = MemoryFiles({{"a.toml", "extends = \"b\"\n"}, {"b.toml", "extends = \"a\"\n"}});
  auto s = LoadScenarioFile("a.toml", read);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("levels of extends"));
}

TEST(ScenarioLoaderTest, ResolvesNamesAndPaths) {
  auto by_name = ResolveScenario("baseline-2017", kScenarios);
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->filename(), "baseline-2017.toml");
  auto by_path = ResolveScenario((kScenarios / "fy2019-volume.toml").string(), "/nonexistent");
  ASSERT_TRUE(by_path.ok());
  auto missing = ResolveScenario("no-such-scenario", kScenarios);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("zero-tolerance-2018"));
}

}  // namespace
}  // namespace kinlink::sim
