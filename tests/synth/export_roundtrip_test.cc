// Every layout written and read back in its own format, including awkward values.
#include <gtest/gtest.h>

#include <sstream>

#include "synth/export_layout.h"
#include "synth/export_reader.h"
#include "synth/export_writer.h"
#include "synth_run.h"

namespace kinlink::synth {
namespace {

// A row for `layout` whose text values exercise the layout's quoting rules.
ExportRow AwkwardRow(const ExportLayout& layout, int variant) {
  ExportRow row;
  for (size_t i = 0; i < layout.columns.size(); ++i) {
    switch (layout.columns[i].type) {
      case ColumnType::kInteger:
        row.push_back(variant == 2 ? FieldValue() : FieldValue(int64_t(variant * 17 + i)));
        break;
      case ColumnType::kBoolean:
        row.push_back(variant == 2 ? FieldValue() : FieldValue(variant == 1));
        break;
      case ColumnType::kText: {
        std::string text;
        if (variant == 0) text = "LÓPEZ HERNÁNDEZ, María José Ñúñez";
        if (variant == 1) text = "Nikte' \"la Chepa\" Pérez";
        if (variant == 2) text = i % 2 == 0 ? "" : "MarÃ­a Mar?a";
        if (variant == 3) text = "x" + std::to_string(i);
        row.push_back(text.empty() ? FieldValue() : FieldValue(text));
        break;
      }
    }
  }
  return row;
}

class LayoutRoundTripTest : public ::testing::TestWithParam<ExportAgency> {};

TEST_P(LayoutRoundTripTest, RowsReadBackUnchanged) {
  const ExportLayout& layout = LayoutFor(GetParam());
  std::ostringstream out;
  std::vector<ExportRow> written;
  {
    ExportWriter writer(layout, out);
    for (int variant = 0; variant < 4; ++variant) {
      written.push_back(AwkwardRow(layout, variant));
      writer.Write(written.back());
    }
    ASSERT_TRUE(writer.status().ok());
    EXPECT_EQ(writer.rows_written(), 4);
  }
  std::vector<ExportRow> read = testing::ReadExport(layout, out.str());
  ASSERT_EQ(read.size(), written.size());
  for (size_t r = 0; r < read.size(); ++r) {
    for (size_t c = 0; c < layout.columns.size(); ++c) {
      if (layout.quoting == Quoting::kNever && layout.shape == FileShape::kDelimited) {
        // Unquoted layouts replace the delimiter; nothing else changes.
        std::string expected = FieldText(written[r][c]);
        for (char& ch : expected) {
          if (ch == layout.delimiter) ch = layout.delimiter_substitute;
        }
        EXPECT_EQ(FieldText(read[r][c]), expected) << layout.columns[c].name;
      } else {
        EXPECT_EQ(read[r][c], written[r][c])
            << layout.file_name << " row " << r << " column " << layout.columns[c].name;
      }
    }
  }
}

TEST_P(LayoutRoundTripTest, RejectsAForeignHeaderOrShortRow) {
  const ExportLayout& layout = LayoutFor(GetParam());
  if (layout.shape == FileShape::kJsonLines) {
    std::istringstream in("{\"placement_id\": \"PL1\"}\n");
    ExportReader reader(layout, in, "orr.jsonl");
    ExportRow row;
    auto result = reader.Next(&row);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.status().message().find("orr.jsonl:1:"), std::string::npos);
    return;
  }
  std::string end(layout.line_end);
  std::istringstream in("\"A\"" + std::string(1, layout.delimiter) + "\"B\"" + end);
  ExportReader reader(layout, in, "x.csv");
  ExportRow row;
  auto result = reader.Next(&row);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("x.csv:1:"), std::string::npos)
      << result.status().message();
}

INSTANTIATE_TEST_SUITE_P(AllAgencies, LayoutRoundTripTest, ::testing::ValuesIn(kAllExportAgencies),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(ExportFormatTest, MarshalsFileIsLatin1WithQuotedFieldsAndCrLf) {
  const ExportLayout& layout = LayoutFor(ExportAgency::kUsms);
  std::ostringstream out;
  ExportWriter writer(layout, out);
  ExportRow row(layout.columns.size());
  row[2] = std::string("MUÑOZ PÉREZ");
  writer.Write(row);
  std::string bytes = out.str();
  std::string header_end = "\"RELEASE_TIME\"\r\n";  // the last column
  ASSERT_NE(bytes.find(header_end), std::string::npos);
  std::string data = bytes.substr(bytes.find(header_end) + header_end.size());
  // "MU\xD1OZ P\xC9REZ": one byte per letter, Latin-1.
  EXPECT_NE(data.find("\"MU\xD1OZ P\xC9REZ\""), std::string::npos);
  EXPECT_EQ(data.find("\xC3"), std::string::npos) << "no UTF-8 lead bytes in a Latin-1 file";
  EXPECT_EQ(data.substr(data.size() - 2), "\r\n");
  EXPECT_EQ(data.substr(0, 3), "\"\";");
}

TEST(ExportFormatTest, CbpQuotesOnlyWhenNeeded) {
  const ExportLayout& layout = LayoutFor(ExportAgency::kCbp);
  std::ostringstream sink;
  ExportWriter writer(layout, sink);
  ExportRow row(layout.columns.size());
  row[0] = std::string("E3-000000001");
  row[5] = std::string("LÓPEZ, María \"Mari\"");
  std::string line = writer.FormatLine(row);
  EXPECT_EQ(line.substr(0, 13), "E3-000000001,");
  EXPECT_NE(line.find(",\"LÓPEZ, María \"\"Mari\"\"\","), std::string::npos) << line;
}

TEST(ExportFormatTest, DocketsNeverQuoteAndReplacePipes) {
  const ExportLayout& layout = LayoutFor(ExportAgency::kUsao);
  std::ostringstream sink;
  ExportWriter writer(layout, sink);
  ExportRow row(layout.columns.size());
  row[3] = std::string("Ana \"Anita\" Ruiz|Paz");
  std::string line = writer.FormatLine(row);
  EXPECT_NE(line.find("|Ana \"Anita\" Ruiz/Paz|"), std::string::npos) << line;
}

}  // namespace
}  // namespace kinlink::synth
