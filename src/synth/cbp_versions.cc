#include "synth/cbp_versions.h"

#include <algorithm>

#include "synth/internal/date_format.h"

namespace kinlink::synth {
namespace {

struct CbpColumns {
  int family_unit, role, claimed_parent, entry_date, book_out_date, book_out_time, disposition;
};

const CbpColumns& Columns() {
  static const CbpColumns columns = [] {
    const ExportLayout& cbp = LayoutFor(ExportAgency::kCbp);
    return CbpColumns{cbp.ColumnIndex("FAMILY_UNIT_ID"),      cbp.ColumnIndex("FAMILY_ROLE"),
                      cbp.ColumnIndex("CLAIMED_PARENT_ID"),   cbp.ColumnIndex("ENTRY_DATE"),
                      cbp.ColumnIndex("BOOK_OUT_DATE"),       cbp.ColumnIndex("BOOK_OUT_TIME"),
                      cbp.ColumnIndex("BOOK_OUT_DISPOSITION")};
  }();
  return columns;
}

}  // namespace

std::vector<CbpVersion> PlanCbpVersions(Date first_entered, bool has_unit,
                                        std::optional<Timestamp> unit_deleted_at,
                                        std::optional<Timestamp> book_out_at) {
  struct Change {
    Timestamp at;
    bool deletion;
  };
  std::vector<Change> changes;
  if (has_unit && unit_deleted_at) changes.push_back({*unit_deleted_at, true});
  if (book_out_at) changes.push_back({*book_out_at, false});
  // Time order; on a tie the deletion (made at referral) comes first.
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return a.at != b.at ? a.at < b.at : a.deletion > b.deletion;
  });
  std::vector<CbpVersion> versions{{first_entered, has_unit, false}};
  for (const Change& change : changes) {
    CbpVersion next = versions.back();
    next.entered = std::max(versions.back().entered, DateOf(change.at));
    if (change.deletion) {
      next.unit = false;
    } else {
      next.book_out = true;
    }
    if (!change.deletion && next.entered == versions.back().entered) {
      versions.back() = next;  // booked out the day the row was entered: the same row
    } else {
      versions.push_back(next);
    }
  }
  return versions;
}

CbpVersion NextCbpBookOutVersion(const CbpVersion& last, Timestamp book_out_at) {
  return CbpVersion{std::max(last.entered, DateOf(book_out_at)), last.unit, true};
}

void ApplyCbpVersion(const CbpVersion& version, int number, const CbpBookOut* book_out,
                     bool book_out_hole, ExportRow& row, AnswerKeyEntry& key) {
  const CbpColumns& c = Columns();
  key.version = number;
  row[c.entry_date] = detail::FormatMmDdYyyy(detail::PartsOf(version.entered));
  auto drop_errors = [&](auto&& unwanted) {
    std::erase_if(key.errors, [&](const AppliedError& e) { return unwanted(e.kind); });
  };
  if (version.unit) {
    drop_errors([](ErrorKind k) { return k == ErrorKind::kFamilyUnitDroppedAfterSeparation; });
  } else {
    row[c.family_unit] = FieldValue();
    row[c.role] = FieldValue();
    row[c.claimed_parent] = FieldValue();
    key.claimed_parent_id.reset();
    key.claim_true.reset();
    drop_errors([](ErrorKind k) {
      return k == ErrorKind::kWrongFamilyUnit || k == ErrorKind::kFalseRelationshipClaim;
    });
  }
  if (version.book_out && book_out != nullptr) {
    row[c.book_out_date] = detail::FormatMmDdYyyy(detail::PartsOf(DateOf(book_out->at)));
    row[c.book_out_time] = detail::FormatHhMm(book_out->at);
    row[c.disposition] = book_out->disposition;
    key.event_ids.push_back(book_out->event_id);
  }
  if (book_out_hole) key.errors.push_back({ErrorKind::kBookOutNotRecorded, "BOOK_OUT_DATE"});
}

}  // namespace kinlink::synth
