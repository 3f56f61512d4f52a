// The family rules on hand-built cases: each record is its own person.
#include "linkage/family_links.h"

#include <gtest/gtest.h>

namespace kinlink::linkage {
namespace {

struct Case {
  RecordSet set;
  std::vector<PreparedRecord> prepared;
  std::vector<PersonCluster> persons;
  std::vector<uint32_t> person_of;

  void Add(const std::string& id, const std::string& given, const std::string& paternal,
           const std::string& maternal, const std::string& dob, Sex sex, const std::string& unit) {
    LinkRecord r;
    r.record_id = id;
    r.given_names = given;
    r.paternal_surname = paternal;
    r.maternal_surname = maternal;
    r.birth_dates = ParseAgencyDate(dob)->candidates;
    r.sex = sex;
    r.family_unit_id = unit;
    set.records.push_back(std::move(r));
  }
  std::vector<FamilyLink> Run() {
    prepared.clear();
    persons.clear();
    person_of.clear();
    for (uint32_t i = 0; i < set.records.size(); ++i) {
      prepared.push_back(PrepareRecord(set.records[i], set.schema));
      persons.push_back({"K-" + set.records[i].record_id, {i}, 1.0, false});
      person_of.push_back(i);
    }
    return InferFamilyLinks(set, prepared, persons, person_of, {});
  }
};

TEST(FamilyLinksTest, FamilyUnitAndNamingRuleAssertBothParents) {
  Case c;
  c.Add("father", "Juan", "Lopez", "Garcia", "1985-02-01", Sex::kMale, "FU1");
  c.Add("mother", "Rosa", "Hernandez", "Cruz", "1987-06-01", Sex::kFemale, "FU1");
  c.Add("child", "Ana", "Lopez", "Hernandez", "2012-03-05", Sex::kFemale, "FU1");
  auto links = c.Run();
  ASSERT_EQ(links.size(), 2u);
  for (const auto& link : links) {
    EXPECT_EQ(link.status, FamilyLinkStatus::kAsserted);
    EXPECT_EQ(c.persons[link.child].person_id, "K-child");
    EXPECT_GT(link.confidence, 0.9);
  }
  const FamilyLink& father =
      c.persons[links[0].parent].person_id == "K-father" ? links[0] : links[1];
  const FamilyLink& mother = &father == &links[0] ? links[1] : links[0];
  EXPECT_EQ(father.role, "father");
  EXPECT_EQ(mother.role, "mother");
  bool has_unit = false;
  for (const auto& e : father.evidence) has_unit |= e.kind == "family_unit";
  EXPECT_TRUE(has_unit);
}

TEST(FamilyLinksTest, BrokenNamingRuleSendsLinkToReview) {
  Case c;
  c.Add("adult", "Pedro", "Ramos", "Diaz", "1980-01-01", Sex::kMale, "FU2");
  c.Add("child", "Luis", "Quispe", "Mamani", "2014-01-01", Sex::kMale, "FU2");
  auto links = c.Run();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].status, FamilyLinkStatus::kReview);
  bool broken = false;
  for (const auto& e : links[0].evidence) broken |= e.kind == "naming_rule_broken";
  EXPECT_TRUE(broken);
}

TEST(FamilyLinksTest, ImplausibleAgeGapIsNotAsserted) {
  Case c;
  c.Add("a", "Pedro", "Ramos", "Diaz", "2000-01-01", Sex::kMale, "FU3");
  c.Add("b", "Luis", "Ramos", "Diaz", "2005-01-01", Sex::kMale, "FU3");  // brothers
  auto links = c.Run();
  EXPECT_TRUE(links.empty());
}

TEST(FamilyLinksTest, ClaimAloneGoesToReviewAndCoApprehensionAddsEvidence) {
  Case c;
  c.Add("adult", "Maria", "Perez", "Soto", "1990-01-01", Sex::kFemale, "");
  c.Add("child", "Jose", "Gomez", "Perez", "2015-01-01", Sex::kMale, "");
  c.set.records[0].claims.push_back({"child", "mother"});
  auto claim_only = c.Run();
  ASSERT_EQ(claim_only.size(), 1u);
  EXPECT_EQ(claim_only[0].role, "mother");
  // claim +2.5, naming rule (mother) +2.5, age gap +0.5, prior -2 -> 3.5 -> 0.97.
  EXPECT_EQ(claim_only[0].status, FamilyLinkStatus::kAsserted);

  Case weak;
  weak.Add("adult", "Maria", "Perez", "Soto", "1990-01-01", Sex::kFemale, "");
  weak.Add("child", "Jose", "Gomez", "Lopez", "2015-01-01", Sex::kMale, "");
  weak.set.records[0].claims.push_back({"child", "mother"});
  auto unsupported = weak.Run();
  ASSERT_EQ(unsupported.size(), 1u);
  EXPECT_EQ(unsupported[0].status, FamilyLinkStatus::kReview);

  for (auto& r : weak.set.records) {
    r.apprehension_place = "RGV McAllen";
    r.apprehended_at = *ParseTimestamp("2018-05-10T03:00:00Z");
  }
  weak.set.records[1].apprehended_at = *ParseTimestamp("2018-05-10T04:30:00Z");
  auto together = weak.Run();
  ASSERT_EQ(together.size(), 1u);
  bool co = false;
  for (const auto& e : together[0].evidence) co |= e.kind == "co_apprehension";
  EXPECT_TRUE(co);
  EXPECT_GT(together[0].confidence, unsupported[0].confidence);
}

TEST(FamilyLinksTest, StrangersApprehendedTogetherAreNotLinked) {
  Case c;
  c.Add("adult", "Carlos", "Mendez", "Ruiz", "1975-01-01", Sex::kMale, "");
  c.Add("child", "Ana", "Quispe", "Mamani", "2010-01-01", Sex::kFemale, "");
  for (auto& r : c.set.records) {
    r.apprehension_place = "El Paso";
    r.apprehended_at = *ParseTimestamp("2018-06-01T10:00:00Z");
  }
  EXPECT_TRUE(c.Run().empty());  // co-apprehension +1.5, naming broken -4: below review
}

}  // namespace
}  // namespace kinlink::linkage
