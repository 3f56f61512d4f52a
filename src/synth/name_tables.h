// NameTables: the given-name, surname, Mayan-name, nickname and spelling-variant lists the
// synthesizer draws from, by nationality.
//
// The lists are the TSV files in data/names/ (format and sources in data/names/README.md),
// compiled into the binary; LoadEmbedded() parses them. Names are interned: a NameId is a small
// integer naming one spelling, so the synthesizer can keep a million persons' names in a few bytes
// each. Intern() adds names the truth stream carries.
//
//   KINLINK_ASSIGN_OR_RETURN(NameTables tables, NameTables::LoadEmbedded());
//   NameId id = tables.DrawSurname(Nationality::kGuatemala, rng);
//   tables.Text(id);   // "López"
//
// Errors: a malformed list is InvalidArgument naming "file:line". Thread safety: const methods are
// safe from several threads; Intern() is not.
#ifndef KINLINK_SYNTH_NAME_TABLES_H_
#define KINLINK_SYNTH_NAME_TABLES_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/person.h"
#include "core/status.h"
#include "synth/random.h"

namespace kinlink::synth {

enum class Nationality { kGuatemala, kHonduras, kElSalvador, kMexico, kOther };
inline constexpr int kNationalityCount = 5;
// GTM, HND, SLV, MEX; anything else (or empty) is kOther.
Nationality NationalityOf(std::string_view citizenship);

using NameId = uint32_t;
inline constexpr NameId kNoName = UINT32_MAX;

class NameTables {
 public:
  // Reads the lists compiled from data/names/.
  static Result<NameTables> LoadEmbedded();
  // Reads lists from `source(file_name)` ("surnames.tsv", ...); for tests and custom lists.
  static Result<NameTables> Load(const std::function<std::string_view(std::string_view)>& source);

  const std::string& Text(NameId id) const { return pool_[id]; }
  NameId Intern(std::string_view name);

  NameId DrawSurname(Nationality nationality, Rng& rng) const;
  NameId DrawGivenName(Nationality nationality, Sex sex, Rng& rng) const;
  NameId DrawMayanGivenName(Sex sex, Rng& rng) const;

  // Nicknames for a given name ("José" -> {"Chepe", "Pepe"}), or nullptr.
  const std::vector<std::string>* NicknamesOf(std::string_view name) const;
  // Other spellings of a name ("Yesenia" -> {"Yessenia", "Jesenia"}), or nullptr.
  const std::vector<std::string>* VariantsOf(std::string_view name) const;

  size_t SurnameCount(Nationality nationality) const;
  size_t GivenNameCount(Nationality nationality, Sex sex) const;

 private:
  // Names with cumulative weights, for weighted draws.
  struct WeightedList {
    std::vector<NameId> names;
    std::vector<double> cumulative;
    void Add(NameId id, double weight);
    NameId Draw(Rng& rng) const;
  };

  Status ReadNationalityList(std::string_view file, std::string_view text,
                             std::array<WeightedList, kNationalityCount>& lists);
  Status ReadMayanList(std::string_view text);
  Status ReadNicknames(std::string_view text);
  Status ReadVariants(std::string_view text);

  std::vector<std::string> pool_;
  std::unordered_map<std::string, NameId> index_;
  std::array<WeightedList, kNationalityCount> surnames_;
  std::array<WeightedList, kNationalityCount> female_given_;
  std::array<WeightedList, kNationalityCount> male_given_;
  WeightedList mayan_female_;
  WeightedList mayan_male_;
  std::unordered_map<std::string, std::vector<std::string>> nicknames_;
  std::unordered_map<std::string, std::vector<std::string>> variants_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_NAME_TABLES_H_
