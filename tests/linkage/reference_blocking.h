// The serial blocker as it was before blocking ran on several threads (commit 3e5bb36), kept
// word for word as the reference the parallel and streaming blockers must match pair for pair,
// in the same order, and the training sample it fed (the pairs at UniformSortedSample's positions).
#ifndef KINLINK_TESTS_LINKAGE_REFERENCE_BLOCKING_H_
#define KINLINK_TESTS_LINKAGE_REFERENCE_BLOCKING_H_

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "linkage/blocking.h"
#include "linkage/internal/uniform_sample.h"

namespace kinlink::linkage::reference {

inline std::vector<CandidatePair> SerialPairs(const std::vector<BlockingRule>& rules,
                                              const BlockingOptions& options,
                                              const std::vector<PreparedRecord>& records,
                                              std::vector<uint64_t>* pairs_per_rule) {
  const size_t n = records.size();
  const size_t rule_count = rules.size();
  std::vector<uint64_t> keys(rule_count * n);
  for (size_t r = 0; r < rule_count; ++r) {
    for (size_t i = 0; i < n; ++i) keys[r * n + i] = Blocker::KeyOf(rules[r], records[i]);
  }
  constexpr uint32_t kNotWindowed = UINT32_MAX;
  std::vector<uint32_t> by_surname(rule_count * n, kNotWindowed);
  std::vector<uint32_t> by_given(rule_count * n, kNotWindowed);
  auto neighbours = [&](const std::vector<uint32_t>& place, size_t rule, uint32_t a, uint32_t b) {
    const uint32_t pa = place[rule * n + a];
    const uint32_t pb = place[rule * n + b];
    return (pa > pb ? pa - pb : pb - pa) <= options.window;
  };
  auto earlier_rule_produced = [&](size_t earlier, uint32_t a, uint32_t b) {
    const uint64_t ka = keys[earlier * n + a];
    if (ka == 0 || ka != keys[earlier * n + b]) return false;
    if (by_surname[earlier * n + a] == kNotWindowed) return true;
    return neighbours(by_surname, earlier, a, b) || neighbours(by_given, earlier, a, b);
  };
  std::vector<CandidatePair> pairs;
  pairs_per_rule->assign(rule_count, 0);
  std::vector<uint32_t> order(n);
  std::vector<uint32_t> block;
  std::vector<uint32_t> block_by_given;
  for (size_t r = 0; r < rule_count; ++r) {
    const uint64_t* rule_keys = &keys[r * n];
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return rule_keys[x] != rule_keys[y] ? rule_keys[x] < rule_keys[y] : x < y;
    });
    auto emit = [&](uint32_t x, uint32_t y) {
      if (x == y) return;
      uint32_t a = std::min(x, y);
      uint32_t b = std::max(x, y);
      if (options.link_only) {
        if (records[a].source == records[b].source) return;
        if (records[a].source != 0) std::swap(a, b);
      }
      for (size_t earlier = 0; earlier < r; ++earlier) {
        if (earlier_rule_produced(earlier, a, b)) return;
      }
      pairs.push_back({a, b});
      ++(*pairs_per_rule)[r];
    };
    size_t start = 0;
    while (start < n) {
      size_t end = start;
      const uint64_t key = rule_keys[order[start]];
      while (end < n && rule_keys[order[end]] == key) ++end;
      if (key != 0 && end - start > 1) {
        block.assign(order.begin() + static_cast<long>(start),
                     order.begin() + static_cast<long>(end));
        if (block.size() <= options.max_block_size) {
          for (size_t x = 0; x < block.size(); ++x) {
            for (size_t y = x + 1; y < block.size(); ++y) emit(block[x], block[y]);
          }
        } else {
          auto sort_by = [&](std::vector<uint32_t>& ids, std::string PreparedRecord::*first,
                             std::string PreparedRecord::*second) {
            std::sort(ids.begin(), ids.end(), [&](uint32_t x, uint32_t y) {
              const auto& rx = records[x];
              const auto& ry = records[y];
              if (rx.*first != ry.*first) return rx.*first < ry.*first;
              if (rx.*second != ry.*second) return rx.*second < ry.*second;
              return x < y;
            });
          };
          block_by_given = block;
          sort_by(block_by_given, &PreparedRecord::given, &PreparedRecord::surname);
          sort_by(block, &PreparedRecord::surname, &PreparedRecord::given);
          for (size_t x = 0; x < block.size(); ++x) {
            by_given[r * n + block_by_given[x]] = static_cast<uint32_t>(x);
            by_surname[r * n + block[x]] = static_cast<uint32_t>(x);
          }
          for (size_t x = 0; x < block.size(); ++x) {
            const size_t last = std::min(block.size(), x + 1 + options.window);
            for (size_t y = x + 1; y < last; ++y) emit(block[x], block[y]);
          }
          for (size_t x = 0; x < block.size(); ++x) {
            const size_t last = std::min(block.size(), x + 1 + options.window);
            for (size_t y = x + 1; y < last; ++y) {
              const uint32_t gx = block_by_given[x];
              const uint32_t gy = block_by_given[y];
              if (!neighbours(by_surname, r, gx, gy)) emit(gx, gy);
            }
          }
        }
      }
      start = end;
    }
  }
  return pairs;
}

// The training sample drawn from the whole list of a rule's pairs: the pairs at the chosen
// positions, in order.
inline void SamplePairs(std::vector<CandidatePair>& pairs, uint64_t count, uint64_t seed) {
  const std::vector<uint64_t> chosen = detail::UniformSortedSample(pairs.size(), count, seed);
  std::vector<CandidatePair> kept;
  kept.reserve(chosen.size());
  for (uint64_t position : chosen) kept.push_back(pairs[position]);
  pairs = std::move(kept);
}

}  // namespace kinlink::linkage::reference

#endif  // KINLINK_TESTS_LINKAGE_REFERENCE_BLOCKING_H_
