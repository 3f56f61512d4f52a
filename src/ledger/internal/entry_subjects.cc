#include "ledger/internal/entry_subjects.h"

#include <type_traits>
#include <variant>

namespace kinlink::ledger::detail {

void AddUniqueSubject(std::vector<std::string_view>& out, std::string_view id) {
  if (id.empty()) return;
  for (std::string_view existing : out) {
    if (existing == id) return;
  }
  out.push_back(id);
}

// Mirrors Event::Subjects() (src/core/event.cc) case by case; entry_subjects_test.cc compares
// the two for every event type.
void AppendSubjectViews(const Event& event, std::vector<std::string_view>& out) {
  std::visit(
      [&out](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Separation>) {
          AddUniqueSubject(out, p.child_id);
          AddUniqueSubject(out, p.parent_id);
        } else if constexpr (std::is_same_v<T, OrrReferral>) {
          AddUniqueSubject(out, p.child_id);
          if (p.parent_id) AddUniqueSubject(out, *p.parent_id);
        } else if constexpr (std::is_same_v<T, OrrPlacement> || std::is_same_v<T, OrrRelease>) {
          AddUniqueSubject(out, p.child_id);
        } else if constexpr (std::is_same_v<T, Contact> || std::is_same_v<T, Reunification>) {
          AddUniqueSubject(out, p.parent_id);
          AddUniqueSubject(out, p.child_id);
        } else if constexpr (std::is_same_v<T, Relationship>) {
          AddUniqueSubject(out, p.association.parent_id);
          AddUniqueSubject(out, p.association.child_id);
        } else if constexpr (std::is_same_v<T, Removal>) {
          AddUniqueSubject(out, p.person_id);
          for (const auto& child : p.accompanying_children) AddUniqueSubject(out, child);
        } else if constexpr (std::is_same_v<T, Correction>) {
          if (p.replacement) AppendSubjectViews(*p.replacement, out);
        } else {
          AddUniqueSubject(out, p.person_id);
        }
      },
      event.payload);
}

}  // namespace kinlink::ledger::detail
