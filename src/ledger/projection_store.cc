#include "ledger/projection_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/json_codec.h"

namespace kinlink::ledger {
namespace {

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

// The optional id's text, empty when unset (a view of the projection's own string).
std::string_view OptionalText(const std::optional<std::string>& value) {
  return value ? std::string_view(*value) : std::string_view();
}

void BindOptionalTime(SqlStatement& s, int index, const std::optional<Timestamp>& t) {
  if (t) {
    s.BindInt(index, Seconds(*t));
  } else {
    s.BindNull(index);
  }
}

}  // namespace

ProjectionInput ParsedEntry::AsInput(int64_t seq, Timestamp effective_at) const {
  return {seq, effective_at, event ? &*event : nullptr, person ? &*person : nullptr,
          family ? &*family : nullptr};
}

Result<ParsedEntry> ParseEntry(const LogEntry& entry) {
  ParsedEntry parsed;
  nlohmann::json json = nlohmann::json::parse(entry.payload, nullptr, false);
  if (json.is_discarded()) {
    return DataLossError(
        fmt::format("entry {} ({}): stored payload is not JSON", entry.seq, entry.entry_id));
  }
  if (entry.type == kPersonRecordType) {
    auto person = PersonFromJson(json);
    if (!person.ok()) return DataLossError(person.status().message());
    parsed.person = std::move(*person);
  } else if (entry.type == kFamilyUnitRecordType) {
    auto family = FamilyUnitFromJson(json);
    if (!family.ok()) return DataLossError(family.status().message());
    parsed.family = std::move(*family);
  } else if (entry.type == kLinkDecisionType || entry.type == kFamilyLinkType) {
    // Link decisions change identity clusters, not a person's projection; a family link's
    // effect on projections is the relationship events written beside it.
  } else {
    auto event = EventFromJson(json);
    if (!event.ok()) return DataLossError(event.status().message());
    parsed.event = std::move(*event);
  }
  return parsed;
}

Result<PersonProjection> ProjectionStore::Replay(const PersonId& person_id, EventLog& log) {
  return Replay(person_id, {person_id}, log);
}

Timestamp KnownAt(const ParsedEntry& parsed, const LogEntry& entry) {
  Timestamp at = entry.effective_at;
  if (parsed.event && parsed.event->recorded_at) at = *parsed.event->recorded_at;
  return IsDateOnly(at) ? at + std::chrono::days(1) : at;
}

Result<PersonProjection> ProjectionStore::Replay(const PersonId& person_id,
                                                 const std::vector<PersonId>& identities,
                                                 EventLog& log, std::optional<Timestamp> known_at) {
  struct Folded {
    Timestamp fold_at;
    int64_t seq;
    Timestamp at;
    ParsedEntry parsed;
  };
  std::vector<Folded> folded;
  std::vector<int64_t> seen;
  std::vector<std::string> superseded;  // by corrections (known at known_at)
  for (const PersonId& identity : identities) {
    // Superseded entries too: a correction reads what it replaced (a family unit it dropped).
    KINLINK_ASSIGN_OR_RETURN(std::vector<LogEntry> entries,
                             log.EntriesFor(identity, /*include_superseded=*/true));
    for (const LogEntry& entry : entries) {
      if (identities.size() > 1) {
        if (std::find(seen.begin(), seen.end(), entry.seq) != seen.end()) continue;
        seen.push_back(entry.seq);
      }
      KINLINK_ASSIGN_OR_RETURN(ParsedEntry parsed, ParseEntry(entry));
      if (known_at && KnownAt(parsed, entry) > *known_at) continue;
      if (parsed.event && parsed.event->type() == EventType::kCorrection) {
        superseded.push_back(std::get<Correction>(parsed.event->payload).supersedes_event_id);
      }
      Timestamp at = entry.effective_at;
      if (parsed.event && parsed.event->type() == EventType::kCorrection) {
        const auto& correction = std::get<Correction>(parsed.event->payload);
        if (correction.replacement) at = correction.replacement->effective_at;
      }
      folded.push_back({Timestamp{}, entry.seq, at, std::move(parsed)});
    }
  }
  // What a correction supersedes is out of the fold (a correction not known by known_at
  // supersedes nothing yet); each correction keeps a copy of the event it replaced.
  std::map<std::string, Event> originals;
  if (!superseded.empty()) {
    std::sort(superseded.begin(), superseded.end());
    std::erase_if(folded, [&](Folded& f) {
      if (!f.parsed.event ||
          !std::binary_search(superseded.begin(), superseded.end(), f.parsed.event->event_id)) {
        return false;
      }
      originals.emplace(f.parsed.event->event_id, std::move(*f.parsed.event));
      return true;
    });
  }
  for (Folded& f : folded) f.fold_at = FoldTimeOf(f.parsed.AsInput(f.seq, f.at));
  std::stable_sort(folded.begin(), folded.end(), [](const Folded& a, const Folded& b) {
    return std::tie(a.fold_at, a.seq) < std::tie(b.fold_at, b.seq);
  });
  PersonProjection projection(person_id, identities);
  for (const Folded& f : folded) {
    ProjectionInput input = f.parsed.AsInput(f.seq, f.at);
    if (!originals.empty() && f.parsed.event && f.parsed.event->type() == EventType::kCorrection) {
      auto original =
          originals.find(std::get<Correction>(f.parsed.event->payload).supersedes_event_id);
      if (original != originals.end()) input.superseded = &original->second;
    }
    projection.Apply(input);
  }
  return projection;
}

Status ProjectionStore::Remove(const PersonId& person_id) {
  KINLINK_RETURN_IF_ERROR(DeleteRows(person_id));
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db_.Prepare("DELETE FROM person_state WHERE person_id = ?"));
  s->BindTextRef(1, person_id);
  return s->Run();
}

Status ProjectionStore::DeleteRows(const PersonId& person_id) {
  for (std::string_view sql :
       {"DELETE FROM custody_interval WHERE person_id = ?",
        "DELETE FROM separation WHERE child_id = ?",
        "DELETE FROM family_member WHERE person_id = ?", "DELETE FROM deadline WHERE person_id = ?",
        "DELETE FROM parent_link WHERE child_id = ?"}) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare(sql));
    s->BindTextRef(1, person_id);
    KINLINK_RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

// Every text is bound in place (BindTextRef): it is the projection's own, a static code or a
// local that lives until the statement has run.
Status ProjectionStore::Write(const PersonProjection& p, bool replace) {
  if (replace) KINLINK_RETURN_IF_ERROR(DeleteRows(p.person_id()));
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * state,
      db_.Prepare(
          "INSERT INTO person_state (person_id, status, agency, facility_id, since, agency_since, "
          "family_unit_id, removed_at, removal_recorded_at, separated_flag_at, parent_links, "
          "dropped_family_unit_id, dropped_at, dropped_by, last_effective_at, events, birth_date, "
          "birth_date_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (person_id) DO UPDATE SET status = excluded.status, "
          "agency = excluded.agency, facility_id = excluded.facility_id, since = excluded.since, "
          "agency_since = excluded.agency_since, family_unit_id = excluded.family_unit_id, "
          "removed_at = excluded.removed_at, removal_recorded_at = excluded.removal_recorded_at, "
          "separated_flag_at = excluded.separated_flag_at, "
          "parent_links = excluded.parent_links, "
          "dropped_family_unit_id = excluded.dropped_family_unit_id, "
          "dropped_at = excluded.dropped_at, dropped_by = excluded.dropped_by, "
          "last_effective_at = excluded.last_effective_at, events = excluded.events, "
          "birth_date = excluded.birth_date, birth_date_source = excluded.birth_date_source"));
  const CustodyInterval* now = p.current_custody();
  state->BindTextRef(1, p.person_id());
  state->BindTextRef(2, p.status());
  if (now != nullptr) {
    state->BindTextRef(3, ToString(now->agency));
    state->BindTextRef(4, now->facility_id);
    state->BindInt(5, Seconds(now->start));
    state->BindInt(6, Seconds(now->agency_since));
  } else {
    for (int i = 3; i <= 6; ++i) state->BindNull(i);
  }
  state->BindTextRefOrNull(7, OptionalText(p.family_unit_id()));
  BindOptionalTime(*state, 8, p.removed_at());
  BindOptionalTime(*state, 9, p.removal_recorded_at());
  BindOptionalTime(*state, 10, p.separated_flag_at());
  state->BindInt(11, p.parent_links());
  state->BindTextRefOrNull(12, OptionalText(p.dropped_family_unit_id()));
  BindOptionalTime(*state, 13, p.dropped_at());
  state->BindTextRefOrNull(14, p.dropped_by());
  state->BindInt(15, Seconds(p.last_effective_at()));
  state->BindInt(16, p.events());
  std::string birth = p.birth_date() ? p.birth_date()->ToString() : "";
  state->BindTextRefOrNull(17, birth);
  state->BindTextRefOrNull(18, p.birth_date_source());
  KINLINK_RETURN_IF_ERROR(state->Run());

  if (!p.custody().empty()) {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * interval,
        db_.Prepare("INSERT INTO custody_interval (person_id, ordinal, agency, facility_id, "
                    "start_at, agency_since, end_at, ended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    int ordinal = 0;
    for (const CustodyInterval& c : p.custody()) {
      interval->BindTextRef(1, p.person_id());
      interval->BindInt(2, ordinal++);
      interval->BindTextRef(3, ToString(c.agency));
      interval->BindTextRef(4, c.facility_id);
      interval->BindInt(5, Seconds(c.start));
      interval->BindInt(6, Seconds(c.agency_since));
      BindOptionalTime(*interval, 7, c.end);
      interval->BindTextRefOrNull(8, c.ended_by ? ToString(*c.ended_by) : std::string_view());
      KINLINK_RETURN_IF_ERROR(interval->Run());
      // An agency's own record ending its custody: the ledger learns that an open custody of
      // that agency means "still held", and how long a stay with it has lasted at most.
      if (c.ended_by == c.agency) {
        const int index = static_cast<int>(c.agency);
        const uint32_t bit = 1u << index;
        const int64_t stay = Seconds(*c.end) - Seconds(c.agency_since);
        if ((end_sources_written_ & bit) == 0 || stay > longest_written_[index]) {
          KINLINK_ASSIGN_OR_RETURN(
              SqlStatement * source,
              db_.Prepare("INSERT INTO agency_custody_end (agency, recorded, since, longest_stay) "
                          "VALUES (?, 1, ?, ?) ON CONFLICT (agency) DO UPDATE SET recorded = 1, "
                          "longest_stay = CASE WHEN agency_custody_end.longest_stay IS NULL OR "
                          "excluded.longest_stay > agency_custody_end.longest_stay THEN "
                          "excluded.longest_stay ELSE agency_custody_end.longest_stay END"));
          source->BindTextRef(1, ToString(c.agency));
          source->BindInt(2, Seconds(*c.end));
          source->BindInt(3, stay);
          KINLINK_RETURN_IF_ERROR(source->Run());
          end_sources_written_ |= bit;
          longest_written_[index] = std::max(longest_written_[index], stay);
        }
      }
    }
  }
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * deadline,
      db_.Prepare("INSERT INTO deadline (person_id, kind, related_id, due_at, met_at) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, kind, related_id) DO UPDATE "
                  "SET due_at = excluded.due_at, met_at = excluded.met_at"));
  if (!p.separations().empty()) {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * separation,
        db_.Prepare("INSERT INTO separation (child_id, parent_id, family_unit_id, separated_at, "
                    "reason, event_id, reunified_at, parent_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (child_id, parent_id) DO UPDATE SET "
                    "family_unit_id = excluded.family_unit_id, "
                    "separated_at = excluded.separated_at, reason = excluded.reason, "
                    "event_id = excluded.event_id, reunified_at = excluded.reunified_at, "
                    "parent_basis = excluded.parent_basis"));
    for (const SeparationRecord& s : p.separations()) {
      separation->BindTextRef(1, p.person_id());
      separation->BindTextRef(2, s.parent_id);
      separation->BindTextRefOrNull(3, OptionalText(s.family_unit_id));
      separation->BindInt(4, Seconds(s.separated_at));
      separation->BindTextRef(5, ToString(s.reason));
      separation->BindTextRef(6, s.event_id);
      BindOptionalTime(*separation, 7, s.reunified_at);
      separation->BindTextRefOrNull(
          8, s.parent_id.empty() ? std::string_view() : ToString(s.parent_basis));
      KINLINK_RETURN_IF_ERROR(separation->Run());
      if (auto due = ReunificationDue(policy_, p.birth_date(), s.separated_at)) {
        deadline->BindTextRef(1, p.person_id());
        deadline->BindTextRef(2, "reunification");
        deadline->BindTextRef(3, s.parent_id);
        deadline->BindInt(4, Seconds(*due));
        BindOptionalTime(*deadline, 5, s.reunified_at);
        KINLINK_RETURN_IF_ERROR(deadline->Run());
      }
    }
  }
  // The 72-hour clock for each unbroken CBP stay of a minor.
  for (const CustodyInterval& c : p.custody()) {
    if (c.agency != Agency::kCbp || c.start != c.agency_since) continue;
    if (!IsMinorOn(p.birth_date(), DateOf(c.agency_since)) && p.separations().empty()) continue;
    std::optional<Timestamp> left;
    for (const CustodyInterval& later : p.custody()) {
      if (later.agency == Agency::kCbp && later.agency_since == c.agency_since) left = later.end;
    }
    const std::string since = FormatTimestamp(c.agency_since);
    deadline->BindTextRef(1, p.person_id());
    deadline->BindTextRef(2, "cbp_72h");
    deadline->BindTextRef(3, since);
    deadline->BindInt(4, Seconds(c.agency_since + std::chrono::hours(policy_.cbp_child_hours)));
    BindOptionalTime(*deadline, 5, left);
    KINLINK_RETURN_IF_ERROR(deadline->Run());
  }
  if (!p.parent_ids().empty()) {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * link,
        db_.Prepare("INSERT INTO parent_link (child_id, parent_id, basis, event_id) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (child_id, parent_id) DO NOTHING"));
    for (const ParentLink& parent : p.parent_links_detail()) {
      link->BindTextRef(1, p.person_id());
      link->BindTextRef(2, parent.parent_id);
      link->BindTextRef(3, ToString(parent.basis));
      link->BindTextRef(4, parent.event_id);
      KINLINK_RETURN_IF_ERROR(link->Run());
    }
  }
  if (!p.family_units().empty()) {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * member,
        db_.Prepare("INSERT INTO family_member (family_unit_id, person_id, first_seen) "
                    "VALUES (?, ?, ?) ON CONFLICT (family_unit_id, person_id) DO NOTHING"));
    for (size_t i = 0; i < p.family_units().size(); ++i) {
      member->BindTextRef(1, p.family_units()[i]);
      member->BindTextRef(2, p.person_id());
      member->BindInt(3, Seconds(p.family_units_seen()[i]));
      KINLINK_RETURN_IF_ERROR(member->Run());
    }
  }
  return Status::Ok();
}

}  // namespace kinlink::ledger
