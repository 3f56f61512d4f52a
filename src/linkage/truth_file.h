// TruthFile: the answer key for evaluating a linkage run.
//
// CSV with the header `kind,first,second,source` (source optional):
//   record,<record id>,<entity id>[,<source: 0 or 1>]      the record belongs to that entity
//   parent_child,<parent entity>,<child entity>             a true parent–child relationship
// Entities are opaque strings (the simulator's person ids, or FEBRL's rec_id numbers). A mapping's
// `truth` column gives record entities too; the file's rows override it.
// Load also reads the synthesizer's answer key (answer_key.jsonl, docs/agency-formats.md): each
// `record` line names its record's true person (source 0: synth exports are pooled), and each
// `relationship` line whose true kind a court treats as a parent (IsParentalKind: biological,
// adoptive, legal guardian) is a true parent–child link; other relatives, unverified claims and
// disproven claims are not.
//
//   KINLINK_ASSIGN_OR_RETURN(TruthFile truth, TruthFile::Load("truth.csv"));
//   truth.ApplyTo(set);
//
// Errors: NotFound for a missing file; InvalidArgument naming the line of a malformed row.
// Thread safety: immutable after loading.
#ifndef KINLINK_LINKAGE_TRUTH_FILE_H_
#define KINLINK_LINKAGE_TRUTH_FILE_H_

#include <iosfwd>
#include <map>
#include <set>
#include <string>

#include "core/status.h"
#include "linkage/evaluation.h"
#include "linkage/link_record.h"

namespace kinlink::linkage {

struct TruthFile {
  std::map<std::string, std::string> entity_of_record;  // "source/record_id" -> entity
  std::set<EntityLink> parent_child;

  static Result<TruthFile> Parse(std::istream& in, const std::string& label);
  static Result<TruthFile> ParseSynthAnswerKey(std::istream& in, const std::string& label);
  // Either format: a file whose first character is '{' is an answer key.
  static Result<TruthFile> Load(const std::string& path);
  // Sets truth_entity on every record the file names; returns how many were named.
  size_t ApplyTo(RecordSet& set) const;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_TRUTH_FILE_H_
