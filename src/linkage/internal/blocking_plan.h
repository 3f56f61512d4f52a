// BlockingPlan: the part of blocking that does not depend on the order pairs are produced in.
//
// For every rule it holds each record's key, the blocks (records sharing a key, two or more,
// in key order; inside a block records ascend), and, for a block too large to compare in full,
// the block sorted by surname then given name and by given name then surname with each record's
// place in both orders. With all of that computed up front, any block of any rule can produce its
// pairs on its own: whether an earlier rule already produced a pair is a lookup in the earlier
// rule's keys and places. Blocker::Pairs runs blocks on several threads and joins their pairs in
// block order; Blocker::ForEachPair walks them in the same order on one thread.
//
//   detail::BlockingPlan plan(rules, options, records, threads);
//   for (size_t r = 0; r < plan.rule_count(); ++r)
//     for (const auto& block : plan.blocks(r))
//       plan.EmitBlock(r, block, [&](uint32_t a, uint32_t b) { ... });
//
// Ownership: keeps references to `rules`, `options` and `records`, which must outlive it.
// Thread safety: immutable once built; EmitBlock may run concurrently on any blocks.
#ifndef KINLINK_LINKAGE_INTERNAL_BLOCKING_PLAN_H_
#define KINLINK_LINKAGE_INTERNAL_BLOCKING_PLAN_H_

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "linkage/blocking.h"

namespace kinlink::linkage::detail {

class BlockingPlan {
 public:
  // A run of records sharing rule's key: members_[rule][begin, end).
  struct Block {
    uint32_t begin;
    uint32_t end;
    bool windowed;
    size_t size() const { return end - begin; }
    // Roughly how many candidate pairs it yields (for splitting work).
    uint64_t Work(size_t window) const {
      const uint64_t k = size();
      return windowed ? 2 * k * std::min<uint64_t>(window, k) : k * (k - 1) / 2;
    }
  };

  // Computes keys, blocks and window orders of every rule, rules on up to `threads` threads.
  BlockingPlan(const std::vector<BlockingRule>& rules, const BlockingOptions& options,
               const std::vector<PreparedRecord>& records, int threads);

  size_t rule_count() const { return rules_.size(); }
  const std::vector<Block>& blocks(size_t rule) const { return blocks_[rule]; }

  // Calls emit(a, b) for each pair that block `block` of rule `rule` produces and no earlier rule
  // produced, in the serial blocker's order: a < b in dedupe mode, a from source 0 in link-only
  // mode.
  template <typename Emit>
  void EmitBlock(size_t rule, const Block& block, Emit&& emit) const;

  // The records of `block` of `rule`, in the order EmitBlock pairs them (x < y for a block
  // that is not windowed).
  std::span<const uint32_t> members(size_t rule, const Block& block) const {
    return {members_[rule].data() + block.begin, block.size()};
  }

  // Whether `rule` alone (no earlier rule to defer to) produces every pair of `block` in full in
  // dedupe mode, so that its pairs can be counted without walking them.
  bool CountsInFull(size_t rule, const Block& block) const {
    return rule == 0 && !block.windowed && !options_.link_only;
  }

 private:
  static constexpr uint32_t kNotWindowed = UINT32_MAX;

  void PlanRule(size_t rule);
  bool Neighbours(const std::vector<uint32_t>& place, size_t rule, uint32_t a, uint32_t b) const {
    const uint32_t pa = place[rule * n_ + a];
    const uint32_t pb = place[rule * n_ + b];
    return (pa > pb ? pa - pb : pb - pa) <= options_.window;
  }
  bool EarlierRuleProduced(size_t earlier, uint32_t a, uint32_t b) const {
    const uint64_t ka = keys_[a * rules_.size() + earlier];
    if (ka == 0 || ka != keys_[b * rules_.size() + earlier]) return false;
    if (by_surname_[earlier * n_ + a] == kNotWindowed) return true;
    return Neighbours(by_surname_, earlier, a, b) || Neighbours(by_given_, earlier, a, b);
  }

  const std::vector<BlockingRule>& rules_;
  const BlockingOptions& options_;
  const std::vector<PreparedRecord>& records_;
  size_t n_;
  // keys_[i * rule_count + r]: rule r's key of record i (0: none). A record's keys share a cache
  // line, so checking a pair against every earlier rule costs two memory reads, not two per rule.
  std::vector<uint64_t> keys_;
  // by_surname_[r * n + i]: record i's place in its windowed block of rule r, else kNotWindowed.
  std::vector<uint32_t> by_surname_;
  std::vector<uint32_t> by_given_;
  // Per rule: the records of its blocks, block after block; a full block ascends, a windowed one
  // is in surname order, with its given-name order at the same offsets of given_order_.
  std::vector<std::vector<uint32_t>> members_;
  std::vector<std::vector<uint32_t>> given_order_;
  std::vector<std::vector<Block>> blocks_;
};

template <typename Emit>
void BlockingPlan::EmitBlock(size_t rule, const Block& block, Emit&& emit) const {
  auto candidate = [&](uint32_t x, uint32_t y) {
    uint32_t a = std::min(x, y);
    uint32_t b = std::max(x, y);
    if (options_.link_only) {
      if (records_[a].source == records_[b].source) return;
      if (records_[a].source != 0) std::swap(a, b);
    }
    for (size_t earlier = 0; earlier < rule; ++earlier) {
      if (EarlierRuleProduced(earlier, a, b)) return;
    }
    emit(a, b);
  };
  const uint32_t* members = members_[rule].data() + block.begin;
  const size_t size = block.size();
  if (!block.windowed) {
    for (size_t x = 0; x < size; ++x) {
      for (size_t y = x + 1; y < size; ++y) candidate(members[x], members[y]);
    }
    return;
  }
  const size_t window = options_.window;
  for (size_t x = 0; x < size; ++x) {
    const size_t last = std::min(size, x + 1 + window);
    for (size_t y = x + 1; y < last; ++y) candidate(members[x], members[y]);
  }
  const uint32_t* by_given = given_order_[rule].data() + block.begin;
  for (size_t x = 0; x < size; ++x) {
    const size_t last = std::min(size, x + 1 + window);
    for (size_t y = x + 1; y < last; ++y) {
      // Pairs that are also neighbours by surname were produced above.
      if (!Neighbours(by_surname_, rule, by_given[x], by_given[y])) {
        candidate(by_given[x], by_given[y]);
      }
    }
  }
}

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_BLOCKING_PLAN_H_
