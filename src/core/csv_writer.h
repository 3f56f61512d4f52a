// CSV output (RFC 4180): a field is written as is unless it holds a comma, a double quote, a
// line break or leading/trailing spaces, in which case it is quoted with inner quotes doubled.
// Rows end with "\n", as every CSV kinlink writes. Used for the `--csv` output of commands, so
// lists open in a spreadsheet or load into a database as they are.
//
//   WriteCsvRow(out, {"child_id", "parent_id"});     // child_id,parent_id
//   WriteCsvRow(out, {"orr:UAC1", "held, then \"released\""});
//                                                   // orr:UAC1,"held, then ""released"""
//
// Thread safety: pure functions (the stream is the caller's).
#ifndef KINLINK_CORE_CSV_WRITER_H_
#define KINLINK_CORE_CSV_WRITER_H_

#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace kinlink {

std::string CsvField(std::string_view text);
void WriteCsvRow(std::ostream& out, std::span<const std::string> fields);
void WriteCsvRow(std::ostream& out, std::initializer_list<std::string_view> fields);

}  // namespace kinlink

#endif  // KINLINK_CORE_CSV_WRITER_H_
