// PreparedRecord: a LinkRecord normalized once so that comparing and blocking never re-parse text.
//
// Preparation repairs mojibake, folds text, splits a full name (detecting "LAST, First" order)
// or the surname field into paternal and maternal parts, computes phonetic keys (Spanish key and
// Double Metaphone), canonical given-name forms from the variant table, and the birth date in days.
// PrepareRecords also fills term frequencies (how common each given name and surname is in the
// whole set), which the model uses to weigh an exact match on a rare name above a common one.
//
//   std::vector<PreparedRecord> prepared = PrepareRecords(set, /*threads=*/2);
//
// Thread safety: PrepareRecords uses up to `threads` worker threads internally; the results are
// plain values.
#ifndef KINLINK_LINKAGE_PREPARED_RECORD_H_
#define KINLINK_LINKAGE_PREPARED_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/partial_date.h"
#include "linkage/given_name_variants.h"
#include "linkage/link_record.h"

namespace kinlink::linkage {

struct PreparedRecord {
  uint32_t source = 0;
  std::vector<std::string> given_tokens;      // folded
  std::string given;                          // folded, tokens joined by spaces
  std::string given_canonical;                // canonical form of the first given token
  std::string given_key;                      // Spanish phonetic key of the first given token
  GivenNameVariants::Profile given_variants;  // of the first given token
  std::string paternal;                       // folded surname units
  std::string maternal;
  std::string surname;            // paternal + " " + maternal
  std::string surname_key;        // Spanish phonetic key of the paternal surname
  std::string surname_metaphone;  // Double Metaphone primary of the paternal surname
  std::vector<PartialDate> birth_dates;
  int32_t birth_day_number = INT32_MIN;  // days since 1970 for a single exact date
  std::string birth_digits;              // "YYYYMMDD" for a single exact date
  char sex = 0;                          // 'f', 'm' or 0
  std::string a_number;
  std::vector<std::string> fields;  // folded, schema order; event dates as "YYYYMMDD"
  uint32_t agency = 0;              // a hash of the record's agency label; 0 when none
  float given_frequency = 0;        // share of records with this given name (0 = missing)
  float surname_frequency = 0;
};

// Normalizes one record (term frequencies are left at 0).
PreparedRecord PrepareRecord(const LinkRecord& record, const RecordSchema& schema);

// Normalizes every record and fills term frequencies.
std::vector<PreparedRecord> PrepareRecords(const RecordSet& set, int threads = 1);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_PREPARED_RECORD_H_
