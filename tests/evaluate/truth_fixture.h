// Hand-built truth for the benchmark's tests: a small story builder over TruthModel.
#ifndef KINLINK_TESTS_EVALUATE_TRUTH_FIXTURE_H_
#define KINLINK_TESTS_EVALUATE_TRUTH_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>

#include "core/civil_time.h"
#include "core/event.h"
#include "evaluate/truth_model.h"

namespace kinlink::evaluate::testing {

inline Timestamp At(const std::string& iso) {
  auto t = ParseTimestamp(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? *t : Timestamp{};
}

class TruthBuilder {
 public:
  TruthModel& model() { return model_; }

  void Person(const std::string& id, const std::string& birth) {
    kinlink::Person p;
    p.person_id = id;
    auto date = PartialDate::FromIso(birth);
    EXPECT_TRUE(date.ok());
    p.birth_date = *date;
    model_.AddPerson(p);
  }
  void Family(const std::string& id, std::vector<std::string> members) {
    model_.AddFamily({id, std::move(members)});
  }
  void Parent(const std::string& parent, const std::string& child) {
    model_.AddRelationship({parent, child, RelationshipKind::kBiological});
  }
  void Add(const std::string& when, EventPayload payload) {
    Event e;
    e.event_id = "E" + std::to_string(++events_);
    e.effective_at = At(when);
    e.payload = std::move(payload);
    Status s = model_.AddEvent(e);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  void Enter(const std::string& when, const std::string& person, Agency agency,
             const std::string& facility) {
    Add(when, CustodyTransfer{person, std::nullopt, Custody{agency, facility}, ""});
  }
  void Move(const std::string& when, const std::string& person, Agency from, Agency to,
            const std::string& facility) {
    Add(when, CustodyTransfer{person, Custody{from, ""}, Custody{to, facility}, ""});
  }
  void Leave(const std::string& when, const std::string& person, Agency from) {
    Add(when, CustodyTransfer{person, Custody{from, ""}, std::nullopt, ""});
  }
  void Separate(const std::string& when, const std::string& child, const std::string& parent,
                const std::string& family) {
    Add(when, Separation{child, parent, family, SeparationReason::kParentProsecution});
  }

 private:
  TruthModel model_;
  int events_ = 0;
};

// A family of a mother (P1) and her son (P2, born 2014): apprehended 2018-05-10 at a CBP
// station; the mother referred and taken by the Marshals on 2018-05-11, the son separated and
// placed in ORR on 2018-05-13; the mother goes to ICE on 2018-05-20 and is removed on
// 2018-06-06; the son stays in ORR.
inline void RemovedMotherStory(TruthBuilder& b) {
  b.Person("P1", "1990-01-01");
  b.Person("P2", "2014-03-01");
  b.Family("F1", {"P1", "P2"});
  b.Parent("P1", "P2");
  b.Add("2018-05-10T08:00:00Z", Apprehension{"P1", "F1", Sector::kDelRio, "cbp-drt-station"});
  b.Enter("2018-05-10T08:00:00Z", "P1", Agency::kCbp, "cbp-drt-station");
  b.Add("2018-05-10T08:00:00Z", Apprehension{"P2", "F1", Sector::kDelRio, "cbp-drt-station"});
  b.Enter("2018-05-10T08:00:00Z", "P2", Agency::kCbp, "cbp-drt-station");
  b.Add("2018-05-11T09:00:00Z", Referral{"P1", District::kWdTex, Statute::kIllegalEntry1325});
  b.Separate("2018-05-11T10:00:00Z", "P2", "P1", "F1");
  b.Move("2018-05-11T10:00:00Z", "P1", Agency::kCbp, Agency::kUsms, "usms-del-rio");
  b.Add("2018-05-11T10:00:00Z", OrrReferral{"P2", Agency::kCbp, true, "P1"});
  b.Move("2018-05-13T12:00:00Z", "P2", Agency::kCbp, Agency::kOrr, "orr-shelter-1");
  b.Add("2018-05-13T12:00:00Z", OrrPlacement{"P2", "orr-shelter-1"});
  b.Move("2018-05-20T12:00:00Z", "P1", Agency::kUsms, Agency::kIce, "ice-port-isabel");
  b.Leave("2018-06-06T15:00:00Z", "P1", Agency::kIce);
  b.Add("2018-06-06T15:00:00Z", Removal{"P1", "GTM", {}});
}

}  // namespace kinlink::evaluate::testing

#endif  // KINLINK_TESTS_EVALUATE_TRUTH_FIXTURE_H_
