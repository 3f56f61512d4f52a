// Sha256: SHA-256 (FIPS 180-4) for the ledger's hash chain and content hashes, using the x86 SHA
// extensions (SHA-NI) when the CPU has them and a portable implementation otherwise.
//
// libsodium's crypto_hash_sha256 is portable C; on the ingest path it was the largest single cost
// (every entry's canonical form, every record's content and every identity record are hashed).
// The digests are the same bytes whichever implementation runs: tests/ledger/sha256_test.cc
// checks both against libsodium and the FIPS test vectors.
//
//   detail::Sha256 h;
//   h.Update("abc");
//   std::array<unsigned char, 32> digest = h.Final();
//
// Thread safety: an object is used by one thread; distinct objects are independent.
#ifndef KINLINK_LEDGER_INTERNAL_SHA256_H_
#define KINLINK_LEDGER_INTERNAL_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kinlink::ledger::detail {

class Sha256 {
 public:
  // `use_cpu_extensions` false forces the portable code (tests compare the two).
  explicit Sha256(bool use_cpu_extensions = true);
  void Update(std::string_view bytes);
  // The digest; the object must not be updated afterwards.
  std::array<unsigned char, 32> Final();

  // Whether this CPU has the SHA extensions (and so Sha256 uses them by default).
  static bool CpuHasShaExtensions();

 private:
  void Compress(const unsigned char* blocks, size_t count);

  std::array<uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
  bool sha_ni_ = false;
};

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_SHA256_H_
