#include "sim/scenario/scenario_loader.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/scenario/internal/scenario_sections.h"
#include "sim/scenario/internal/toml_reader.h"

namespace kinlink::sim {
namespace {

namespace fs = std::filesystem;
using scenario_detail::TableReader;

constexpr int kMaxExtendsDepth = 8;

// Completes `child` with what it lacks from `parent`: tables merge key by key, anything the
// child sets replaces the parent's. The child's own nodes are kept (with their source lines).
void InheritMissing(toml::table& child, const toml::table& parent) {
  for (const auto& [key, node] : parent) {
    toml::node* own = child.get(key.str());
    if (own == nullptr) {
      child.insert(key, node);
    } else if (own->is_table() && node.is_table()) {
      InheritMissing(*own->as_table(), *node.as_table());
    }
  }
}

Result<toml::table> ParseToml(std::string_view text, const fs::path& file_name) {
  try {
    return toml::parse(text, file_name.string());
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return InvalidArgumentError(
        fmt::format("{}:{}: not valid TOML: {}", file_name.string(), begin.line, e.description()));
  }
}

// Reads a file and everything it extends into one merged table.
Result<toml::table> ReadMerged(std::string_view text, const fs::path& file_name,
                               const FileReader& read, int depth) {
  KINLINK_ASSIGN_OR_RETURN(toml::table table, ParseToml(text, file_name));
  const toml::node* extends = table.get("extends");
  if (extends == nullptr) return table;
  auto parent_name = extends->value_exact<std::string>();
  if (!parent_name || parent_name->empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: extends: expected the name of a scenario file, got {}",
        scenario_detail::Where(*extends, file_name.string()), scenario_detail::Describe(*extends)));
  }
  if (depth >= kMaxExtendsDepth) {
    return InvalidArgumentError(
        fmt::format("{}: extends: expected at most {} levels of extends (is there a cycle?)",
                    scenario_detail::Where(*extends, file_name.string()), kMaxExtendsDepth));
  }
  fs::path parent_path = file_name.parent_path() / *parent_name;
  if (parent_path.extension() != ".toml") parent_path += ".toml";
  auto parent_text = read(parent_path);
  if (!parent_text.ok()) {
    return Status(parent_text.status().code(),
                  fmt::format("{}: extends: cannot read '{}': {}",
                              scenario_detail::Where(*extends, file_name.string()),
                              parent_path.string(), parent_text.status().message()));
  }
  KINLINK_ASSIGN_OR_RETURN(toml::table merged,
                           ReadMerged(*parent_text, parent_path, read, depth + 1));
  table.erase("extends");
  merged.erase("description");  // a child describes itself or has no description
  InheritMissing(table, merged);
  return table;
}

Status Validate(const Scenario& s, TableReader& root) {
  if (s.end <= s.start) {
    return root.Error("end", "a date after start", root.table().get("end"));
  }
  if (s.warmup_days >= s.days()) {
    return root.Error("warmup_days", "fewer days than the period", root.table().get("warmup_days"));
  }
  return Status::Ok();
}

}  // namespace

FileReader DiskFileReader() {
  return [](const fs::path& path) -> Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError(fmt::format("no such file '{}'", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
}

Result<Scenario> ParseScenario(std::string_view text, const fs::path& file_name,
                               const FileReader& read) {
  KINLINK_ASSIGN_OR_RETURN(toml::table table, ReadMerged(text, file_name, read, 0));
  TableReader root(table, "", file_name.string());
  Scenario s;
  s.source = file_name.string();
  KINLINK_ASSIGN_OR_RETURN(s.name, root.String("name", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(s.description, root.String("description", std::string()));
  KINLINK_ASSIGN_OR_RETURN(s.start, root.DateValue("start", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(s.end, root.DateValue("end", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(s.warmup_days,
                           root.Integer("warmup_days", 0, 0, std::numeric_limits<int>::max()));
  KINLINK_RETURN_IF_ERROR(Validate(s, root));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadArrivals(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadReferral(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadDistricts(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadCourt(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadCbp(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadIce(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadOrr(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadReunification(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadCourtOrder(root, s));
  KINLINK_RETURN_IF_ERROR(scenario_detail::ReadAgentHours(root, s));
  KINLINK_RETURN_IF_ERROR(root.Finish());
  return s;
}

Result<Scenario> LoadScenarioFile(const fs::path& path, const FileReader& read) {
  KINLINK_ASSIGN_OR_RETURN(std::string text, read(path));
  return ParseScenario(text, path, read);
}

std::vector<std::string> ScenarioNames(const fs::path& scenarios_dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(scenarios_dir, error)) {
    if (entry.path().extension() != ".toml") continue;
    std::string stem = entry.path().stem().string();
    if (stem == "calibration") continue;
    names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<fs::path> ResolveScenario(std::string_view name_or_path, const fs::path& scenarios_dir) {
  fs::path direct(name_or_path);
  std::error_code error;
  if (fs::is_regular_file(direct, error)) return direct;
  fs::path named = scenarios_dir / direct;
  if (named.extension() != ".toml") named += ".toml";
  if (direct.parent_path().empty() && fs::is_regular_file(named, error)) return named;
  std::string known;
  for (const auto& name : ScenarioNames(scenarios_dir)) known += (known.empty() ? "" : ", ") + name;
  return NotFoundError(
      fmt::format("no scenario file '{}' and no scenario of that name in '{}' ({})", name_or_path,
                  scenarios_dir.string(), known.empty() ? "none there" : "known: " + known));
}

}  // namespace kinlink::sim
