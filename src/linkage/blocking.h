// Blocking: which record pairs are compared at all.
//
// A blocking rule is a conjunction of keys ("same surname sound AND same birth year"); two
// records are a candidate pair under a rule when every key is present on both and equal. Several
// rules are united, and a pair is produced once, by the first rule that covers it: a later rule
// skips a pair when an earlier rule's keys also agree (the same test Splink uses), so no global set
// of seen pairs is kept. Memory is bounded: a block larger than `max_block_size` is not compared
// all-against-all; its records are sorted twice, by surname then given name and by given name
// then surname, and each is compared with its next `window` records in both orders (a two-pass
// sorted neighbourhood: a dropped maternal surname moves a record far in the first order but not
// in the second), and the report says how many blocks were windowed.
// A pair that an earlier rule's windowed block left out (same key, too far apart in the window)
// is not skipped by later rules: an exact identifier rule still finds it.
//
// Pairs come in a fixed order (rule by rule, blocks in key order) that does not depend on the
// number of threads: Pairs() blocks on several threads and joins their pairs in that order;
// ForEachPair() streams the same pairs, batch by batch, without holding them all (a training
// session samples 2 M of a rule's 60 M pairs that way).
//
//   std::vector<BlockingRule> rules = DefaultBlockingRules(schema);
//   Blocker blocker(rules, options);
//   BlockingReport report;
//   std::vector<CandidatePair> pairs = blocker.Pairs(prepared, &report, nullptr, /*threads=*/2);
//   uint64_t total = 0;
//   blocker.ForEachPair(prepared, [&](std::span<const CandidatePair> batch) { ...; return true; },
//                       &total);
//
// Keys: given_sound, given_prefix3, given_initial, surname_sound, surname_metaphone,
// surname_prefix3, surname_initial, birth_date, birth_year, birth_month_day, a_number, sex, and
// field:NAME (a schema field's folded value).
// Errors: ParseBlockingRule returns InvalidArgument for an unknown key.
// Thread safety: a Blocker is immutable; Pairs() and ForEachPair() may run concurrently on any
// inputs. Pairs() uses up to `threads` worker threads (the calling thread is one).
#ifndef KINLINK_LINKAGE_BLOCKING_H_
#define KINLINK_LINKAGE_BLOCKING_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/link_record.h"
#include "linkage/prepared_record.h"

namespace kinlink::linkage {

enum class BlockingKeyKind {
  kGivenSound,
  kGivenPrefix3,
  kGivenInitial,
  kSurnameSound,
  kSurnameMetaphone,
  kSurnamePrefix3,
  kSurnameInitial,
  kBirthDate,
  kBirthYear,
  kBirthMonthDay,
  kANumber,
  kSex,
  kField,
};

struct BlockingKey {
  BlockingKeyKind kind = BlockingKeyKind::kBirthDate;
  int field_index = -1;  // kField only
  std::string text;      // as written, e.g. "field:postcode"
};

struct BlockingRule {
  std::vector<BlockingKey> keys;
  std::string Description() const;  // "surname_sound & birth_year"
};

// Parses "surname_sound & birth_year" against the schema.
Result<BlockingRule> ParseBlockingRule(std::string_view text, const RecordSchema& schema);

// Rules that suit names with birth dates: see docs/matching-model.md.
std::vector<BlockingRule> DefaultBlockingRules(const RecordSchema& schema);

struct CandidatePair {
  uint32_t a;  // a < b in dedupe mode; a from source 0 and b from source 1 in link-only mode
  uint32_t b;
};

struct RuleReport {
  std::string rule;
  uint64_t pairs = 0;            // new pairs this rule produced
  uint64_t windowed_blocks = 0;  // blocks too large to compare in full
  uint64_t true_pairs = 0;       // new true pairs (when truth is given)
};

struct BlockingReport {
  std::vector<RuleReport> rules;
  uint64_t total_pairs = 0;
  uint64_t possible_pairs = 0;  // all pairs without blocking
  uint64_t true_pairs_found = 0;
  uint64_t true_pairs_total = 0;  // 0 when no truth is known
  double recall() const {
    return true_pairs_total == 0
               ? 0.0
               : static_cast<double>(true_pairs_found) / static_cast<double>(true_pairs_total);
  }
};

struct BlockingOptions {
  bool link_only = false;       // compare only records from different sources
  size_t max_block_size = 400;  // larger blocks use a sorted window
  size_t window = 40;
};

class Blocker {
 public:
  Blocker(std::vector<BlockingRule> rules, BlockingOptions options)
      : rules_(std::move(rules)), options_(options) {}

  // All candidate pairs, each once. `truth` (entity per record, may be empty) fills the recall
  // figures of the report. The pairs and the report do not depend on `threads`.
  std::vector<CandidatePair> Pairs(const std::vector<PreparedRecord>& records,
                                   BlockingReport* report,
                                   const std::vector<std::string>* truth = nullptr,
                                   int threads = 1) const;

  // Calls `visit` with every candidate pair, in batches, in the order Pairs() returns them, on
  // the calling thread; `visit` returns false to stop early. When `total_pairs` is not null it is
  // set, before the first batch, to the number of pairs Pairs() would return (counting them costs
  // one more walk over the blocks, without storing pairs). Returns the number of pairs visited.
  uint64_t ForEachPair(const std::vector<PreparedRecord>& records,
                       const std::function<bool(std::span<const CandidatePair>)>& visit,
                       uint64_t* total_pairs = nullptr) const;

  // The pairs at chosen positions of the sequence ForEachPair() visits, in that order, without
  // generating the others where it can: `choose` gets the number of pairs and returns the
  // positions to keep, ascending, each below that number. A block of the first rule that yields
  // its pairs in full (dedupe mode, not windowed) is skipped, or indexed into, by arithmetic;
  // other blocks are walked. Sampling 2 M of 62 M pairs so costs the blocks, not the 62 M pairs.
  // When `total_pairs` is not null it is set to the number of pairs.
  std::vector<CandidatePair> PairsAt(
      const std::vector<PreparedRecord>& records,
      const std::function<std::vector<uint64_t>(uint64_t total)>& choose,
      uint64_t* total_pairs = nullptr) const;

  // The key of `rule` for one record; 0 when a key part is missing.
  static uint64_t KeyOf(const BlockingRule& rule, const PreparedRecord& record);

 private:
  std::vector<BlockingRule> rules_;
  BlockingOptions options_;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_BLOCKING_H_
