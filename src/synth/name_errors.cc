#include "synth/name_errors.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "synth/internal/text.h"
#include "synth/internal/typos.h"

namespace kinlink::synth {
namespace {

using detail::HasNonAscii;

// The words of a name, each with the field it belongs to, for picking one to mangle.
struct WordRef {
  std::string* word;
  const char* field;
};

std::vector<WordRef> Words(RecordedName& name) {
  std::vector<WordRef> words;
  for (auto& given : name.given_names) words.push_back({&given, "given_names"});
  if (!name.first_surname.empty()) words.push_back({&name.first_surname, "first_surname"});
  if (!name.second_surname.empty()) words.push_back({&name.second_surname, "second_surname"});
  return words;
}

// Applies `typo` to one eligible word. Returns the field touched, or nullptr when no word is
// eligible (no opportunity).
const char* MangleOneWord(
    RecordedName& name, Rng& rng, const std::function<bool(std::string_view)>& eligible,
    const std::function<std::optional<std::string>(std::string_view, Rng&)>& typo, bool apply) {
  std::vector<WordRef> candidates;
  for (const auto& ref : Words(name)) {
    if (eligible(*ref.word)) candidates.push_back(ref);
  }
  if (candidates.empty()) return nullptr;
  if (!apply) return candidates.front().field;
  const WordRef& chosen = candidates[rng.Below(candidates.size())];
  if (auto mangled = typo(*chosen.word, rng)) *chosen.word = *mangled;
  return chosen.field;
}

void Typo(ErrorKind kind, RecordedName& name, Rng& rng, ErrorRecorder& errors,
          const std::function<bool(std::string_view)>& eligible,
          const std::function<std::optional<std::string>(std::string_view, Rng&)>& typo) {
  // Decide eligibility first so an ineligible name is not counted as an opportunity.
  const char* field = MangleOneWord(name, rng, eligible, typo, /*apply=*/false);
  if (field == nullptr) return;
  if (!rng.Chance(errors.config().rate(kind))) {
    errors.Record(kind, false, field);
    return;
  }
  field = MangleOneWord(name, rng, eligible, typo, /*apply=*/true);
  errors.Record(kind, true, field);
}

bool NameHasAccents(const RecordedName& name) {
  if (HasNonAscii(name.first_surname) || HasNonAscii(name.second_surname)) return true;
  return std::any_of(name.given_names.begin(), name.given_names.end(),
                     [](const std::string& g) { return HasNonAscii(g); });
}

void MapWords(RecordedName& name, std::string (*fn)(std::string_view)) {
  for (auto& given : name.given_names) given = fn(given);
  name.first_surname = fn(name.first_surname);
  name.second_surname = fn(name.second_surname);
}

}  // namespace

std::string RecordedName::GivenNames() const { return detail::JoinWords(given_names); }

std::string RecordedName::Surnames(std::string_view separator) const {
  if (second_surname.empty()) return first_surname;
  if (first_surname.empty()) return second_surname;
  return first_surname + std::string(separator) + second_surname;
}

RecordedName MangleName(const RecordedName& truth, const NameTables& tables, Rng& rng,
                        ErrorRecorder& errors) {
  RecordedName name = truth;

  // Nickname for the first given name, when it has one.
  if (!name.given_names.empty()) {
    if (const auto* nicknames = tables.NicknamesOf(name.given_names.front())) {
      if (errors.Draw(ErrorKind::kNickname, rng, "given_names")) {
        name.given_names.front() = (*nicknames)[rng.Below(nicknames->size())];
      }
    }
  }
  // Another spelling of one word that has variants.
  {
    std::vector<WordRef> candidates;
    for (const auto& ref : Words(name)) {
      if (tables.VariantsOf(*ref.word) != nullptr) candidates.push_back(ref);
    }
    if (!candidates.empty()) {
      const WordRef& chosen = candidates[rng.Below(candidates.size())];
      if (errors.Draw(ErrorKind::kSpellingVariant, rng, chosen.field)) {
        const auto& variants = *tables.VariantsOf(*chosen.word);
        *chosen.word = variants[rng.Below(variants.size())];
      }
    }
  }
  // Given names truncated: later ones dropped, or a single long one cut.
  if (name.given_names.size() > 1 ||
      (name.given_names.size() == 1 && name.given_names.front().size() >= 6)) {
    if (errors.Draw(ErrorKind::kGivenNamesTruncated, rng, "given_names")) {
      if (name.given_names.size() > 1) {
        name.given_names.resize(1);
      } else {
        auto cps = detail::DecodeUtf8(name.given_names.front());
        cps.resize(std::max<size_t>(3, (cps.size() * 3 + 4) / 5));
        name.given_names.front() = detail::EncodeUtf8(cps);
      }
    }
  }
  // Surnames swapped, or the maternal one dropped.
  if (!name.first_surname.empty() && !name.second_surname.empty()) {
    int outcome = errors.DrawOneOf(ErrorKind::kSurnamesSwapped, ErrorKind::kMaternalSurnameDropped,
                                   rng, "surnames");
    if (outcome == 1) std::swap(name.first_surname, name.second_surname);
    if (outcome == 2) name.second_surname.clear();
  }
  // Typos.
  Typo(ErrorKind::kTypoKeyboard, name, rng, errors, detail::HasAsciiLetter, detail::KeyboardTypo);
  Typo(ErrorKind::kTypoPhonetic, name, rng, errors, detail::HasPhoneticSite, detail::PhoneticTypo);
  Typo(ErrorKind::kTypoOcr, name, rng, errors, detail::HasOcrSite, detail::OcrTypo);
  // Accents dropped, or mangled by a wrong encoding.
  if (NameHasAccents(name)) {
    int outcome =
        errors.DrawOneOf(ErrorKind::kAccentDropped, ErrorKind::kAccentMangled, rng, "name");
    if (outcome == 1) MapWords(name, [](std::string_view w) { return detail::StripAccents(w); });
    if (outcome == 2) {
      if (rng.Chance(0.7)) {
        MapWords(name, [](std::string_view w) { return detail::Mojibake(w); });
      } else {
        MapWords(name, [](std::string_view w) { return detail::QuestionMarks(w); });
      }
    }
  }
  return name;
}

}  // namespace kinlink::synth
