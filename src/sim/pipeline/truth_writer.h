// TruthWriter: one replication's ground truth as the JSON Lines stream of docs/truth-format.md.
//
// The pipeline model calls the Declare* methods before it first names a facility, person or
// family, and Emit for every event, in simulated-time order; Finish() writes the footer with the
// counts. Objects use the core JSON codec (core/json_codec.h). The writer also checks the
// contract it promises readers: an event naming an undeclared id, or an event earlier than the
// previous one, is a broken invariant (std::logic_error), so a bad stream is never written
// silently.
//
//   std::ofstream out("truth.jsonl");
//   TruthWriter truth(out, {.scenario = "zero-tolerance-2018", .seed = 1, ...});
//   truth.DeclareFacility(facility);
//   truth.DeclarePerson(person);
//   truth.Emit(event);
//   truth.Finish();
//
// Ownership: the stream is borrowed and must outlive the writer. Thread safety: none.
#ifndef KINLINK_SIM_PIPELINE_TRUTH_WRITER_H_
#define KINLINK_SIM_PIPELINE_TRUTH_WRITER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"

namespace kinlink::sim {

struct TruthHeader {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  Timestamp start;
  Timestamp end;
};

class TruthWriter {
 public:
  TruthWriter(std::ostream& out, const TruthHeader& header);
  TruthWriter(const TruthWriter&) = delete;
  TruthWriter& operator=(const TruthWriter&) = delete;

  void DeclareFacility(const Facility& facility);
  void DeclarePerson(const Person& person);
  // The family unit and the true relationship of each adult to each child.
  void DeclareFamily(const FamilyUnit& family,
                     const std::vector<ParentChildAssociation>& relationships);
  void Emit(const kinlink::Event& event);
  // Writes the footer. Further calls are broken invariants.
  void Finish();

  std::int64_t persons() const { return persons_; }
  std::int64_t families() const { return families_; }
  std::int64_t events() const { return events_; }

 private:
  void WriteLine(const nlohmann::json& json);
  void RequireDeclared(const std::string& id) const;

  std::ostream& out_;
  std::unordered_set<std::string> declared_;
  std::int64_t persons_ = 0;
  std::int64_t families_ = 0;
  std::int64_t events_ = 0;
  Timestamp last_event_at_{};
  bool finished_ = false;
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_PIPELINE_TRUTH_WRITER_H_
