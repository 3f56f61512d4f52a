// TruthReader: reads the simulator's ground-truth stream (docs/truth-format.md), validating it.
//
// The reader streams: it holds one line at a time. It checks the framing a consumer relies on:
// a `header` first (format "kinlink-truth", version 1), then facility / person / family_unit /
// relationship / event lines each in its JSON form (src/core/json_codec.h), events in
// non-decreasing `effective_at` order, a `footer` last whose counts match what was read, and
// nothing after it. Whether ids refer to earlier declarations is for the consumer to check (it
// holds the tables); Error() lets it report a problem at the current line.
//
//   TruthReader reader(file, "truth.jsonl");
//   KINLINK_ASSIGN_OR_RETURN(TruthHeader header, reader.ReadHeader());
//   TruthItem item;
//   while (true) {
//     KINLINK_ASSIGN_OR_RETURN(bool more, reader.Next(&item));
//     if (!more) break;   // the footer was read and checked
//     std::visit(handler, item);
//   }
//
// Errors: InvalidArgument "truth.jsonl:12: <what is wrong>". Thread safety: one reader per stream.
#ifndef KINLINK_SYNTH_TRUTH_READER_H_
#define KINLINK_SYNTH_TRUTH_READER_H_

#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"
#include "core/status.h"

namespace kinlink::synth {

struct TruthHeader {
  std::string scenario;
  uint64_t seed = 0;
  int64_t replication = 0;
  Timestamp start;
  Timestamp end;
};

struct TruthFooter {
  int64_t persons = 0;
  int64_t families = 0;
  int64_t events = 0;
};

using TruthItem = std::variant<Facility, Person, FamilyUnit, ParentChildAssociation, Event>;

class TruthReader {
 public:
  TruthReader(std::istream& in, std::string source_name);

  Result<TruthHeader> ReadHeader();
  // Reads the next item; false once the footer has been read and checked.
  Result<bool> Next(TruthItem* item);

  // InvalidArgument "<source>:<line>: <message>" at the line last read.
  Status Error(std::string_view message) const;
  int64_t line_number() const { return line_number_; }
  const std::string& source_name() const { return source_name_; }
  int64_t bytes_read() const { return bytes_read_; }
  const TruthFooter& counts() const { return counts_; }

 private:
  Result<bool> ReadLine(nlohmann::json* object, std::string* record_kind);

  std::istream& in_;
  std::string source_name_;
  std::string line_;
  int64_t line_number_ = 0;
  int64_t bytes_read_ = 0;
  bool header_read_ = false;
  bool footer_read_ = false;
  TruthFooter counts_;
  std::optional<Timestamp> last_event_time_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_TRUTH_READER_H_
