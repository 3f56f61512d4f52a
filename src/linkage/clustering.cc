#include "linkage/clustering.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "linkage/internal/parallel_for.h"

namespace kinlink::linkage {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<uint32_t> parent_;
};

uint64_t Fnv(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// Groups `members` by the components of `edges` restricted to them.
std::vector<std::vector<uint32_t>> Components(const std::vector<uint32_t>& members,
                                              const std::vector<ScoredEdge>& edges) {
  std::unordered_map<uint32_t, uint32_t> local;
  for (uint32_t i = 0; i < members.size(); ++i) local[members[i]] = i;
  DisjointSets sets(members.size());
  for (const auto& e : edges) sets.Union(local.at(e.a), local.at(e.b));
  std::unordered_map<uint32_t, std::vector<uint32_t>> groups;
  for (uint32_t i = 0; i < members.size(); ++i) groups[sets.Find(i)].push_back(members[i]);
  std::vector<std::vector<uint32_t>> result;
  for (auto& [root, group] : groups) result.push_back(std::move(group));
  std::sort(result.begin(), result.end());
  return result;
}

double MeanInternal(const std::vector<uint32_t>& members,
                    const std::function<double(uint32_t, uint32_t)>& score) {
  if (members.size() < 2) return 1.0;
  double total = 0;
  size_t count = 0;
  for (size_t x = 0; x < members.size(); ++x) {
    for (size_t y = x + 1; y < members.size(); ++y) {
      const double p = score(members[x], members[y]);
      if (p < 0) continue;  // kNoEvidenceBeyondNames: neither for nor against
      total += p;
      ++count;
    }
  }
  return count == 0 ? 1.0 : total / static_cast<double>(count);
}

// A cluster found by the guard: its members (ascending), whether the guard split its component,
// and its mean internal probability when the guard computed it (else negative).
struct GuardedPart {
  std::vector<uint32_t> members;
  bool split = false;
  double mean = -1.0;
};

// Splits a weak component by removing its weakest edges until every part is cohesive. `members`
// are ascending.
void Guard(std::vector<uint32_t> members, std::vector<ScoredEdge> edges,
           const std::function<double(uint32_t, uint32_t)>& score, const ClusterOptions& options,
           ClusteringReport& report, std::vector<GuardedPart>& out, bool was_split) {
  if (members.size() < 3) {
    out.push_back({std::move(members), was_split});
    return;
  }
  if (members.size() > options.max_guard_size) {
    // Too large to score all pairs: drop the weakest tenth of edges and recurse.
    std::sort(edges.begin(), edges.end(), [](const ScoredEdge& x, const ScoredEdge& y) {
      return x.probability > y.probability;
    });
    size_t keep = edges.size() - std::max<size_t>(1, edges.size() / 10);
    report.edges_removed += edges.size() - keep;
    edges.resize(keep);
    was_split = true;
  } else {
    ++report.components_checked;
    const double mean = MeanInternal(members, score);
    if (mean >= options.min_cohesion) {
      out.push_back({std::move(members), was_split, mean});
      return;
    }
    auto weakest = std::min_element(
        edges.begin(), edges.end(),
        [](const ScoredEdge& x, const ScoredEdge& y) { return x.probability < y.probability; });
    // Remove every edge as weak as the weakest, so equal-weight chains split deterministically.
    double limit = weakest->probability;
    size_t before = edges.size();
    edges.erase(std::remove_if(edges.begin(), edges.end(),
                               [&](const ScoredEdge& e) { return e.probability <= limit; }),
                edges.end());
    report.edges_removed += before - edges.size();
    if (!was_split) ++report.components_split;
    was_split = true;
  }
  for (auto& part : Components(members, edges)) {
    std::vector<ScoredEdge> part_edges;
    std::sort(part.begin(), part.end());
    for (const auto& e : edges) {
      if (std::binary_search(part.begin(), part.end(), e.a)) part_edges.push_back(e);
    }
    Guard(std::move(part), std::move(part_edges), score, options, report, out, was_split);
  }
}

}  // namespace

std::vector<PersonCluster> ClusterRecords(size_t record_count, const std::vector<ScoredEdge>& edges,
                                          const std::vector<std::string>& record_keys,
                                          const std::function<double(uint32_t, uint32_t)>& score,
                                          const ClusterOptions& options, ClusteringReport* report) {
  ClusteringReport local;
  DisjointSets sets(record_count);
  std::vector<double> best_rejected(record_count, 0.0);
  for (const auto& e : edges) {
    if (e.probability >= options.threshold) {
      sets.Union(e.a, e.b);
    } else {
      best_rejected[e.a] = std::max(best_rejected[e.a], e.probability);
      best_rejected[e.b] = std::max(best_rejected[e.b], e.probability);
    }
  }
  std::vector<uint32_t> root_of(record_count);
  std::vector<uint32_t> size_of(record_count, 0);
  for (uint32_t i = 0; i < record_count; ++i) {
    root_of[i] = sets.Find(i);
    ++size_of[root_of[i]];
  }
  // Components of three or more records, each with its accepted edges, in the order of their
  // smallest record; the guard checks them in parallel, each into its own list.
  std::vector<uint32_t> large_index(record_count, UINT32_MAX);
  std::vector<std::vector<uint32_t>> large_members;
  std::vector<std::vector<ScoredEdge>> large_edges;
  for (uint32_t i = 0; i < record_count; ++i) {
    if (root_of[i] == i && size_of[i] >= 3) {
      large_index[i] = static_cast<uint32_t>(large_members.size());
      large_members.emplace_back().reserve(size_of[i]);
    }
  }
  large_edges.resize(large_members.size());
  for (uint32_t i = 0; i < record_count; ++i) {
    if (size_of[root_of[i]] >= 3) large_members[large_index[root_of[i]]].push_back(i);
  }
  for (const auto& e : edges) {
    if (e.probability >= options.threshold && size_of[root_of[e.a]] >= 3) {
      large_edges[large_index[root_of[e.a]]].push_back(e);
    }
  }
  std::vector<std::vector<GuardedPart>> guarded(large_members.size());
  std::vector<ClusteringReport> guard_reports(large_members.size());
  detail::ParallelForEach(large_members.size(), options.threads, [&](size_t k) {
    Guard(std::move(large_members[k]), std::move(large_edges[k]), score, options, guard_reports[k],
          guarded[k], false);
  });
  std::vector<GuardedPart> parts;
  parts.reserve(record_count / 2 + 1);
  for (uint32_t i = 0; i < record_count; ++i) {
    if (root_of[i] != i) continue;
    if (size_of[i] >= 3) {
      const uint32_t k = large_index[i];
      for (auto& part : guarded[k]) parts.push_back(std::move(part));
      local.components_checked += guard_reports[k].components_checked;
      local.components_split += guard_reports[k].components_split;
      local.edges_removed += guard_reports[k].edges_removed;
    } else if (size_of[i] == 1) {
      parts.push_back({{i}, false});
    }
  }
  // Pairs (components of two) in one pass.
  std::unordered_map<uint32_t, std::vector<uint32_t>> twos;
  for (uint32_t i = 0; i < record_count; ++i) {
    if (size_of[root_of[i]] == 2) twos[root_of[i]].push_back(i);
  }
  for (auto& [root, members] : twos) parts.push_back({std::move(members), false});

  std::vector<PersonCluster> persons(parts.size());
  detail::ParallelFor(parts.size(), options.threads, [&](size_t, size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      auto& members = parts[k].members;
      std::sort(members.begin(), members.end());
      PersonCluster& person = persons[k];
      const std::string* smallest = &record_keys[members.front()];
      for (uint32_t m : members) {
        if (record_keys[m] < *smallest) smallest = &record_keys[m];
      }
      person.person_id = fmt::format("K-{:012x}", Fnv(*smallest) & 0xFFFFFFFFFFFFULL);
      if (members.size() == 1) {
        person.confidence = 1.0 - best_rejected[members.front()];
      } else {
        // The guard's mean was computed over the same ascending members: the same value.
        person.confidence = parts[k].mean >= 0 ? parts[k].mean : MeanInternal(members, score);
      }
      person.split_by_guard = parts[k].split;
      person.members = std::move(members);
    }
  });
  // Ordered by their member lists; persons are disjoint and their members ascending, so that is
  // the order of their smallest members.
  std::sort(persons.begin(), persons.end(), [](const PersonCluster& x, const PersonCluster& y) {
    return x.members.front() < y.members.front();
  });
  if (report != nullptr) *report = local;
  return persons;
}

}  // namespace kinlink::linkage
