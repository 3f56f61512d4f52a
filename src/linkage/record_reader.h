// Reading records: CSV or JSON lines through a ColumnMapping, with malformed rows set aside.
//
// A row that cannot be read (wrong number of columns, bad quoting, bad JSON, no record id, a
// duplicate record id) is rejected: it is written to the rejects list with its file, line and
// reason, and linking goes on without it. A value that cannot be read (an impossible date, an
// invalid A-number) is dropped from its record, which is kept and linked on what it has; the
// rejects list records that too, with action "field_ignored". Blank values are missing values.
//
//   std::vector<Reject> rejects;
//   KINLINK_RETURN_IF_ERROR(ReadRecordFile("a.csv", mapping, /*source=*/0, set, rejects));
//
// CSV follows RFC 4180 (quoted fields may hold delimiters, doubled quotes and newlines); the
// first row is the header. JSON lines: one object per line; numbers and booleans are read as text.
// Errors: NotFound when the file cannot be opened; InvalidArgument when the header lacks a
// column the mapping names. Row problems are rejects, not errors.
// Thread safety: reads into caller-owned values; one call per thread (each call starts its own
// workers: the file is cut into parts at row boundaries, line numbers kept, see
// internal/delimited_text.h).
#ifndef KINLINK_LINKAGE_RECORD_READER_H_
#define KINLINK_LINKAGE_RECORD_READER_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/column_mapping.h"
#include "linkage/link_record.h"

namespace kinlink::linkage {

struct Reject {
  std::string file;
  size_t line = 0;
  std::string reason;
  std::string action;  // "rejected" or "field_ignored"
};

// Appends the records of `input` to `set` (whose schema must be mapping.Schema()), in input order.
// The input is read into memory and its rows are parsed on `threads` threads (0: one per core);
// records, rejects and their order do not depend on the thread count.
Status ReadRecords(std::istream& input, const std::string& file_label, const ColumnMapping& mapping,
                   uint32_t source, RecordSet& set, std::vector<Reject>& rejects, int threads = 0);
Status ReadRecordFile(const std::string& path, const ColumnMapping& mapping, uint32_t source,
                      RecordSet& set, std::vector<Reject>& rejects, int threads = 0);

// Writes rejects as CSV: file,line,action,reason.
void WriteRejectsCsv(std::ostream& out, const std::vector<Reject>& rejects);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_RECORD_READER_H_
