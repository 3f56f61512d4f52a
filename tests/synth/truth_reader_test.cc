#include "synth/truth_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "truth_builder.h"

namespace kinlink::synth {
namespace {

using testing::Apprehend;
using testing::MakePerson;
using testing::TruthBuilder;

// Reads a whole stream; returns the first error, or OK with the number of items.
Result<int> ReadAll(const std::string& text) {
  std::istringstream in(text);
  TruthReader reader(in, "truth.jsonl");
  KINLINK_RETURN_IF_ERROR(reader.ReadHeader());
  TruthItem item;
  int items = 0;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool more, reader.Next(&item));
    if (!more) break;
    ++items;
  }
  return items;
}

std::string ValidStream() {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kMale, "1985-01-02", "GTM"));
  truth.AddEvent(Apprehend("E1", "2018-05-10T03:00:00Z", "P1", std::nullopt));
  truth.AddEvent(Apprehend("E2", "2018-05-10T03:00:00Z", "P1", std::nullopt));
  return truth.Finish();
}

TEST(TruthReaderTest, ReadsAValidStream) {
  std::istringstream in(ValidStream());
  TruthReader reader(in, "truth.jsonl");
  auto header = reader.ReadHeader();
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->scenario, "unit-test");
  EXPECT_EQ(header->seed, 5u);
  TruthItem item;
  ASSERT_TRUE(*reader.Next(&item));
  ASSERT_TRUE(std::holds_alternative<Person>(item));
  EXPECT_EQ(std::get<Person>(item).person_id, "P1");
  ASSERT_TRUE(*reader.Next(&item));
  ASSERT_TRUE(std::holds_alternative<Event>(item));
  ASSERT_TRUE(*reader.Next(&item));
  auto end = reader.Next(&item);
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_FALSE(*end);
  EXPECT_EQ(reader.counts().events, 2);
}

// Replaces line `n` (1-based) of `text`.
std::string WithLine(const std::string& text, int n, const std::string& replacement) {
  std::istringstream in(text);
  std::string line, out;
  for (int i = 1; std::getline(in, line); ++i) out += (i == n ? replacement : line) + "\n";
  return out;
}

void ExpectErrorAtLine(const std::string& text, int line, const std::string& fragment) {
  auto result = ReadAll(text);
  ASSERT_FALSE(result.ok()) << "expected an error mentioning " << fragment;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("truth.jsonl:" + std::to_string(line) + ":"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find(fragment), std::string::npos)
      << result.status().message();
}

TEST(TruthReaderTest, NamesTheLineOfBadJson) {
  ExpectErrorAtLine(WithLine(ValidStream(), 3, "{\"record\": \"event\", "), 3, "not valid JSON");
}

TEST(TruthReaderTest, RejectsAMissingOrWrongHeader) {
  ExpectErrorAtLine(WithLine(ValidStream(), 1, R"({"record":"person","person_id":"P9"})"), 1,
                    "expected a header first");
  ExpectErrorAtLine(
      WithLine(ValidStream(), 1, R"({"record":"header","format":"other","version":1})"), 1,
      "format is 'other'");
  ExpectErrorAtLine(
      WithLine(ValidStream(), 1, R"({"record":"header","format":"kinlink-truth","version":2})"), 1,
      "unsupported truth version 2");
  ExpectErrorAtLine("", 0, "no header");
}

TEST(TruthReaderTest, RejectsUnknownRecordsAndBadFields) {
  ExpectErrorAtLine(WithLine(ValidStream(), 2, R"({"record":"martian"})"), 2,
                    "unknown record kind 'martian'");
  ExpectErrorAtLine(WithLine(ValidStream(), 2, R"({"person_id":"P1"})"), 2, "'record'");
  ExpectErrorAtLine(WithLine(ValidStream(), 3,
                             R"({"record":"event","event_id":"E1","type":"apprehension",)"
                             R"("effective_at":"2018-05-10T03:00:00Z","person_id":"P1",)"
                             R"("sector":"rgv","station_id":"s"})"),
                    3, "sector");
  ExpectErrorAtLine(WithLine(ValidStream(), 3, ""), 3, "empty line");
}

TEST(TruthReaderTest, RejectsEventsOutOfOrder) {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kMale, "1985-01-02", "GTM"));
  truth.AddEvent(Apprehend("E1", "2018-05-10T03:00:00Z", "P1", std::nullopt));
  truth.AddEvent(Apprehend("E2", "2018-05-09T03:00:00Z", "P1", std::nullopt));
  ExpectErrorAtLine(truth.Finish(), 4, "earlier than the event before it");
}

TEST(TruthReaderTest, ChecksTheFooter) {
  std::string text = ValidStream();
  ExpectErrorAtLine(WithLine(text, 5, R"({"record":"footer","persons":1,"families":0,"events":7})"),
                    5, "footer says 7 events, the stream has 2");
  // Truncated: the footer line removed.
  std::string truncated = text.substr(0, text.rfind('\n', text.size() - 2) + 1);
  ExpectErrorAtLine(truncated, 4, "ended without a footer");
  ExpectErrorAtLine(text + "{\"record\":\"person\"}\n", 6, "data after the footer");
}

}  // namespace
}  // namespace kinlink::synth
