// Synthetic custody stories for the ledger benchmarks: a seeded stream of families moving through
// the 2018 pipeline (apprehension, referral, separation, Marshals, ORR, hearing, sentence, ICE,
// removal or release), about 1% of families with one event delivered late, out of order.
// Persons are "P<family>a" (the parent) and "P<family>c<n>" (children), families "F<family>".
//
//   StoryGenerator stories(2018);
//   std::vector<Event> batch;
//   while (batch.size() < 20000) stories.NextFamily(batch);
#ifndef KINLINK_BENCH_LEDGER_BENCH_STORIES_H_
#define KINLINK_BENCH_LEDGER_BENCH_STORIES_H_

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/event.h"

namespace kinlink::bench {

class StoryGenerator {
 public:
  explicit StoryGenerator(uint64_t seed)
      : rng_(seed), t0_(ParseTimestamp("2018-04-01T00:00:00Z").value()) {}

  int64_t families() const { return family_; }

  // Appends one family's events (10-16) to `out`.
  void NextFamily(std::vector<Event>& out) {
    ++family_;
    const int64_t f = family_;
    std::string fid = fmt::format("F{}", f);
    std::string parent = fmt::format("P{}a", f);
    int children = 1 + static_cast<int>(rng_() % 2);
    Timestamp t = t0_ + std::chrono::seconds(f * 37);
    auto at = [&](int hours) { return t + std::chrono::hours(hours); };
    auto id = [&](std::string_view kind, int n) { return fmt::format("E{}-{}-{}", kind, f, n); };
    auto event = [&](std::string event_id, Timestamp when, EventPayload payload) {
      Event e;
      e.event_id = std::move(event_id);
      e.effective_at = when;
      e.payload = std::move(payload);
      return e;
    };
    static constexpr Sector kSectors[] = {Sector::kRioGrandeValley, Sector::kYuma, Sector::kElPaso,
                                          Sector::kTucson};
    std::vector<Event> story;
    Sector sector = kSectors[rng_() % 4];
    std::string station = fmt::format("cbp-station-{}", rng_() % 40);
    story.push_back(event(id("ap", 0), at(0), Apprehension{parent, fid, sector, station}));
    story.push_back(
        event(id("rf", 0), at(6), Referral{parent, District::kSdTex, Statute::kIllegalEntry1325}));
    story.push_back(event(id("tr", 0), at(8),
                          CustodyTransfer{parent, Custody{Agency::kCbp, station},
                                          Custody{Agency::kUsms, "usms-jail"}, ""}));
    for (int c = 0; c < children; ++c) {
      std::string child = fmt::format("P{}c{}", f, c);
      story.push_back(event(id("ap", c + 1), at(0), Apprehension{child, fid, sector, station}));
      story.push_back(event(id("se", c), at(7),
                            Separation{child, parent, fid, SeparationReason::kParentProsecution}));
      story.push_back(event(id("or", c), at(20), OrrReferral{child, Agency::kCbp, true, parent}));
      story.push_back(
          event(id("tc", c), at(30 + static_cast<int>(rng_() % 60)),
                CustodyTransfer{child, Custody{Agency::kCbp, station},
                                Custody{Agency::kOrr, fmt::format("orr-{}", rng_() % 100)}, ""}));
      story.push_back(event(id("rl", c), at(24 * (20 + static_cast<int>(rng_() % 70))),
                            OrrRelease{child, SponsorCategory::kCloseRelative, std::nullopt}));
    }
    story.push_back(event(id("he", 0), at(30),
                          Hearing{parent, District::kSdTex, "court", fmt::format("18-{}", f), 40}));
    story.push_back(event(id("sn", 0), at(31),
                          Sentence{parent, fmt::format("18-{}", f), Disposition::kTimeServed, 0}));
    story.push_back(event(id("ti", 0), at(40),
                          CustodyTransfer{parent, Custody{Agency::kUsms, "usms-jail"},
                                          Custody{Agency::kIce, "ice-detention"}, ""}));
    story.push_back(event(id("rm", 0), at(24 * 12), Removal{parent, "GTM", {}}));
    std::stable_sort(story.begin(), story.end(), [](const Event& a, const Event& b) {
      return a.effective_at < b.effective_at;
    });
    if (rng_() % 100 == 0 && story.size() > 3) {  // one event arrives late
      std::rotate(story.begin() + 2, story.begin() + 3, story.end());
    }
    for (auto& e : story) out.push_back(std::move(e));
  }

 private:
  std::mt19937_64 rng_;
  Timestamp t0_;
  int64_t family_ = 0;
};

}  // namespace kinlink::bench

#endif  // KINLINK_BENCH_LEDGER_BENCH_STORIES_H_
