#include "linkage/parent_statement.h"

#include <algorithm>
#include <array>

#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

struct RoleWord {
  std::string_view word;
  std::string_view role;
};
constexpr std::array<RoleWord, 12> kRoleWords = {{{"father", "father"},
                                                  {"padre", "father"},
                                                  {"dad", "father"},
                                                  {"papa", "father"},
                                                  {"mother", "mother"},
                                                  {"madre", "mother"},
                                                  {"mom", "mother"},
                                                  {"mama", "mother"},
                                                  {"parent", "parent"},
                                                  {"parents", "parent"},
                                                  {"guardian", "parent"},
                                                  {"tutor", "parent"}}};

// Where the parent is, written after the name: the name ends where one of these begins.
constexpr std::array<std::string_view, 7> kRemarks = {" (",   " - ",  ", ",      "; ",
                                                      " in ", " en ", " detenid"};

}  // namespace

std::optional<ParentStatement> ParseParentStatement(std::string_view raw) {
  std::string text = RepairMojibake(raw);
  // Role: the first word.
  size_t word_end = text.find_first_of(" :-,", 0);
  std::string first = FoldForMatching(text.substr(0, word_end));
  ParentStatement statement;
  statement.role = "parent";
  size_t name_begin = 0;
  for (const auto& [word, role] : kRoleWords) {
    if (first == word) {
      statement.role = std::string(role);
      name_begin = word_end == std::string::npos ? text.size() : word_end;
      break;
    }
  }
  // Skip the separator after the role ("Padre: ", "mother - ").
  while (name_begin < text.size() &&
         (text[name_begin] == ' ' || text[name_begin] == ':' || text[name_begin] == '-')) {
    ++name_begin;
  }
  std::string rest = text.substr(name_begin);
  size_t name_end = rest.size();
  for (std::string_view remark : kRemarks) {
    size_t at = rest.find(remark);
    if (at != std::string::npos) name_end = std::min(name_end, at);
  }
  statement.name_tokens = Tokenize(FoldForMatching(rest.substr(0, name_end)));
  if (statement.name_tokens.size() < 2) return std::nullopt;  // a name needs given and surname
  return statement;
}

}  // namespace kinlink::linkage
