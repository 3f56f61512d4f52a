#include "synth/synth_config.h"

#include <gtest/gtest.h>

namespace kinlink::synth {
namespace {

TEST(SynthConfigTest, ShippedConfigEqualsTheBuiltInDefaults) {
  auto loaded = LoadSynthConfig(std::string(KINLINK_SOURCE_DIR) + "/config/synth.toml");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  SynthConfig defaults;
  for (const auto& info : AllErrorKinds()) {
    EXPECT_DOUBLE_EQ(loaded->rate(info.kind), defaults.rate(info.kind)) << info.code;
  }
  EXPECT_EQ(loaded->late_min_days, defaults.late_min_days);
  EXPECT_EQ(loaded->late_max_days, defaults.late_max_days);
  EXPECT_EQ(loaded->cbp_hold_hours, defaults.cbp_hold_hours);
  EXPECT_EQ(loaded->docket_hold_days, defaults.docket_hold_days);
  EXPECT_DOUBLE_EQ(loaded->orr_parent_info, defaults.orr_parent_info);
  EXPECT_DOUBLE_EQ(loaded->mayan_given_name, defaults.mayan_given_name);
  EXPECT_DOUBLE_EQ(defaults.rate(ErrorKind::kFalseRelationshipClaim), 0.05);
}

TEST(SynthConfigTest, OverridesOnlyWhatIsGiven) {
  auto config = ParseSynthConfig("[names]\ntypo_ocr = 0.5\n[records]\nlate_max_days = 90\n", "x");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_DOUBLE_EQ(config->rate(ErrorKind::kTypoOcr), 0.5);
  EXPECT_EQ(config->late_max_days, 90);
  EXPECT_DOUBLE_EQ(config->rate(ErrorKind::kTypoKeyboard),
                   SynthConfig().rate(ErrorKind::kTypoKeyboard));
}

TEST(SynthConfigTest, RejectsUnknownKeysBadRatesAndBadToml) {
  auto unknown = ParseSynthConfig("[names]\ntypo_klingon = 0.1\n", "c.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("c.toml: names.typo_klingon"), std::string::npos);
  auto wrong_section = ParseSynthConfig("[dates]\ntypo_ocr = 0.1\n", "c.toml");
  EXPECT_FALSE(wrong_section.ok());
  auto range = ParseSynthConfig("[names]\ntypo_ocr = 1.5\n", "c.toml");
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.status().message().find("outside [0, 1]"), std::string::npos);
  auto type = ParseSynthConfig("[names]\ntypo_ocr = \"high\"\n", "c.toml");
  EXPECT_FALSE(type.ok());
  auto integer = ParseSynthConfig("[records]\nlate_min_days = 2.5\n", "c.toml");
  EXPECT_FALSE(integer.ok());
  auto order = ParseSynthConfig("[records]\nlate_min_days = 200\n", "c.toml");
  EXPECT_FALSE(order.ok());
  auto syntax = ParseSynthConfig("[names\n", "c.toml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("c.toml:1"), std::string::npos);
  EXPECT_FALSE(LoadSynthConfig("/nonexistent/synth.toml").ok());
}

}  // namespace
}  // namespace kinlink::synth
