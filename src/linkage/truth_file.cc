#include "linkage/truth_file.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/family.h"

namespace kinlink::linkage {
namespace {

std::vector<std::string> SplitComma(const std::string& line) {
  std::vector<std::string> parts;
  std::stringstream stream(line);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty() && part.back() == '\r') part.pop_back();
    parts.push_back(part);
  }
  return parts;
}

}  // namespace

Result<TruthFile> TruthFile::Parse(std::istream& in, const std::string& label) {
  TruthFile truth;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    auto parts = SplitComma(line);
    if (number == 1 && !parts.empty() && parts[0] == "kind") continue;
    if (parts.size() < 3) {
      return InvalidArgumentError(fmt::format("{}:{}: expected kind,first,second", label, number));
    }
    if (parts[0] == "record") {
      std::string source = parts.size() >= 4 && !parts[3].empty() ? parts[3] : "0";
      truth.entity_of_record[source + "/" + parts[1]] = parts[2];
    } else if (parts[0] == "parent_child") {
      truth.parent_child.insert({parts[1], parts[2]});
    } else {
      return InvalidArgumentError(fmt::format(
          "{}:{}: kind must be 'record' or 'parent_child', not '{}'", label, number, parts[0]));
    }
  }
  return truth;
}

Result<TruthFile> TruthFile::ParseSynthAnswerKey(std::istream& in, const std::string& label) {
  TruthFile truth;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object() || !object.contains("kind")) {
      return InvalidArgumentError(fmt::format("{}:{}: not an answer-key object", label, number));
    }
    const std::string kind = object.value("kind", "");
    if (kind == "record") {
      std::string record = object.value("record_id", "");
      std::string person = object.value("person_id", "");
      if (record.empty() || person.empty()) {
        return InvalidArgumentError(
            fmt::format("{}:{}: a record line needs record_id and person_id", label, number));
      }
      truth.entity_of_record["0/" + record] = person;
    } else if (kind == "relationship") {
      auto parsed = ParseRelationshipKind(object.value("relationship", ""));
      if (!parsed.ok()) {
        return parsed.status().WithContext(fmt::format("{}:{}", label, number));
      }
      if (IsParentalKind(*parsed)) {
        truth.parent_child.insert({object.value("parent_id", ""), object.value("child_id", "")});
      }
    } else if (number == 1 && kind == "header" &&
               object.value("format", "") != "kinlink-synth-key") {
      return InvalidArgumentError(fmt::format("{}:1: not a kinlink-synth-key file", label));
    }
  }
  return truth;
}

Result<TruthFile> TruthFile::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open truth file '{}'", path));
  in >> std::ws;
  if (in.peek() == '{') return ParseSynthAnswerKey(in, path);
  return Parse(in, path);
}

size_t TruthFile::ApplyTo(RecordSet& set) const {
  size_t named = 0;
  for (auto& record : set.records) {
    auto it = entity_of_record.find(std::to_string(record.source) + "/" + record.record_id);
    if (it == entity_of_record.end()) continue;
    record.truth_entity = it->second;
    ++named;
  }
  return named;
}

}  // namespace kinlink::linkage
