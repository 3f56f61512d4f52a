// Unsupervised training by EM sessions: which comparisons a rule fixes, the prior's fixed point,
// and the failure it exists to prevent: families merged into one person.
#include "linkage/training.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "linkage/linker.h"
#include "reference_blocking.h"

namespace kinlink::linkage {
namespace {

TEST(TrainingTest, ARuleFixesTheComparisonsOfItsKeys) {
  RecordSchema schema;
  schema.fields.push_back({"case_number", FieldKind::kIdentifier});
  auto comparisons = DefaultComparisons(schema);
  auto names = [&](const std::string& text) {
    std::vector<std::string> fixed;
    auto flags = ComparisonsFixedBy(*ParseBlockingRule(text, schema), comparisons);
    for (size_t c = 0; c < comparisons.size(); ++c) {
      if (flags[c]) fixed.push_back(comparisons[c].name());
    }
    return fixed;
  };
  EXPECT_EQ(names("given_sound & birth_date"),
            (std::vector<std::string>{"given_name", "birth_date"}));
  EXPECT_EQ(names("surname_prefix3 & birth_year"),
            (std::vector<std::string>{"surname", "birth_date"}));
  EXPECT_EQ(names("field:case_number"), (std::vector<std::string>{"case_number"}));
  EXPECT_EQ(names("a_number & sex"), (std::vector<std::string>{"sex", "a_number"}));
}

TEST(TrainingTest, LambdaIsTheFixedPointOfExpectedMatchesOverPossiblePairs) {
  RecordSchema schema;
  MatchModel model(DefaultComparisons(schema));
  // Given name: agreement +30 bits, disagreement -7.6 bits: nearly certain either way.
  model.SetM(0, {0.97, 0.01, 0.01, 0.005, 0.000001, 0.005});
  model.SetU(0, {0.97 / (1 << 30), 0.01, 0.01, 0.005, 0.000001, 0.975});
  Pattern agree = ~Pattern{0} & ~Pattern{0xF};         // every other comparison null
  Pattern disagree = agree | static_cast<Pattern>(5);  // given name "else"
  PatternCounts blocked{{agree, 300}, {disagree, 100000}};
  auto iterations = model.EstimateLambda(blocked, 1e8);
  ASSERT_TRUE(iterations.ok()) << iterations.status().ToString();
  EXPECT_NEAR(model.lambda(), 300 / 1e8, 300 / 1e8 * 0.01);
  MatchModel empty(DefaultComparisons(schema));
  EXPECT_FALSE(empty.EstimateLambda({}, 1e8).ok());
}

// Families of four, each person written twice with an agency's variation. Siblings and parents
// share surnames, a place and a day: one EM over all candidate pairs learns "same family".
RecordSet Families(int family_count, uint64_t seed) {
  const char* given[] = {"Juan",   "Rosa",   "Ana",    "Luis",    "Carmen", "Pedro",  "Maria",
                         "Jose",   "Sofia",  "Miguel", "Lucia",   "Jorge",  "Elena",  "Raul",
                         "Gloria", "Mario",  "Teresa", "Oscar",   "Blanca", "Hector", "Marta",
                         "Ruben",  "Alicia", "Edgar",  "Yesenia", "Kevin",  "Brenda", "Wilmer",
                         "Dayana", "Selvin", "Norma",  "Walter",  "Irma",   "Byron",  "Karla"};
  const char* surnames[] = {"Lopez",   "Hernandez", "Garcia", "Martinez", "Perez",    "Ramos",
                            "Cruz",    "Morales",   "Flores", "Reyes",    "Castillo", "Ortiz",
                            "Mendez",  "Vasquez",   "Rivera", "Chavez",   "Gomez",    "Diaz",
                            "Aguilar", "Santos",    "Mejia",  "Alvarado", "Zelaya",   "Quispe"};
  std::mt19937_64 random(seed);
  auto pick = [&](auto& list) {
    return list[std::uniform_int_distribution<size_t>(0, std::size(list) - 1)(random)];
  };
  auto day = [&](int year) {
    int month = std::uniform_int_distribution<int>(1, 12)(random);
    int d = std::uniform_int_distribution<int>(1, 28)(random);
    return *PartialDate::Make(year, month, d);
  };
  RecordSet set;
  int person = 0;
  for (int f = 0; f < family_count; ++f) {
    std::string father_paternal = pick(surnames);
    std::string mother_paternal = pick(surnames);
    struct Member {
      std::string given, paternal, maternal;
      PartialDate birth;
      Sex sex;
    };
    int parents_year = std::uniform_int_distribution<int>(1975, 1990)(random);
    std::vector<Member> members = {
        {pick(given), father_paternal, pick(surnames), day(parents_year), Sex::kMale},
        {pick(given), mother_paternal, pick(surnames), day(parents_year + 1), Sex::kFemale},
        {pick(given), father_paternal, mother_paternal, day(2006), Sex::kFemale},
        {pick(given), father_paternal, mother_paternal, day(2010), Sex::kMale}};
    if (members[3].given == members[2].given) members[3].given += " Jr";
    for (const auto& m : members) {
      for (int copy = 0; copy < 2; ++copy) {
        LinkRecord r;
        r.record_id = std::to_string(person) + "-" + std::to_string(copy);
        r.given_names = m.given;
        r.paternal_surname = m.paternal;
        r.maternal_surname = copy == 1 && person % 3 == 0 ? "" : m.maternal;  // dropped
        r.birth_dates.push_back(m.birth);
        if (copy == 1 && person % 5 == 0 && m.birth.day <= 12) {
          std::swap(r.birth_dates[0].month, r.birth_dates[0].day);  // day and month swapped
        }
        if (copy == 1 && person % 7 == 0) r.given_names[1] = 'x';  // a typo
        r.sex = m.sex;
        r.truth_entity = std::to_string(person);
        set.records.push_back(std::move(r));
      }
      ++person;
    }
  }
  return set;
}

TEST(TrainingTest, SessionsLinkPersonsWithoutMergingTheirFamilies) {
  RecordSet set = Families(150, 2018);
  LinkOptions options;
  auto result = RunLinkage(set, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->training.sessions.empty());
  // Every comparison with data was estimated by a session (the records carry no A-number).
  EXPECT_EQ(result->training.never_estimated, (std::vector<std::string>{"a_number"}));
  // The prior is near the true share of matching pairs among all pairs.
  const double n = static_cast<double>(set.records.size());
  const double true_share = 600.0 / (n * (n - 1) / 2);
  EXPECT_GT(result->model->lambda(), true_share / 3);
  EXPECT_LT(result->model->lambda(), true_share * 3);
  // Pairwise precision and recall against the truth.
  std::map<uint32_t, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < set.records.size(); ++i) {
    members[result->person_of_record[i]].push_back(i);
  }
  uint64_t predicted = 0, correct = 0;
  for (const auto& [person, records] : members) {
    for (size_t x = 0; x < records.size(); ++x) {
      for (size_t y = x + 1; y < records.size(); ++y) {
        ++predicted;
        correct += set.records[records[x]].truth_entity == set.records[records[y]].truth_entity;
      }
    }
  }
  const uint64_t true_pairs = 600;
  ASSERT_GT(predicted, 0u);
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(predicted), 0.97);
  EXPECT_GE(static_cast<double>(correct) / true_pairs, 0.95);
  // The model learned that one person's given names agree.
  EXPECT_LT(result->model->m(0, result->model->comparisons()[0].level_count() - 1), 0.1);
}

// A field only some records carry (a court's case number: dockets and Marshals bookings) gets its
// u from random pairs of records that both carry it. Among all random pairs only ~1% have it on
// both sides, and half a pair of smoothing on those few would make an exact agreement look common
// (u ~ 2.5e-3 here instead of ~2.5e-5), capping the weight of the strongest evidence a docket has.
TEST(TrainingTest, UOfASparseFieldComesFromPairsThatBothCarryIt) {
  RecordSet set = Families(150, 7);
  set.schema.fields.push_back({"case_number", FieldKind::kIdentifier});
  std::mt19937_64 random(11);
  for (size_t i = 0; i < set.records.size(); ++i) {
    std::string number;
    if (i % 10 == 0) number = fmt::format("C{:07d}", random() % 10000000);  // 10%, all distinct
    set.records[i].fields.push_back(number);
  }
  LinkOptions options;
  options.random_pairs = 20000;
  auto trained = TrainModel(set, options);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const auto& comparisons = trained->model->comparisons();
  size_t c = 0;
  while (c < comparisons.size() && comparisons[c].name() != "case_number") ++c;
  ASSERT_LT(c, comparisons.size());
  EXPECT_LT(trained->model->u(c, 0), 2.5e-4);
  EXPECT_GT(trained->model->u(c, 0), 0.0);
  // A field every record carries keeps its estimate from all random pairs: the given name's
  // exact-agreement share is near 1/35 (35 names drawn uniformly).
  EXPECT_NEAR(trained->model->u(0, 0), 1.0 / 35, 0.01);
}

// A session draws its sample by position without generating the rule's pairs; the sample (and so
// every pattern count) must be the one drawn over the whole list of the rule's pairs.
TEST(TrainingTest, StreamedSessionSampleIsTheSampleOfTheWholeList) {
  const RecordSet set = Families(300, 17);
  const auto records = PrepareRecords(set, 1);
  const auto comparisons = DefaultComparisons(set.schema);
  BlockingOptions blocking;
  blocking.max_block_size = 40;  // some blocks windowed
  blocking.window = 5;
  for (uint64_t max_pairs : {uint64_t{50}, uint64_t{700}, uint64_t{1'000'000}}) {
    TrainingOptions options;
    options.max_pairs_per_session = max_pairs;
    options.seed = 9;
    for (const char* text : {"given_prefix3 & surname_prefix3", "surname_initial"}) {
      const BlockingRule rule = *ParseBlockingRule(text, set.schema);
      const size_t index = 2;
      SessionPatterns streamed =
          CollectSessionPatterns(comparisons, records, rule, index, blocking, options);
      std::vector<uint64_t> per_rule;
      auto expected = reference::SerialPairs({rule}, blocking, records, &per_rule);
      ASSERT_GT(expected.size(), 50u) << text;
      EXPECT_EQ(streamed.session.pairs, expected.size()) << text;
      reference::SamplePairs(expected, max_pairs, options.seed + index);
      EXPECT_EQ(streamed.session.compared, expected.size()) << text;
      const auto fixed = ComparisonsFixedBy(rule, comparisons);
      Pattern null_mask = 0;
      for (size_t c = 0; c < comparisons.size(); ++c) {
        if (fixed[c]) null_mask |= static_cast<Pattern>(kNullLevel) << (4 * c);
      }
      PatternCounts counts;
      for (const auto& p : expected) {
        ++counts[ComparePair(comparisons, records[p.a], records[p.b]) | null_mask];
      }
      // The same counts in the same iteration order (EM sums in that order).
      std::vector<std::pair<Pattern, uint64_t>> got(streamed.counts.begin(), streamed.counts.end());
      std::vector<std::pair<Pattern, uint64_t>> want(counts.begin(), counts.end());
      EXPECT_EQ(got, want) << text << ", max " << max_pairs;
    }
  }
}

}  // namespace
}  // namespace kinlink::linkage
