// The ledger's SHA-256 (SHA-NI or portable) must give libsodium's digests: the chain written
// before it existed is verified with it.
#include "ledger/internal/sha256.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <string>

#include "ledger/hash_chain.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace kinlink::ledger {
namespace {

std::string Hex(const std::array<unsigned char, 32>& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

std::string Digest(std::string_view text, bool cpu_extensions) {
  detail::Sha256 sha(cpu_extensions);
  sha.Update(text);
  return Hex(sha.Final());
}

TEST(Sha256Test, FipsVectors) {
  for (bool ext : {false, true}) {
    EXPECT_EQ(Digest("", ext), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Digest("abc", ext),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", ext),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(Digest(std::string(1'000'000, 'a'), ext),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST(Sha256Test, MatchesLibsodiumForEveryLengthAndSplit) {
  ASSERT_GE(sodium_init(), 0);
  std::mt19937 rng(7);
  for (size_t length = 0; length < 300; ++length) {
    std::string text(length, '\0');
    for (char& c : text) c = static_cast<char>(rng());
    unsigned char expected[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(expected, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::array<unsigned char, 32> want;
    std::copy(std::begin(expected), std::end(expected), want.begin());
    for (bool ext : {false, true}) {
      detail::Sha256 sha(ext);
      size_t at = 0;
      while (at < text.size()) {  // uneven pieces, as the chain's canonical form is fed
        size_t piece = std::min<size_t>(text.size() - at, rng() % 70);
        sha.Update(std::string_view(text).substr(at, piece));
        at += piece;
      }
      EXPECT_EQ(Hex(sha.Final()), Hex(want)) << "length " << length << " ext " << ext;
    }
  }
}

TEST(Sha256Test, ChainHashIsTheSha256OfTheCanonicalForm) {
  ChainFields fields{.seq = 1,
                     .entry_id = "E1",
                     .type = "apprehension",
                     .effective_at = 10,
                     .recorded_at = 20,
                     .payload = "{}",
                     .prev_hash = kGenesisHash};
  unsigned char expected[crypto_hash_sha256_BYTES];
  std::string canonical = CanonicalForm(fields);
  crypto_hash_sha256(expected, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  std::array<unsigned char, 32> want;
  std::copy(std::begin(expected), std::end(expected), want.begin());
  EXPECT_EQ(ChainHash(fields), Hex(want));
  EXPECT_EQ(Sha256Hex(canonical), Hex(want));
}

}  // namespace
}  // namespace kinlink::ledger
