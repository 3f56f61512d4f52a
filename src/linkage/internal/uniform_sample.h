// UniformSortedSample: `count` distinct positions drawn uniformly from [0, population), ascending.
//
// Every subset of `count` positions is equally likely: positions are drawn with replacement,
// duplicates removed, and the shortfall drawn again until there are `count`; the procedure treats
// all positions alike, so its result is a uniform subset. When more than half the population is
// wanted, the positions left out are drawn instead. The same seed gives the same positions.
// All positions (0 .. population - 1) when count >= population.
//
// A training session uses it to pick its sample of a rule's pairs by position
// (Blocker::PairsAt) instead of deciding pair by pair while all of them are generated.
//
//   std::vector<uint64_t> chosen = detail::UniformSortedSample(61'977'485, 2'000'000, 44);
//
// Thread safety: a pure function.
#ifndef KINLINK_LINKAGE_INTERNAL_UNIFORM_SAMPLE_H_
#define KINLINK_LINKAGE_INTERNAL_UNIFORM_SAMPLE_H_

#include <cstdint>
#include <vector>

namespace kinlink::linkage::detail {

std::vector<uint64_t> UniformSortedSample(uint64_t population, uint64_t count, uint64_t seed);

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_UNIFORM_SAMPLE_H_
