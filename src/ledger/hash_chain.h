// The ledger's hash chain: the canonical serialization of a log entry and its SHA-256 link.
//
// Each entry's hash is SHA-256 over its canonical form, which includes the previous entry's hash,
// so changing, inserting or removing any stored entry changes every later hash. The canonical
// form is a sequence of netstrings ("<byte length>:<bytes>,") in this fixed order:
//   "kinlink-ledger-v1", seq, entry_id, type, effective_at, recorded_at, source_agency,
//   source_system, source_file, source_record_id, actor, payload, prev_hash
// Integers are decimal ASCII (times as Unix seconds, UTC); text is the stored UTF-8 bytes
// unchanged; prev_hash is 64 lower-case hex digits (the genesis value is 64 zeros). Netstrings
// make the form unambiguous without escaping. docs/ledger.md gives a worked example.
//
//   ChainFields f{.seq = 1, .entry_id = "E1", ..., .prev_hash = kGenesisHash};
//   std::string h = ChainHash(f);   // 64 hex digits
//
// Thread safety: pure functions.
#ifndef KINLINK_LEDGER_HASH_CHAIN_H_
#define KINLINK_LEDGER_HASH_CHAIN_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kinlink::ledger {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view kChainFormat = "kinlink-ledger-v1";

struct ChainFields {
  int64_t seq = 0;
  std::string_view entry_id;
  std::string_view type;
  int64_t effective_at = 0;
  int64_t recorded_at = 0;
  std::string_view source_agency;
  std::string_view source_system;
  std::string_view source_file;
  std::string_view source_record_id;
  std::string_view actor;
  std::string_view payload;
  std::string_view prev_hash;
};

// The exact bytes that are hashed.
std::string CanonicalForm(const ChainFields& fields);
// Lower-case hex SHA-256 of CanonicalForm(fields).
std::string ChainHash(const ChainFields& fields);
// The same written into `out` (replacing its contents; no allocation once it has the capacity).
// `out` must not be one of the fields' buffers.
void ChainHashInto(const ChainFields& fields, std::string& out);
// Lower-case hex SHA-256 of arbitrary bytes (content hashes of source records).
std::string Sha256Hex(std::string_view bytes);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_HASH_CHAIN_H_
