// GivenNameVariants: which folded given-name forms stand for the same name (José/Jose/Pepe,
// Ma./María, Guadalupe/Lupe, Francisco/Pancho/Paco).
//
// The table is data, data/linkage/given_name_variants.tsv, embedded in the library when it is
// built (Default()); Parse() reads another table in the same format: "#" comments, then one group
// per line: canonical name, a tab, comma-separated forms. Forms are folded on reading. A form may
// belong to several groups; two forms are variants when they share a group, or when one is a
// Spanish diminutive (-ito, -ita, -cito, -illo...) of a form that shares a group with the other.
//
//   const GivenNameVariants& table = GivenNameVariants::Default();
//   table.AreVariants("pancho", "francisco");   // true
//   table.Canonical("lupe");                     // "guadalupe"
//
// Errors: Parse returns InvalidArgument naming the line of a malformed row.
// Thread safety: immutable after construction; Default() is initialised once, thread-safely.
#ifndef KINLINK_LINKAGE_GIVEN_NAME_VARIANTS_H_
#define KINLINK_LINKAGE_GIVEN_NAME_VARIANTS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace kinlink::linkage {

class GivenNameVariants {
 public:
  static Result<GivenNameVariants> Parse(std::string_view table_text);
  static const GivenNameVariants& Default();

  // True when both folded forms belong to a common group (or are equal), also after undoing a
  // Spanish diminutive suffix on either side (Carlitos/Carlos, Chonita/Chona/Concepción).
  bool AreVariants(std::string_view a, std::string_view b) const;
  // What AreVariants asks of one form, looked up once (a record's first given name is compared
  // with many others): the form's Spanish diminutive bases, and the groups of the form and of its
  // bases, sorted. Held inline for up to kInlineGroups groups; beyond that `overflow` is set and
  // AreVariants with profiles falls back to the lookups.
  static constexpr size_t kInlineGroups = 6;
  struct Profile {
    std::vector<std::string> bases;
    std::array<uint32_t, kInlineGroups> groups{};
    uint8_t group_count = 0;
    bool overflow = false;
  };
  Profile ProfileOf(std::string_view folded_form) const;
  // AreVariants(a, b), from the forms and their profiles (ProfileOf(a), ProfileOf(b)): whether
  // one of a and its bases equals one of b and its bases, or their groups meet.
  bool AreVariants(std::string_view a, const Profile& profile_a, std::string_view b,
                   const Profile& profile_b) const;

  // The canonical name of the first group holding the form, or the form itself.
  std::string Canonical(std::string_view folded_form) const;
  size_t group_count() const { return canonical_names_.size(); }

 private:
  bool InTable(std::string_view a, std::string_view b) const;

  std::vector<std::string> canonical_names_;
  std::unordered_map<std::string, std::vector<uint32_t>> groups_of_form_;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_GIVEN_NAME_VARIANTS_H_
