#include "ledger/record_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kinlink::ledger {

std::string_view RawRecord::Get(std::string_view column) const {
  if (!names) return {};
  for (size_t i = 0; i < names->size() && i < size(); ++i) {
    if ((*names)[i] == column) return Value(i);
  }
  return {};
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
  auto reader = FromBytes(std::move(buffer).str(), format);
  if (!reader.ok()) return reader.status().WithContext(path);  // an empty file, no header…
  return reader;
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
  RawRecord header;
  SplitDelimited(header);
  auto columns = std::make_shared<std::vector<std::string>>();
  for (size_t i = 0; i < header.size(); ++i) columns->emplace_back(header.Value(i));
  if (columns->empty() || (columns->size() == 1 && (*columns)[0].empty())) {
    return InvalidArgumentError("the header row is empty");
  }
  columns_ = std::move(columns);
  return Status::Ok();
}

// RFC 4180 when enabled: a field that starts with '"' is quoted up to the next lone '"' (a
// doubled "" is one quote; delimiters and line breaks inside are data); whatever follows the
// closing quote up to the delimiter is kept as it is, and a '"' anywhere else is an ordinary byte.
void RecordReader::SplitDelimited(RawRecord& record) {
  record.line = line_;
  record.data.clear();
  record.ends.clear();
  const char* bytes = bytes_.data();
  const size_t size = bytes_.size();
  const char delimiter = format_.delimiter;
  const bool rfc4180 = format_.quoting == Quoting::kRfc4180;
  const size_t begin = pos_;
  while (true) {
    if (rfc4180 && pos_ < size && bytes[pos_] == '"') {
      ++pos_;
      while (pos_ < size) {
        size_t run = pos_;
        while (pos_ < size && bytes[pos_] != '"' && bytes[pos_] != '\n') ++pos_;
        record.data.append(bytes + run, pos_ - run);
        if (pos_ >= size) break;
        if (bytes[pos_] == '\n') {
          ++line_;
          record.data += '\n';
          ++pos_;
          continue;
        }
        if (pos_ + 1 < size && bytes[pos_ + 1] == '"') {  // "" inside quotes
          record.data += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;  // the closing quote
        break;
      }
    }
    size_t run = pos_;
    while (pos_ < size) {
      char c = bytes[pos_];
      if (c == delimiter || c == '\n' || c == '\r') break;
      ++pos_;
    }
    record.data.append(bytes + run, pos_ - run);
    record.ends.push_back(static_cast<uint32_t>(record.data.size()));
    if (pos_ >= size) {
      record.text.assign(bytes_, begin, pos_ - begin);
      return;
    }
    char c = bytes[pos_];
    if (c == delimiter) {
      ++pos_;
      continue;
    }
    size_t end = pos_;
    if (c == '\r' && pos_ + 1 < size && bytes[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    record.text.assign(bytes_, begin, end - begin);
    return;
  }
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
      auto keys = std::make_shared<std::vector<std::string>>();
      keys->reserve(json.size());
      for (auto it = json.begin(); it != json.end(); ++it) {
        const auto& v = it.value();
        keys->push_back(it.key());
        if (v.is_string()) {
          record.Add(v.get_ref<const std::string&>());
        } else if (v.is_boolean()) {
          record.Add(v.get<bool>() ? "true" : "false");
        } else if (!v.is_null()) {
          record.Add(v.dump());
        } else {
          record.Add("");
        }
      }
      record.names = std::move(keys);
      return record;
    }
    SplitDelimited(record);
    if (record.text.empty() && record.size() == 1) continue;  // blank line
    if (record.size() != columns_->size()) {
      record.error = RecordError{
          "", fmt::format("wrong column count: {} instead of {}", record.size(), columns_->size())};
      return record;
    }
    record.names = columns_;
    for (size_t i = 0; i < record.size(); ++i) {
      if (!IsValidUtf8(record.Value(i))) {
        record.error = RecordError{(*columns_)[i], "invalid UTF-8"};
        break;
      }
    }
    if (record.error && !IsValidUtf8(record.text)) {
      record.text = Latin1ToUtf8(record.text);  // keep the raw row storable as text
    }
    return record;
  }
  return std::nullopt;
}

}  // namespace kinlink::ledger
