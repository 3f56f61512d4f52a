// A seeded generator of simulator-like truth streams, for the synthesizer's tests and for
// bench/synth_scale.cc, until `kinlink simulate --truth` produces them.
//
// It writes the documented stream (docs/truth-format.md) for a population of family units
// (one or two adults with one to three children), single adults and unaccompanied children
// arriving over a period, with the pipeline's usual paths: referral and prosecution of a parent
// (Marshals custody, hearing, sentence, ICE, removal or release) and the children's ORR placement;
// family detention; adult detention and removal. It is a test fixture, not the simulator: its
// rates are round numbers chosen to exercise every record type, not calibrated figures.
//
// Events are written in time order through a heap of future lines; memory is bounded by the
// people in custody at once.
//
//   SyntheticTruthOptions options{.families = 1000, .single_adults = 800, .seed = 3};
//   WriteSyntheticTruth(options, out);
#ifndef KINLINK_TESTS_SYNTH_SYNTHETIC_TRUTH_H_
#define KINLINK_TESTS_SYNTH_SYNTHETIC_TRUTH_H_

#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <queue>
#include <string>
#include <vector>

#include "core/json_codec.h"
#include "synth/random.h"

namespace kinlink::synth::testing {

struct SyntheticTruthOptions {
  int64_t families = 100;
  int64_t single_adults = 100;
  int64_t unaccompanied_children = 20;
  uint64_t seed = 1;
  int days = 365;
  double referral_rate = 0.3;          // a family's first adult is referred for prosecution
  double family_detention_rate = 0.6;  // a family not referred goes to family detention
  double single_detention_rate = 0.7;  // a single adult goes to ICE detention
  double removal_rate = 0.5;
  double other_relative_rate = 0.02;  // an adult is an aunt/uncle, not a parent
  double disproven_rate = 0.01;       // an adult falsely claimed the child
};

class SyntheticTruthWriter {
 public:
  SyntheticTruthWriter(const SyntheticTruthOptions& options, std::ostream& out)
      : options_(options), out_(out), rng_(options.seed) {}

  void Write() {
    start_ = kinlink::StartOfDay(kinlink::MakeDate(2018, 10, 1).value());
    Header();
    Facilities();
    const int64_t arrivals =
        options_.families + options_.single_adults + options_.unaccompanied_children;
    const double seconds = options_.days * 86400.0;
    std::vector<int> kinds;  // 0 family, 1 single adult, 2 child alone
    int64_t left[3] = {options_.families, options_.single_adults, options_.unaccompanied_children};
    for (int64_t i = 0; i < arrivals; ++i) {
      int64_t remaining = left[0] + left[1] + left[2];
      uint64_t pick = rng_.Below(static_cast<uint64_t>(remaining));
      int kind = pick < uint64_t(left[0]) ? 0 : pick < uint64_t(left[0] + left[1]) ? 1 : 2;
      --left[kind];
      Timestamp t = start_ + std::chrono::seconds(static_cast<int64_t>(seconds * i / arrivals));
      Drain(t);
      if (kind == 0) Family(t);
      if (kind == 1) SingleAdult(t);
      if (kind == 2) ChildAlone(t);
    }
    Drain(Timestamp::max());
    out_ << nlohmann::json({{"record", "footer"},
                            {"persons", persons_},
                            {"families", families_},
                            {"events", events_}})
                .dump()
         << '\n';
  }

 private:
  struct Pending {
    Timestamp time;
    uint64_t sequence;
    std::string line;
    bool is_event;
    bool operator>(const Pending& o) const {
      return std::tie(time, sequence) > std::tie(o.time, o.sequence);
    }
  };

  static constexpr const char* kSectors[] = {"san_diego", "el_centro", "yuma",
                                             "tucson",    "el_paso",   "big_bend",
                                             "del_rio",   "laredo",    "rio_grande_valley"};
  static constexpr const char* kDistricts[] = {"sd_cal", "sd_cal", "d_ariz", "d_ariz", "wd_tex",
                                               "wd_tex", "wd_tex", "sd_tex", "sd_tex"};

  void Header() {
    out_ << nlohmann::json({{"record", "header"},
                            {"format", "kinlink-truth"},
                            {"version", 1},
                            {"scenario", "synthetic-test"},
                            {"seed", options_.seed},
                            {"replication", 0},
                            {"start", FormatTimestamp(start_)},
                            {"end", FormatTimestamp(start_ + std::chrono::days(options_.days))}})
                .dump()
         << '\n';
  }

  void Line(nlohmann::json j) { out_ << j.dump() << '\n'; }

  void Facilities() {
    auto facility = [&](std::string id, std::string name, std::string kind,
                        std::optional<std::string> sector, std::optional<std::string> district) {
      nlohmann::json j = {
          {"record", "facility"}, {"facility_id", id}, {"name", name}, {"kind", kind}};
      if (sector) j["sector"] = *sector;
      if (district) j["district"] = *district;
      Line(j);
    };
    for (int s = 0; s < 9; ++s) {
      facility(fmt::format("station-{}", kSectors[s]), fmt::format("{} Station", kSectors[s]),
               "border_patrol_station", kSectors[s], std::nullopt);
    }
    for (const char* d : {"sd_cal", "d_ariz", "wd_tex", "sd_tex"}) {
      facility(fmt::format("usms-{}", d), fmt::format("Marshals jail {}", d), "usms_jail",
               std::nullopt, std::string(d));
    }
    facility("ice-adult-1", "Port Isabel Detention Center", "ice_adult_detention", std::nullopt,
             std::nullopt);
    facility("ice-adult-2", "Otay Mesa Detention Center", "ice_adult_detention", std::nullopt,
             std::nullopt);
    facility("ice-family-1", "South Texas Family Residential Center", "ice_family_residential",
             std::nullopt, std::nullopt);
    facility("ice-family-2", "Karnes County Residential Center", "ice_family_residential",
             std::nullopt, std::nullopt);
    facility("orr-1", "Casa Padre", "orr_shelter", std::nullopt, std::nullopt);
    facility("orr-2", "Southwest Key Combes", "orr_shelter", std::nullopt, std::nullopt);
    facility("orr-3", "Cayuga Centers foster care", "orr_foster_care", std::nullopt, std::nullopt);
  }

  void Drain(Timestamp until) {
    while (!heap_.empty() && heap_.top().time < until) {
      out_ << heap_.top().line << '\n';
      heap_.pop();
    }
  }

  void Declare(Timestamp t, nlohmann::json j) { heap_.push({t, sequence_++, j.dump(), false}); }

  void Event(Timestamp t, const std::string& type, nlohmann::json payload) {
    payload["record"] = "event";
    payload["event_id"] = fmt::format("E{}", ++event_number_);
    payload["type"] = type;
    payload["effective_at"] = FormatTimestamp(t);
    heap_.push({t, sequence_++, payload.dump(), true});
    ++events_;
  }

  std::string Citizenship() {
    double u = rng_.Uniform();
    return u < 0.45 ? "GTM" : u < 0.80 ? "HND" : u < 0.90 ? "SLV" : u < 0.97 ? "MEX" : "NIC";
  }

  std::string NewPerson(Timestamp t, int min_age, int max_age, const std::string& citizenship) {
    std::string id = fmt::format("P{}", ++person_number_);
    Date today = DateOf(t);
    int age = rng_.Between(min_age, max_age);
    Date birth = today - std::chrono::days(age * 365 + rng_.Between(0, 364));
    nlohmann::json j = {{"record", "person"},
                        {"person_id", id},
                        {"sex", rng_.Chance(0.5) ? "female" : "male"},
                        {"birth_date", FormatDate(birth)},
                        {"citizenship", citizenship}};
    if (citizenship == "GTM") {
      double u = rng_.Uniform();
      j["language"] = u < 0.15 ? "quc" : u < 0.3 ? "mam" : u < 0.4 ? "kjb" : "spa";
    } else {
      j["language"] = "spa";
    }
    Declare(t, j);
    ++persons_;
    return id;
  }

  nlohmann::json Custody(const std::string& agency, const std::string& facility) {
    return {{"agency", agency}, {"facility_id", facility}};
  }

  void Transfer(Timestamp t, const std::string& person, std::optional<nlohmann::json> releasing,
                std::optional<nlohmann::json> receiving) {
    nlohmann::json j = {{"person_id", person}};
    if (releasing) j["releasing"] = *releasing;
    if (receiving) j["receiving"] = *receiving;
    Event(t, "custody_transfer", j);
  }

  Timestamp Hours(Timestamp t, double hours) {
    return t + std::chrono::seconds(static_cast<int64_t>(hours * 3600));
  }

  // ICE detention from `t`: book-out after some days, removal or release.
  void IceStay(Timestamp t, const std::string& person, const std::string& facility,
               const std::vector<std::string>& children) {
    Transfer(t, person, Custody("cbp", "station"), Custody("ice", facility));
    Timestamp out = Hours(t, 24.0 * rng_.Between(5, 60));
    if (rng_.Chance(options_.removal_rate)) {
      Event(out, "removal",
            {{"person_id", person}, {"country", "GTM"}, {"accompanying_children", children}});
      Transfer(Hours(out, 1), person, Custody("ice", facility), std::nullopt);
    } else {
      Transfer(out, person, Custody("ice", facility), std::nullopt);
    }
  }

  void Family(Timestamp t) {
    int sector = static_cast<int>(rng_.Below(9));
    std::string station = fmt::format("station-{}", kSectors[sector]);
    std::string citizenship = Citizenship();
    std::string family_id = fmt::format("F{}", ++family_number_);
    int adults = rng_.Chance(0.15) ? 2 : 1;
    int children = rng_.Between(1, 3);
    std::vector<std::string> adult_ids, child_ids;
    for (int i = 0; i < adults; ++i) adult_ids.push_back(NewPerson(t, 19, 45, citizenship));
    for (int i = 0; i < children; ++i) child_ids.push_back(NewPerson(t, 0, 17, citizenship));
    std::vector<std::string> members = adult_ids;
    members.insert(members.end(), child_ids.begin(), child_ids.end());
    Declare(t, {{"record", "family_unit"}, {"family_unit_id", family_id}, {"members", members}});
    ++families_;
    for (const auto& adult : adult_ids) {
      double u = rng_.Uniform();
      std::string kind = u < options_.disproven_rate ? "disproven"
                         : u < options_.disproven_rate + options_.other_relative_rate
                             ? "other_relative"
                             : "biological";
      for (const auto& child : child_ids) {
        Declare(t, {{"record", "relationship"},
                    {"parent_id", adult},
                    {"child_id", child},
                    {"kind", kind}});
      }
    }
    for (const auto& member : members) {
      Event(t, "apprehension",
            {{"person_id", member},
             {"family_unit_id", family_id},
             {"sector", kSectors[sector]},
             {"station_id", station}});
    }
    const std::string& parent = adult_ids.front();
    if (rng_.Chance(options_.referral_rate)) {
      std::string district = kDistricts[sector];
      Event(Hours(t, 2), "referral",
            {{"person_id", parent},
             {"district", district},
             {"statute", rng_.Chance(0.9) ? "8usc1325" : "8usc1326"}});
      Event(Hours(t, 4), "prosecution_decision",
            {{"person_id", parent}, {"district", district}, {"prosecute", true}});
      std::string jail =
          fmt::format("usms-{}", district == std::string("d_nm") ? "wd_tex" : district);
      Transfer(Hours(t, 8), parent, Custody("cbp", station), Custody("usms", jail));
      for (const auto& child : child_ids) {
        Event(Hours(t, 8), "separation",
              {{"child_id", child},
               {"parent_id", parent},
               {"family_unit_id", family_id},
               {"reason", "parent_prosecution"}});
        Event(Hours(t, 30), "orr_referral",
              {{"child_id", child},
               {"referring_agency", "cbp"},
               {"separated", true},
               {"parent_id", parent}});
        std::string shelter = fmt::format("orr-{}", rng_.Between(1, 3));
        Event(Hours(t, 50), "orr_placement", {{"child_id", child}, {"facility_id", shelter}});
        Timestamp release = Hours(t, 24.0 * rng_.Between(20, 150));
        Event(release, "orr_release",
              {{"child_id", child}, {"sponsor", rng_.Chance(0.4) ? "parent" : "close_relative"}});
      }
      std::string case_number = fmt::format("18-mj-{:05}", ++case_number_);
      Timestamp hearing = Hours(t, 24.0 * rng_.Between(1, 3));
      Event(hearing, "hearing",
            {{"person_id", parent},
             {"district", district},
             {"court_id", "court-" + district},
             {"case_number", case_number},
             {"defendants", rng_.Between(10, 80)}});
      bool time_served = rng_.Chance(0.85);
      Event(Hours(hearing, 1), "sentence",
            {{"person_id", parent},
             {"case_number", case_number},
             {"disposition", time_served ? "time_served" : "custody_days"},
             {"custody_days", time_served ? 0 : rng_.Between(2, 14)}});
      Timestamp back = Hours(hearing, 24.0 * rng_.Between(1, 15));
      Transfer(back, parent, Custody("usms", jail), std::nullopt);
      IceStay(Hours(back, 1), parent, "ice-adult-1", {});
      for (size_t i = 1; i < adult_ids.size(); ++i) {
        if (rng_.Chance(options_.family_detention_rate)) {
          IceStay(Hours(t, 48), adult_ids[i], "ice-family-1", {});
        }
      }
    } else if (rng_.Chance(options_.family_detention_rate)) {
      std::string facility = rng_.Chance(0.5) ? "ice-family-1" : "ice-family-2";
      for (const auto& member : members) {
        IceStay(Hours(t, 48), member, facility, {});
      }
    }
  }

  void SingleAdult(Timestamp t) {
    int sector = static_cast<int>(rng_.Below(9));
    std::string person = NewPerson(t, 18, 50, Citizenship());
    Event(t, "apprehension",
          {{"person_id", person},
           {"sector", kSectors[sector]},
           {"station_id", fmt::format("station-{}", kSectors[sector])}});
    if (rng_.Chance(options_.single_detention_rate)) {
      IceStay(Hours(t, 36), person, rng_.Chance(0.5) ? "ice-adult-1" : "ice-adult-2", {});
    }
  }

  void ChildAlone(Timestamp t) {
    int sector = static_cast<int>(rng_.Below(9));
    std::string child = NewPerson(t, 12, 17, Citizenship());
    Event(t, "apprehension",
          {{"person_id", child},
           {"sector", kSectors[sector]},
           {"station_id", fmt::format("station-{}", kSectors[sector])}});
    Event(Hours(t, 20), "orr_referral",
          {{"child_id", child}, {"referring_agency", "cbp"}, {"separated", false}});
    Event(Hours(t, 40), "orr_placement",
          {{"child_id", child}, {"facility_id", fmt::format("orr-{}", rng_.Between(1, 3))}});
    Event(Hours(t, 24.0 * rng_.Between(15, 90)), "orr_release",
          {{"child_id", child}, {"sponsor", "distant_relative"}});
  }

  SyntheticTruthOptions options_;
  std::ostream& out_;
  Rng rng_;
  Timestamp start_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> heap_;
  uint64_t sequence_ = 0;
  int64_t persons_ = 0, families_ = 0, events_ = 0;
  int64_t person_number_ = 0, family_number_ = 0, event_number_ = 0, case_number_ = 0;
};

inline void WriteSyntheticTruth(const SyntheticTruthOptions& options, std::ostream& out) {
  SyntheticTruthWriter(options, out).Write();
}

}  // namespace kinlink::synth::testing

#endif  // KINLINK_TESTS_SYNTH_SYNTHETIC_TRUTH_H_
