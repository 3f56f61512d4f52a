#include "linkage/given_name_variants.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "linkage/text_normalize.h"

namespace kinlink::linkage {

namespace detail {
extern const std::string_view kEmbeddedGivenNameVariants;
}  // namespace detail

Result<GivenNameVariants> GivenNameVariants::Parse(std::string_view text) {
  GivenNameVariants table;
  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return InvalidArgumentError(
          fmt::format("given-name variants line {}: expected 'canonical<TAB>forms'", line_number));
    }
    std::string canonical = FoldForMatching(line.substr(0, tab));
    if (canonical.empty()) {
      return InvalidArgumentError(
          fmt::format("given-name variants line {}: empty canonical name", line_number));
    }
    auto group = static_cast<uint32_t>(table.canonical_names_.size());
    table.canonical_names_.push_back(canonical);
    auto add = [&](const std::string& form) {
      if (form.empty()) return;
      auto& groups = table.groups_of_form_[form];
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
    };
    add(canonical);
    std::string_view forms = line.substr(tab + 1);
    size_t form_start = 0;
    while (form_start <= forms.size()) {
      size_t comma = forms.find(',', form_start);
      if (comma == std::string_view::npos) comma = forms.size();
      add(FoldForMatching(forms.substr(form_start, comma - form_start)));
      form_start = comma + 1;
    }
  }
  return table;
}

const GivenNameVariants& GivenNameVariants::Default() {
  static const GivenNameVariants table = [] {
    auto parsed = Parse(detail::kEmbeddedGivenNameVariants);
    // The embedded table is checked by the tests; a malformed one is a build defect.
    if (!parsed.ok()) throw std::logic_error(parsed.status().ToString());
    return std::move(parsed).value();
  }();
  return table;
}

namespace {

// The names a Spanish diminutive may stand for: Carlitos -> Carlos, Rosita -> Rosa, Juanito ->
// Juan, Josecito -> Jose, Chonita -> Chona and Chon. Empty for a form that is not one.
std::vector<std::string> DiminutiveBases(std::string_view form) {
  struct Suffix {
    std::string_view suffix;
    std::string_view replacements[2];
  };
  static constexpr Suffix kSuffixes[] = {
      {"citos", {"", "s"}}, {"citas", {"", "s"}}, {"cito", {"", ""}}, {"cita", {"", ""}},
      {"itos", {"os", ""}}, {"itas", {"as", ""}}, {"ito", {"o", ""}}, {"ita", {"a", ""}},
      {"illo", {"o", ""}},  {"illa", {"a", ""}}};
  std::vector<std::string> bases;
  for (const auto& s : kSuffixes) {
    if (form.size() < s.suffix.size() + 3 || !form.ends_with(s.suffix)) continue;
    std::string_view stem = form.substr(0, form.size() - s.suffix.size());
    for (std::string_view replacement : s.replacements) {
      std::string base = std::string(stem) + std::string(replacement);
      if (std::find(bases.begin(), bases.end(), base) == bases.end()) bases.push_back(base);
    }
    break;  // the longest suffix that fits
  }
  return bases;
}

}  // namespace

bool GivenNameVariants::InTable(std::string_view a, std::string_view b) const {
  if (a == b) return true;
  auto ia = groups_of_form_.find(std::string(a));
  if (ia == groups_of_form_.end()) return false;
  auto ib = groups_of_form_.find(std::string(b));
  if (ib == groups_of_form_.end()) return false;
  for (uint32_t g : ia->second) {
    if (std::find(ib->second.begin(), ib->second.end(), g) != ib->second.end()) return true;
  }
  return false;
}

bool GivenNameVariants::AreVariants(std::string_view a, std::string_view b) const {
  if (InTable(a, b)) return true;
  std::vector<std::string> bases_a = DiminutiveBases(a);
  std::vector<std::string> bases_b = DiminutiveBases(b);
  for (const auto& base : bases_a) {
    if (InTable(base, b)) return true;
  }
  for (const auto& base : bases_b) {
    if (InTable(a, base)) return true;
  }
  for (const auto& x : bases_a) {
    for (const auto& y : bases_b) {
      if (InTable(x, y)) return true;
    }
  }
  return false;
}

GivenNameVariants::Profile GivenNameVariants::ProfileOf(std::string_view form) const {
  Profile profile;
  profile.bases = DiminutiveBases(form);
  std::vector<uint32_t> groups;
  auto add_groups = [&](std::string_view x) {
    auto it = groups_of_form_.find(std::string(x));
    if (it != groups_of_form_.end())
      groups.insert(groups.end(), it->second.begin(), it->second.end());
  };
  add_groups(form);
  for (const auto& base : profile.bases) add_groups(base);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  if (groups.size() > kInlineGroups) {
    profile.overflow = true;
    return profile;
  }
  std::copy(groups.begin(), groups.end(), profile.groups.begin());
  profile.group_count = static_cast<uint8_t>(groups.size());
  return profile;
}

bool GivenNameVariants::AreVariants(std::string_view a, const Profile& profile_a,
                                    std::string_view b, const Profile& profile_b) const {
  if (profile_a.overflow || profile_b.overflow) return AreVariants(a, b);
  // A form of one side equal to a form of the other (the forms need not be in the table).
  if (a == b) return true;
  for (const auto& base : profile_b.bases) {
    if (base == a) return true;
  }
  for (const auto& base : profile_a.bases) {
    if (base == b) return true;
    for (const auto& other : profile_b.bases) {
      if (base == other) return true;
    }
  }
  // A group the two sides share (both lists sorted).
  size_t i = 0;
  size_t j = 0;
  while (i < profile_a.group_count && j < profile_b.group_count) {
    if (profile_a.groups[i] == profile_b.groups[j]) return true;
    if (profile_a.groups[i] < profile_b.groups[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

std::string GivenNameVariants::Canonical(std::string_view form) const {
  auto it = groups_of_form_.find(std::string(form));
  if (it == groups_of_form_.end() || it->second.empty()) return std::string(form);
  return canonical_names_[it->second.front()];
}

}  // namespace kinlink::linkage
