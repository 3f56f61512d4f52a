#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "linkage/given_name_variants.h"
#include "linkage/phonetic.h"
#include "linkage/spanish_name.h"
#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

TEST(TextNormalizeTest, RepairsMojibake) {
  EXPECT_EQ(RepairMojibake("Jos\xC3\x83\xC2\xA9"), "Jos\xC3\xA9");  // JosÃ© -> José
  EXPECT_EQ(RepairMojibake("MU\xC3\x83\xE2\x80\x98OZ"),
            "MU\xC3\x91OZ");                                // MUÃ‘OZ -> MUÑOZ (CP1252)
  EXPECT_EQ(RepairMojibake("Jos\xC3\xA9"), "Jos\xC3\xA9");  // correct text unchanged
  EXPECT_EQ(RepairMojibake("plain"), "plain");
  // Two rounds of double encoding.
  EXPECT_EQ(RepairMojibake(RepairMojibake("Jos\xC3\x83\xC6\x92\xC3\x82\xC2\xA9")), "Jos\xC3\xA9");
}

TEST(TextNormalizeTest, FoldsAccentsCaseAndPunctuation) {
  EXPECT_EQ(FoldForMatching("  MAR\xC3\x8D"
                            "A-Jos\xC3\xA9 "),
            "maria jose");
  EXPECT_EQ(FoldForMatching("Nu\xC3\xB1"
                            "ez"),
            "nunez");
  EXPECT_EQ(FoldForMatching("O'Brien"), "obrien");
  // A letter an export could not encode stays inside its word: one surname, not two.
  EXPECT_EQ(FoldForMatching("RAM?REZ DIEGO"), "ramrez diego");
  EXPECT_EQ(FoldForMatching("M\xC2\xAA."), "ma");  // Mª. -> ma
  EXPECT_EQ(FoldForMatching(""), "");
  EXPECT_EQ(Tokenize("maria  jose"), (std::vector<std::string>{"maria", "jose"}));
}

// Latin-1 text is folded from a table instead of by utf8proc: the result must be the same for
// every pair of characters U+0000..U+00FF (marks, compatibility forms such as "\u00aa", "\u00bc"
// and the no-break space included), for those next to characters outside Latin-1, for random
// names, and for invalid UTF-8 (which takes the general path).
TEST(TextNormalizeTest, Latin1TableAgreesWithUtf8proc) {
  auto utf8 = [](unsigned code) {
    std::string out;
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return out;
  };
  std::vector<std::string> characters;
  for (unsigned code = 1; code <= 0xFF; ++code) characters.push_back(utf8(code));
  for (const auto& x : characters) {
    for (const auto& y : characters) {
      const std::string text = x + y;
      ASSERT_EQ(FoldForMatching(text), FoldForMatchingWithUtf8proc(text)) << text;
    }
  }
  // Beside characters the table does not hold: a combining acute, "\u0152", a CJK letter, an
  // emoji; and invalid bytes.
  const std::vector<std::string> others = {
      "\xCC\x81", "\xC5\x92", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xC3", "\xC3\x28", "\xFF"};
  std::mt19937_64 random(5);
  for (int round = 0; round < 50'000; ++round) {
    std::string text;
    const size_t length = 1 + random() % 12;
    for (size_t k = 0; k < length; ++k) {
      text += round % 4 == 0 && random() % 6 == 0 ? others[random() % others.size()]
                                                  : characters[random() % characters.size()];
    }
    ASSERT_EQ(FoldForMatching(text), FoldForMatchingWithUtf8proc(text)) << text;
  }
}

TEST(SpanishNameTest, SplitsCompoundSurnames) {
  SurnameParts a = SplitSurnames("de la Cruz Ramos");
  EXPECT_EQ(a.paternal, "de la cruz");
  EXPECT_EQ(a.maternal, "ramos");
  SurnameParts b = SplitSurnames("L\xC3\xB3pez y Hern\xC3\xA1ndez");
  EXPECT_EQ(b.paternal, "lopez");
  EXPECT_EQ(b.maternal, "hernandez");
  SurnameParts c = SplitSurnames("del Valle");
  EXPECT_EQ(c.paternal, "del valle");
  EXPECT_EQ(c.maternal, "");
}

TEST(SpanishNameTest, DetectsNameOrder) {
  ParsedName comma = ParseFullName(
      "L\xC3\x93PEZ HERN\xC3\x81NDEZ, Mar\xC3\xAD"
      "a Guadalupe");
  EXPECT_EQ(comma.order, NameOrder::kSurnameFirstComma);
  EXPECT_EQ(comma.given, (std::vector<std::string>{"maria", "guadalupe"}));
  EXPECT_EQ(comma.surnames.paternal, "lopez");
  EXPECT_EQ(comma.surnames.maternal, "hernandez");

  ParsedName upper = ParseFullName("GARCIA DE LA CRUZ Juan Pablo");
  EXPECT_EQ(upper.order, NameOrder::kSurnameFirstCase);
  EXPECT_EQ(upper.surnames.paternal, "garcia");
  EXPECT_EQ(upper.surnames.maternal, "de la cruz");
  EXPECT_EQ(upper.given, (std::vector<std::string>{"juan", "pablo"}));

  ParsedName given_first = ParseFullName("Jos\xC3\xA9 Luis P\xC3\xA9rez de la Rosa");
  EXPECT_EQ(given_first.order, NameOrder::kGivenFirst);
  EXPECT_EQ(given_first.given, (std::vector<std::string>{"jose", "luis"}));
  EXPECT_EQ(given_first.surnames.paternal, "perez");
  EXPECT_EQ(given_first.surnames.maternal, "de la rosa");

  ParsedName mojibake = ParseFullName("JosÃ© PÃ©rez");
  EXPECT_EQ(mojibake.given, (std::vector<std::string>{"jose"}));
  EXPECT_EQ(mojibake.surnames.paternal, "perez");
}

TEST(GivenNameVariantsTest, KnowsSpanishNicknames) {
  const auto& table = GivenNameVariants::Default();
  EXPECT_GT(table.group_count(), 50u);
  EXPECT_TRUE(table.AreVariants("pancho", "francisco"));
  EXPECT_TRUE(table.AreVariants("paco", "pancho"));
  EXPECT_TRUE(table.AreVariants("lupe", "guadalupe"));
  EXPECT_TRUE(table.AreVariants("ma", "maria"));
  EXPECT_TRUE(table.AreVariants("pepe", "jose"));
  EXPECT_TRUE(table.AreVariants("beto", "roberto"));
  EXPECT_TRUE(table.AreVariants("beto", "alberto"));
  EXPECT_FALSE(table.AreVariants("roberto", "alberto"));
  EXPECT_FALSE(table.AreVariants("maria", "jose"));
  EXPECT_EQ(table.Canonical("chuy"), "jesus");
  EXPECT_EQ(table.Canonical("xochitl"), "xochitl");
}

// AreVariants from profiles (looked up once per record) against the lookups, on every pair of
// forms drawn from the embedded table, their diminutives ("-ito", "-cita", "-illo"...), names
// outside the table and their diminutives, and forms that belong to several groups.
TEST(GivenNameVariantsTest, ProfilesGiveTheSameAnswerAsTheLookups) {
  const auto& table = GivenNameVariants::Default();
  std::vector<std::string> forms;
  std::ifstream file(std::string(KINLINK_SOURCE_DIR) + "/data/linkage/given_name_variants.tsv");
  const std::string contents((std::istreambuf_iterator<char>(file)), {});
  std::string_view text = contents;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    for (const auto& token : Tokenize(FoldForMatching(line))) forms.push_back(token);
  }
  ASSERT_GT(forms.size(), 300u);
  std::vector<std::string> sample;
  for (size_t k = 0; k < forms.size(); k += 3) sample.push_back(forms[k]);
  for (const char* extra :
       {"carlitos", "chonita", "juanito", "juana", "juanita", "pablito", "xochitl", "xochitlita",
        "beto",     "betito",  "lupita",  "lupe",  "pepito",  "anita",   "ana",     "rosita",
        "rosa",     "ma",      "a",       "cita",  "illo",    "ito"}) {
    sample.emplace_back(extra);
  }
  std::vector<GivenNameVariants::Profile> profiles;
  for (const auto& form : sample) profiles.push_back(table.ProfileOf(form));
  size_t variants = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    for (size_t j = 0; j < sample.size(); ++j) {
      const bool expected = table.AreVariants(sample[i], sample[j]);
      ASSERT_EQ(table.AreVariants(sample[i], profiles[i], sample[j], profiles[j]), expected)
          << sample[i] << " / " << sample[j];
      variants += expected;
    }
  }
  EXPECT_GT(variants, 2 * sample.size());  // more than each form with itself
}

TEST(GivenNameVariantsTest, RejectsMalformedTable) {
  auto bad = GivenNameVariants::Parse("# comment\nmaria ma,mari\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
}

TEST(PhoneticTest, SpanishKeyGroupsSpellingsThatSoundAlike) {
  EXPECT_EQ(SpanishPhoneticKey("Vel\xC3\xA1squez"), "BELASKES");
  EXPECT_EQ(SpanishPhoneticKey("Belazquez"), "BELASKES");
  EXPECT_EQ(SpanishPhoneticKey("Velazques"), "BELASKES");
  EXPECT_EQ(SpanishPhoneticKey("Guti\xC3\xA9rrez"), "GUTIERES");
  EXPECT_EQ(SpanishPhoneticKey("Gutierres"), "GUTIERES");
  EXPECT_EQ(SpanishPhoneticKey("Hern\xC3\xA1ndez"), SpanishPhoneticKey("Ernandes"));
  EXPECT_EQ(SpanishPhoneticKey("Yolanda"), SpanishPhoneticKey("Llolanda"));
  EXPECT_EQ(SpanishPhoneticKey("Ximena"), SpanishPhoneticKey("Jimena"));
  EXPECT_EQ(SpanishPhoneticKey("Miguel"), "MIGEL");
  EXPECT_NE(SpanishPhoneticKey("Lopez"), SpanishPhoneticKey("Perez"));
  EXPECT_EQ(SpanishPhoneticKey(""), "");
}

TEST(PhoneticTest, DoubleMetaphoneReferenceValues) {
  EXPECT_EQ(DoubleMetaphone("Smith"), (MetaphoneKeys{"SM0", "XMT"}));
  EXPECT_EQ(DoubleMetaphone("Schmidt"), (MetaphoneKeys{"XMT", "SMT"}));
  EXPECT_EQ(DoubleMetaphone("Jose"), (MetaphoneKeys{"JS", "HS"}));
  EXPECT_EQ(DoubleMetaphone("Garcia"), (MetaphoneKeys{"KRS", "KRX"}));
  EXPECT_EQ(DoubleMetaphone("Xavier"), (MetaphoneKeys{"SF", "SFR"}));
  EXPECT_EQ(DoubleMetaphone("Cabrillo"), (MetaphoneKeys{"KPRL", "KPR"}));
  EXPECT_EQ(DoubleMetaphone("Gallegos"), (MetaphoneKeys{"KLKS", "KKS"}));
  EXPECT_EQ(DoubleMetaphone("Knight").primary, "NT");
  EXPECT_EQ(DoubleMetaphone("").primary, "");
}

}  // namespace
}  // namespace kinlink::linkage
