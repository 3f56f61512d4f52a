// ExportReader: reads an agency export back in its own layout (docs/agency-formats.md).
//
// The reader checks what a consumer of the file may rely on: the header row names exactly the
// layout's columns, every row has one value per column, quoting is well formed, lines end as the
// layout says (CR LF for the Marshals), integer and boolean columns hold integers and booleans,
// and JSON objects have exactly the layout's keys. A Latin-1 file is decoded to UTF-8. Empty
// delimited fields and JSON nulls read as "not recorded" (std::monostate).
//
//   ExportReader reader(LayoutFor(ExportAgency::kCbp), file, "cbp_apprehensions.csv");
//   ExportRow row;
//   while (true) {
//     KINLINK_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
//     if (!more) break;
//   }
//
// Errors: InvalidArgument naming "file:line". Thread safety: one reader per stream.
#ifndef KINLINK_SYNTH_EXPORT_READER_H_
#define KINLINK_SYNTH_EXPORT_READER_H_

#include <istream>
#include <string>

#include "core/status.h"
#include "synth/export_layout.h"

namespace kinlink::synth {

class ExportReader {
 public:
  ExportReader(const ExportLayout& layout, std::istream& in, std::string source_name);

  // Reads the next row into *row; false at the end of the file.
  Result<bool> Next(ExportRow* row);
  int64_t line_number() const { return line_number_; }

 private:
  Status Error(std::string_view message) const;
  // Reads one physical line (without its line end) into `line`; false at end of file.
  Result<bool> ReadPhysicalLine(std::string* line);
  Result<bool> NextDelimited(ExportRow* row);
  Result<bool> NextJson(ExportRow* row);
  Result<FieldValue> TypedValue(size_t column, std::string text) const;

  const ExportLayout& layout_;
  std::istream& in_;
  std::string source_name_;
  int64_t line_number_ = 0;
  bool header_read_ = false;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_EXPORT_READER_H_
