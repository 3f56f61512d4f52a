// The pipeline model: conservation (one place per person, nobody lost or duplicated), the truth
// stream's contract, no reunification before the parent leaves criminal custody, deterministic
// replay, and the direction of each policy's effect.
#include "sim/pipeline/pipeline_model.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/json_codec.h"
#include "sim/pipeline/replications.h"
#include "sim/scenario/scenario_loader.h"

namespace kinlink::sim {
namespace {

namespace fs = std::filesystem;

// A scenario from scenarios/, with arrivals scaled down so a replication takes milliseconds.
Scenario Small(const std::string& name, double scale = 0.15) {
  auto s = LoadScenarioFile(fs::path(KINLINK_SOURCE_DIR) / "scenarios" / (name + ".toml"));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  Scenario scenario = *s;
  for (auto* schedule :
       {&scenario.arrivals.family_units_per_day, &scenario.arrivals.single_adults_per_day}) {
    for (auto& point : schedule->points) point.value *= scale;
  }
  return scenario;
}

std::string Truth(const Scenario& scenario, std::uint64_t seed, ReplicationOutput* out = nullptr) {
  std::ostringstream text;
  TruthWriter truth(text,
                    {scenario.name, seed, 0, StartOfDay(scenario.start), StartOfDay(scenario.end)});
  ReplicationOutput result = RunPipelineReplication(scenario, {seed, 0, &truth});
  if (out != nullptr) *out = std::move(result);
  return text.str();
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(PipelineModelTest, EveryPersonIsInExactlyOnePlace) {
  ReplicationOutput out = RunPipelineReplication(Small("zero-tolerance-2018"), {3, 0, nullptr});
  EXPECT_TRUE(out.places_consistent);
  EXPECT_GT(out.persons, 10000u);
  const double persons = *out.metrics.Get("persons");
  EXPECT_EQ(persons, static_cast<double>(out.persons));
  EXPECT_EQ(persons, *out.metrics.Get("family_members") + *out.metrics.Get("single_adults"));
  // Every separated child ends in exactly one state.
  EXPECT_EQ(*out.metrics.Get("children_separated"),
            *out.metrics.Get("children_reunified") + *out.metrics.Get("children_reunified_abroad") +
                *out.metrics.Get("children_released_to_sponsor") +
                *out.metrics.Get("children_still_separated"));
}

// Replays the truth stream: ids declared before use, events in time order, footer counts, every
// custody transfer leaves the custody the previous one entered, nothing after release/removal,
// and no reunification while the parent is held by the Marshals.
void CheckTruthStream(const std::string& text, int* reunifications_seen) {
  std::vector<nlohmann::json> lines = Lines(text);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.front()["record"], "header");
  EXPECT_EQ(lines.front()["format"], "kinlink-truth");
  EXPECT_EQ(lines.back()["record"], "footer");
  std::set<std::string> declared;
  std::map<std::string, std::optional<Custody>> custody;  // current custody per person
  std::set<std::string> out_of_custody;
  std::int64_t persons = 0, families = 0, events = 0;
  Timestamp last{};
  *reunifications_seen = 0;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const auto& j = lines[i];
    const std::string record = j["record"];
    if (record == "facility") {
      ASSERT_TRUE(FacilityFromJson(j).ok());
      declared.insert(j["facility_id"].get<std::string>());
    } else if (record == "person") {
      ASSERT_TRUE(PersonFromJson(j).ok()) << j.dump();
      ASSERT_TRUE(declared.insert(j["person_id"].get<std::string>()).second) << "declared twice";
      ++persons;
    } else if (record == "family_unit") {
      for (const auto& m : j["members"]) ASSERT_TRUE(declared.count(m.get<std::string>()));
      declared.insert(j["family_unit_id"].get<std::string>());
      ++families;
    } else if (record == "relationship") {
      ASSERT_TRUE(AssociationFromJson(j).ok());
      ASSERT_TRUE(declared.count(j["parent_id"].get<std::string>()));
    } else {
      ASSERT_EQ(record, "event");
      auto event = EventFromJson(j);
      ASSERT_TRUE(event.ok()) << event.status().ToString() << " " << j.dump();
      ++events;
      ASSERT_GE(event->effective_at, last) << j.dump();
      last = event->effective_at;
      for (const auto& subject : event->Subjects())
        ASSERT_TRUE(declared.count(subject)) << j.dump();
      if (const auto* a = std::get_if<Apprehension>(&event->payload); a && a->family_unit_id) {
        ASSERT_TRUE(declared.count(*a->family_unit_id));
      }
      if (const auto* t = std::get_if<CustodyTransfer>(&event->payload)) {
        ASSERT_FALSE(out_of_custody.count(t->person_id)) << "moved after release: " << j.dump();
        auto it = custody.find(t->person_id);
        if (it == custody.end()) {
          ASSERT_FALSE(t->releasing.has_value()) << "first transfer must enter custody";
        } else {
          ASSERT_EQ(t->releasing, it->second) << "transfer leaves a custody the person is not in";
        }
        if (t->releasing) ASSERT_TRUE(declared.count(t->releasing->facility_id));
        if (t->receiving) ASSERT_TRUE(declared.count(t->receiving->facility_id));
        custody[t->person_id] = t->receiving;
        if (!t->receiving) out_of_custody.insert(t->person_id);
      }
      if (const auto* r = std::get_if<Reunification>(&event->payload)) {
        ++*reunifications_seen;
        auto parent = custody.find(r->parent_id);
        ASSERT_NE(parent, custody.end());
        if (parent->second) {
          EXPECT_NE(parent->second->agency, Agency::kUsms) << "reunified while the parent is held";
        }
      }
    }
  }
  EXPECT_EQ(lines.back()["persons"], persons);
  EXPECT_EQ(lines.back()["families"], families);
  EXPECT_EQ(lines.back()["events"], events);
}

TEST(PipelineModelTest, TruthStreamIsWellFormedAndConservesPersons) {
  ReplicationOutput out;
  const std::string text = Truth(Small("zero-tolerance-2018", 0.02), 11, &out);
  int reunifications = 0;
  CheckTruthStream(text, &reunifications);
  EXPECT_GT(reunifications, 0);
  EXPECT_EQ(Lines(text).back()["persons"], out.persons);
}

TEST(PipelineModelTest, ReunifyAtSentencingTruthIsWellFormed) {
  const std::string text = Truth(Small("reunify-at-sentencing", 0.02), 5);
  int reunifications = 0;
  CheckTruthStream(text, &reunifications);
  EXPECT_GT(reunifications, 0);
}

TEST(PipelineModelTest, SameSeedReplaysByteForByte) {
  const Scenario s = Small("zero-tolerance-2018", 0.01);
  const std::string a = Truth(s, 42);
  const std::string b = Truth(s, 42);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Truth(s, 43));
}

TEST(PipelineModelTest, ThreadCountDoesNotChangeResults) {
  const Scenario s = Small("zero-tolerance-2018", 0.05);
  auto one = RunPipelineReplications(s, {.replications = 3, .threads = 1, .seed = 9});
  auto two = RunPipelineReplications(s, {.replications = 3, .threads = 2, .seed = 9});
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].metrics.entries(), two[i].metrics.entries());
    EXPECT_EQ(one[i].separation_days, two[i].separation_days);
  }
  EXPECT_NE(one[0].metrics.entries(), one[1].metrics.entries());
}

double Total(const ReplicationOutput& out, const std::string& series, const Scenario& s,
             const std::string& from, const std::string& to) {
  const DailySeries* d = out.FindDaily(series);
  EXPECT_NE(d, nullptr) << series;
  if (d == nullptr) return 0;
  double total = 0;
  const auto first = (*ParseIsoDate(from) - s.start).count();
  const auto last = (*ParseIsoDate(to) - s.start).count();
  for (auto i = first; i <= last && i < static_cast<long>(d->values.size()); ++i)
    total += d->values[i];
  return total;
}

TEST(PipelineModelTest, BaselineSeparatesNoChildren) {
  const Scenario s = Small("baseline-2017", 0.1);
  ReplicationOutput out = RunPipelineReplication(s, {1, 0, nullptr});
  EXPECT_EQ(*out.metrics.Get("children_separated"), 0);
  EXPECT_GT(*out.metrics.Get("prosecutions"), 0);
}

TEST(PipelineModelTest, ZeroToleranceSeparatesOnlyWhileParentsAreReferred) {
  const Scenario s = Small("zero-tolerance-2018");
  ReplicationOutput out = RunPipelineReplication(s, {2, 0, nullptr});
  EXPECT_GT(Total(out, "children_separated", s, "2018-05-05", "2018-06-19"), 100);
  EXPECT_EQ(Total(out, "children_separated", s, "2018-06-21", "2018-09-30"), 0);
  EXPECT_EQ(Total(out, "family_adults_referred", s, "2018-06-21", "2018-09-30"), 0);
  EXPECT_LE(*out.metrics.Get("order_young_by_deadline"), *out.metrics.Get("order_young_in_scope"));
  EXPECT_LE(*out.metrics.Get("order_older_by_deadline"), *out.metrics.Get("order_older_in_scope"));
  EXPECT_GT(*out.metrics.Get("order_older_by_deadline"), 0);
}

TEST(PipelineModelTest, NoticeReducesCrowdingAndAtSentencingShortensSeparations) {
  // Full-scale arrivals: the capacity effects need the real load.
  const Scenario zero = Small("zero-tolerance-2018", 1.0);
  const Scenario notice = Small("zero-tolerance-with-notice", 1.0);
  const Scenario sentencing = Small("reunify-at-sentencing", 1.0);
  ReplicationOutput z = RunPipelineReplication(zero, {4, 0, nullptr});
  ReplicationOutput n = RunPipelineReplication(notice, {4, 0, nullptr});
  ReplicationOutput r = RunPipelineReplication(sentencing, {4, 0, nullptr});
  EXPECT_LT(*n.metrics.Get("declinations_capacity"), *z.metrics.Get("declinations_capacity"));
  EXPECT_LT(*n.metrics.Get("usms_days_over"), *z.metrics.Get("usms_days_over"));
  EXPECT_LT(*n.metrics.Get("orr_days_at_capacity"), *z.metrics.Get("orr_days_at_capacity"));
  EXPECT_LT(*r.metrics.Get("separation_days_median"), *z.metrics.Get("separation_days_median"));
  EXPECT_LT(
      Total(r, "children_referred_to_orr_after_separation", sentencing, "2018-04-01", "2018-09-30"),
      0.75 * *z.metrics.Get("children_separated"));
}

}  // namespace
}  // namespace kinlink::sim
