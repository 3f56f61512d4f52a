// RecordReader: splits an agency export into records, whatever its layout: delimited text
// (any one-byte delimiter; RFC 4180 quoting or none; LF or CR LF) or JSON Lines, in UTF-8 or
// ISO-8859-1 (Latin-1, converted to UTF-8 on reading).
//
// Each record comes with the line it starts on, its raw text (UTF-8) and either its field values
// (by index, with the column names shared per file), or the reason it cannot be read: wrong column
// count, invalid UTF-8 (naming the column), not a JSON object. Unreadable records are returned,
// never skipped, so ingest can quarantine them.
//
//   KINLINK_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(path, format));
//   while (auto record = reader->Next()) { if (record->error) Quarantine(*record); else
//   Map(*record); }
//
// Errors: NotFound when the file cannot be read; InvalidArgument when a delimited file has no
// header. Thread safety: one reader per thread.
#ifndef KINLINK_LEDGER_RECORD_READER_H_
#define KINLINK_LEDGER_RECORD_READER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kinlink::ledger {

enum class FileKind { kDelimited, kJsonLines };
enum class TextEncoding { kUtf8, kLatin1 };
enum class Quoting { kRfc4180, kNone };

struct FileFormat {
  FileKind kind = FileKind::kDelimited;
  TextEncoding encoding = TextEncoding::kUtf8;
  char delimiter = ',';
  Quoting quoting = Quoting::kRfc4180;
};

struct RecordError {
  std::string field;  // the column, or "" for the whole record
  std::string reason;
};

struct RawRecord {
  int64_t line = 0;  // 1-based line the record starts on
  std::string text;  // the record as read (UTF-8 after decoding)
  // The field values, unescaped, one after another: value i is data[ends[i-1], ends[i]). For a
  // delimited file they are in the header's column order and `names` is the header (shared by
  // every record of the file); for JSON Lines, in the object's key order, `names` its keys.
  std::string data;
  std::vector<uint32_t> ends;
  std::shared_ptr<const std::vector<std::string>> names;
  std::optional<RecordError> error;

  size_t size() const { return ends.size(); }
  std::string_view Value(size_t i) const {
    size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(data).substr(begin, ends[i] - begin);
  }
  // The named field's value, "" when absent (a linear search: for tests and one-off lookups;
  // the mapper resolves column indexes once per file).
  std::string_view Get(std::string_view column) const;
  void Add(std::string_view value) {
    data += value;
    ends.push_back(static_cast<uint32_t>(data.size()));
  }
};

class RecordReader {
 public:
  // NotFound when the file cannot be read; InvalidArgument for an empty file or header. Both
  // name the file.
  static Result<std::unique_ptr<RecordReader>> Open(const std::string& path,
                                                    const FileFormat& format);
  // Over bytes already in memory (tests).
  static Result<std::unique_ptr<RecordReader>> FromBytes(std::string bytes,
                                                         const FileFormat& format);

  // The next record, or nullopt at the end of the file.
  std::optional<RawRecord> Next();
  // Column names from the header (delimited files only).
  const std::vector<std::string>& columns() const { return *columns_; }
  // The same, shared with the records (null for JSON Lines).
  const std::shared_ptr<const std::vector<std::string>>& shared_columns() const { return columns_; }

 private:
  RecordReader(std::string bytes, FileFormat format) : bytes_(std::move(bytes)), format_(format) {}
  Status ReadHeader();
  // Splits one delimited record starting at pos_ into `record` (text, data, ends, line);
  // advances pos_ and line_.
  void SplitDelimited(RawRecord& record);

  std::string bytes_;
  FileFormat format_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  std::shared_ptr<const std::vector<std::string>> columns_ =
      std::make_shared<const std::vector<std::string>>();
};

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);
// Each byte as its Unicode code point, encoded in UTF-8.
std::string Latin1ToUtf8(std::string_view bytes);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_RECORD_READER_H_
