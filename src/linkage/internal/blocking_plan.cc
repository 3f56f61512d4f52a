#include "linkage/internal/blocking_plan.h"

#include <utility>

#include "linkage/internal/parallel_for.h"

namespace kinlink::linkage::detail {

BlockingPlan::BlockingPlan(const std::vector<BlockingRule>& rules, const BlockingOptions& options,
                           const std::vector<PreparedRecord>& records, int threads)
    : rules_(rules), options_(options), records_(records), n_(records.size()) {
  keys_.resize(rules_.size() * n_);
  by_surname_.assign(rules_.size() * n_, kNotWindowed);
  by_given_.assign(rules_.size() * n_, kNotWindowed);
  members_.resize(rules_.size());
  given_order_.resize(rules_.size());
  blocks_.resize(rules_.size());
  const size_t rule_count = rules_.size();
  ParallelFor(n_, threads, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      for (size_t r = 0; r < rule_count; ++r) {
        keys_[i * rule_count + r] = Blocker::KeyOf(rules_[r], records_[i]);
      }
    }
  });
  // Each rule writes only its own slices.
  ParallelForEach(rule_count, threads, [&](size_t rule) { PlanRule(rule); });
}

void BlockingPlan::PlanRule(size_t rule) {
  std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (key, record) of records with a key
  for (size_t i = 0; i < n_; ++i) {
    const uint64_t key = keys_[i * rules_.size() + rule];
    if (key != 0) keyed.emplace_back(key, static_cast<uint32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<uint32_t>& members = members_[rule];
  std::vector<uint32_t>& given_order = given_order_[rule];
  std::vector<Block>& blocks = blocks_[rule];
  for (size_t start = 0; start < keyed.size();) {
    size_t end = start + 1;
    while (end < keyed.size() && keyed[end].first == keyed[start].first) ++end;
    if (end - start > 1) {
      Block block{static_cast<uint32_t>(members.size()), 0, end - start > options_.max_block_size};
      for (size_t k = start; k < end; ++k) members.push_back(keyed[k].second);
      block.end = static_cast<uint32_t>(members.size());
      blocks.push_back(block);
    }
    start = end;
  }
  std::vector<std::pair<uint64_t, uint32_t>>().swap(keyed);
  given_order.resize(members.size());
  // A block too large to compare in full: its orders by surname then given name and by given name
  // then surname (the record index breaks ties, so the orders are deterministic).
  auto sort_by = [&](uint32_t* begin, uint32_t* end, std::string PreparedRecord::*first,
                     std::string PreparedRecord::*second) {
    std::sort(begin, end, [&](uint32_t x, uint32_t y) {
      const auto& rx = records_[x];
      const auto& ry = records_[y];
      if (rx.*first != ry.*first) return rx.*first < ry.*first;
      if (rx.*second != ry.*second) return rx.*second < ry.*second;
      return x < y;
    });
  };
  for (const Block& block : blocks) {
    if (!block.windowed) continue;
    uint32_t* in_block = members.data() + block.begin;
    uint32_t* in_given = given_order.data() + block.begin;
    std::copy(in_block, in_block + block.size(), in_given);
    sort_by(in_given, in_given + block.size(), &PreparedRecord::given, &PreparedRecord::surname);
    sort_by(in_block, in_block + block.size(), &PreparedRecord::surname, &PreparedRecord::given);
    for (uint32_t x = 0; x < block.size(); ++x) {
      by_given_[rule * n_ + in_given[x]] = x;
      by_surname_[rule * n_ + in_block[x]] = x;
    }
  }
}

}  // namespace kinlink::linkage::detail
