#include "synth/export_writer.h"

#include <fmt/format.h>

#include <cassert>
#include <iterator>

#include "synth/internal/json_text.h"
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
  std::string out;
  AppendDelimitedField(value, out);
  return out;
}

void ExportWriter::AppendDelimitedField(std::string_view value, std::string& out) const {
  switch (layout_.quoting) {
    case Quoting::kNever: {
      const size_t begin = out.size();
      out += value;
      for (size_t i = begin; i < out.size(); ++i) {
        char& c = out[i];
        if (c == layout_.delimiter) c = layout_.delimiter_substitute;
        if (c == '\r' || c == '\n') c = ' ';
      }
      return;
    }
    case Quoting::kMinimal: {
      const char specials[] = {layout_.delimiter, '"', '\r', '\n'};
      if (value.find_first_of(std::string_view(specials, std::size(specials))) ==
          std::string_view::npos) {
        out += value;
        return;
      }
      [[fallthrough]];
    }
    case Quoting::kAll:
      out += '"';
      for (char c : value) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
      return;
  }
  out += value;
}

std::string ExportWriter::FormatLine(const ExportRow& row) const {
  std::string line;
  AppendLine(row, line);
  return line;
}

void ExportWriter::AppendLine(const ExportRow& row, std::string& out) const {
  assert(row.size() == layout_.columns.size() && "row does not match the layout");
  if (layout_.shape == FileShape::kJsonLines) {
    // Written member by member; the bytes are those of nlohmann's ordered_json dump.
    detail::JsonObjectWriter object(out);
    for (size_t i = 0; i < row.size(); ++i) {
      object.Key(layout_.columns[i].name);
      const FieldValue& value = row[i];
      if (const auto* text = std::get_if<std::string>(&value)) {
        object.String(*text);
      } else if (const auto* number = std::get_if<int64_t>(&value)) {
        object.Int(*number);
      } else if (const auto* flag = std::get_if<bool>(&value)) {
        object.Bool(*flag);
      } else {
        object.Null();
      }
    }
    object.Close();
    return;
  }
  char digits[24];
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += layout_.delimiter;
    const FieldValue& value = row[i];
    if (const auto* text = std::get_if<std::string>(&value)) {
      AppendDelimitedField(*text, out);
    } else if (const auto* number = std::get_if<int64_t>(&value)) {
      auto end = fmt::format_to(digits, "{}", *number);
      AppendDelimitedField(std::string_view(digits, static_cast<size_t>(end - digits)), out);
    } else if (const auto* flag = std::get_if<bool>(&value)) {
      AppendDelimitedField(*flag ? "true" : "false", out);
    } else {
      AppendDelimitedField("", out);
    }
  }
}

void ExportWriter::Write(const ExportRow& row) { WriteFormattedLine(FormatLine(row)); }

void ExportWriter::WriteFormattedLine(std::string_view utf8_line) {
  WriteLine(utf8_line);
  ++rows_written_;
}

void ExportWriter::WriteLine(std::string_view utf8_line) {
  if (layout_.encoding == Encoding::kLatin1 && detail::HasNonAscii(utf8_line)) {
    const std::string latin1 = detail::Utf8ToLatin1(utf8_line);
    out_.write(latin1.data(), static_cast<std::streamsize>(latin1.size()));
  } else {
    out_.write(utf8_line.data(), static_cast<std::streamsize>(utf8_line.size()));
  }
  out_.write(layout_.line_end.data(), static_cast<std::streamsize>(layout_.line_end.size()));
}

Status ExportWriter::status() const {
  if (!out_)
    return UnavailableError(std::string("write failed for ") + std::string(layout_.file_name));
  return Status::Ok();
}

}  // namespace kinlink::synth
