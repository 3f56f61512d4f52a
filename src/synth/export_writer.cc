#include "synth/export_writer.h"

#include <cassert>
#include <nlohmann/json.hpp>

#include "synth/internal/text.h"

namespace kinlink::synth {

ExportWriter::ExportWriter(const ExportLayout& layout, std::ostream& out)
    : layout_(layout), out_(out) {
  if (layout_.shape == FileShape::kDelimited) {
    std::string header;
    for (size_t i = 0; i < layout_.columns.size(); ++i) {
      if (i > 0) header += layout_.delimiter;
      header += FormatDelimitedField(layout_.columns[i].name);
    }
    WriteLine(header);
  }
}

std::string ExportWriter::FormatDelimitedField(std::string_view value) const {
  switch (layout_.quoting) {
    case Quoting::kNever: {
      std::string out(value);
      for (char& c : out) {
        if (c == layout_.delimiter) c = layout_.delimiter_substitute;
        if (c == '\r' || c == '\n') c = ' ';
      }
      return out;
    }
    case Quoting::kMinimal:
      if (value.find_first_of(std::string{layout_.delimiter, '"', '\r', '\n'}) ==
          std::string_view::npos) {
        return std::string(value);
      }
      [[fallthrough]];
    case Quoting::kAll: {
      std::string out = "\"";
      for (char c : value) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
      return out;
    }
  }
  return std::string(value);
}

std::string ExportWriter::FormatLine(const ExportRow& row) const {
  assert(row.size() == layout_.columns.size() && "row does not match the layout");
  if (layout_.shape == FileShape::kJsonLines) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string key(layout_.columns[i].name);
      const FieldValue& value = row[i];
      if (const auto* text = std::get_if<std::string>(&value)) {
        object[key] = *text;
      } else if (const auto* number = std::get_if<int64_t>(&value)) {
        object[key] = *number;
      } else if (const auto* flag = std::get_if<bool>(&value)) {
        object[key] = *flag;
      } else {
        object[key] = nullptr;
      }
    }
    return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line += layout_.delimiter;
    line += FormatDelimitedField(FieldText(row[i]));
  }
  return line;
}

void ExportWriter::Write(const ExportRow& row) { WriteFormattedLine(FormatLine(row)); }

void ExportWriter::WriteFormattedLine(const std::string& utf8_line) {
  WriteLine(utf8_line);
  ++rows_written_;
}

void ExportWriter::WriteLine(const std::string& utf8_line) {
  if (layout_.encoding == Encoding::kLatin1) {
    out_ << detail::Utf8ToLatin1(utf8_line);
  } else {
    out_ << utf8_line;
  }
  out_ << layout_.line_end;
}

Status ExportWriter::status() const {
  if (!out_)
    return UnavailableError(std::string("write failed for ") + std::string(layout_.file_name));
  return Status::Ok();
}

}  // namespace kinlink::synth
