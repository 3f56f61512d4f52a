// AnswerKey: the synthesizer's answer_key.jsonl (docs/agency-formats.md, "Answer key") as the
// benchmark needs it: each exported record's true person, the truth events it renders and the
// errors applied to it.
//
// `record` lines are read; so are `revision` lines (a later version of a record, same fields),
// when the synthesizer writes them: a revision adds its errors to the record's and keeps its true
// person. header, relationship and footer lines are accepted and skipped; any other kind is bad
// input.
//
//   KINLINK_ASSIGN_OR_RETURN(AnswerKey key, AnswerKey::Load("answer_key.jsonl"));
//   const KeyedRecord* r = key.Find("cbp", "E3-000000017");
//
// Errors: NotFound for a missing file; InvalidArgument "<file>:<line>: <what>" for a line that is
// not a JSON object or lacks a field. Thread safety: immutable after loading.
#ifndef KINLINK_EVALUATE_ANSWER_KEY_H_
#define KINLINK_EVALUATE_ANSWER_KEY_H_

#include <istream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

namespace kinlink::evaluate {

struct KeyedRecord {
  std::string agency;
  std::string record_id;
  std::string person_id;               // the truth's person
  std::vector<std::string> event_ids;  // truth events the record renders
  std::vector<std::string> errors;     // applied error kinds, revisions' included
  int revisions = 0;
};

class AnswerKey {
 public:
  static Result<AnswerKey> Load(const std::string& path);
  static Result<AnswerKey> Read(std::istream& in, const std::string& name);

  void Add(KeyedRecord record);  // building by hand (tests)

  const KeyedRecord* Find(const std::string& agency, const std::string& record_id) const;
  // Every record, keyed by RecordKey(agency, record id); in no particular order.
  const std::unordered_map<std::string, KeyedRecord>& records() const { return records_; }
  static std::string RecordKey(std::string_view agency, std::string_view record_id);

 private:
  std::unordered_map<std::string, KeyedRecord> records_;
};

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_ANSWER_KEY_H_
