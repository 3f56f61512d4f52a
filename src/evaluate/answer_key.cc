#include "evaluate/answer_key.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace kinlink::evaluate {
namespace {

Status LineError(const std::string& name, int64_t line, std::string_view what) {
  return InvalidArgumentError(fmt::format("{}:{}: {}", name, line, what));
}

Result<std::string> TextField(const nlohmann::json& j, const char* field, const std::string& name,
                              int64_t line) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return LineError(name, line, fmt::format("field '{}' is missing or not a string", field));
  }
  return it->get<std::string>();
}

}  // namespace

Result<AnswerKey> AnswerKey::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the answer key", path));
  return Read(in, path);
}

Result<AnswerKey> AnswerKey::Read(std::istream& in, const std::string& name) {
  AnswerKey key;
  std::string text;
  int64_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return LineError(name, line, "not a JSON object");
    auto kind_it = j.find("kind");
    if (kind_it == j.end() || !kind_it->is_string()) {
      return LineError(name, line, "field 'kind' is missing or not a string");
    }
    const std::string kind = kind_it->get<std::string>();
    if (kind == "header" || kind == "relationship" || kind == "footer") continue;
    if (kind != "record" && kind != "revision") {
      return LineError(name, line, fmt::format("unknown kind '{}'", kind));
    }
    KeyedRecord record;
    KINLINK_ASSIGN_OR_RETURN(record.agency, TextField(j, "agency", name, line));
    KINLINK_ASSIGN_OR_RETURN(record.record_id, TextField(j, "record_id", name, line));
    KINLINK_ASSIGN_OR_RETURN(record.person_id, TextField(j, "person_id", name, line));
    try {
      if (auto it = j.find("event_ids"); it != j.end() && it->is_array()) {
        for (const auto& id : *it) record.event_ids.push_back(id.get<std::string>());
      }
      if (auto it = j.find("errors"); it != j.end() && it->is_array()) {
        for (const auto& e : *it) record.errors.push_back(e.at("kind").get<std::string>());
      }
    } catch (const nlohmann::json::exception& e) {
      return LineError(name, line, fmt::format("event_ids or errors malformed: {}", e.what()));
    }
    if (kind == "revision") {
      auto it = key.records_.find(RecordKey(record.agency, record.record_id));
      if (it != key.records_.end()) {
        KeyedRecord& original = it->second;
        ++original.revisions;
        original.errors.insert(original.errors.end(), record.errors.begin(), record.errors.end());
        original.event_ids.insert(original.event_ids.end(), record.event_ids.begin(),
                                  record.event_ids.end());
        continue;
      }
      record.revisions = 1;
    }
    key.Add(std::move(record));
  }
  return key;
}

std::string AnswerKey::RecordKey(std::string_view agency, std::string_view record_id) {
  std::string key;
  key.reserve(agency.size() + 1 + record_id.size());
  key.append(agency).push_back('\t');  // no agency code holds a tab
  key.append(record_id);
  return key;
}

void AnswerKey::Add(KeyedRecord record) {
  std::string key = RecordKey(record.agency, record.record_id);
  records_[std::move(key)] = std::move(record);
}

const KeyedRecord* AnswerKey::Find(const std::string& agency, const std::string& record_id) const {
  auto it = records_.find(RecordKey(agency, record_id));
  return it == records_.end() ? nullptr : &it->second;
}

}  // namespace kinlink::evaluate
