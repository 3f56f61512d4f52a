// ExportWriter: writes one agency's export rows in its layout (docs/agency-formats.md).
//
// The writer owns no file: it writes to the std::ostream it is given, which must outlive it. The
// header row (delimited layouts) is written by the constructor. Text values are UTF-8 in memory;
// a Latin-1 layout is converted on the way out, byte for byte. Values that would break a layout
// without quoting (the delimiter, CR, LF) are replaced as the layout says; with quoting they are
// quoted.
//
//   ExportWriter writer(LayoutFor(ExportAgency::kUsms), file);
//   writer.Write(row);   // row has one FieldValue per column
//
// Errors: a row with the wrong number of values is a broken invariant (asserted); stream failures
// are reported by status(). Thread safety: one writer per stream, not shared.
#ifndef KINLINK_SYNTH_EXPORT_WRITER_H_
#define KINLINK_SYNTH_EXPORT_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>

#include "core/status.h"
#include "synth/export_layout.h"

namespace kinlink::synth {

class ExportWriter {
 public:
  ExportWriter(const ExportLayout& layout, std::ostream& out);
  ExportWriter(const ExportWriter&) = delete;
  ExportWriter& operator=(const ExportWriter&) = delete;

  void Write(const ExportRow& row);
  // Writes a line made earlier by FormatLine (a row held back, e.g. a late record).
  void WriteFormattedLine(std::string_view utf8_line);
  // The line Write would produce, without the line end, before encoding (for tests).
  std::string FormatLine(const ExportRow& row) const;
  // The same line appended to `out` (a buffer reused from row to row).
  void AppendLine(const ExportRow& row, std::string& out) const;
  // Unavailable when the stream has failed.
  Status status() const;
  int64_t rows_written() const { return rows_written_; }

 private:
  std::string FormatDelimitedField(std::string_view value) const;
  void AppendDelimitedField(std::string_view value, std::string& out) const;
  void WriteLine(std::string_view utf8_line);

  const ExportLayout& layout_;
  std::ostream& out_;
  int64_t rows_written_ = 0;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_EXPORT_WRITER_H_
