#include "linkage/spanish_name.h"

#include <array>

#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

constexpr std::array<std::string_view, 12> kParticles = {"de", "del", "la", "las", "los", "y",
                                                         "da", "das", "do", "dos", "van", "von"};

std::string Join(const std::vector<std::string>& parts, size_t begin, size_t end) {
  std::string joined;
  for (size_t i = begin; i < end; ++i) {
    if (!joined.empty()) joined.push_back(' ');
    joined += parts[i];
  }
  return joined;
}

// A raw word is "upper-case" when it has at least two letters and no lower-case ASCII letter.
bool IsUpperWord(std::string_view word) {
  int letters = 0;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') return false;
    if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) ++letters;
  }
  return letters >= 2;
}

std::vector<std::string> RawWords(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

SurnameParts FromUnits(const std::vector<std::string>& units) {
  SurnameParts parts;
  if (units.empty()) return parts;
  parts.paternal = units[0];
  if (units.size() >= 2) parts.maternal = Join(units, 1, units.size());
  return parts;
}

}  // namespace

bool IsSurnameParticle(std::string_view folded_token) {
  for (auto particle : kParticles) {
    if (particle == folded_token) return true;
  }
  return false;
}

std::vector<std::string> SurnameUnits(const std::vector<std::string>& tokens) {
  std::vector<std::string> units;
  std::string pending;  // particles waiting for the word they belong to
  for (const auto& token : tokens) {
    if (token == "y") {
      // "y" separates two surnames: flush any particles as their own unit.
      if (!pending.empty()) units.push_back(std::move(pending));
      pending.clear();
      continue;
    }
    if (IsSurnameParticle(token)) {
      if (!pending.empty()) pending.push_back(' ');
      pending += token;
      continue;
    }
    if (!pending.empty()) {
      units.push_back(pending + " " + token);
      pending.clear();
    } else {
      units.push_back(token);
    }
  }
  if (!pending.empty()) units.push_back(std::move(pending));
  return units;
}

SurnameParts SplitSurnames(std::string_view surname_text) {
  return FromUnits(SurnameUnits(Tokenize(FoldForMatching(RepairMojibake(surname_text)))));
}

NameOrder DetectNameOrder(std::string_view full_name) {
  if (full_name.find(',') != std::string_view::npos) return NameOrder::kSurnameFirstComma;
  auto words = RawWords(full_name);
  if (words.size() >= 2 && IsUpperWord(words[0])) {
    // Upper-case words followed by a mixed-case word: surnames first, CBP style.
    for (size_t i = 1; i < words.size(); ++i) {
      if (!IsUpperWord(words[i])) return NameOrder::kSurnameFirstCase;
    }
  }
  return NameOrder::kGivenFirst;
}

ParsedName ParseFullName(std::string_view raw) {
  std::string repaired = RepairMojibake(raw);
  ParsedName parsed;
  parsed.order = DetectNameOrder(repaired);
  if (parsed.order == NameOrder::kSurnameFirstComma) {
    size_t comma = repaired.find(',');
    parsed.surnames = SplitSurnames(std::string_view(repaired).substr(0, comma));
    parsed.given = Tokenize(FoldForMatching(std::string_view(repaired).substr(comma + 1)));
    return parsed;
  }
  auto words = RawWords(repaired);
  if (parsed.order == NameOrder::kSurnameFirstCase) {
    size_t split = 0;
    while (split < words.size() && IsUpperWord(words[split])) ++split;
    std::string surnames = Join(words, 0, split);
    parsed.surnames = SplitSurnames(surnames);
    parsed.given = Tokenize(FoldForMatching(Join(words, split, words.size())));
    return parsed;
  }
  auto tokens = Tokenize(FoldForMatching(repaired));
  if (tokens.empty()) return parsed;
  if (tokens.size() == 1) {
    parsed.given = tokens;
    return parsed;
  }
  // Given names first: find the surname units from the end. Two units when there are at least
  // three words outside particles, otherwise one.
  std::vector<std::string> units = SurnameUnits(tokens);
  size_t surname_units = units.size() >= 3 ? 2 : 1;
  // The given names are the tokens before the first token of the surname units.
  size_t surname_tokens = 0;
  for (size_t i = units.size() - surname_units; i < units.size(); ++i) {
    surname_tokens += Tokenize(units[i]).size();
  }
  // Account for a "y" joining the two surnames.
  size_t given_end = tokens.size() - surname_tokens;
  if (given_end > 0 && tokens[given_end - 1] == "y" && given_end > 1) --given_end;
  parsed.given.assign(tokens.begin(), tokens.begin() + static_cast<long>(given_end));
  std::vector<std::string> tail(units.end() - static_cast<long>(surname_units), units.end());
  parsed.surnames = FromUnits(tail);
  return parsed;
}

}  // namespace kinlink::linkage
