#include "linkage/link_output.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace kinlink::linkage {
namespace {

std::string Quote(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

double Round3(double v) { return std::round(v * 1000) / 1000; }

Result<std::ofstream> Open(const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return out;
}

}  // namespace

Status WriteLinkOutputs(const std::string& directory, const RecordSet& set,
                        const LinkResult& result, const std::vector<FamilyLink>& family_links,
                        const std::vector<Reject>& rejects, double cluster_threshold) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return UnavailableError(fmt::format("cannot create '{}': {}", directory, error.message()));
  }
  const fs::path dir(directory);
  const auto& persons = result.persons;
  {
    KINLINK_ASSIGN_OR_RETURN(std::ofstream csv, Open(dir / "clusters.csv"));
    csv << "person_id,confidence,split_by_guard,source,record_id\n";
    nlohmann::json json = nlohmann::json::array();
    for (const auto& person : persons) {
      nlohmann::json records = nlohmann::json::array();
      for (uint32_t m : person.members) {
        const auto& r = set.records[m];
        csv << person.person_id << "," << fmt::format("{:.3f}", person.confidence) << ","
            << (person.split_by_guard ? "true" : "false") << "," << r.source << ","
            << Quote(r.record_id) << "\n";
        records.push_back({{"source", r.source}, {"record_id", r.record_id}});
      }
      json.push_back({{"person_id", person.person_id},
                      {"confidence", Round3(person.confidence)},
                      {"split_by_guard", person.split_by_guard},
                      {"records", records}});
    }
    KINLINK_ASSIGN_OR_RETURN(std::ofstream out, Open(dir / "clusters.json"));
    out << json.dump(1) << "\n";
  }
  nlohmann::json review = nlohmann::json::array();
  KINLINK_ASSIGN_OR_RETURN(std::ofstream review_csv, Open(dir / "review_queue.csv"));
  review_csv << "kind,a,b,confidence,reason\n";
  for (const auto& p : result.kept_pairs) {
    if (p.probability >= cluster_threshold) continue;
    const auto& a = set.records[p.a];
    const auto& b = set.records[p.b];
    std::string reason = fmt::format("match probability {:.3f} below the threshold {:.2f}",
                                     p.probability, cluster_threshold);
    std::string ida = fmt::format("{}/{}", a.source, a.record_id);
    std::string idb = fmt::format("{}/{}", b.source, b.record_id);
    review_csv << "possible_match," << Quote(ida) << "," << Quote(idb) << ","
               << fmt::format("{:.3f}", p.probability) << "," << Quote(reason) << "\n";
    review.push_back({{"kind", "possible_match"},
                      {"a", ida},
                      {"b", idb},
                      {"confidence", Round3(p.probability)},
                      {"reason", reason}});
  }
  nlohmann::json asserted = nlohmann::json::array();
  for (const auto& link : family_links) {
    if (link.status == FamilyLinkStatus::kAsserted) {
      asserted.push_back(link.ToJson(persons));
      continue;
    }
    std::string reason;
    for (const auto& e : link.evidence) {
      reason += (reason.empty() ? "" : "; ") + fmt::format("{} ({:+.1f})", e.detail, e.weight);
    }
    const std::string& parent = persons[link.parent].person_id;
    const std::string& child = persons[link.child].person_id;
    review_csv << "parent_child," << parent << "," << child << ","
               << fmt::format("{:.3f}", link.confidence) << "," << Quote(reason) << "\n";
    nlohmann::json item = link.ToJson(persons);
    item["kind"] = "parent_child";
    review.push_back(std::move(item));
  }
  {
    KINLINK_ASSIGN_OR_RETURN(std::ofstream out, Open(dir / "review_queue.json"));
    out << review.dump(1) << "\n";
  }
  {
    KINLINK_ASSIGN_OR_RETURN(std::ofstream out, Open(dir / "family_links.json"));
    out << asserted.dump(1) << "\n";
  }
  {
    KINLINK_ASSIGN_OR_RETURN(std::ofstream out, Open(dir / "rejects.csv"));
    WriteRejectsCsv(out, rejects);
  }
  {
    KINLINK_ASSIGN_OR_RETURN(std::ofstream out, Open(dir / "model.json"));
    out << result.model->ToJson().dump(1) << "\n";
  }
  return Status::Ok();
}

}  // namespace kinlink::linkage
