#include "synth/internal/typos.h"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace kinlink::synth::detail {
namespace {

constexpr std::array<std::string_view, 26> kNeighbours = {
    "qwsz",   "vghn",  "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko",
    "huikmn", "jiolm", "kop",  "njk",    "bhjm", "iklp",   "ol",     "wa",     "edft",
    "awedxz", "rfgy",  "yhji", "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Sound-alike substitutions, applied at one occurrence; both directions are listed.
constexpr std::pair<std::string_view, std::string_view> kPhonetic[] = {
    {"v", "b"},   {"b", "v"},   {"V", "B"},   {"B", "V"},   {"z", "s"},  {"s", "z"},
    {"ce", "se"}, {"ci", "si"}, {"ll", "y"},  {"y", "ll"},  {"Y", "Ll"}, {"Ll", "Y"},
    {"je", "ge"}, {"ge", "je"}, {"ji", "gi"}, {"gi", "ji"}, {"qu", "k"}, {"x", "j"},
    {"ñ", "ni"},  {"Gu", "W"},  {"gu", "w"},  {"Ch", "Sh"}, {"ck", "k"}, {"k", "c"},
};

constexpr std::pair<std::string_view, std::string_view> kOcr[] = {
    {"rn", "m"}, {"m", "rn"}, {"l", "1"}, {"I", "l"}, {"O", "0"}, {"o", "0"},
    {"e", "c"},  {"cl", "d"}, {"S", "5"}, {"B", "8"}, {"i", "l"}, {"n", "ri"},
};

template <size_t N>
std::vector<std::pair<size_t, size_t>> Sites(
    std::string_view word, const std::pair<std::string_view, std::string_view> (&rules)[N]) {
  std::vector<std::pair<size_t, size_t>> sites;  // (position, rule)
  for (size_t r = 0; r < N; ++r) {
    const auto& from = rules[r].first;
    for (size_t pos = word.find(from); pos != std::string_view::npos;
         pos = word.find(from, pos + 1)) {
      sites.emplace_back(pos, r);
    }
  }
  return sites;
}

template <size_t N>
std::optional<std::string> ApplyRule(
    std::string_view word, Rng& rng,
    const std::pair<std::string_view, std::string_view> (&rules)[N]) {
  auto sites = Sites(word, rules);
  if (sites.empty()) return std::nullopt;
  auto [pos, r] = sites[rng.Below(sites.size())];
  std::string out(word.substr(0, pos));
  out += rules[r].second;
  out += word.substr(pos + rules[r].first.size());
  return out;
}

// "Hernández" -> "Ernández": a silent initial H dropped.
std::optional<std::string> DropInitialH(std::string_view word) {
  if (word.size() < 3 || (word[0] != 'H' && word[0] != 'h')) return std::nullopt;
  std::string out(word.substr(1));
  if (word[0] == 'H' && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

}  // namespace

bool HasAsciiLetter(std::string_view word) {
  for (char c : word) {
    if (IsAsciiLetter(c)) return true;
  }
  return false;
}

bool HasPhoneticSite(std::string_view word) {
  return !Sites(word, kPhonetic).empty() || DropInitialH(word).has_value();
}

bool HasOcrSite(std::string_view word) { return !Sites(word, kOcr).empty(); }

std::optional<std::string> KeyboardTypo(std::string_view word, Rng& rng) {
  std::vector<size_t> letters;
  for (size_t i = 0; i < word.size(); ++i) {
    if (IsAsciiLetter(word[i])) letters.push_back(i);
  }
  if (letters.empty()) return std::nullopt;
  std::string out(word);
  size_t pos = letters[rng.Below(letters.size())];
  double kind = rng.Uniform();
  if (kind < 0.2 && pos + 1 < out.size() && IsAsciiLetter(out[pos + 1]) &&
      out[pos] != out[pos + 1]) {
    std::swap(out[pos], out[pos + 1]);
    return out;
  }
  if (kind < 0.4 && letters.size() > 2) {
    out.erase(pos, 1);
    return out;
  }
  char c = out[pos];
  bool upper = c >= 'A' && c <= 'Z';
  std::string_view neighbours = kNeighbours[std::tolower(static_cast<unsigned char>(c)) - 'a'];
  char replacement = neighbours[rng.Below(neighbours.size())];
  out[pos] = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(replacement)))
                   : replacement;
  return out;
}

std::optional<std::string> PhoneticTypo(std::string_view word, Rng& rng) {
  auto dropped = DropInitialH(word);
  if (dropped && rng.Chance(0.3)) return dropped;
  auto replaced = ApplyRule(word, rng, kPhonetic);
  if (replaced) return replaced;
  return dropped;
}

std::optional<std::string> OcrTypo(std::string_view word, Rng& rng) {
  return ApplyRule(word, rng, kOcr);
}

}  // namespace kinlink::synth::detail
