#include "sim/pipeline/population.h"

#include <stdexcept>
#include <string>

namespace kinlink::sim {

std::string_view ToString(Place place) {
  switch (place) {
    case Place::kCbp:
      return "cbp";
    case Place::kUsms:
      return "usms";
    case Place::kIceAdult:
      return "ice_adult";
    case Place::kIceFamily:
      return "ice_family";
    case Place::kOrr:
      return "orr";
    case Place::kReleased:
      return "released";
    case Place::kRemoved:
      return "removed";
  }
  return "cbp";
}

PersonIndex Population::Add(SimPerson person, Place place, double now) {
  person.place = place;
  person.entered_place_at = static_cast<float>(now);
  person.apprehended_at = static_cast<float>(now);
  people_.push_back(person);
  ++counts_[static_cast<int>(place)];
  return static_cast<PersonIndex>(people_.size() - 1);
}

Place Population::Move(PersonIndex i, Place to, double now) {
  if (i >= people_.size()) throw std::logic_error("move of a person who never arrived");
  SimPerson& p = people_[i];
  const Place from = p.place;
  if (from == Place::kRemoved) {
    throw std::logic_error("person " + std::to_string(i) + " moved to " +
                           std::string(ToString(to)) + " after removal");
  }
  --counts_[static_cast<int>(from)];
  ++counts_[static_cast<int>(to)];
  if (counts_[static_cast<int>(from)] < 0) throw std::logic_error("negative count of a place");
  p.place = to;
  p.entered_place_at = static_cast<float>(now);
  ++moves_;
  return from;
}

bool Population::CheckConsistent() const {
  std::array<std::int64_t, kPlaceCount> recount{};
  for (const auto& p : people_) ++recount[static_cast<int>(p.place)];
  std::int64_t total = 0;
  for (int i = 0; i < kPlaceCount; ++i) {
    if (recount[i] != counts_[i]) return false;
    total += counts_[i];
  }
  return total == static_cast<std::int64_t>(people_.size());
}

}  // namespace kinlink::sim
