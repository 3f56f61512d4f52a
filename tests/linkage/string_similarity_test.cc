#include "linkage/string_similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace kinlink::linkage {
namespace {

TEST(JaroWinklerTest, MatchesPublishedValues) {
  // Winkler (1990) and the usual textbook examples.
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.813, 0.001);
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.944, 0.001);
  EXPECT_NEAR(Jaro("DWAYNE", "DUANE"), 0.822, 0.001);
  EXPECT_NEAR(Jaro("DIXON", "DICKSONX"), 0.767, 0.001);
}

TEST(JaroWinklerTest, EdgeCases) {
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("jose", "jose"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("a", "a"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("maria", "airam"), JaroWinkler("airam", "maria"));
}

// The bit-mask Jaro gives exactly the textbook scan's value: on every pair of strings of up to
// five letters from a three-letter alphabet (repeated letters make the greedy assignment and the
// transpositions matter), on random strings of every length up to 70 bytes (across the 64-byte
// switch to the scan), and on non-ASCII bytes.
TEST(JaroWinklerTest, BitMaskJaroEqualsTheScanExactly) {
  std::vector<std::string> words = {""};
  for (size_t start = 0, length = 0; length < 5; ++length) {
    const size_t end = words.size();
    for (size_t w = start; w < end; ++w) {
      for (char c : std::string("abc")) words.push_back(words[w] + c);
    }
    start = end;
  }
  size_t compared = 0;
  for (const auto& x : words) {
    for (const auto& y : words) {
      if (x.empty() || y.empty() || x == y) continue;
      ASSERT_EQ(Jaro(x, y), JaroScan(x, y)) << x << " / " << y;
      ++compared;
    }
  }
  EXPECT_GT(compared, 100'000u);
  std::mt19937_64 random(7);
  for (int round = 0; round < 20'000; ++round) {
    auto draw = [&](const std::string& alphabet) {
      std::string text(static_cast<size_t>(random() % 70 + 1), ' ');
      for (char& c : text) c = alphabet[random() % alphabet.size()];
      return text;
    };
    const std::string alphabet = round % 2 == 0 ? "aeimnorst" : "ab\xc3\xa1\xb1 ";
    const std::string x = draw(alphabet);
    const std::string y = draw(alphabet);
    if (x == y) continue;
    ASSERT_EQ(Jaro(x, y), JaroScan(x, y)) << x << " / " << y;
  }
  // The exact boundary: 64 bytes take the bit masks, 65 the scan.
  const std::string sixty_four(64, 'a');
  std::string other = sixty_four;
  other[0] = 'b';
  other[63] = 'c';
  EXPECT_EQ(Jaro(sixty_four, other), JaroScan(sixty_four, other));
  EXPECT_EQ(Jaro(sixty_four + "a", other + "b"), JaroScan(sixty_four + "a", other + "b"));
  EXPECT_NEAR(Jaro(sixty_four, other), (2 * 62.0 / 64.0 + 1.0) / 3.0,
              1e-12);  // 62 matches, in order
}

// The length-and-prefix bound is never below the score, so JaroWinklerFrom answers every
// threshold at or above its floor as the full score does; and it does prune pairs of different
// lengths.
TEST(JaroWinklerTest, BoundNeverBelowTheScoreAndFromKeepsThresholds) {
  std::vector<std::string> words;
  for (const char* w :
       {"a",         "ana",       "anita",     "maria",    "mario", "marta",      "jose",
        "josefina",  "hernandez", "fernandez", "lopez",    "lopes", "de la cruz", "garcia",
        "guadalupe", "lupe",      "xochitl",   "santiago", "sant",  "mar",        "maria jose"}) {
    words.emplace_back(w);
  }
  std::mt19937_64 random(11);
  for (int k = 0; k < 300; ++k) {
    std::string w(static_cast<size_t>(1 + random() % 14), ' ');
    for (char& c : w) c = "aeilmnorstuz"[random() % 12];
    words.push_back(w);
  }
  size_t pruned = 0;
  for (const auto& x : words) {
    for (const auto& y : words) {
      const double score = JaroWinkler(x, y);
      // (to rounding: the bound sums the same terms in another order)
      ASSERT_GE(JaroWinklerBound(x, y) + 1e-12, score) << x << " / " << y;
      for (double floor : {0.80, 0.92}) {
        const double from = JaroWinklerFrom(x, y, floor);
        if (from == 0.0 && score != 0.0) ++pruned;
        for (double threshold : {floor, 0.85, 0.92, 0.95}) {
          if (threshold < floor) continue;
          ASSERT_EQ(from >= threshold, score >= threshold) << x << " / " << y << " " << floor;
        }
      }
    }
  }
  EXPECT_GT(pruned, 1000u);
  EXPECT_DOUBLE_EQ(JaroWinklerBound("maria", "maria"), 1.0);
}

TEST(DamerauLevenshteinTest, CountsEditsAndTranspositions) {
  EXPECT_EQ(DamerauLevenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(DamerauLevenshtein("jose", "jsoe"), 1);
  EXPECT_EQ(DamerauLevenshtein("ca", "abc"), 3);  // optimal string alignment, not full Damerau
  EXPECT_EQ(DamerauLevenshtein("", "abc"), 3);
  EXPECT_EQ(DamerauLevenshtein("abc", "abc"), 0);
  EXPECT_EQ(DamerauLevenshtein("19850312", "19850321"), 1);
}

TEST(DamerauLevenshteinTest, EarlyExitReturnsLimitPlusOne) {
  EXPECT_EQ(DamerauLevenshtein("maria", "pedro", 1), 2);
  EXPECT_EQ(DamerauLevenshtein("hernandez", "fernandez", 1), 1);
  EXPECT_EQ(DamerauLevenshtein("a", "abcdef", 2), 3);  // length difference alone exceeds it
  // The limited answer agrees with the full one whenever the full one is within the limit.
  const char* words[] = {"garcia", "garica", "gracia", "garcias", "arcia", "marcia", "g"};
  for (const char* x : words) {
    for (const char* y : words) {
      int full = DamerauLevenshtein(x, y);
      for (int limit = 0; limit <= 3; ++limit) {
        EXPECT_EQ(DamerauLevenshtein(x, y, limit), full <= limit ? full : limit + 1)
            << x << " " << y;
      }
    }
  }
}

// The one-edit shortcut (limits 0 and 1) agrees with the full table on every pair of strings of
// up to four letters from a three-letter alphabet: substitutions, transpositions, insertions at
// each end and in the middle, and pairs that are two edits apart.
TEST(DamerauLevenshteinTest, OneEditShortcutAgreesWithTheFullTable) {
  std::vector<std::string> words = {""};
  for (size_t start = 0; start < words.size(); ++start) {
    if (words[start].size() == 4) continue;
    for (char c : {'a', 'b', 'c'}) words.push_back(words[start] + c);
  }
  ASSERT_EQ(words.size(), 121u);
  for (const auto& x : words) {
    for (const auto& y : words) {
      const int full = DamerauLevenshtein(x, y);
      for (int limit = 0; limit <= 1; ++limit) {
        ASSERT_EQ(DamerauLevenshtein(x, y, limit), full <= limit ? full : limit + 1)
            << "'" << x << "' '" << y << "' limit " << limit;
      }
    }
  }
}

TEST(TokenSetSimilarityTest, IgnoresOrderAndPenalisesMissingTokens) {
  EXPECT_DOUBLE_EQ(TokenSetSimilarity({"maria", "guadalupe"}, {"guadalupe", "maria"}), 1.0);
  double one_missing = TokenSetSimilarity({"maria", "guadalupe"}, {"maria"});
  EXPECT_NEAR(one_missing, 0.5 + 0.5 * 0.0, 0.5);
  EXPECT_LT(one_missing, 1.0);
  EXPECT_GT(TokenSetSimilarity({"jose", "luis"}, {"luis", "jose", "m"}), 0.6);
  EXPECT_DOUBLE_EQ(TokenSetSimilarity({}, {"a"}), 0.0);
}

}  // namespace
}  // namespace kinlink::linkage
