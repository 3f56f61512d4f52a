#include "linkage/internal/uniform_sample.h"

#include <algorithm>
#include <random>

namespace kinlink::linkage::detail {

std::vector<uint64_t> UniformSortedSample(uint64_t population, uint64_t count, uint64_t seed) {
  std::vector<uint64_t> chosen;
  if (count >= population) {
    chosen.resize(population);
    for (uint64_t i = 0; i < population; ++i) chosen[i] = i;
    return chosen;
  }
  const bool complement = count > population / 2;
  const uint64_t draw = complement ? population - count : count;
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<uint64_t> pick(0, population - 1);
  chosen.reserve(draw);
  while (chosen.size() < draw) {
    const size_t before = chosen.size();
    for (size_t k = before; k < draw; ++k) chosen.push_back(pick(random));
    std::sort(chosen.begin() + static_cast<std::ptrdiff_t>(before), chosen.end());
    std::inplace_merge(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(before),
                       chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  }
  if (!complement) return chosen;
  std::vector<uint64_t> kept;
  kept.reserve(count);
  size_t skip = 0;
  for (uint64_t i = 0; i < population; ++i) {
    if (skip < chosen.size() && chosen[skip] == i) {
      ++skip;
    } else {
      kept.push_back(i);
    }
  }
  return kept;
}

}  // namespace kinlink::linkage::detail
