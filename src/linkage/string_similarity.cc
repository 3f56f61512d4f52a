#include "linkage/string_similarity.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>

namespace kinlink::linkage {

namespace {

// The Jaro similarity from its match and transposition counts.
double JaroFromCounts(size_t la, size_t lb, size_t matches, size_t transpositions) {
  if (matches == 0) return 0.0;
  double m = static_cast<double>(matches);
  return (m / static_cast<double>(la) + m / static_cast<double>(lb) +
          (m - static_cast<double>(transpositions) / 2.0) / m) /
         3.0;
}

// Jaro of two non-empty strings of at most 64 bytes, with each string's match flags as the bits
// of one word. b's positions of each byte value are a bit mask, so a's character i takes the
// lowest unmatched position in its window in a few instructions instead of a scan: the same
// greedy assignment as the scan, hence the same value to the last bit.
double JaroBitParallel(std::string_view a, std::string_view b) {
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t longer = std::max(la, lb);
  const size_t window = longer / 2 == 0 ? 0 : longer / 2 - 1;
  // b's positions of each byte value. All zero between calls: only b's bytes are set, and they
  // are cleared again before returning.
  thread_local std::array<uint64_t, 256> positions{};
  for (size_t j = 0; j < lb; ++j) positions[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
  uint64_t matched_a = 0;
  uint64_t matched_b = 0;
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    // The window [i - window, i + window] as a mask (positions only hold b's bits below lb).
    const size_t end = i + window + 1;
    const uint64_t below_end = end >= 64 ? ~uint64_t{0} : (uint64_t{1} << end) - 1;
    const uint64_t from_start = i > window ? ~((uint64_t{1} << (i - window)) - 1) : ~uint64_t{0};
    const uint64_t candidates =
        positions[static_cast<unsigned char>(a[i])] & below_end & from_start & ~matched_b;
    matched_b |= candidates & (~candidates + 1);  // the lowest candidate, if any
    matched_a |= static_cast<uint64_t>(candidates != 0) << i;
    matches += candidates != 0;  // (std::popcount is a library call without -mpopcnt)
  }
  for (size_t j = 0; j < lb; ++j) positions[static_cast<unsigned char>(b[j])] = 0;
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  uint64_t rest_a = matched_a;
  uint64_t rest_b = matched_b;
  while (rest_a != 0) {
    const int i = std::countr_zero(rest_a);
    const int k = std::countr_zero(rest_b);
    if (a[static_cast<size_t>(i)] != b[static_cast<size_t>(k)]) ++transpositions;
    rest_a &= rest_a - 1;
    rest_b &= rest_b - 1;
  }
  return JaroFromCounts(la, lb, matches, transpositions);
}

}  // namespace

double JaroScan(std::string_view a, std::string_view b) {
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t window = std::max<size_t>(la, lb) / 2 == 0 ? 0 : std::max<size_t>(la, lb) / 2 - 1;
  // Names are short: keep the match flags on the stack when they fit.
  std::array<uint8_t, 64> stack_a{};
  std::array<uint8_t, 64> stack_b{};
  std::vector<uint8_t> heap_a;
  std::vector<uint8_t> heap_b;
  uint8_t* matched_a = stack_a.data();
  uint8_t* matched_b = stack_b.data();
  if (la > stack_a.size() || lb > stack_b.size()) {
    heap_a.assign(la, 0);
    heap_b.assign(lb, 0);
    matched_a = heap_a.data();
    matched_b = heap_b.data();
  }
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    size_t lo = i > window ? i - window : 0;
    size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!matched_b[j] && a[i] == b[j]) {
        matched_a[i] = matched_b[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  size_t k = 0;
  for (size_t i = 0; i < la; ++i) {
    if (!matched_a[i]) continue;
    while (!matched_b[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  return JaroFromCounts(la, lb, matches, transpositions);
}

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  if (a.size() <= 64 && b.size() <= 64) return JaroBitParallel(a, b);
  return JaroScan(a, b);
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale) {
  double jaro = Jaro(a, b);
  size_t prefix = 0;
  size_t limit = std::min<size_t>({4, a.size(), b.size()});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * prefix_scale * (1.0 - jaro);
}

double JaroWinklerBound(std::string_view a, std::string_view b, double prefix_scale) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  const auto shorter = static_cast<double>(std::min(a.size(), b.size()));
  const auto longer = static_cast<double>(std::max(a.size(), b.size()));
  // Jaro <= (m/|a| + m/|b| + 1) / 3 with m <= the shorter length.
  const double jaro = std::min(1.0, (2.0 + shorter / longer) / 3.0);
  size_t prefix = 0;
  const size_t limit = std::min<size_t>({4, a.size(), b.size()});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * prefix_scale * (1.0 - jaro);
}

double JaroWinklerFrom(std::string_view a, std::string_view b, double floor) {
  // The margin keeps rounding in the bound from ever hiding a score at the floor.
  if (JaroWinklerBound(a, b) < floor - 1e-9) return 0.0;
  return JaroWinkler(a, b);
}

namespace {

// The optimal-string-alignment distance capped at 2 ("at most one edit?"), in one pass: the
// identifier and date comparisons ask only this, for most candidate pairs.
int AtMostOneEdit(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  const size_t la = a.size();
  const size_t lb = b.size();
  size_t i = 0;
  while (i < lb && a[i] == b[i]) ++i;  // common prefix
  if (la == lb) {
    if (i == la) return 0;
    // One substitution at i, or one transposition of i and i + 1; the rest must be equal.
    if (a.substr(i + 1) == b.substr(i + 1)) return 1;
    if (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2)) {
      return 1;
    }
    return 2;
  }
  if (la != lb + 1) return 2;
  // One deletion from the longer string at i.
  return a.substr(i + 1) == b.substr(i) ? 1 : 2;
}

}  // namespace

int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  if (max_distance >= 0 && std::abs(la - lb) > max_distance) return max_distance + 1;
  if (max_distance == 0) return a == b ? 0 : 1;
  if (max_distance == 1) return AtMostOneEdit(a, b);
  if (la == 0) return lb;
  if (lb == 0) return la;
  // Three rolling rows: two back (for transpositions), previous, current.
  std::vector<int> two_back(static_cast<size_t>(lb) + 1);
  std::vector<int> previous(static_cast<size_t>(lb) + 1);
  std::vector<int> current(static_cast<size_t>(lb) + 1);
  for (int j = 0; j <= lb; ++j) previous[static_cast<size_t>(j)] = j;
  for (int i = 1; i <= la; ++i) {
    current[0] = i;
    int row_min = current[0];
    for (int j = 1; j <= lb; ++j) {
      auto uj = static_cast<size_t>(j);
      int cost = a[static_cast<size_t>(i - 1)] == b[uj - 1] ? 0 : 1;
      int best = std::min({previous[uj] + 1, current[uj - 1] + 1, previous[uj - 1] + cost});
      if (i > 1 && j > 1 && a[static_cast<size_t>(i - 1)] == b[uj - 2] &&
          a[static_cast<size_t>(i - 2)] == b[uj - 1]) {
        best = std::min(best, two_back[uj - 2] + 1);
      }
      current[uj] = best;
      row_min = std::min(row_min, best);
    }
    // Early exit: every path through this row already costs more than allowed. (A transposition
    // reaches back two rows, but its cost is at least the two-back value + 1 >= the row minimum
    // of the previous row, which was also checked.)
    if (max_distance >= 0 && row_min > max_distance) return max_distance + 1;
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  int distance = previous[static_cast<size_t>(lb)];
  if (max_distance >= 0 && distance > max_distance) return max_distance + 1;
  return distance;
}

double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  auto directed = [](const std::vector<std::string>& from, const std::vector<std::string>& to) {
    double total = 0.0;
    for (const auto& token : from) {
      double best = 0.0;
      for (const auto& other : to) best = std::max(best, JaroWinkler(token, other));
      total += best;
    }
    return total;
  };
  double larger = static_cast<double>(std::max(a.size(), b.size()));
  // Each direction sums over its own tokens; the smaller side's sum plus penalties for the extra
  // tokens of the larger side equals dividing the larger side's sum by its size.
  double score_ab = directed(a, b) / larger;
  double score_ba = directed(b, a) / larger;
  return std::min(score_ab, score_ba);
}

}  // namespace kinlink::linkage
