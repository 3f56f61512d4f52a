// Comparison levels on prepared records.
#include "linkage/comparison.h"

#include <gtest/gtest.h>

namespace kinlink::linkage {
namespace {

PreparedRecord Person(const std::string& given, const std::string& surname,
                      const std::string& dob) {
  LinkRecord record;
  record.given_names = given;
  record.paternal_surname = surname;
  if (!dob.empty())
    record.birth_dates = ParseAgencyDate(dob, DayMonthOrder::kMonthFirst)->candidates;
  return PrepareRecord(record, RecordSchema{});
}

int Level(ComparisonKind kind, const PreparedRecord& a, const PreparedRecord& b) {
  return Comparison("c", kind).Level(a, b);
}

TEST(ComparisonTest, GivenNameLevels) {
  auto jose = Person("Jos\xC3\xA9", "Perez", "");
  EXPECT_EQ(Level(ComparisonKind::kGivenName, jose, Person("JOSE", "Perez", "")), 0);
  EXPECT_EQ(Level(ComparisonKind::kGivenName, jose, Person("Pepe", "Perez", "")), 1);
  EXPECT_EQ(
      Level(ComparisonKind::kGivenName, Person("Ma.", "Lopez", ""), Person("Maria", "Lopez", "")),
      1);
  EXPECT_EQ(
      Level(ComparisonKind::kGivenName, Person("Yesenia", "A", ""), Person("Llesenia", "A", "")),
      1);  // same Spanish sound
  EXPECT_EQ(Level(ComparisonKind::kGivenName, Person("martha", "A", ""), Person("marta", "A", "")),
            1);  // the h is silent in Spanish
  EXPECT_EQ(
      Level(ComparisonKind::kGivenName, Person("cristina", "A", ""), Person("cristian", "A", "")),
      2);
  EXPECT_EQ(Level(ComparisonKind::kGivenName, Person("Maria Guadalupe", "A", ""),
                  Person("Guadalupe Maria", "A", "")),
            3);
  EXPECT_EQ(
      Level(ComparisonKind::kGivenName, Person("Lopez", "Juan", ""), Person("Juan", "Lopez", "")),
      4);  // columns swapped
  EXPECT_EQ(Level(ComparisonKind::kGivenName, jose, Person("Xochitl", "Perez", "")), 5);
  EXPECT_EQ(Level(ComparisonKind::kGivenName, jose, Person("", "Perez", "")), kNullLevel);
}

TEST(ComparisonTest, SurnameLevels) {
  auto a = Person("Ana", "L\xC3\xB3pez Hern\xC3\xA1ndez", "");
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "LOPEZ HERNANDEZ", "")), 0);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Lopez", "")), 1);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Hern\xC3\xA1ndez L\xC3\xB3pez", "")),
            2);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Hernandes Lopes", "")), 2);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Lopes Hernandes", "")), 3);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Hernandez", "")), 4);
  // The maternal surname dropped on one side and the paternal spelled differently.
  auto cruz = Person("Reina", "Cruz Hern\xC3\xA1ndez", "");
  EXPECT_EQ(Level(ComparisonKind::kSurname, cruz, Person("Reina", "Crus", "")), 3);
  EXPECT_EQ(Level(ComparisonKind::kSurname, Person("Nery", "S\xC3\xA1nchez Moreno", ""),
                  Person("Nery", "Sanchrz", "")),
            3);
  EXPECT_EQ(Level(ComparisonKind::kSurname, cruz, Person("Reina", "Ruiz", "")), 6);
  EXPECT_EQ(Level(ComparisonKind::kSurname, a, Person("Ana", "Quispe", "")), 6);
}

TEST(ComparisonTest, GivenNameLevelsForNicknamesTruncationAndFirstNames) {
  auto santiago = Person("Santiago Jes\xC3\xBAs", "Rodriguez", "");
  EXPECT_EQ(Level(ComparisonKind::kGivenName, santiago, Person("Santiago Jesus", "X", "")), 0);
  // A diminutive of a listed name and of an unlisted one.
  EXPECT_EQ(Level(ComparisonKind::kGivenName, Person("Carlitos Sergio", "X", ""),
                  Person("Carlos", "X", "")),
            1);
  EXPECT_EQ(Level(ComparisonKind::kGivenName, Person("Chonita Reina", "X", ""),
                  Person("Concepcion Reina", "X", "")),
            1);
  // A typo in the first name only, with the middle name missing on one side.
  EXPECT_EQ(Level(ComparisonKind::kGivenName, santiago, Person("Ssntiago", "X", "")), 2);
  // A first name cut short.
  EXPECT_EQ(Level(ComparisonKind::kGivenName, Person("Mar", "X", ""), Person("Maria", "X", "")), 2);
  EXPECT_EQ(Level(ComparisonKind::kGivenName, santiago, Person("Rosa", "X", "")), 5);
}

TEST(ComparisonTest, BirthDateLevels) {
  auto base = Person("A", "B", "2011-03-05");
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "20110305")), 0);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "2011-05-03")), 1);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "2011-03-08")), 2);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "2011-03-28")), 3);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "2011")), 4);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "age 7 on 2018-05-10")), 4);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "2011-11-20")), 5);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "1990-01-01")), 6);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, Person("A", "B", "")), kNullLevel);
  // An ambiguous slash date whose two readings include the other date: the swapped level.
  LinkRecord ambiguous;
  ambiguous.given_names = "A";
  ambiguous.birth_dates = ParseAgencyDate("05/03/2011")->candidates;
  ASSERT_EQ(ambiguous.birth_dates.size(), 2u);
  EXPECT_EQ(Level(ComparisonKind::kBirthDate, base, PrepareRecord(ambiguous, {})), 1);
}

TEST(ComparisonTest, IdentifierLevels) {
  RecordSchema schema;
  schema.fields.push_back({"ssn", FieldKind::kIdentifier, false});
  LinkRecord a;
  a.fields = {"1234567"};
  LinkRecord b = a;
  LinkRecord c = a;
  LinkRecord d = a;
  LinkRecord e;
  c.fields = {"1234576"};
  d.fields = {"7654321"};
  e.fields = {""};
  Comparison ssn("ssn", ComparisonKind::kField, 0, FieldKind::kIdentifier);
  auto p = [&](const LinkRecord& r) { return PrepareRecord(r, schema); };
  EXPECT_EQ(ssn.Level(p(a), p(b)), 0);
  EXPECT_EQ(ssn.Level(p(a), p(c)), 1);
  EXPECT_EQ(ssn.Level(p(a), p(d)), 2);
  EXPECT_EQ(ssn.Level(p(a), p(e)), kNullLevel);
}

// CBP writes "GUATEMALA", the Marshals "Guatemala", ICE "GTM": one country. An unknown country
// keeps its folded text and still compares exactly.
TEST(ComparisonTest, CountryFieldsReadCodesAndNamesAsOne) {
  RecordSchema schema;
  schema.fields.push_back({"citizenship", FieldKind::kCountry, false});
  auto p = [&](const std::string& value) {
    LinkRecord r;
    r.fields = {value};
    return PrepareRecord(r, schema);
  };
  Comparison citizenship("citizenship", ComparisonKind::kField, 0, FieldKind::kCountry);
  EXPECT_EQ(p("GUATEMALA").fields[0], "GTM");
  EXPECT_EQ(citizenship.Level(p("GUATEMALA"), p("GTM")), 0);
  EXPECT_EQ(citizenship.Level(p("El Salvador"), p("SLV")), 0);
  EXPECT_EQ(citizenship.Level(p("Guatemala"), p("HND")), 1);
  EXPECT_EQ(citizenship.Level(p("Atlantis"), p("ATLANTIS")), 0);
  EXPECT_EQ(citizenship.Level(p(""), p("GTM")), kNullLevel);
  EXPECT_EQ(citizenship.level_count(), 2);
}

TEST(ComparisonTest, PatternPacksLevels) {
  RecordSchema schema;
  auto comparisons = DefaultComparisons(schema);
  auto a = Person("Jose", "Perez", "2011-03-05");
  Pattern pattern = ComparePair(comparisons, a, a);
  EXPECT_EQ(LevelOf(pattern, 0), 0);
  EXPECT_EQ(LevelOf(pattern, 2), 0);
  EXPECT_EQ(LevelOf(pattern, 3), kNullLevel);  // sex unknown
}

}  // namespace
}  // namespace kinlink::linkage
