#include "synth/export_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "synth/internal/text.h"

namespace kinlink::synth {

ExportReader::ExportReader(const ExportLayout& layout, std::istream& in, std::string source_name)
    : layout_(layout), in_(in), source_name_(std::move(source_name)) {}

Status ExportReader::Error(std::string_view message) const {
  return InvalidArgumentError(fmt::format("{}:{}: {}", source_name_, line_number_, message));
}

Result<bool> ExportReader::ReadPhysicalLine(std::string* line) {
  if (!std::getline(in_, *line)) return false;
  ++line_number_;
  if (layout_.line_end == "\r\n") {
    if (line->empty() || line->back() != '\r') return Error("expected a CR LF line end");
    line->pop_back();
  } else if (!line->empty() && line->back() == '\r') {
    return Error("unexpected CR before the line end");
  }
  if (layout_.encoding == Encoding::kLatin1) *line = detail::Latin1ToUtf8(*line);
  return true;
}

Result<FieldValue> ExportReader::TypedValue(size_t column, std::string text) const {
  if (text.empty()) return FieldValue();
  switch (layout_.columns[column].type) {
    case ColumnType::kText:
      return FieldValue(std::move(text));
    case ColumnType::kInteger: {
      int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) {
        return Error(
            fmt::format("column {}: '{}' is not an integer", layout_.columns[column].name, text));
      }
      return FieldValue(value);
    }
    case ColumnType::kBoolean:
      if (text == "true") return FieldValue(true);
      if (text == "false") return FieldValue(false);
      return Error(
          fmt::format("column {}: '{}' is not true or false", layout_.columns[column].name, text));
  }
  return FieldValue();
}

Result<bool> ExportReader::Next(ExportRow* row) {
  return layout_.shape == FileShape::kJsonLines ? NextJson(row) : NextDelimited(row);
}

Result<bool> ExportReader::NextDelimited(ExportRow* row) {
  std::string line;
  KINLINK_ASSIGN_OR_RETURN(bool more, ReadPhysicalLine(&line));
  if (!more) {
    if (!header_read_) return Error("empty file: no header row");
    return false;
  }
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted
  size_t i = 0;
  while (true) {
    if (i == line.size()) {
      if (quoted) {
        // A quoted field continues on the next physical line.
        std::string next;
        KINLINK_ASSIGN_OR_RETURN(bool has_next, ReadPhysicalLine(&next));
        if (!has_next) return Error("unterminated quoted field at end of file");
        field += layout_.line_end;
        line = std::move(next);
        i = 0;
        continue;
      }
      fields.push_back(std::move(field));
      break;
    }
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        if (i < line.size() && line[i] != layout_.delimiter) {
          return Error("text after a closing quote");
        }
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == layout_.delimiter) {
      if (layout_.quoting == Quoting::kAll && !was_quoted) {
        return Error(fmt::format("field {} is not quoted", fields.size() + 1));
      }
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      ++i;
      continue;
    }
    if (c == '"' && layout_.quoting != Quoting::kNever && field.empty() && !was_quoted) {
      quoted = true;
      was_quoted = true;
      ++i;
      continue;
    }
    if (c == '"' && layout_.quoting != Quoting::kNever) {
      return Error("a double quote inside an unquoted field");
    }
    field += c;
    ++i;
  }
  if (layout_.quoting == Quoting::kAll && !was_quoted) {
    return Error(fmt::format("field {} is not quoted", fields.size()));
  }
  if (!header_read_) {
    header_read_ = true;
    if (fields.size() != layout_.columns.size()) {
      return Error(fmt::format("header has {} columns; the {} layout has {}", fields.size(),
                               ToString(layout_.agency), layout_.columns.size()));
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      if (fields[c] != layout_.columns[c].name) {
        return Error(fmt::format("header column {} is '{}', expected '{}'", c + 1, fields[c],
                                 layout_.columns[c].name));
      }
    }
    return NextDelimited(row);
  }
  if (fields.size() != layout_.columns.size()) {
    return Error(fmt::format("expected {} fields, got {}", layout_.columns.size(), fields.size()));
  }
  row->clear();
  for (size_t c = 0; c < fields.size(); ++c) {
    KINLINK_ASSIGN_OR_RETURN(FieldValue value, TypedValue(c, std::move(fields[c])));
    row->push_back(std::move(value));
  }
  return true;
}

Result<bool> ExportReader::NextJson(ExportRow* row) {
  std::string line;
  KINLINK_ASSIGN_OR_RETURN(bool more, ReadPhysicalLine(&line));
  if (!more) return false;
  nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object()) return Error("not a JSON object");
  if (object.size() != layout_.columns.size()) {
    return Error(fmt::format("expected {} keys, got {}", layout_.columns.size(), object.size()));
  }
  row->clear();
  for (const auto& column : layout_.columns) {
    auto it = object.find(std::string(column.name));
    if (it == object.end()) return Error(fmt::format("missing key '{}'", column.name));
    const auto& value = *it;
    if (value.is_null()) {
      row->push_back(FieldValue());
    } else if (column.type == ColumnType::kText && value.is_string()) {
      row->push_back(FieldValue(value.get<std::string>()));
    } else if (column.type == ColumnType::kInteger && value.is_number_integer()) {
      row->push_back(FieldValue(value.get<int64_t>()));
    } else if (column.type == ColumnType::kBoolean && value.is_boolean()) {
      row->push_back(FieldValue(value.get<bool>()));
    } else {
      return Error(fmt::format("key '{}' has the wrong type", column.name));
    }
  }
  return true;
}

}  // namespace kinlink::synth
