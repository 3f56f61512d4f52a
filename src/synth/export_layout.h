// ExportLayout: the file layout of one agency's export, as documented in docs/agency-formats.md.
//
// A layout names the file, its shape (delimited text or JSON Lines), delimiter, quoting, line end
// and encoding, and its columns in order. The writer (export_writer.h) and the reader
// (export_reader.h) both work from the layout, so a layout change is made in one place (and in
// docs/agency-formats.md, which is the contract).
//
//   const ExportLayout& cbp = LayoutFor(ExportAgency::kCbp);
//   cbp.file_name;            // "cbp_apprehensions.csv"
//   cbp.ColumnIndex("DOB");   // 7
//
// Thread safety: layouts are constant tables.
#ifndef KINLINK_SYNTH_EXPORT_LAYOUT_H_
#define KINLINK_SYNTH_EXPORT_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace kinlink::synth {

// The five agency exports, in the order they are listed everywhere.
enum class ExportAgency { kCbp, kUsao, kUsms, kIce, kOrr };
inline constexpr int kExportAgencyCount = 5;
inline constexpr ExportAgency kAllExportAgencies[] = {ExportAgency::kCbp, ExportAgency::kUsao,
                                                      ExportAgency::kUsms, ExportAgency::kIce,
                                                      ExportAgency::kOrr};
// "cbp", "usao", "usms", "ice", "orr".
std::string_view ToString(ExportAgency agency);
Result<ExportAgency> ParseExportAgency(std::string_view code);

enum class FileShape { kDelimited, kJsonLines };
enum class Quoting {
  kMinimal,  // RFC 4180: quote a field only when it holds the delimiter, a quote, CR or LF
  kAll,      // every field quoted
  kNever,    // no quoting; the delimiter and line breaks never appear in values
};
enum class Encoding { kUtf8, kLatin1 };
enum class ColumnType { kText, kInteger, kBoolean };

struct ExportColumn {
  std::string_view name;
  ColumnType type = ColumnType::kText;
};

struct ExportLayout {
  ExportAgency agency;
  std::string_view file_name;
  FileShape shape;
  char delimiter;  // delimited files only
  Quoting quoting;
  std::string_view line_end;
  Encoding encoding;
  // For Quoting::kNever: what a delimiter inside a value is written as.
  char delimiter_substitute;
  std::span<const ExportColumn> columns;
  std::string_view record_id_column;

  // The column's position; -1 when the layout has no such column.
  int ColumnIndex(std::string_view name) const;
};

const ExportLayout& LayoutFor(ExportAgency agency);

// One value of a row: not recorded (null / empty), text, an integer or a boolean.
using FieldValue = std::variant<std::monostate, std::string, int64_t, bool>;
// A row's values, in the layout's column order.
using ExportRow = std::vector<FieldValue>;

// The value as delimited text writes it: "" for not recorded, digits, "true"/"false".
std::string FieldText(const FieldValue& value);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_EXPORT_LAYOUT_H_
