// The Fellegi–Sunter model: EM recovers m and u on data generated with known parameters.
#include <gtest/gtest.h>

#include <random>

#include "linkage/match_model.h"

namespace kinlink::linkage {
namespace {

// Three comparisons of the "code" kind (levels: exact, one edit, else).
std::vector<Comparison> ThreeComparisons() {
  std::vector<Comparison> comparisons;
  for (int i = 0; i < 3; ++i) {
    comparisons.emplace_back("field" + std::to_string(i), ComparisonKind::kField, i,
                             FieldKind::kCode);
  }
  return comparisons;
}

int Draw(std::mt19937_64& random, const std::vector<double>& probabilities) {
  std::discrete_distribution<int> pick(probabilities.begin(), probabilities.end());
  return pick(random);
}

TEST(MatchModelTest, EmRecoversKnownParameters) {
  const std::vector<std::vector<double>> true_m = {
      {0.90, 0.07, 0.03}, {0.85, 0.10, 0.05}, {0.95, 0.02, 0.03}};
  const std::vector<std::vector<double>> true_u = {
      {0.02, 0.08, 0.90}, {0.05, 0.15, 0.80}, {0.01, 0.04, 0.95}};
  const double true_lambda = 0.2;
  std::mt19937_64 random(7);
  std::bernoulli_distribution is_match(true_lambda);
  PatternCounts blocked;
  PatternCounts random_pairs;
  for (int k = 0; k < 200000; ++k) {
    bool match = is_match(random);
    Pattern pattern = 0;
    for (size_t c = 0; c < 3; ++c) {
      int level = Draw(random, match ? true_m[c] : true_u[c]);
      pattern |= static_cast<Pattern>(level) << (4 * c);
    }
    ++blocked[pattern];
  }
  for (int k = 0; k < 200000; ++k) {
    Pattern pattern = 0;
    for (size_t c = 0; c < 3; ++c)
      pattern |= static_cast<Pattern>(Draw(random, true_u[c])) << (4 * c);
    ++random_pairs[pattern];
  }
  MatchModel model(ThreeComparisons());
  ASSERT_TRUE(model.EstimateU(random_pairs).ok());
  auto report = model.EstimateMByEm(blocked, 500, 1e-8);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->converged);
  EXPECT_NEAR(model.lambda(), true_lambda, 0.01);
  for (size_t c = 0; c < 3; ++c) {
    for (int l = 0; l < 3; ++l) {
      EXPECT_NEAR(model.m(c, l), true_m[c][static_cast<size_t>(l)], 0.02) << c << "/" << l;
      EXPECT_NEAR(model.u(c, l), true_u[c][static_cast<size_t>(l)], 0.01) << c << "/" << l;
    }
  }
}

TEST(MatchModelTest, MFromLabelsCountsLevels) {
  MatchModel model(ThreeComparisons());
  PatternCounts matches;
  matches[0x000] = 80;  // all exact
  matches[0x111] = 20;  // all one edit
  ASSERT_TRUE(model.EstimateMFromLabels(matches).ok());
  EXPECT_NEAR(model.m(0, 0), 0.8, 0.01);
  EXPECT_NEAR(model.m(0, 1), 0.2, 0.01);
  EXPECT_LT(model.m(0, 2), 0.01);
}

TEST(MatchModelTest, WeightsAddUpAndNullLevelsAreNeutral) {
  MatchModel model(ThreeComparisons());
  model.SetM(0, {0.9, 0.05, 0.05});
  model.SetU(0, {0.01, 0.09, 0.9});
  model.set_lambda(0.5);
  EXPECT_NEAR(model.LevelWeight(0, 0), std::log2(90.0), 1e-9);
  Pattern only_first_exact = 0 | (Pattern{kNullLevel} << 4) | (Pattern{kNullLevel} << 8);
  EXPECT_NEAR(model.Weight(only_first_exact), std::log2(90.0), 1e-9);
  EXPECT_NEAR(MatchModel::ProbabilityOfWeight(0), 0.5, 1e-12);
  EXPECT_NEAR(MatchModel::ProbabilityOfWeight(std::log2(9.0)), 0.9, 1e-12);
}

TEST(MatchModelTest, TermFrequencyMakesRareNamesCountMore) {
  std::vector<Comparison> comparisons = {
      Comparison("given_name", ComparisonKind::kGivenName, -1, FieldKind::kText, true)};
  MatchModel model(comparisons);
  model.SetM(0, {0.9, 0.04, 0.03, 0.01, 0.01, 0.01});
  model.SetU(0, {0.01, 0.01, 0.01, 0.02, 0.001, 0.949});
  PreparedRecord common;
  common.given = "maria";
  common.given_tokens = {"maria"};
  common.given_frequency = 0.08f;
  PreparedRecord rare = common;
  rare.given = "xochiquetzal";
  rare.given_tokens = {"xochiquetzal"};
  rare.given_frequency = 0.0001f;
  double common_weight = model.Weight(0, common, common);
  double rare_weight = model.Weight(0, rare, rare);
  EXPECT_GT(rare_weight, common_weight + 5);
  EXPECT_NEAR(rare_weight - model.Weight(0), std::log2(0.01 / 0.0001), 1e-3);
}

TEST(MatchModelTest, SavedParametersReloadToTheSameWeights) {
  MatchModel trained(ThreeComparisons());
  trained.SetM(0, {0.9, 0.06, 0.04});
  trained.SetU(0, {0.01, 0.09, 0.9});
  trained.SetM(1, {0.7, 0.2, 0.1});
  trained.SetU(1, {0.05, 0.15, 0.8});
  trained.set_lambda(0.0003);
  MatchModel reloaded(ThreeComparisons());
  ASSERT_TRUE(reloaded.LoadParameters(trained.ToJson()).ok());
  EXPECT_DOUBLE_EQ(reloaded.lambda(), 0.0003);
  for (Pattern pattern : {Pattern{0}, Pattern{0x021}, Pattern{0x210}, Pattern{0x111}}) {
    EXPECT_DOUBLE_EQ(reloaded.Weight(pattern), trained.Weight(pattern)) << pattern;
  }
}

TEST(MatchModelTest, SavedParametersOfAnotherModelAreRefusedUnchanged) {
  MatchModel trained(ThreeComparisons());
  trained.SetM(0, {0.9, 0.06, 0.04});
  MatchModel target(ThreeComparisons());
  const double before = target.Weight(Pattern{0});

  nlohmann::json renamed = trained.ToJson();
  renamed["comparisons"][1]["name"] = "other_field";
  Status status = target.LoadParameters(renamed);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("other_field"), std::string::npos) << status.message();

  nlohmann::json fewer = trained.ToJson();
  fewer["comparisons"].erase(2);
  EXPECT_FALSE(target.LoadParameters(fewer).ok());

  nlohmann::json relabelled = trained.ToJson();
  relabelled["comparisons"][0]["levels"][1]["label"] = "within two edits";
  EXPECT_FALSE(target.LoadParameters(relabelled).ok());

  nlohmann::json bad_m = trained.ToJson();
  bad_m["comparisons"][0]["levels"][0]["m"] = 1.5;
  EXPECT_FALSE(target.LoadParameters(bad_m).ok());

  nlohmann::json bad_lambda = trained.ToJson();
  bad_lambda["lambda"] = 0;
  EXPECT_FALSE(target.LoadParameters(bad_lambda).ok());

  EXPECT_FALSE(target.LoadParameters(nlohmann::json::array()).ok());
  EXPECT_DOUBLE_EQ(target.Weight(Pattern{0}), before);  // a refused file changes nothing
}

TEST(MatchModelTest, EmWithoutPairsFails) {
  MatchModel model(ThreeComparisons());
  EXPECT_FALSE(model.EstimateMByEm({}).ok());
  EXPECT_FALSE(model.EstimateU({}).ok());
}

}  // namespace
}  // namespace kinlink::linkage
