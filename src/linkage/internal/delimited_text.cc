#include "linkage/internal/delimited_text.h"

#include <algorithm>

namespace kinlink::linkage::detail {
namespace {

// Parts smaller than this are not worth a thread.
constexpr size_t kMinPartBytes = 256 * 1024;

size_t PartCount(size_t bytes, size_t parts) {
  return std::max<size_t>(1, std::min(parts, bytes / kMinPartBytes));
}

}  // namespace

void Latin1ToUtf8(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() + 16);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
}

bool NextPhysicalLine(std::string_view text, size_t& at, std::string_view& line) {
  if (at >= text.size()) return false;
  size_t newline = text.find('\n', at);
  if (newline == std::string_view::npos) {
    line = text.substr(at);
    at = text.size();
  } else {
    line = text.substr(at, newline - at);
    at = newline + 1;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

bool CsvCursor::NextLine(std::string_view& line) {
  if (!NextPhysicalLine(text_, at_, line)) return false;
  ++line_;
  if (dialect_.latin1 &&
      std::any_of(line.begin(), line.end(), [](char c) { return (c & 0x80) != 0; })) {
    Latin1ToUtf8(line, converted_);
    line = converted_;
  }
  return true;
}

bool CsvCursor::Next(std::vector<std::string>& row, std::string& error) {
  error.clear();
  std::string_view text;
  if (!NextLine(text)) return false;
  row_line_ = line_;
  const char delimiter = dialect_.delimiter;
  size_t count = 0;
  auto next_field = [&]() -> std::string& {
    if (count == row.size()) row.emplace_back();
    std::string& field = row[count];
    field.clear();
    return field;
  };
  std::string* field = &next_field();
  bool in_quotes = false;
  bool field_start = true;
  size_t i = 0;
  while (true) {
    if (i >= text.size()) {
      if (in_quotes) {
        std::string_view next;
        if (!NextLine(next)) {
          error = "unterminated quoted field";
          break;
        }
        field->push_back('\n');
        text = next;
        i = 0;
        continue;
      }
      break;
    }
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field->push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {  // the run up to the next quote belongs to the field
        size_t quote = text.find('"', i);
        if (quote == std::string_view::npos) quote = text.size();
        field->append(text.substr(i, quote - i));
        i = quote;
        field_start = false;
        continue;
      }
    } else if (c == delimiter) {
      ++count;
      field = &next_field();
      field_start = true;
      if (dialect_.skip_space_after_delimiter && i + 1 < text.size() && text[i + 1] == ' ') ++i;
      ++i;
      continue;
    } else if (c == '"' && field_start) {
      in_quotes = true;
    } else {  // outside quotes a quote is a character: the run up to the next delimiter
      size_t end = text.find(delimiter, i);
      if (end == std::string_view::npos) end = text.size();
      field->append(text.substr(i, end - i));
      i = end;
      field_start = false;
      continue;
    }
    field_start = false;
    ++i;
  }
  row.resize(count + 1);
  return true;
}

std::vector<TextPart> SplitCsvRows(std::string_view text, size_t begin, size_t lines_before,
                                   CsvDialect dialect, size_t parts) {
  const size_t n = text.size();
  begin = std::min(begin, n);
  const size_t span = n - begin;
  parts = PartCount(span, parts);
  // With latin1 a delimiter byte above 0x7F changes when its line is converted: read as one part.
  if (parts <= 1 || (dialect.latin1 && (static_cast<unsigned char>(dialect.delimiter) & 0x80))) {
    return {{begin, n, lines_before}};
  }
  std::vector<TextPart> out;
  TextPart current{begin, n, lines_before};
  size_t target = begin + span / parts;
  size_t lines = lines_before;
  bool in_quotes = false;
  bool field_start = true;
  const char delimiter = dialect.delimiter;
  for (size_t i = begin; i < n; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++lines;
      if (!in_quotes) {
        field_start = true;
        if (i + 1 >= target && i + 1 < n) {
          current.end = i + 1;
          out.push_back(current);
          current = {i + 1, n, lines};
          target = begin + span * (out.size() + 1) / parts;
        }
      }
      continue;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          ++i;
        } else {
          in_quotes = false;
        }
      }
    } else if (c == delimiter) {
      field_start = true;
      if (dialect.skip_space_after_delimiter && i + 1 < n && text[i + 1] == ' ') ++i;
      continue;
    } else if (c == '"' && field_start) {
      in_quotes = true;
    }
    field_start = false;
  }
  out.push_back(current);
  return out;
}

std::vector<TextPart> SplitLines(std::string_view text, size_t begin, size_t lines_before,
                                 size_t parts) {
  const size_t n = text.size();
  begin = std::min(begin, n);
  const size_t span = n - begin;
  parts = PartCount(span, parts);
  std::vector<TextPart> out;
  TextPart current{begin, n, lines_before};
  for (size_t k = 1; k < parts; ++k) {
    const size_t target = begin + span * k / parts;
    if (target == 0 || target >= n) break;
    size_t newline = text.find('\n', std::max(current.begin, target - 1));
    if (newline == std::string_view::npos || newline + 1 >= n) break;
    current.end = newline + 1;
    out.push_back(current);
    const size_t lines =
        static_cast<size_t>(std::count(text.begin() + static_cast<long>(current.begin),
                                       text.begin() + static_cast<long>(current.end), '\n'));
    current = {newline + 1, n, current.lines_before + lines};
  }
  out.push_back(current);
  return out;
}

}  // namespace kinlink::linkage::detail
