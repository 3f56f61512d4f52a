#include "core/csv_writer.h"

namespace kinlink {
namespace {

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == ' ' || text.back() == ' ') return true;
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

template <typename Fields>
void WriteRow(std::ostream& out, const Fields& fields) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out << ',';
    first = false;
    out << CsvField(field);
  }
  out << '\n';
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (!NeedsQuotes(text)) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void WriteCsvRow(std::ostream& out, std::span<const std::string> fields) { WriteRow(out, fields); }

void WriteCsvRow(std::ostream& out, std::initializer_list<std::string_view> fields) {
  WriteRow(out, fields);
}

}  // namespace kinlink
