// Text helpers, typo generators and the embedded name lists.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "synth/internal/text.h"
#include "synth/internal/typos.h"
#include "synth/name_errors.h"
#include "synth/name_tables.h"

namespace kinlink::synth {
namespace {

using namespace detail;

TEST(TextTest, AccentsCaseAndEncodings) {
  EXPECT_EQ(StripAccents("María Ñúñez Güell"), "Maria Nunez Guell");
  EXPECT_EQ(UpperCase("López Hernández ñ"), "LÓPEZ HERNÁNDEZ Ñ");
  EXPECT_EQ(Mojibake("María"), "MarÃ\u00ada");
  EXPECT_EQ(QuestionMarks("Peña"), "Pe?a");
  EXPECT_EQ(Utf8ToLatin1("Peña"),
            "Pe\xF1"
            "a");
  EXPECT_EQ(Latin1ToUtf8("Pe\xF1"
                         "a"),
            "Peña");
  EXPECT_EQ(Latin1ToUtf8(Utf8ToLatin1("MarÃ\u00ada Ñ'")), "MarÃ\u00ada Ñ'");
  EXPECT_EQ(Utf8ToLatin1("\u20AC"), "?");  // outside Latin-1
  EXPECT_EQ(SplitWords(" Ana  María "), (std::vector<std::string>{"Ana", "María"}));
}

TEST(TyposTest, EachTypoChangesTheWord) {
  Rng rng(3);
  for (const char* word : {"Hernández", "Guillermo", "Yolanda", "Ixchel", "Chávez"}) {
    for (int i = 0; i < 50; ++i) {
      auto keyboard = KeyboardTypo(word, rng);
      ASSERT_TRUE(keyboard.has_value());
      EXPECT_NE(*keyboard, word);
      if (HasPhoneticSite(word)) {
        auto phonetic = PhoneticTypo(word, rng);
        ASSERT_TRUE(phonetic.has_value());
        EXPECT_NE(*phonetic, word);
      }
      if (HasOcrSite(word)) {
        auto ocr = OcrTypo(word, rng);
        ASSERT_TRUE(ocr.has_value());
        EXPECT_NE(*ocr, word);
      }
    }
  }
  EXPECT_FALSE(KeyboardTypo("ñ", rng).has_value());
  for (int i = 0; i < 20; ++i) {
    std::string vega = PhoneticTypo("Vega", rng).value();
    EXPECT_TRUE(vega == "Bega" || vega == "Veja") << vega;
  }
}

TEST(NameTablesTest, EmbeddedListsLoadForEveryNationality) {
  auto tables = NameTables::LoadEmbedded();
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  for (auto n : {Nationality::kGuatemala, Nationality::kHonduras, Nationality::kElSalvador,
                 Nationality::kMexico, Nationality::kOther}) {
    EXPECT_GT(tables->SurnameCount(n), 30u);
    EXPECT_GT(tables->GivenNameCount(n, Sex::kFemale), 30u);
    EXPECT_GT(tables->GivenNameCount(n, Sex::kMale), 30u);
  }
  ASSERT_NE(tables->NicknamesOf("José"), nullptr);
  EXPECT_EQ(tables->NicknamesOf("José")->front(), "Chepe");
  ASSERT_NE(tables->VariantsOf("Yessenia"), nullptr);
  EXPECT_EQ(tables->VariantsOf("Yessenia")->front(), "Yesenia");
  EXPECT_EQ(tables->NicknamesOf("Zzz"), nullptr);
}

TEST(NameTablesTest, DrawsFollowNationalityAndAreDeterministic) {
  auto tables = NameTables::LoadEmbedded().value();
  std::map<std::string, int> guatemalan, honduran;
  Rng a(9), b(9);
  for (int i = 0; i < 4000; ++i) {
    NameId x = tables.DrawSurname(Nationality::kGuatemala, a);
    EXPECT_EQ(x, tables.DrawSurname(Nationality::kGuatemala, b));
    ++guatemalan[tables.Text(x)];
    ++honduran[tables.Text(tables.DrawSurname(Nationality::kHonduras, a))];
    tables.DrawSurname(Nationality::kHonduras, b);
  }
  // Regional surnames appear only where the lists put them.
  EXPECT_GT(guatemalan["Pascual"], 0);
  EXPECT_EQ(honduran["Pascual"], 0);
  EXPECT_GT(honduran["Zelaya"], 0);
  EXPECT_EQ(guatemalan["Zelaya"], 0);
  EXPECT_GT(guatemalan["López"], guatemalan["Xicará"]);
  std::set<std::string> mayan;
  for (int i = 0; i < 200; ++i) mayan.insert(tables.Text(tables.DrawMayanGivenName(Sex::kMale, a)));
  EXPECT_TRUE(mayan.count("B'alam") == 1 || mayan.count("Tekun") == 1);
}

TEST(NameTablesTest, MalformedListNamesFileAndLine) {
  auto result = NameTables::Load([](std::string_view file) -> std::string_view {
    if (file == "surnames.tsv") return "# comment\nLópez\t1\t2\n";
    return "x\t1\t1\t1\t1\t1\n";
  });
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("surnames.tsv:2"), std::string::npos)
      << result.status().message();
}

TEST(NameErrorsTest, AllRatesOneChangesEveryPartAndRecordsIt) {
  auto tables = NameTables::LoadEmbedded().value();
  SynthConfig config;
  config.rates.fill(1.0);
  ErrorTally tally;
  ErrorRecorder errors(config, tally);
  Rng rng(4);
  RecordedName truth{{"José", "Guadalupe"}, "Hernández", "López"};
  RecordedName typed = MangleName(truth, tables, rng, errors);
  EXPECT_NE(typed, truth);
  EXPECT_EQ(typed.given_names.size(), 1u);  // truncated
  EXPECT_TRUE(errors.Has(ErrorKind::kNickname));
  EXPECT_TRUE(errors.Has(ErrorKind::kGivenNamesTruncated));
  EXPECT_TRUE(errors.Has(ErrorKind::kSurnamesSwapped));  // the first of the exclusive pair
  EXPECT_FALSE(errors.Has(ErrorKind::kMaternalSurnameDropped));
  EXPECT_TRUE(errors.Has(ErrorKind::kTypoKeyboard));
  EXPECT_EQ(tally.applied_of(ErrorKind::kNickname), 1);
}

TEST(NameErrorsTest, NoErrorsKeepsTheNameAndCountsOpportunities) {
  auto tables = NameTables::LoadEmbedded().value();
  SynthConfig config = SynthConfig::NoErrors();
  ErrorTally tally;
  ErrorRecorder errors(config, tally);
  Rng rng(4);
  RecordedName truth{{"María"}, "Pérez", "Xol"};
  EXPECT_EQ(MangleName(truth, tables, rng, errors), truth);
  EXPECT_TRUE(errors.applied().empty());
  EXPECT_EQ(tally.opportunities_of(ErrorKind::kAccentDropped), 1);
  EXPECT_EQ(tally.opportunities_of(ErrorKind::kSurnamesSwapped), 1);
  EXPECT_EQ(tally.opportunities_of(ErrorKind::kNickname), 1);  // María has "Mari"
  EXPECT_EQ(tally.applied_of(ErrorKind::kAccentDropped), 0);
}

}  // namespace
}  // namespace kinlink::synth
