#include "linkage/synth_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

namespace kinlink::linkage {
namespace detail {
extern const std::vector<std::pair<std::string_view, std::string_view>> kEmbeddedSynthMappings;
}  // namespace detail

namespace {

namespace fs = std::filesystem;

std::string FileNameOf(const std::string& path) { return fs::path(path).filename().string(); }

// The answer key's header names the files: {"files": {"cbp": "cbp_apprehensions.csv", ...}}.
std::vector<std::pair<std::string, std::string>> FilesFromAnswerKey(const fs::path& key) {
  std::ifstream in(key);
  std::string first;
  if (!in || !std::getline(in, first)) return {};
  auto header = nlohmann::json::parse(first, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object() || !header.contains("files") ||
      !header["files"].is_object()) {
    return {};
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& [agency, name] : header["files"].items()) {
    if (name.is_string()) files.emplace_back(agency, name.get<std::string>());
  }
  return files;
}

}  // namespace

const std::vector<std::string>& SynthAgencies() {
  static const std::vector<std::string> agencies = {"cbp", "usao", "usms", "ice", "orr"};
  return agencies;
}

Result<ColumnMapping> BuiltInSynthMapping(std::string_view agency) {
  for (const auto& [name, text] : detail::kEmbeddedSynthMappings) {
    if (name == agency) {
      return ColumnMapping::Parse(text, fmt::format("data/linkage/mappings/synth/{}.toml", agency));
    }
  }
  return InvalidArgumentError(fmt::format("no built-in synth mapping for agency '{}'", agency));
}

std::string SynthAgencyOfFile(const std::string& path) {
  std::string name = FileNameOf(path);
  for (const auto& agency : SynthAgencies()) {
    auto mapping = BuiltInSynthMapping(agency);
    if (mapping.ok() && mapping->file_name == name) return agency;
  }
  return {};
}

Result<std::vector<SynthExportFile>> FindSynthExports(const std::string& directory) {
  fs::path dir(directory);
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return NotFoundError(fmt::format("'{}' is not a directory", directory));
  }
  auto named = FilesFromAnswerKey(dir / "answer_key.jsonl");
  std::vector<SynthExportFile> files;
  for (const auto& agency : SynthAgencies()) {
    std::string name;
    for (const auto& [key_agency, key_name] : named) {
      if (key_agency == agency) name = key_name;
    }
    if (name.empty()) {
      KINLINK_ASSIGN_OR_RETURN(ColumnMapping mapping, BuiltInSynthMapping(agency));
      name = mapping.file_name;
    }
    if (fs::exists(dir / name, error)) files.push_back({agency, (dir / name).string()});
  }
  if (files.empty()) {
    return NotFoundError(
        fmt::format("'{}' holds none of the synthesizer's agency exports (cbp_apprehensions.csv, "
                    "usao_dockets.txt, usms_bookings.csv, ice_detentions.tsv, "
                    "orr_placements.jsonl)",
                    directory));
  }
  return files;
}

Status ReadSynthExports(const std::vector<SynthExportFile>& files, RecordSet& set,
                        std::vector<Reject>& rejects) {
  bool first = true;
  for (const auto& file : files) {
    KINLINK_ASSIGN_OR_RETURN(ColumnMapping mapping, BuiltInSynthMapping(file.agency));
    RecordSchema schema = mapping.Schema();
    if (first && set.records.empty()) {
      set.schema = schema;
    } else if (schema.fields.size() != set.schema.fields.size()) {
      return InvalidArgumentError(fmt::format(
          "the built-in mapping of '{}' names other fields than the first file's", file.agency));
    }
    first = false;
    KINLINK_RETURN_IF_ERROR(ReadRecordFile(file.path, mapping, /*source=*/0, set, rejects));
  }
  return Status::Ok();
}

}  // namespace kinlink::linkage
