#include "ledger/hash_chain.h"

#include <array>
#include <charconv>

#include "ledger/internal/sha256.h"

namespace kinlink::ledger {
namespace {

void AppendNetstring(std::string& out, std::string_view bytes) {
  std::array<char, 24> digits;
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), bytes.size());
  (void)ec;
  out.append(digits.data(), end);
  out.push_back(':');
  out.append(bytes);
  out.push_back(',');
}

void AppendNetstring(std::string& out, int64_t value) {
  std::array<char, 24> digits;
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  (void)ec;
  AppendNetstring(out, std::string_view(digits.data(), static_cast<size_t>(end - digits.data())));
}

void ToHexInto(const unsigned char* bytes, size_t size, std::string& hex) {
  static constexpr char kDigits[] = "0123456789abcdef";
  hex.resize(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
}

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string hex;
  ToHexInto(bytes, size, hex);
  return hex;
}

}  // namespace

std::string CanonicalForm(const ChainFields& f) {
  std::string out;
  out.reserve(f.payload.size() + f.entry_id.size() + f.source_file.size() + 200);
  AppendNetstring(out, kChainFormat);
  AppendNetstring(out, f.seq);
  AppendNetstring(out, f.entry_id);
  AppendNetstring(out, f.type);
  AppendNetstring(out, f.effective_at);
  AppendNetstring(out, f.recorded_at);
  AppendNetstring(out, f.source_agency);
  AppendNetstring(out, f.source_system);
  AppendNetstring(out, f.source_file);
  AppendNetstring(out, f.source_record_id);
  AppendNetstring(out, f.actor);
  AppendNetstring(out, f.payload);
  AppendNetstring(out, f.prev_hash);
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  detail::Sha256 sha;
  sha.Update(bytes);
  std::array<unsigned char, 32> digest = sha.Final();
  return ToHex(digest.data(), digest.size());
}

// Streams the canonical form into SHA-256 piece by piece: the same bytes as CanonicalForm without
// copying the payload.
class CanonicalHasher {
 public:
  CanonicalHasher() = default;
  void Add(std::string_view bytes) {
    std::array<char, 24> digits;
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), bytes.size());
    (void)ec;
    *end++ = ':';
    Update(std::string_view(digits.data(), static_cast<size_t>(end - digits.data())));
    Update(bytes);
    Update(",");
  }
  void Add(int64_t value) {
    std::array<char, 24> digits;
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    (void)ec;
    Add(std::string_view(digits.data(), static_cast<size_t>(end - digits.data())));
  }
  void HexDigestInto(std::string& out) {
    std::array<unsigned char, 32> digest = sha_.Final();
    ToHexInto(digest.data(), digest.size(), out);
  }

 private:
  void Update(std::string_view bytes) { sha_.Update(bytes); }
  detail::Sha256 sha_;
};

std::string ChainHash(const ChainFields& f) {
  std::string out;
  ChainHashInto(f, out);
  return out;
}

void ChainHashInto(const ChainFields& f, std::string& out) {
  CanonicalHasher h;
  h.Add(kChainFormat);
  h.Add(f.seq);
  h.Add(f.entry_id);
  h.Add(f.type);
  h.Add(f.effective_at);
  h.Add(f.recorded_at);
  h.Add(f.source_agency);
  h.Add(f.source_system);
  h.Add(f.source_file);
  h.Add(f.source_record_id);
  h.Add(f.actor);
  h.Add(f.payload);
  h.Add(f.prev_hash);
  h.HexDigestInto(out);
}

}  // namespace kinlink::ledger
