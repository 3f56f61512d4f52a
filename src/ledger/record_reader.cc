#include "ledger/record_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kinlink::ledger {

const std::string& RawRecord::Get(const std::string& column) const {
  static const std::string kEmpty;
  auto it = fields.find(column);
  return it == fields.end() ? kEmpty : it->second;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    uint32_t min;
    if ((c & 0xe0) == 0xc0) {
      extra = 1, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3, min = 0x10000;
    } else {
      return false;
    }
    uint32_t cp = c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

std::string Latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

Result<std::unique_ptr<RecordReader>> RecordReader::Open(const std::string& path,
                                                         const FileFormat& format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot read '{}'", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return FromBytes(std::move(buffer).str(), format);
}

Result<std::unique_ptr<RecordReader>> RecordReader::FromBytes(std::string bytes,
                                                              const FileFormat& format) {
  if (format.encoding == TextEncoding::kLatin1) bytes = Latin1ToUtf8(bytes);
  std::unique_ptr<RecordReader> reader(new RecordReader(std::move(bytes), format));
  if (reader->bytes_.size() >= 3 && reader->bytes_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    reader->pos_ = 3;  // a UTF-8 byte-order mark
  }
  if (format.kind == FileKind::kDelimited) KINLINK_RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

Status RecordReader::ReadHeader() {
  if (pos_ >= bytes_.size()) return InvalidArgumentError("the file is empty: no header row");
  std::string text;
  int64_t start = 0;
  columns_ = SplitDelimited(text, start);
  if (columns_.empty() || (columns_.size() == 1 && columns_[0].empty())) {
    return InvalidArgumentError("the header row is empty");
  }
  return Status::Ok();
}

std::vector<std::string> RecordReader::SplitDelimited(std::string& text, int64_t& start_line) {
  start_line = line_;
  std::vector<std::string> fields(1);
  size_t begin = pos_;
  bool quoted = false;
  bool field_start = true;
  while (pos_ < bytes_.size()) {
    char c = bytes_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '"') {
          fields.back().push_back('"');
          pos_ += 2;
          continue;
        }
        quoted = false;
        ++pos_;
        continue;
      }
      if (c == '\n') ++line_;
      fields.back().push_back(c);
      ++pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      size_t end = pos_;
      if (c == '\r' && pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      text.assign(bytes_, begin, end - begin);
      return fields;
    }
    if (c == format_.delimiter) {
      fields.emplace_back();
      field_start = true;
      ++pos_;
      continue;
    }
    if (c == '"' && field_start && format_.quoting == Quoting::kRfc4180) {
      quoted = true;
      field_start = false;
      ++pos_;
      continue;
    }
    field_start = false;
    fields.back().push_back(c);
    ++pos_;
  }
  text.assign(bytes_, begin, pos_ - begin);
  return fields;
}

std::optional<RawRecord> RecordReader::Next() {
  while (pos_ < bytes_.size()) {
    RawRecord record;
    if (format_.kind == FileKind::kJsonLines) {
      size_t end = bytes_.find('\n', pos_);
      if (end == std::string::npos) end = bytes_.size();
      record.line = line_;
      record.text.assign(bytes_, pos_, end - pos_);
      if (!record.text.empty() && record.text.back() == '\r') record.text.pop_back();
      pos_ = end + 1;
      ++line_;
      if (record.text.find_first_not_of(" \t") == std::string::npos) continue;
      if (!IsValidUtf8(record.text)) {
        record.error = RecordError{"", "invalid UTF-8"};
        record.text = Latin1ToUtf8(record.text);
        return record;
      }
      nlohmann::json json = nlohmann::json::parse(record.text, nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        record.error = RecordError{"", "not a JSON object"};
        return record;
      }
      for (auto it = json.begin(); it != json.end(); ++it) {
        const auto& v = it.value();
        std::string value;
        if (v.is_string()) {
          value = v.get<std::string>();
        } else if (v.is_boolean()) {
          value = v.get<bool>() ? "true" : "false";
        } else if (!v.is_null()) {
          value = v.dump();
        }
        record.fields.emplace(it.key(), std::move(value));
      }
      return record;
    }
    int64_t start = 0;
    std::vector<std::string> values = SplitDelimited(record.text, start);
    record.line = start;
    if (record.text.empty() && values.size() == 1) continue;  // blank line
    if (values.size() != columns_.size()) {
      record.error = RecordError{
          "", fmt::format("wrong column count: {} instead of {}", values.size(), columns_.size())};
      return record;
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (!record.error && !IsValidUtf8(values[i])) {
        record.error = RecordError{columns_[i], "invalid UTF-8"};
      }
      record.fields.emplace(columns_[i], std::move(values[i]));
    }
    if (record.error && !IsValidUtf8(record.text)) {
      record.text = Latin1ToUtf8(record.text);  // keep the raw row storable as text
    }
    return record;
  }
  return std::nullopt;
}

}  // namespace kinlink::ledger
