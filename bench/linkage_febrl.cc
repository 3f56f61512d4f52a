// FEBRL benchmark for kinlink's linker: FEBRL4 link-only (with and without soc_sec_id,
// unsupervised and supervised, with and without one-to-one) and FEBRL3 dedupe. Prints pairwise
// precision/recall/F1 (counted against ALL true pairs, not only the blocked ones), B-cubed F1,
// blocking recall and wall time per run.
//
//   bench_linkage_febrl [FEBRL_DIR] [MAPPING]
#include <fmt/format.h>

#include <chrono>
#include <string>

#include "linkage/column_mapping.h"
#include "linkage/evaluation.h"
#include "linkage/linker.h"
#include "linkage/record_reader.h"

using namespace kinlink::linkage;  // NOLINT: a benchmark program

namespace {

struct Run {
  std::string name;
  std::vector<std::string> files;
  bool without_ssid;
  bool one_to_one;
  bool supervised;
};

int RunOne(const Run& run, const std::string& dir, const ColumnMapping& mapping) {
  auto start = std::chrono::steady_clock::now();
  RecordSet set;
  set.schema = mapping.Schema();
  std::vector<Reject> rejects;
  for (size_t i = 0; i < run.files.size(); ++i) {
    auto status =
        ReadRecordFile(dir + "/" + run.files[i], mapping, static_cast<uint32_t>(i), set, rejects);
    if (!status.ok()) {
      fmt::print(stderr, "{}\n", status.ToString());
      return 1;
    }
  }
  LinkOptions options;
  options.link_only = run.files.size() == 2;
  options.one_to_one = run.one_to_one;
  options.supervised = run.supervised;
  if (run.without_ssid) options.skip_fields = {"soc_sec_id"};
  for (const auto& text : mapping.blocking) {
    if (run.without_ssid && text.find("soc_sec_id") != std::string::npos) continue;
    options.blocking_rules.push_back(*ParseBlockingRule(text, set.schema));
  }
  auto result = RunLinkage(set, options);
  if (!result.ok()) {
    fmt::print(stderr, "{}\n", result.status().ToString());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<std::string> entities;
  std::vector<uint32_t> sources;
  for (const auto& r : set.records) {
    entities.push_back(r.truth_entity);
    sources.push_back(r.source);
  }
  ClusterScores s = ScoreClusters(result->person_of_record, entities, sources, options.link_only);
  fmt::print(
      "{:<44} P {:.4f} R {:.4f} F1 {:.4f} | B3 F1 {:.4f} | pairs {:>8} blocking recall {:.4f} | "
      "{:.2f} s ({:.0f} comparisons/s)\n",
      run.name, s.pairwise.precision(), s.pairwise.recall(), s.pairwise.f1(), s.bcubed_f1(),
      result->blocking.total_pairs, result->blocking.recall(), seconds,
      result->seconds_compare > 0
          ? static_cast<double>(result->comparisons) / result->seconds_compare
          : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "../shared/benchmarks/febrl";
  std::string mapping_path = argc > 2 ? argv[2] : "data/linkage/mappings/febrl.toml";
  auto mapping = ColumnMapping::Load(mapping_path);
  if (!mapping.ok()) {
    fmt::print(stderr, "{}\n", mapping.status().ToString());
    return 2;
  }
  std::vector<Run> runs = {
      {"FEBRL4 link, no soc_sec_id, EM, 1:1",
       {"dataset4a.csv", "dataset4b.csv"},
       true,
       true,
       false},
      {"FEBRL4 link, no soc_sec_id, EM", {"dataset4a.csv", "dataset4b.csv"}, true, false, false},
      {"FEBRL4 link, no soc_sec_id, labels, 1:1",
       {"dataset4a.csv", "dataset4b.csv"},
       true,
       true,
       true},
      {"FEBRL4 link, with soc_sec_id, EM, 1:1",
       {"dataset4a.csv", "dataset4b.csv"},
       false,
       true,
       false},
      {"FEBRL4 link, with soc_sec_id, EM", {"dataset4a.csv", "dataset4b.csv"}, false, false, false},
      {"FEBRL3 dedupe, no soc_sec_id, EM", {"dataset3.csv"}, true, false, false},
      {"FEBRL3 dedupe, with soc_sec_id, EM", {"dataset3.csv"}, false, false, false},
  };
  int failures = 0;
  for (const auto& run : runs) failures += RunOne(run, dir, *mapping);
  return failures == 0 ? 0 : 1;
}
