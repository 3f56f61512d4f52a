// Population: every simulated person, where each one is, and the rule that keeps it true.
//
// A person is in exactly one Place at every instant, from the moment they are apprehended:
// Border Patrol custody, the Marshals, ICE adult or family detention, an ORR shelter, released in
// the United States, or removed. Population::Move is the only way to change a place; it keeps a
// count per place and treats an impossible move (a person not yet arrived, or moved after
// removal) as a broken invariant (std::logic_error). CheckConsistent() recounts everyone and
// compares with the running counts; the model calls it at the end of a run and tests call it.
//
//   Population people;
//   PersonIndex p = people.Add(SimPerson{.child = true, .age = 6}, Place::kCbp, now);
//   people.Move(p, Place::kOrr, now);
//   people.CountIn(Place::kOrr);   // 1
//
// Thread safety: none; one Population belongs to one replication.
#ifndef KINLINK_SIM_PIPELINE_POPULATION_H_
#define KINLINK_SIM_PIPELINE_POPULATION_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/agency.h"

namespace kinlink::sim {

using PersonIndex = std::uint32_t;
using FamilyIndex = std::uint32_t;
inline constexpr FamilyIndex kNoFamily = 0xffffffffu;

enum class Place : std::uint8_t {
  kCbp,        // Border Patrol station (short-term holding)
  kUsms,       // US Marshals custody (a contracted jail), including court
  kIceAdult,   // ICE adult detention
  kIceFamily,  // ICE family residential center
  kOrr,        // an ORR shelter
  kReleased,   // released in the United States (notice to appear, parole, sponsor)
  kRemoved,    // removed from the United States
};
inline constexpr int kPlaceCount = 7;
std::string_view ToString(Place place);
// Released and removed are final for custody: the person is in no agency's custody.
inline bool InCustody(Place place) { return place != Place::kReleased && place != Place::kRemoved; }

struct SimPerson {
  FamilyIndex family = kNoFamily;
  std::uint8_t age = 0;  // whole years at apprehension
  bool child = false;
  bool female = false;
  std::uint8_t nationality = 0;  // index into the scenario's nationality list
  Sector sector = Sector::kRioGrandeValley;
  District district = District::kSdTex;
  Place place = Place::kCbp;
  float entered_place_at = 0;  // hours; when the person entered `place`
  float apprehended_at = 0;    // hours
};

class Population {
 public:
  // Adds a person who enters `place` at `now` (hours). Returns their index.
  PersonIndex Add(SimPerson person, Place place, double now);
  // Moves a person to `to`. Throws std::logic_error when the person is removed already.
  // Returns the place they left.
  Place Move(PersonIndex person, Place to, double now);

  const SimPerson& operator[](PersonIndex i) const { return people_[i]; }
  SimPerson& operator[](PersonIndex i) { return people_[i]; }
  std::size_t size() const { return people_.size(); }
  std::int64_t CountIn(Place place) const { return counts_[static_cast<int>(place)]; }
  std::int64_t moves() const { return moves_; }

  // Recounts every person's place; true when it equals the running counts and the counts sum to
  // the number of persons (nobody lost, nobody counted twice).
  bool CheckConsistent() const;

 private:
  std::vector<SimPerson> people_;
  std::array<std::int64_t, kPlaceCount> counts_{};
  std::int64_t moves_ = 0;
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_PIPELINE_POPULATION_H_
