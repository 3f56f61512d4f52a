#include "synth/random.h"

#include <algorithm>
#include <cassert>

namespace kinlink::synth {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t HashText(std::string_view text, uint64_t basis) {
  uint64_t hash = basis;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (auto& word : state_) word = SplitMix64(x);
}

Rng Rng::ForKey(uint64_t seed, std::string_view domain, std::string_view key, uint64_t salt) {
  uint64_t hash = HashText(domain);
  hash = HashText("\x1f", hash);
  hash = HashText(key, hash);
  uint64_t mixed = seed ^ RotateLeft(hash, 17) ^ (salt * 0xd6e8feb86659fd93ULL);
  return Rng(mixed);
}

uint64_t Rng::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t Rng::Below(uint64_t n) {
  assert(n > 0);
  // Lemire's multiply-shift; the bias for n << 2^64 is negligible for synthesis.
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

int Rng::Between(int low, int high) {
  if (high <= low) return low;
  return low + static_cast<int>(Below(static_cast<uint64_t>(high - low) + 1));
}

bool Rng::Chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return Uniform() < p;
}

size_t Rng::PickCumulative(std::span<const double> cumulative) {
  assert(!cumulative.empty() && cumulative.back() > 0);
  double target = Uniform() * cumulative.back();
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  if (it == cumulative.end()) --it;
  return static_cast<size_t>(it - cumulative.begin());
}

}  // namespace kinlink::synth
