#include "linkage/blocking.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

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

std::vector<CandidatePair> Blocker::Pairs(const std::vector<PreparedRecord>& records,
                                          BlockingReport* report,
                                          const std::vector<std::string>* truth) const {
  const size_t n = records.size();
  const size_t rule_count = rules_.size();
  // keys[r * n + i]: rule r's key of record i.
  std::vector<uint64_t> keys(rule_count * n);
  for (size_t r = 0; r < rule_count; ++r) {
    for (size_t i = 0; i < n; ++i) keys[r * n + i] = KeyOf(rules_[r], records[i]);
  }
  std::vector<uint64_t> truth_keys;
  if (truth != nullptr && truth->size() == n) {
    truth_keys.resize(n);
    for (size_t i = 0; i < n; ++i) truth_keys[i] = TrueKey((*truth)[i]);
  }
  // A block too large to compare in full is sorted twice, by surname then given name and by given
  // name then surname, and each record is compared with its `window` neighbours in both orders.
  // by_surname[r * n + i] and by_given[r * n + i] are record i's places in rule r's two orders
  // (kNotWindowed when its block was compared in full). A later rule skips a pair only when an
  // earlier rule really produced it: same key, and (in a windowed block) neighbours in an order.
  constexpr uint32_t kNotWindowed = UINT32_MAX;
  std::vector<uint32_t> by_surname(rule_count * n, kNotWindowed);
  std::vector<uint32_t> by_given(rule_count * n, kNotWindowed);
  auto neighbours = [&](const std::vector<uint32_t>& place, size_t rule, uint32_t a, uint32_t b) {
    const uint32_t pa = place[rule * n + a];
    const uint32_t pb = place[rule * n + b];
    return (pa > pb ? pa - pb : pb - pa) <= options_.window;
  };
  auto earlier_rule_produced = [&](size_t earlier, uint32_t a, uint32_t b) {
    const uint64_t ka = keys[earlier * n + a];
    if (ka == 0 || ka != keys[earlier * n + b]) return false;
    if (by_surname[earlier * n + a] == kNotWindowed) return true;
    return neighbours(by_surname, earlier, a, b) || neighbours(by_given, earlier, a, b);
  };
  BlockingReport local;
  std::vector<CandidatePair> pairs;
  std::vector<uint32_t> order(n);
  std::vector<uint32_t> block;
  std::vector<uint32_t> block_by_given;
  for (size_t r = 0; r < rule_count; ++r) {
    RuleReport rule_report;
    rule_report.rule = rules_[r].Description();
    const uint64_t* rule_keys = &keys[r * n];
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return rule_keys[x] != rule_keys[y] ? rule_keys[x] < rule_keys[y] : x < y;
    });
    auto emit = [&](uint32_t x, uint32_t y) {
      if (x == y) return;
      uint32_t a = std::min(x, y);
      uint32_t b = std::max(x, y);
      if (options_.link_only) {
        if (records[a].source == records[b].source) return;
        if (records[a].source != 0) std::swap(a, b);
      }
      for (size_t earlier = 0; earlier < r; ++earlier) {
        if (earlier_rule_produced(earlier, a, b)) return;
      }
      pairs.push_back({a, b});
      ++rule_report.pairs;
      if (!truth_keys.empty() && truth_keys[a] != 0 && truth_keys[a] == truth_keys[b]) {
        ++rule_report.true_pairs;
      }
    };
    size_t start = 0;
    while (start < n) {
      size_t end = start;
      const uint64_t key = rule_keys[order[start]];
      while (end < n && rule_keys[order[end]] == key) ++end;
      if (key != 0 && end - start > 1) {
        block.assign(order.begin() + static_cast<long>(start),
                     order.begin() + static_cast<long>(end));
        if (block.size() <= options_.max_block_size) {
          for (size_t x = 0; x < block.size(); ++x) {
            for (size_t y = x + 1; y < block.size(); ++y) emit(block[x], block[y]);
          }
        } else {
          ++rule_report.windowed_blocks;
          // Each record's neighbours in two orders: given name then surname, and surname then
          // given name (the record index breaks ties, so the orders are deterministic).
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
            const size_t last = std::min(block.size(), x + 1 + options_.window);
            for (size_t y = x + 1; y < last; ++y) emit(block[x], block[y]);
          }
          for (size_t x = 0; x < block.size(); ++x) {
            const size_t last = std::min(block.size(), x + 1 + options_.window);
            for (size_t y = x + 1; y < last; ++y) {
              // Pairs that are also neighbours by surname were produced above.
              const uint32_t gx = block_by_given[x];
              const uint32_t gy = block_by_given[y];
              if (!neighbours(by_surname, r, gx, gy)) emit(gx, gy);
            }
          }
        }
      }
      start = end;
    }
    local.total_pairs += rule_report.pairs;
    local.true_pairs_found += rule_report.true_pairs;
    local.rules.push_back(std::move(rule_report));
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

}  // namespace kinlink::linkage
