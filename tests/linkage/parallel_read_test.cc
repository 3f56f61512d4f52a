// Reading a file in parts on several threads: the parts start at row boundaries (never inside a
// quoted field that spans lines), keep their file line numbers, and the records and rejects are
// the same, in the same order, as when one thread reads the whole file.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <sstream>

#include "linkage/internal/delimited_text.h"
#include "linkage/record_reader.h"

namespace kinlink::linkage {
namespace {

constexpr const char* kMapping = R"(
format = "csv"
record_id = "id"
truth = "person"
sex = "sex"
[names]
given = "given"
paternal = "paternal"
[birth_date]
column = "dob"
[[fields]]
name = "note"
kind = "text"
)";

// A CSV of `rows` rows with quoted fields holding delimiters, doubled quotes and newlines, blank
// lines, rows with too few columns, duplicate ids, bad dates and an unterminated quote at the end.
std::string MessyCsv(size_t rows, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string text = "id,person,given,paternal,dob,sex,note\r\n";
  for (size_t i = 0; i < rows; ++i) {
    const uint64_t kind = random() % 40;
    const size_t id = kind == 1 && i > 10 ? i - 7 : i;  // a duplicate id now and then
    std::string note;
    switch (random() % 6) {
      case 0:
        note = "\"line one\nline two, with a comma\"";
        break;
      case 1:
        note = "\"she said \"\"hola\"\"\"";
        break;
      case 2:
        note = "plain";
        break;
      case 3:
        note = "\"\n\n\"";  // a quoted field that is only newlines
        break;
      case 4:
        note = "a \"quote\" inside";  // not at the field start: a character
        break;
      default:
        break;
    }
    if (kind == 2) {
      text += "\n";  // a blank line
    }
    if (kind == 3) {
      text += std::to_string(id) + ",P,Ana\n";  // too few columns
      continue;
    }
    const char* dob = kind == 4 ? "1990-13-45" : "1990-05-03";
    text += std::to_string(id) + ",P" + std::to_string(id % 997) + ",\"Ana María\",López," + dob +
            "," + (i % 2 ? "F" : "M") + "," + note + (i % 3 ? "\n" : "\r\n");
  }
  text += "999999999,P1,Rosa,\"Diaz,1990-01-02,F,unterminated\n";
  return text;
}

void ExpectSameRead(const std::string& text, const std::string& mapping_text) {
  auto mapping = *ColumnMapping::Parse(mapping_text, "m.toml");
  RecordSet one;
  RecordSet many;
  std::vector<Reject> one_rejects;
  std::vector<Reject> many_rejects;
  std::istringstream first(text);
  std::istringstream second(text);
  ASSERT_TRUE(ReadRecords(first, "in", mapping, 0, one, one_rejects, 1).ok());
  ASSERT_TRUE(ReadRecords(second, "in", mapping, 0, many, many_rejects, 7).ok());
  ASSERT_EQ(one.records.size(), many.records.size());
  for (size_t i = 0; i < one.records.size(); ++i) {
    const auto& x = one.records[i];
    const auto& y = many.records[i];
    ASSERT_EQ(x.record_id, y.record_id) << i;
    ASSERT_EQ(x.line, y.line) << x.record_id;
    ASSERT_EQ(x.given_names, y.given_names) << x.record_id;
    ASSERT_EQ(x.fields, y.fields) << x.record_id;
    ASSERT_EQ(x.birth_dates.size(), y.birth_dates.size()) << x.record_id;
    ASSERT_EQ(x.truth_entity, y.truth_entity) << x.record_id;
  }
  ASSERT_EQ(one_rejects.size(), many_rejects.size());
  for (size_t i = 0; i < one_rejects.size(); ++i) {
    EXPECT_EQ(one_rejects[i].line, many_rejects[i].line) << i;
    EXPECT_EQ(one_rejects[i].reason, many_rejects[i].reason) << i;
    EXPECT_EQ(one_rejects[i].action, many_rejects[i].action) << i;
  }
}

TEST(ParallelReadTest, CsvPartsReadAsOneFile) {
  const std::string text = MessyCsv(60000, 7);
  ASSERT_GT(text.size(), 2u << 20);  // large enough to be cut into several parts
  ExpectSameRead(text, kMapping);
}

TEST(ParallelReadTest, LineNumbersCountTheLinesInsideQuotedFields) {
  const std::string text = MessyCsv(60000, 11);
  auto mapping = *ColumnMapping::Parse(kMapping, "m.toml");
  RecordSet set;
  std::vector<Reject> rejects;
  std::istringstream in(text);
  ASSERT_TRUE(ReadRecords(in, "in", mapping, 0, set, rejects, 4).ok());
  // Every record's line is where its id starts a line of the file.
  std::vector<size_t> line_starts = {0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(i + 1);
  }
  for (size_t i = 0; i < set.records.size(); i += 97) {
    const auto& r = set.records[i];
    ASSERT_LE(r.line, line_starts.size());
    const size_t at = line_starts[r.line - 1];
    EXPECT_EQ(text.compare(at, r.record_id.size() + 1, r.record_id + ","), 0) << r.record_id;
  }
  // The unterminated quote at the end is one rejected row on the last line's start.
  ASSERT_FALSE(rejects.empty());
  EXPECT_EQ(rejects.back().reason, "unterminated quoted field");
  EXPECT_EQ(text.compare(line_starts[rejects.back().line - 1], 9, "999999999"), 0);
}

TEST(ParallelReadTest, PartsStartWhereRowsStart) {
  const std::string text = MessyCsv(30000, 3);
  const detail::CsvDialect dialect;
  // Where each row starts, and the lines before it, read by one cursor.
  std::set<std::pair<size_t, size_t>> row_starts;
  detail::CsvCursor cursor(text, 0, 0, dialect);
  std::vector<std::string> row;
  std::string error;
  while (true) {
    row_starts.insert({cursor.offset(), cursor.line()});
    if (!cursor.Next(row, error)) break;
  }
  auto parts = detail::SplitCsvRows(text, 0, 0, dialect, 16);
  ASSERT_GT(parts.size(), 4u);
  EXPECT_EQ(parts.front().begin, 0u);
  EXPECT_EQ(parts.back().end, text.size());
  for (size_t k = 0; k < parts.size(); ++k) {
    EXPECT_TRUE(row_starts.count({parts[k].begin, parts[k].lines_before})) << k;
    if (k > 0) {
      EXPECT_EQ(parts[k].begin, parts[k - 1].end);
    }
  }
}

TEST(ParallelReadTest, JsonLinesPartsReadAsOneFile) {
  std::string text;
  for (int i = 0; i < 40000; ++i) {
    if (i % 50 == 7) text += "not json at all\n";
    if (i % 60 == 9) text += "   \n";
    text += "{\"id\": " + std::to_string(i % 39000) + ", \"given\": \"Jos\\u00e9 " +
            std::to_string(i) + "\", \"surname\": \"Perez Soto\", \"dob\": \"2011-03-05\"}\n";
  }
  ExpectSameRead(text,
                 "format = \"jsonl\"\nrecord_id = \"id\"\n[names]\ngiven = \"given\"\n"
                 "surname = \"surname\"\n[birth_date]\ncolumn = \"dob\"\n");
}

TEST(ParallelReadTest, CursorReadsLatin1AndSkipsSpaceAfterDelimiter) {
  detail::CsvDialect dialect{';', true, true};
  const std::string text = "a; \"b;c\";\xF1o\r\n\"x\ny\"; z\n";
  detail::CsvCursor cursor(text, 0, 0, dialect);
  std::vector<std::string> row;
  std::string error;
  ASSERT_TRUE(cursor.Next(row, error));
  EXPECT_EQ(row, (std::vector<std::string>{"a", "b;c", "\xC3\xB1o"}));
  ASSERT_TRUE(cursor.Next(row, error));
  EXPECT_EQ(row, (std::vector<std::string>{"x\ny", "z"}));
  EXPECT_EQ(cursor.row_line(), 2u);
  EXPECT_EQ(cursor.line(), 3u);
  EXPECT_FALSE(cursor.Next(row, error));
}

}  // namespace
}  // namespace kinlink::linkage
