// Helpers shared by the ledger tests: a ledger on a fresh temporary database with a manual
// clock, and short constructors for the events the tests append.
#ifndef KINLINK_TESTS_LEDGER_LEDGER_TEST_UTIL_H_
#define KINLINK_TESTS_LEDGER_LEDGER_TEST_UTIL_H_

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/event.h"
#include "ledger/alert_rules.h"
#include "ledger/ingest.h"
#include "ledger/ledger.h"

// Tests build options structs with designated initializers and leave the rest defaulted.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace kinlink::ledger::testing {

inline Timestamp T(std::string_view text) { return ParseTimestamp(text).value(); }

// The header line of an export in the test layout tests/ledger/data/border_log.toml.
inline constexpr std::string_view kBorderLogHeader =
    "REC_ID,SUBJECT,A_NUMBER,NAME,SEX,DOB,COUNTRY,DATE,TIME,SECTOR,STATION,FAMILY,RELEASED,"
    "RELEASED_TO,ENTERED\n";

inline std::string DataPath(std::string_view name) {
  return std::string(KINLINK_TEST_DATA_DIR) + "/data/" + std::string(name);
}

// A scratch directory removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("kinlink-ledger-" + std::to_string(getpid()) + "-" + info->test_suite_name() + "-" +
             info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline LedgerOptions LedgerAt(const std::string& path, const Clock& clock,
                              DeadlinePolicy policy = {}) {
  LedgerOptions options;
  options.storage.path = path;
  options.clock = &clock;
  options.deadlines = policy;
  return options;
}

inline IngestOptions Source(std::string source, size_t batch_rows = 5000) {
  IngestOptions options;
  options.source = std::move(source);
  options.batch_rows = batch_rows;
  return options;
}

struct TestLedger {
  explicit TestLedger(const std::string& path,
                      DeadlinePolicy policy = DefaultAlertRules().Deadlines())
      : clock(T("2026-01-01T00:00:00Z")) {
    auto opened = Ledger::Open(LedgerAt(path, clock, policy));
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    ledger = std::move(*opened);
  }
  // **test_ledger is the Ledger.
  std::unique_ptr<Ledger>& operator*() { return ledger; }
  Ledger* operator->() { return ledger.get(); }
  ManualClock clock;
  std::unique_ptr<Ledger> ledger;
};

inline Event MakeEvent(std::string id, std::string_view at, EventPayload payload) {
  Event e;
  e.event_id = std::move(id);
  e.effective_at = T(at);
  e.payload = std::move(payload);
  return e;
}

inline Event Apprehend(std::string id, std::string person, std::string_view at,
                       std::optional<std::string> family = std::nullopt) {
  Apprehension p;
  p.person_id = std::move(person);
  p.family_unit_id = std::move(family);
  p.station_id = "cbp-rgv-ursula";
  return MakeEvent(std::move(id), at, p);
}

inline Event Transfer(std::string id, std::string person, std::string_view at,
                      std::optional<Custody> from, std::optional<Custody> to) {
  CustodyTransfer p;
  p.person_id = std::move(person);
  p.releasing = std::move(from);
  p.receiving = std::move(to);
  return MakeEvent(std::move(id), at, p);
}

inline Event Separate(std::string id, std::string child, std::string parent, std::string_view at,
                      std::optional<std::string> family = std::nullopt) {
  Separation p;
  p.child_id = std::move(child);
  p.parent_id = std::move(parent);
  p.family_unit_id = std::move(family);
  return MakeEvent(std::move(id), at, p);
}

inline Person Child(std::string id, std::string_view born) {
  Person p;
  p.person_id = std::move(id);
  p.birth_date = PartialDate::FromIso(born).value();
  return p;
}

}  // namespace kinlink::ledger::testing

#endif  // KINLINK_TESTS_LEDGER_LEDGER_TEST_UTIL_H_
