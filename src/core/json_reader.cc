#include "core/json_reader.h"

namespace kinlink {

Status JsonReader::ExpectObject() const {
  if (!object_.is_object()) {
    return InvalidArgumentError(fmt::format("{} must be a JSON object", what_));
  }
  return Status::Ok();
}

bool JsonReader::Has(std::string_view key) const {
  return object_.is_object() && object_.contains(key);
}

bool JsonReader::HasValue(std::string_view key) const {
  if (!Has(key)) return false;
  return !object_.find(key)->is_null();
}

Status JsonReader::FieldError(std::string_view key, std::string_view message) const {
  return InvalidArgumentError(fmt::format("{} field '{}': {}", what_, key, message));
}

Result<const nlohmann::json*> JsonReader::Child(std::string_view key) const {
  if (!Has(key)) return FieldError(key, "is missing");
  return &*object_.find(key);
}

Result<std::string> JsonReader::String(std::string_view key) const {
  KINLINK_ASSIGN_OR_RETURN(const nlohmann::json* value, Child(key));
  if (!value->is_string()) return FieldError(key, "must be a string");
  return value->get<std::string>();
}

Result<std::optional<std::string>> JsonReader::OptionalString(std::string_view key) const {
  if (!HasValue(key)) return std::optional<std::string>();
  KINLINK_ASSIGN_OR_RETURN(std::string value, String(key));
  return std::optional<std::string>(std::move(value));
}

Result<int64_t> JsonReader::Int(std::string_view key) const {
  KINLINK_ASSIGN_OR_RETURN(const nlohmann::json* value, Child(key));
  if (!value->is_number_integer()) return FieldError(key, "must be an integer");
  return value->get<int64_t>();
}

Result<std::optional<int64_t>> JsonReader::OptionalInt(std::string_view key) const {
  if (!HasValue(key)) return std::optional<int64_t>();
  KINLINK_ASSIGN_OR_RETURN(int64_t value, Int(key));
  return std::optional<int64_t>(value);
}

Result<bool> JsonReader::Bool(std::string_view key) const {
  KINLINK_ASSIGN_OR_RETURN(const nlohmann::json* value, Child(key));
  if (!value->is_boolean()) return FieldError(key, "must be true or false");
  return value->get<bool>();
}

Result<Timestamp> JsonReader::Time(std::string_view key) const {
  KINLINK_ASSIGN_OR_RETURN(std::string text, String(key));
  auto time = ParseTimestamp(text);
  if (!time.ok()) return FieldError(key, time.status().message());
  return *time;
}

Result<std::optional<Timestamp>> JsonReader::OptionalTime(std::string_view key) const {
  if (!HasValue(key)) return std::optional<Timestamp>();
  KINLINK_ASSIGN_OR_RETURN(Timestamp time, Time(key));
  return std::optional<Timestamp>(time);
}

}  // namespace kinlink
