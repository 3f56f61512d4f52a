// Subject views: the persons an event concerns, as views into the event (detail of ledger.cc).
//
// AppendSubjectViews gives the same persons in the same order as Event::Subjects() (principal
// first; a correction's are its replacement's) with empty ids and repeats left out, which is the
// list the ledger indexes an event under. Nothing is copied: the views point into `event` (and a
// correction's replacement, which the event shares ownership of), so they are valid while the
// event is alive and unchanged. The caller reuses `out` across events (clear it first), so an
// event's subjects cost no allocation once the vector has grown.
//
//   std::vector<std::string_view> subjects;
//   AppendSubjectViews(event, subjects);   // {"p-2", "p-1"}
//
// Thread safety: pure functions.
#ifndef KINLINK_LEDGER_INTERNAL_ENTRY_SUBJECTS_H_
#define KINLINK_LEDGER_INTERNAL_ENTRY_SUBJECTS_H_

#include <string_view>
#include <vector>

#include "core/event.h"

namespace kinlink::ledger::detail {

// Appends `id` unless it is empty or already in `out`.
void AddUniqueSubject(std::vector<std::string_view>& out, std::string_view id);
// Appends the event's subjects (see above) to `out`, skipping any already there.
void AppendSubjectViews(const Event& event, std::vector<std::string_view>& out);

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_ENTRY_SUBJECTS_H_
