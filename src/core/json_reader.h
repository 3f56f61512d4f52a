// JsonReader: reads fields out of a JSON object with errors that name the field.
//
// nlohmann::json throws on a missing key or a wrong type; kinlink's readers return Status values
// instead, so a malformed record becomes a clear quarantine reason ("field 'sector': unknown
// sector 'rgv' (expected one of: ...)") rather than an exception.
//
//   JsonReader r(object, "event");
//   KINLINK_ASSIGN_OR_RETURN(std::string id, r.String("event_id"));
//   KINLINK_ASSIGN_OR_RETURN(Sector s, r.Enum("sector", ParseSector));
//
// Thread safety: not shared; one reader per object being read.
#ifndef KINLINK_CORE_JSON_READER_H_
#define KINLINK_CORE_JSON_READER_H_

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_time.h"
#include "core/status.h"

namespace kinlink {

class JsonReader {
 public:
  // `object` must outlive the reader; `what` names it in errors ("event", "person").
  JsonReader(const nlohmann::json& object, std::string_view what) : object_(object), what_(what) {}

  // InvalidArgument unless the value is a JSON object.
  Status ExpectObject() const;

  bool Has(std::string_view key) const;
  Result<std::string> String(std::string_view key) const;
  Result<std::optional<std::string>> OptionalString(std::string_view key) const;
  Result<int64_t> Int(std::string_view key) const;
  Result<std::optional<int64_t>> OptionalInt(std::string_view key) const;
  Result<bool> Bool(std::string_view key) const;
  Result<Timestamp> Time(std::string_view key) const;
  Result<std::optional<Timestamp>> OptionalTime(std::string_view key) const;
  // The value at `key` (any JSON type) or NotFound-style InvalidArgument when absent.
  Result<const nlohmann::json*> Child(std::string_view key) const;

  // Reads a string and converts it with `parse` (a function returning Result<E>).
  template <typename Parse>
  auto Enum(std::string_view key, Parse parse) const -> decltype(parse(std::string_view())) {
    auto text = String(key);
    if (!text.ok()) return text.status();
    auto value = parse(*text);
    if (!value.ok()) return FieldError(key, value.status().message());
    return value;
  }

  // Has(key) and not null: for optional enum-valued fields, read with Enum() after this.
  bool HasValue(std::string_view key) const;

  Status FieldError(std::string_view key, std::string_view message) const;

 private:
  const nlohmann::json& object_;
  std::string what_;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_JSON_READER_H_
