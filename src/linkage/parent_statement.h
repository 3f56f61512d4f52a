// ParentStatement: what an ORR case manager wrote about a child's parent, read from free text.
//
// The text names a role (Father, Mother, Padre, Madre, dad, mom, father, mother; any case), a
// name as heard, and sometimes where the parent is:
//   "Padre: Juan Perez Lopez (detenido)"   "mother - MARIA LOPEZ - in ICE custody"
//   "dad Jose Hernandez, deported"          "MADRE ROSA CRUZ"
// ParseParentStatement returns the role and the folded name tokens in the order written (given
// names first); the location remark is dropped. Text with no name gives no statement.
//
//   std::optional<ParentStatement> s = ParseParentStatement("Padre: Juan Perez (detenido)");
//   // s->role == "father", s->name_tokens == {"juan", "perez"}
//
// Thread safety: pure function.
#ifndef KINLINK_LINKAGE_PARENT_STATEMENT_H_
#define KINLINK_LINKAGE_PARENT_STATEMENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinlink::linkage {

struct ParentStatement {
  std::string role;  // "father", "mother" or "parent"
  std::vector<std::string> name_tokens;
};

std::optional<ParentStatement> ParseParentStatement(std::string_view text);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_PARENT_STATEMENT_H_
