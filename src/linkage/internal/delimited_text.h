// Delimited text held in memory: a CSV row cursor and a splitter that cuts a file into parts that
// start at row boundaries, so that the parts can be parsed on several threads.
//
// The cursor reads RFC 4180 rows exactly as the record reader always has: a quote opens a quoted
// field only at the start of a field; inside quotes a doubled quote is a quote and a newline
// belongs to the field; one '\r' before a newline is dropped; with `latin1` every line is
// converted from ISO-8859-1 to UTF-8 before it is read. A row is a run of physical lines, so the
// splitter runs the same quote state machine over the bytes (without building fields) and cuts
// only where a line ends outside quotes. Each part carries the number of physical lines before it,
// so rejects keep their file line numbers.
//
//   std::vector<TextPart> parts = SplitCsvRows(text, header_end, header_lines, dialect, 8);
//   CsvCursor cursor(text.substr(0, parts[k].end), parts[k].begin, parts[k].lines_before, dialect);
//   while (cursor.Next(row, error)) { size_t line = cursor.row_line(); ... }
//
// Thread safety: a cursor is one thread's; the functions are pure.
#ifndef KINLINK_LINKAGE_INTERNAL_DELIMITED_TEXT_H_
#define KINLINK_LINKAGE_INTERNAL_DELIMITED_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kinlink::linkage::detail {

struct CsvDialect {
  char delimiter = ',';
  bool skip_space_after_delimiter = false;
  bool latin1 = false;
};

// ISO-8859-1 bytes to UTF-8 (every byte is the code point of the same value), into `out`.
void Latin1ToUtf8(std::string_view text, std::string& out);

// Reads rows of `text` from byte `begin`; `lines_before` physical lines precede `begin`.
class CsvCursor {
 public:
  CsvCursor(std::string_view text, size_t begin, size_t lines_before, CsvDialect dialect)
      : text_(text), at_(begin), line_(lines_before), dialect_(dialect) {}

  // Reads the next row into `row` (its strings are reused). Returns false at the end of the text.
  // `error` is set (and the row kept) for an unterminated quoted field.
  bool Next(std::vector<std::string>& row, std::string& error);

  size_t row_line() const { return row_line_; }  // the first physical line of the last row
  size_t line() const { return line_; }          // the last physical line read
  size_t offset() const { return at_; }          // where the next row starts

 private:
  bool NextLine(std::string_view& line);

  std::string_view text_;
  size_t at_;
  size_t line_;
  size_t row_line_ = 0;
  CsvDialect dialect_;
  std::string converted_;  // latin1: the current line in UTF-8
};

// A byte range of the text that starts at a row boundary.
struct TextPart {
  size_t begin = 0;
  size_t end = 0;
  size_t lines_before = 0;  // physical lines before `begin`
};

// Cuts [begin, text.size()) into at most `parts` ranges of about equal size, each starting at a
// CSV row boundary (a line end outside quotes).
std::vector<TextPart> SplitCsvRows(std::string_view text, size_t begin, size_t lines_before,
                                   CsvDialect dialect, size_t parts);

// The same for text whose rows are single lines (JSON lines).
std::vector<TextPart> SplitLines(std::string_view text, size_t begin, size_t lines_before,
                                 size_t parts);

// Reads the next physical line of `text` from `*at` as std::getline does (a final line without a
// newline counts; one trailing '\r' is dropped). Returns false at the end.
bool NextPhysicalLine(std::string_view text, size_t& at, std::string_view& line);

}  // namespace kinlink::linkage::detail

#endif  // KINLINK_LINKAGE_INTERNAL_DELIMITED_TEXT_H_
