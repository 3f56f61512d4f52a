// The synthesizer's fast paths against the slow, obvious versions they replaced: JSON text
// written by hand must be nlohmann's bytes, and the prefetching reader must hand out the same
// items, line numbers and errors as a TruthReader read on one thread.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "synth/internal/json_text.h"
#include "synth/truth_prefetcher.h"
#include "synth/truth_reader.h"
#include "truth_builder.h"

namespace kinlink::synth {
namespace {

using testing::Apprehend;
using testing::MakePerson;
using testing::TruthBuilder;

std::string NlohmannString(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonTextTest, StringsAreNlohmannsBytes) {
  const std::string cases[] = {"",
                               "plain",
                               "say \"hi\"",
                               "back\\slash",
                               "tab\there\nnewline\r\x01\x1f",
                               "Mar\xc3\xad"
                               "a L\xc3\xb3pez",       // UTF-8 passes through
                               "Mar\xc3\x83\xc2\xad",  // mojibake is still valid UTF-8
                               "bad \xe9 latin1",      // invalid UTF-8 is replaced
                               "truncated \xc3",
                               "del \x7f"};
  for (const auto& text : cases) {
    std::string out;
    detail::AppendJsonString(out, text);
    EXPECT_EQ(out, NlohmannString(text)) << text;
  }
}

TEST(JsonTextTest, ObjectsAreNlohmannsOrderedDump) {
  std::string out;
  detail::JsonObjectWriter object(out);
  object.Key("kind").String("record");
  object.Key("n").Int(-42);
  object.Key("big").Int(9007199254740993);
  object.Key("flag").Bool(false);
  object.Key("none").Null();
  object.Close();
  nlohmann::ordered_json expected = nlohmann::ordered_json::object();
  expected["kind"] = "record";
  expected["n"] = -42;
  expected["big"] = int64_t{9007199254740993};
  expected["flag"] = false;
  expected["none"] = nullptr;
  EXPECT_EQ(out, expected.dump());
}

// "P17": built with append (GCC 12 warns falsely, -Wrestrict, on "P" + std::to_string(17)).
std::string Id(const char* prefix, int number) {
  std::string id(prefix);
  id.append(std::to_string(number));
  return id;
}

// A stream long enough to span many prefetch batches.
std::string LongStream(int persons) {
  TruthBuilder truth;
  for (int i = 0; i < persons; ++i) {
    truth.AddPerson(MakePerson(Id("P", i), Sex::kMale, "1985-01-02", "GTM"));
  }
  for (int i = 0; i < persons; ++i) {
    truth.AddEvent(Apprehend(Id("E", i), "2018-05-10T03:00:00Z", Id("P", i), std::nullopt));
  }
  return truth.Finish();
}

TEST(TruthPrefetcherTest, SameItemsAndLinesAsASingleThreadedRead) {
  const int persons = static_cast<int>(TruthPrefetcher::kBatchItems) * 3 + 17;
  const std::string text = LongStream(persons);
  std::istringstream direct_in(text), prefetched_in(text);
  TruthReader direct(direct_in, "truth.jsonl"), prefetched(prefetched_in, "truth.jsonl");
  ASSERT_TRUE(direct.ReadHeader().ok());
  ASSERT_TRUE(prefetched.ReadHeader().ok());
  TruthPrefetcher prefetcher(prefetched);
  TruthItem expected;
  int items = 0;
  while (true) {
    auto more = direct.Next(&expected);
    ASSERT_TRUE(more.ok());
    auto item = prefetcher.Next();
    ASSERT_TRUE(item.ok());
    if (!*more) {
      EXPECT_EQ(*item, nullptr);
      break;
    }
    ASSERT_NE(*item, nullptr);
    EXPECT_EQ((*item)->index(), expected.index());
    EXPECT_EQ(prefetcher.line_number(), direct.line_number());
    EXPECT_EQ(prefetcher.bytes_read(), direct.bytes_read());
    ++items;
  }
  EXPECT_EQ(items, 2 * persons);
  EXPECT_EQ(prefetcher.counts().persons, persons);
  EXPECT_EQ(prefetcher.counts().events, persons);
  EXPECT_EQ(prefetcher.Error("bad").message(),
            "truth.jsonl:" + std::to_string(direct.line_number()) + ": bad");
}

TEST(TruthPrefetcherTest, AReaderErrorComesAfterEveryItemBeforeIt) {
  const int persons = static_cast<int>(TruthPrefetcher::kBatchItems) * 2 + 5;
  std::string text = LongStream(persons);
  // Break line 1000 (a person line; line 1 is the header).
  std::istringstream lines(text);
  std::string line, broken;
  for (int n = 1; std::getline(lines, line); ++n) broken += (n == 1000 ? "{oops" : line) + "\n";
  std::istringstream in(broken);
  TruthReader reader(in, "truth.jsonl");
  ASSERT_TRUE(reader.ReadHeader().ok());
  TruthPrefetcher prefetcher(reader);
  int items = 0;
  while (true) {
    auto item = prefetcher.Next();
    if (!item.ok()) {
      EXPECT_NE(item.status().message().find("truth.jsonl:1000:"), std::string::npos)
          << item.status().message();
      break;
    }
    ASSERT_NE(*item, nullptr) << "the error was lost";
    ++items;
  }
  EXPECT_EQ(items, 998);  // lines 2..999
}

TEST(TruthPrefetcherTest, StoppingEarlyJoinsTheReaderThread) {
  const std::string text = LongStream(static_cast<int>(TruthPrefetcher::kBatchItems) * 20);
  std::istringstream in(text);
  TruthReader reader(in, "truth.jsonl");
  ASSERT_TRUE(reader.ReadHeader().ok());
  {
    TruthPrefetcher prefetcher(reader);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(prefetcher.Next().ok());
  }  // the destructor must not hang with the queue full
  SUCCEED();
}

}  // namespace
}  // namespace kinlink::synth
