#include "linkage/blocking.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "linkage/internal/blocking_plan.h"
#include "linkage/internal/parallel_for.h"

namespace kinlink::linkage {
namespace {

struct KeyName {
  std::string_view name;
  BlockingKeyKind kind;
};
constexpr KeyName kKeyNames[] = {
    {"given_sound", BlockingKeyKind::kGivenSound},
    {"given_prefix3", BlockingKeyKind::kGivenPrefix3},
    {"given_initial", BlockingKeyKind::kGivenInitial},
    {"surname_sound", BlockingKeyKind::kSurnameSound},
    {"surname_metaphone", BlockingKeyKind::kSurnameMetaphone},
    {"surname_prefix3", BlockingKeyKind::kSurnamePrefix3},
    {"surname_initial", BlockingKeyKind::kSurnameInitial},
    {"birth_date", BlockingKeyKind::kBirthDate},
    {"birth_year", BlockingKeyKind::kBirthYear},
    {"birth_month_day", BlockingKeyKind::kBirthMonthDay},
    {"a_number", BlockingKeyKind::kANumber},
    {"sex", BlockingKeyKind::kSex},
};

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDULL;
}

uint64_t HashText(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h | 1;  // never 0
}

uint64_t PartKey(const BlockingKey& key, const PreparedRecord& r) {
  auto text_or_zero = [](std::string_view t) -> uint64_t { return t.empty() ? 0 : HashText(t); };
  auto prefix = [&](const std::string& t, size_t n) -> uint64_t {
    return t.empty() ? 0 : HashText(std::string_view(t).substr(0, std::min(n, t.size())));
  };
  switch (key.kind) {
    case BlockingKeyKind::kGivenSound:
      return text_or_zero(r.given_key);
    case BlockingKeyKind::kGivenPrefix3:
      return prefix(r.given, 3);
    case BlockingKeyKind::kGivenInitial:
      return prefix(r.given, 1);
    case BlockingKeyKind::kSurnameSound:
      return text_or_zero(r.surname_key);
    case BlockingKeyKind::kSurnameMetaphone:
      return text_or_zero(r.surname_metaphone);
    case BlockingKeyKind::kSurnamePrefix3:
      return prefix(r.paternal, 3);
    case BlockingKeyKind::kSurnameInitial:
      return prefix(r.paternal, 1);
    case BlockingKeyKind::kBirthDate:
      return r.birth_day_number == INT32_MIN ? 0 : static_cast<uint64_t>(r.birth_day_number) + 1;
    case BlockingKeyKind::kBirthYear:
      return r.birth_dates.size() == 1 ? static_cast<uint64_t>(r.birth_dates[0].year) : 0;
    case BlockingKeyKind::kBirthMonthDay:
      return r.birth_day_number == INT32_MIN
                 ? 0
                 : static_cast<uint64_t>(r.birth_dates[0].month * 32 + r.birth_dates[0].day);
    case BlockingKeyKind::kANumber:
      return text_or_zero(r.a_number);
    case BlockingKeyKind::kSex:
      return static_cast<uint64_t>(static_cast<unsigned char>(r.sex));
    case BlockingKeyKind::kField:
      return text_or_zero(r.fields[static_cast<size_t>(key.field_index)]);
  }
  return 0;
}

uint64_t TrueKey(const std::string& entity) { return entity.empty() ? 0 : HashText(entity); }

}  // namespace

std::string BlockingRule::Description() const {
  std::string text;
  for (const auto& key : keys) text += (text.empty() ? "" : " & ") + key.text;
  return text;
}

Result<BlockingRule> ParseBlockingRule(std::string_view text, const RecordSchema& schema) {
  BlockingRule rule;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    start = end + 1;
    if (part.empty()) continue;
    BlockingKey key;
    key.text = std::string(part);
    if (part.substr(0, 6) == "field:") {
      key.kind = BlockingKeyKind::kField;
      key.field_index = schema.IndexOf(part.substr(6));
      if (key.field_index < 0) {
        return InvalidArgumentError(
            fmt::format("blocking rule '{}': no field '{}' in the mapping", text, part.substr(6)));
      }
    } else {
      auto it = std::find_if(std::begin(kKeyNames), std::end(kKeyNames),
                             [&](const KeyName& k) { return k.name == part; });
      if (it == std::end(kKeyNames)) {
        return InvalidArgumentError(
            fmt::format("blocking rule '{}': unknown key '{}'", text, part));
      }
      key.kind = it->kind;
    }
    rule.keys.push_back(std::move(key));
  }
  if (rule.keys.empty()) return InvalidArgumentError("empty blocking rule");
  return rule;
}

std::vector<BlockingRule> DefaultBlockingRules(const RecordSchema& schema) {
  std::vector<std::string> texts = {
      "surname_sound & birth_year",      "given_sound & birth_date",
      "given_prefix3 & surname_prefix3", "surname_metaphone & given_initial & birth_month_day",
      "birth_date & given_initial",      "a_number"};
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    if (schema.fields[i].kind == FieldKind::kIdentifier) {
      texts.push_back("field:" + schema.fields[i].name);
    }
  }
  std::vector<BlockingRule> rules;
  for (const auto& text : texts) rules.push_back(*ParseBlockingRule(text, schema));
  return rules;
}

uint64_t Blocker::KeyOf(const BlockingRule& rule, const PreparedRecord& record) {
  uint64_t h = 0x2545F4914F6CDD1DULL;
  for (const auto& key : rule.keys) {
    uint64_t part = PartKey(key, record);
    if (part == 0) return 0;
    h = Mix(h, part);
  }
  return h == 0 ? 1 : h;
}

namespace {

using detail::BlockingPlan;

// A run of consecutive blocks of one rule, blocked on one thread into its own list.
struct BlockRun {
  size_t rule;
  size_t first_block;
  size_t last_block;  // exclusive
  std::vector<CandidatePair> pairs;
  uint64_t true_pairs = 0;
};

// Cuts each rule's blocks into runs of about `target` pairs' work, in order.
std::vector<BlockRun> CutIntoRuns(const BlockingPlan& plan, size_t window, int threads) {
  uint64_t total_work = 0;
  for (size_t r = 0; r < plan.rule_count(); ++r) {
    for (const auto& block : plan.blocks(r)) total_work += block.Work(window);
  }
  // Many more runs than threads, so that a thread slowed by other work on the machine leaves its
  // share to the others.
  const uint64_t target =
      std::max<uint64_t>(total_work / (16 * static_cast<uint64_t>(std::max(1, threads))), 1);
  std::vector<BlockRun> runs;
  for (size_t r = 0; r < plan.rule_count(); ++r) {
    const auto& blocks = plan.blocks(r);
    uint64_t work = 0;
    size_t first = 0;
    for (size_t k = 0; k < blocks.size(); ++k) {
      work += blocks[k].Work(window);
      if (work >= target || k + 1 == blocks.size()) {
        runs.push_back({r, first, k + 1, {}, 0});
        first = k + 1;
        work = 0;
      }
    }
  }
  return runs;
}

}  // namespace

std::vector<CandidatePair> Blocker::Pairs(const std::vector<PreparedRecord>& records,
                                          BlockingReport* report,
                                          const std::vector<std::string>* truth,
                                          int threads) const {
  const size_t n = records.size();
  const size_t rule_count = rules_.size();
  threads = std::max(1, threads);
  const BlockingPlan plan(rules_, options_, records, threads);
  std::vector<uint64_t> truth_keys;
  if (truth != nullptr && truth->size() == n) {
    truth_keys.resize(n);
    for (size_t i = 0; i < n; ++i) truth_keys[i] = TrueKey((*truth)[i]);
  }
  // Runs of blocks on `threads` threads, each into its own list; the lists are joined in order.
  std::vector<BlockRun> runs = CutIntoRuns(plan, options_.window, threads);
  detail::ParallelForEach(runs.size(), threads, [&](size_t k) {
    BlockRun& run = runs[k];
    const auto& blocks = plan.blocks(run.rule);
    for (size_t b = run.first_block; b < run.last_block; ++b) {
      plan.EmitBlock(run.rule, blocks[b], [&](uint32_t x, uint32_t y) {
        run.pairs.push_back({x, y});
        if (!truth_keys.empty() && truth_keys[x] != 0 && truth_keys[x] == truth_keys[y]) {
          ++run.true_pairs;
        }
      });
    }
  });
  BlockingReport local;
  for (size_t r = 0; r < rule_count; ++r) {
    RuleReport rule_report;
    rule_report.rule = rules_[r].Description();
    for (const auto& block : plan.blocks(r)) rule_report.windowed_blocks += block.windowed ? 1 : 0;
    local.rules.push_back(std::move(rule_report));
  }
  std::vector<size_t> offsets(runs.size() + 1, 0);
  for (size_t k = 0; k < runs.size(); ++k) {
    RuleReport& rule_report = local.rules[runs[k].rule];
    rule_report.pairs += runs[k].pairs.size();
    rule_report.true_pairs += runs[k].true_pairs;
    local.total_pairs += runs[k].pairs.size();
    local.true_pairs_found += runs[k].true_pairs;
    offsets[k + 1] = offsets[k] + runs[k].pairs.size();
  }
  std::vector<CandidatePair> pairs;
  if (runs.size() == 1) {
    pairs = std::move(runs[0].pairs);
  } else {
    pairs.resize(offsets.back());
    detail::ParallelForEach(runs.size(), threads, [&](size_t k) {
      std::copy(runs[k].pairs.begin(), runs[k].pairs.end(),
                pairs.begin() + static_cast<std::ptrdiff_t>(offsets[k]));
      std::vector<CandidatePair>().swap(runs[k].pairs);
    });
  }
  // Possible pairs and the number of true pairs.
  if (options_.link_only) {
    uint64_t in_first = 0;
    for (const auto& rec : records) in_first += rec.source == 0 ? 1 : 0;
    local.possible_pairs = in_first * (n - in_first);
  } else {
    local.possible_pairs = static_cast<uint64_t>(n) * (n - (n > 0 ? 1 : 0)) / 2;
  }
  if (!truth_keys.empty()) {
    std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>> per_entity;  // source 0, source 1
    for (size_t i = 0; i < n; ++i) {
      if (truth_keys[i] == 0) continue;
      auto& counts = per_entity[truth_keys[i]];
      (records[i].source == 0 ? counts.first : counts.second)++;
    }
    for (const auto& [entity, counts] : per_entity) {
      if (options_.link_only) {
        local.true_pairs_total += counts.first * counts.second;
      } else {
        uint64_t k = counts.first + counts.second;
        local.true_pairs_total += k * (k - 1) / 2;
      }
    }
  }
  if (report != nullptr) *report = std::move(local);
  return pairs;
}

uint64_t Blocker::ForEachPair(const std::vector<PreparedRecord>& records,
                              const std::function<bool(std::span<const CandidatePair>)>& visit,
                              uint64_t* total_pairs) const {
  const BlockingPlan plan(rules_, options_, records, 1);
  if (total_pairs != nullptr) {
    uint64_t total = 0;
    for (size_t r = 0; r < plan.rule_count(); ++r) {
      for (const auto& block : plan.blocks(r)) {
        if (plan.CountsInFull(r, block)) {
          total += block.Work(options_.window);
        } else {
          plan.EmitBlock(r, block, [&](uint32_t, uint32_t) { ++total; });
        }
      }
    }
    *total_pairs = total;
  }
  constexpr size_t kBatch = 4096;
  std::vector<CandidatePair> batch;
  batch.reserve(kBatch);
  uint64_t visited = 0;
  bool stopped = false;
  auto flush = [&] {
    if (stopped || batch.empty()) return;
    visited += batch.size();
    stopped = !visit(std::span<const CandidatePair>(batch));
    batch.clear();
  };
  for (size_t r = 0; r < plan.rule_count() && !stopped; ++r) {
    for (const auto& block : plan.blocks(r)) {
      plan.EmitBlock(r, block, [&](uint32_t a, uint32_t b) {
        if (stopped) return;
        batch.push_back({a, b});
        if (batch.size() == kBatch) flush();
      });
      if (stopped) break;
    }
  }
  flush();
  return visited;
}

std::vector<CandidatePair> Blocker::PairsAt(
    const std::vector<PreparedRecord>& records,
    const std::function<std::vector<uint64_t>(uint64_t total)>& choose,
    uint64_t* total_pairs) const {
  const BlockingPlan plan(rules_, options_, records, 1);
  // Each block's pair count: arithmetic for blocks counted in full, a walk for the others.
  std::vector<std::vector<uint64_t>> block_pairs(plan.rule_count());
  uint64_t total = 0;
  for (size_t r = 0; r < plan.rule_count(); ++r) {
    block_pairs[r].reserve(plan.blocks(r).size());
    for (const auto& block : plan.blocks(r)) {
      uint64_t count = 0;
      if (plan.CountsInFull(r, block)) {
        count = block.Work(options_.window);
      } else {
        plan.EmitBlock(r, block, [&](uint32_t, uint32_t) { ++count; });
      }
      block_pairs[r].push_back(count);
      total += count;
    }
  }
  if (total_pairs != nullptr) *total_pairs = total;
  const std::vector<uint64_t> positions = choose(total);
  std::vector<CandidatePair> pairs;
  pairs.reserve(positions.size());
  size_t next = 0;     // the next position to keep
  uint64_t start = 0;  // the position of the current block's first pair
  for (size_t r = 0; r < plan.rule_count() && next < positions.size(); ++r) {
    const auto& blocks = plan.blocks(r);
    for (size_t k = 0; k < blocks.size() && next < positions.size(); ++k) {
      const uint64_t end = start + block_pairs[r][k];
      if (positions[next] >= end) {
        start = end;
        continue;
      }
      const BlockingPlan::Block& block = blocks[k];
      if (plan.CountsInFull(r, block)) {
        // Pairs (x, y), x < y, row by row: row x starts at x * (2n - x - 1) / 2.
        const std::span<const uint32_t> members = plan.members(r, block);
        const uint64_t n = members.size();
        uint64_t x = 0;
        uint64_t row_start = 0;
        for (; next < positions.size() && positions[next] < end; ++next) {
          const uint64_t offset = positions[next] - start;
          while (row_start + (n - 1 - x) <= offset) {
            row_start += n - 1 - x;
            ++x;
          }
          const uint64_t y = x + 1 + (offset - row_start);
          pairs.push_back({std::min(members[x], members[y]), std::max(members[x], members[y])});
        }
      } else {
        uint64_t position = start;
        plan.EmitBlock(r, block, [&](uint32_t a, uint32_t b) {
          if (next < positions.size() && positions[next] == position) {
            pairs.push_back({a, b});
            ++next;
          }
          ++position;
        });
      }
      start = end;
    }
  }
  return pairs;
}

}  // namespace kinlink::linkage
