#include "synth/synthesizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "synth/cbp_versions.h"
#include "synth/name_tables.h"
#include "synth/person_registry.h"
#include "synth/record_drafts.h"
#include "synth/record_emitter.h"
#include "synth/record_renderer.h"
#include "synth/truth_prefetcher.h"

namespace kinlink::synth {
namespace {

constexpr size_t kRecentAdults = 64;
constexpr size_t kRecentFamilies = 32;
constexpr int64_t kProgressEveryLines = 4096;

struct FacilityInfo {
  std::string name;
  FacilityKind kind;
  std::optional<District> district;
};

std::string AgencyWord(const std::optional<Custody>& custody) {
  if (!custody) return "RELEASED";
  std::string word(ToString(custody->agency));
  for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

std::string SponsorText(SponsorCategory sponsor) {
  switch (sponsor) {
    case SponsorCategory::kParent:
      return "Sponsor - parent";
    case SponsorCategory::kCloseRelative:
      return "Sponsor - close relative";
    case SponsorCategory::kDistantRelative:
      return "Sponsor - distant relative";
    case SponsorCategory::kUnrelated:
      return "Sponsor - unrelated";
  }
  return "Sponsor";
}

template <typename Draft>
std::vector<Draft> SortedByOpening(std::unordered_map<PersonIndex, Draft>& open) {
  std::vector<Draft> drafts;
  drafts.reserve(open.size());
  for (auto& [person, draft] : open) drafts.push_back(std::move(draft));
  open.clear();
  std::sort(drafts.begin(), drafts.end(),
            [](const Draft& a, const Draft& b) { return a.opened < b.opened; });
  return drafts;
}

class Synthesizer {
 public:
  Synthesizer(NameTables tables, const SynthOptions& options, RecordEmitter& emitter)
      : tables_(std::move(tables)),
        options_(options),
        registry_(tables_, options_.config, options_.seed),
        emitter_(emitter),
        context_{registry_, tables_, options_.config, options_.seed} {}

  Status Handle(TruthItem& item, const TruthPrefetcher& reader);
  void Advance(Timestamp now);
  void FlushAll(Timestamp end);
  const PersonRegistry& registry() const { return registry_; }
  int64_t relationships() const { return relationships_; }

 private:
  Status HandleEvent(const Event& event);
  Status OnCustodyTransfer(const Event& event, const CustodyTransfer& transfer);
  Status OnRemoval(const Event& event, const Removal& removal);
  std::string FacilityName(const std::string& facility_id) const;
  void MarkFamilyReferred(FamilyIndex family, Timestamp now);
  // The person leaves CBP: the book-out of their open apprehension record, if any.
  void BookOutCbp(PersonIndex person, const Event& event, const CustodyTransfer& transfer);
  // Whether this copy's book-out went unrecorded (book_out_not_recorded), counted once per copy.
  bool BookOutHole(const std::string& record_id);

  void EmitCbp(const CbpDraft& draft);
  void PopCbpPending();
  void EmitDocket(const DocketDraft& draft, Timestamp base);
  void EmitUsms(const UsmsDraft& draft, Timestamp base);
  void EmitIce(const IceDraft& draft, Timestamp base);
  void EmitOrr(const OrrDraft& draft, Timestamp base);
  // A draft whose row needs nothing but the draft (all layouts but CBP's), keyed by its first
  // truth event.
  template <typename Draft>
  void EmitDraft(ExportAgency agency, const Draft& draft, Timestamp base,
                 RenderedRecord (*render)(const Draft&, RenderContext&, const RowIdentity&, Rng&,
                                          ErrorRecorder&)) {
    emitter_.Emit(agency, draft.event_ids.front(), base,
                  [&](const RowIdentity& id, Rng& rng, ErrorRecorder& errors, bool) {
                    return render(draft, context_, id, rng, errors);
                  });
  }

  NameTables tables_;
  const SynthOptions& options_;
  PersonRegistry registry_;
  RecordEmitter& emitter_;
  RenderContext context_;
  uint64_t opened_ = 0;
  int64_t relationships_ = 0;
  Timestamp last_time_{};

  std::unordered_map<std::string, FacilityInfo> facilities_;
  // CBP records in apprehension order, waiting cbp_hold_hours for a referral that deletes the
  // unit (deque: pointers into it stay valid as both ends change).
  std::deque<CbpDraft> cbp_pending_;
  std::unordered_map<PersonIndex, CbpDraft*> cbp_pending_by_person_;
  // Records already written whose person is still in CBP: each copy's first row and last version,
  // for the book-out revision.
  struct CbpWrittenCopy {
    ExportRow row;
    AnswerKeyEntry key;
    bool late = false;
    CbpVersion last;
  };
  struct CbpAwaitingBookOut {
    std::vector<CbpWrittenCopy> copies;
    bool removal_seen = false;
  };
  std::unordered_map<PersonIndex, CbpAwaitingBookOut> cbp_awaiting_book_out_;
  std::unordered_map<FamilyIndex, Timestamp> family_referred_at_;
  // Oldest first; short (kRecentAdults, kRecentFamilies), so erasing the front is cheap and the
  // renderer gets them as spans without a copy.
  std::vector<RecentCbpAdult> recent_adults_;
  std::vector<RecentCbpFamily> recent_families_;
  std::unordered_map<PersonIndex, Statute> statutes_;
  std::unordered_map<std::string, DocketDraft> dockets_;
  std::deque<std::pair<Timestamp, std::string>> docket_deadlines_;
  std::unordered_map<PersonIndex, UsmsDraft> usms_open_;
  std::unordered_map<PersonIndex, IceDraft> ice_open_;
  std::unordered_map<PersonIndex, IceDraft> ice_closing_;
  std::deque<std::pair<Timestamp, PersonIndex>> ice_deadlines_;
  std::unordered_map<PersonIndex, OrrReferralFacts> orr_referrals_;
  std::unordered_map<PersonIndex, OrrDraft> orr_open_;
};

std::string Synthesizer::FacilityName(const std::string& facility_id) const {
  auto it = facilities_.find(facility_id);
  return it == facilities_.end() || it->second.name.empty() ? facility_id : it->second.name;
}

Status Synthesizer::Handle(TruthItem& item, const TruthPrefetcher& reader) {
  Status status;
  if (auto* facility = std::get_if<Facility>(&item)) {
    facilities_[facility->facility_id] = {facility->name, facility->kind, facility->district};
  } else if (auto* person = std::get_if<Person>(&item)) {
    status = registry_.AddPerson(*person);
  } else if (auto* family = std::get_if<FamilyUnit>(&item)) {
    status = registry_.AddFamily(*family);
  } else if (auto* association = std::get_if<ParentChildAssociation>(&item)) {
    status = registry_.AddRelationship(*association);
    if (status.ok()) {
      emitter_.key().WriteRelationship(*association);
      ++relationships_;
    }
  } else if (auto* event = std::get_if<Event>(&item)) {
    Advance(event->effective_at);
    last_time_ = event->effective_at;
    status = HandleEvent(*event);
  }
  if (!status.ok()) return reader.Error(status.message());
  return Status::Ok();
}

Status Synthesizer::HandleEvent(const Event& event) {
  const Timestamp now = event.effective_at;
  if (const auto* p = std::get_if<Apprehension>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(p->person_id));
    FamilyIndex family = kNoFamily;
    if (p->family_unit_id) {
      KINLINK_ASSIGN_OR_RETURN(family, registry_.FindFamily(*p->family_unit_id));
    }
    CbpDraft draft;
    draft.person = person;
    draft.family = family;
    draft.apprehended = now;
    draft.sector = p->sector;
    draft.station = FacilityName(p->station_id);
    draft.event_ids.push_back(event.event_id);
    draft.opened = opened_++;
    cbp_pending_.push_back(std::move(draft));
    cbp_pending_by_person_[person] = &cbp_pending_.back();
    cbp_awaiting_book_out_.erase(person);  // a new apprehension: the old record gets no book-out
  } else if (const auto* p = std::get_if<Referral>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(p->person_id));
    statutes_[person] = p->statute;
    if (registry_.family(person) != kNoFamily) MarkFamilyReferred(registry_.family(person), now);
  } else if (const auto* p = std::get_if<Separation>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex parent, registry_.Find(p->parent_id));
    KINLINK_ASSIGN_OR_RETURN(PersonIndex child, registry_.Find(p->child_id));
    FamilyIndex family = registry_.family(child);
    if (p->family_unit_id) {
      KINLINK_ASSIGN_OR_RETURN(family, registry_.FindFamily(*p->family_unit_id));
    }
    if (family == kNoFamily) family = registry_.family(parent);
    if (family != kNoFamily) MarkFamilyReferred(family, now);
  } else if (const auto* p = std::get_if<Hearing>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(p->person_id));
    std::string key = p->case_number + '\x1f' + std::to_string(person);
    auto it = dockets_.find(key);
    if (it != dockets_.end()) {
      it->second.event_ids.push_back(event.event_id);
    } else {
      DocketDraft draft;
      draft.person = person;
      draft.case_number = p->case_number;
      draft.district = p->district;
      auto statute = statutes_.find(person);
      if (statute != statutes_.end()) {
        draft.statute = statute->second;
        statutes_.erase(statute);
      }
      draft.defendants = p->defendants;
      draft.hearing = now;
      draft.event_ids.push_back(event.event_id);
      draft.opened = opened_++;
      dockets_.emplace(key, std::move(draft));
      docket_deadlines_.emplace_back(now + std::chrono::days(options_.config.docket_hold_days),
                                     key);
    }
    auto booking = usms_open_.find(person);
    if (booking != usms_open_.end() && booking->second.case_number.empty()) {
      booking->second.case_number = p->case_number;
      if (!booking->second.district) booking->second.district = p->district;
    }
  } else if (const auto* p = std::get_if<Sentence>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(p->person_id));
    std::string key = p->case_number + '\x1f' + std::to_string(person);
    DocketDraft draft;
    auto it = dockets_.find(key);
    if (it != dockets_.end()) {
      draft = std::move(it->second);
      dockets_.erase(it);
    } else {
      draft.person = person;
      draft.case_number = p->case_number;
      draft.hearing = now;
      draft.opened = opened_++;
    }
    draft.sentenced = now;
    draft.disposition = p->disposition;
    draft.custody_days = p->custody_days;
    draft.event_ids.push_back(event.event_id);
    EmitDocket(draft, now);
  } else if (const auto* p = std::get_if<CustodyTransfer>(&event.payload)) {
    return OnCustodyTransfer(event, *p);
  } else if (const auto* p = std::get_if<Removal>(&event.payload)) {
    return OnRemoval(event, *p);
  } else if (const auto* p = std::get_if<OrrReferral>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex child, registry_.Find(p->child_id));
    OrrReferralFacts facts{now, p->referring_agency, p->separated, std::nullopt};
    if (p->parent_id) {
      KINLINK_ASSIGN_OR_RETURN(PersonIndex parent, registry_.Find(*p->parent_id));
      facts.parent = parent;
    }
    orr_referrals_[child] = facts;
  } else if (const auto* p = std::get_if<OrrPlacement>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex child, registry_.Find(p->child_id));
    OrrDraft draft;
    auto open = orr_open_.find(child);
    if (open != orr_open_.end()) {
      OrrDraft previous = std::move(open->second);
      orr_open_.erase(open);
      previous.discharged = now;
      previous.discharge_type = "Transfer";
      draft.referral = previous.referral;
      EmitOrr(previous, now);
    }
    auto referral = orr_referrals_.find(child);
    if (referral != orr_referrals_.end()) {
      draft.referral = referral->second;
      orr_referrals_.erase(referral);
    }
    draft.child = child;
    draft.program = FacilityName(p->facility_id);
    draft.admitted = now;
    draft.event_ids.push_back(event.event_id);
    draft.opened = opened_++;
    orr_open_[child] = std::move(draft);
  } else if (const auto* p = std::get_if<OrrRelease>(&event.payload)) {
    KINLINK_ASSIGN_OR_RETURN(PersonIndex child, registry_.Find(p->child_id));
    auto open = orr_open_.find(child);
    if (open != orr_open_.end()) {
      OrrDraft draft = std::move(open->second);
      orr_open_.erase(open);
      draft.discharged = now;
      draft.discharge_type = SponsorText(p->sponsor);
      draft.event_ids.push_back(event.event_id);
      EmitOrr(draft, now);
    }
  }
  // Decisions, contacts, reunifications, relationship events and corrections leave no row in
  // the five exports.
  return Status::Ok();
}

Status Synthesizer::OnCustodyTransfer(const Event& event, const CustodyTransfer& transfer) {
  const Timestamp now = event.effective_at;
  KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(transfer.person_id));
  if (transfer.releasing && transfer.releasing->agency == Agency::kCbp) {
    BookOutCbp(person, event, transfer);
  }
  if (transfer.releasing && transfer.releasing->agency == Agency::kUsms) {
    auto open = usms_open_.find(person);
    if (open != usms_open_.end()) {
      UsmsDraft draft = std::move(open->second);
      usms_open_.erase(open);
      draft.released = now;
      draft.released_to = AgencyWord(transfer.receiving);
      draft.event_ids.push_back(event.event_id);
      EmitUsms(draft, now);
    }
  }
  if (transfer.releasing && transfer.releasing->agency == Agency::kIce) {
    auto open = ice_open_.find(person);
    if (open != ice_open_.end()) {
      IceDraft draft = std::move(open->second);
      ice_open_.erase(open);
      draft.book_out = now;
      draft.book_out_reason = draft.removed        ? "REMOVED"
                              : transfer.receiving ? "TRANSFERRED"
                                                   : "RELEASED";
      draft.event_ids.push_back(event.event_id);
      auto earlier = ice_closing_.find(person);
      if (earlier != ice_closing_.end()) {
        EmitIce(earlier->second, now);
        ice_closing_.erase(earlier);
      }
      ice_closing_[person] = std::move(draft);
      ice_deadlines_.emplace_back(now + std::chrono::days(options_.config.ice_removal_hold_days),
                                  person);
    }
  }
  if (transfer.receiving && transfer.receiving->agency == Agency::kUsms) {
    auto open = usms_open_.find(person);
    if (open != usms_open_.end()) {
      EmitUsms(open->second, now);
      usms_open_.erase(open);
    }
    UsmsDraft draft;
    draft.person = person;
    draft.facility = FacilityName(transfer.receiving->facility_id);
    auto facility = facilities_.find(transfer.receiving->facility_id);
    if (facility != facilities_.end()) draft.district = facility->second.district;
    draft.booked = now;
    draft.event_ids.push_back(event.event_id);
    draft.opened = opened_++;
    usms_open_[person] = std::move(draft);
  }
  if (transfer.receiving && transfer.receiving->agency == Agency::kIce) {
    auto open = ice_open_.find(person);
    if (open != ice_open_.end()) {
      open->second.book_out = now;
      open->second.book_out_reason = "TRANSFERRED";
      EmitIce(open->second, now);
      ice_open_.erase(open);
    }
    IceDraft draft;
    draft.person = person;
    draft.facility = FacilityName(transfer.receiving->facility_id);
    auto facility = facilities_.find(transfer.receiving->facility_id);
    draft.family_facility = facility != facilities_.end() &&
                            facility->second.kind == FacilityKind::kIceFamilyResidential;
    draft.book_in = now;
    draft.event_ids.push_back(event.event_id);
    draft.opened = opened_++;
    ice_open_[person] = std::move(draft);
  }
  return Status::Ok();
}

Status Synthesizer::OnRemoval(const Event& event, const Removal& removal) {
  const Timestamp now = event.effective_at;
  KINLINK_ASSIGN_OR_RETURN(PersonIndex person, registry_.Find(removal.person_id));
  // Removed while still in CBP: the coming book-out is a return, not a release.
  if (auto pending = cbp_pending_by_person_.find(person);
      pending != cbp_pending_by_person_.end() && !pending->second->book_out) {
    pending->second->removal_seen = true;
  } else if (auto awaiting = cbp_awaiting_book_out_.find(person);
             awaiting != cbp_awaiting_book_out_.end()) {
    awaiting->second.removal_seen = true;
  }
  auto apply = [&](IceDraft& draft) {
    draft.removed = now;
    draft.removal_country = removal.country;
    draft.accompanying_children = static_cast<int>(removal.accompanying_children.size());
    draft.event_ids.push_back(event.event_id);
    if (draft.book_out) draft.book_out_reason = "REMOVED";
  };
  if (auto open = ice_open_.find(person); open != ice_open_.end()) {
    apply(open->second);
  } else if (auto closing = ice_closing_.find(person); closing != ice_closing_.end()) {
    apply(closing->second);
  } else {
    IceDraft draft;
    draft.person = person;
    draft.opened = opened_++;
    apply(draft);
    EmitIce(draft, now);
  }
  return Status::Ok();
}

void Synthesizer::Advance(Timestamp now) {
  const auto hold = std::chrono::hours(options_.config.cbp_hold_hours);
  while (!cbp_pending_.empty() && cbp_pending_.front().apprehended + hold <= now) {
    EmitCbp(cbp_pending_.front());
    PopCbpPending();
  }
  while (!docket_deadlines_.empty() && docket_deadlines_.front().first <= now) {
    auto it = dockets_.find(docket_deadlines_.front().second);
    if (it != dockets_.end() &&
        it->second.hearing + std::chrono::days(options_.config.docket_hold_days) <= now) {
      EmitDocket(it->second, it->second.hearing);
      dockets_.erase(it);
    }
    docket_deadlines_.pop_front();
  }
  while (!ice_deadlines_.empty() && ice_deadlines_.front().first <= now) {
    auto it = ice_closing_.find(ice_deadlines_.front().second);
    if (it != ice_closing_.end() &&
        *it->second.book_out + std::chrono::days(options_.config.ice_removal_hold_days) <= now) {
      EmitIce(it->second, *it->second.book_out);
      ice_closing_.erase(it);
    }
    ice_deadlines_.pop_front();
  }
  emitter_.ReleaseDue(now);
}

void Synthesizer::FlushAll(Timestamp end) {
  if (end < last_time_) end = last_time_;
  while (!cbp_pending_.empty()) {
    EmitCbp(cbp_pending_.front());
    PopCbpPending();
  }
  cbp_awaiting_book_out_.clear();  // still in CBP at the end of the run: no book-out
  std::vector<DocketDraft> dockets;
  for (auto& [key, draft] : dockets_) dockets.push_back(std::move(draft));
  dockets_.clear();
  std::sort(dockets.begin(), dockets.end(),
            [](const auto& a, const auto& b) { return a.opened < b.opened; });
  for (const auto& draft : dockets) EmitDocket(draft, end);
  for (const auto& draft : SortedByOpening(usms_open_)) EmitUsms(draft, end);
  std::vector<IceDraft> stays = SortedByOpening(ice_open_);
  for (auto& draft : SortedByOpening(ice_closing_)) stays.push_back(std::move(draft));
  std::sort(stays.begin(), stays.end(),
            [](const auto& a, const auto& b) { return a.opened < b.opened; });
  for (const auto& draft : stays) EmitIce(draft, end);
  for (const auto& draft : SortedByOpening(orr_open_)) EmitOrr(draft, end);
  emitter_.ReleaseAll();
}

void Synthesizer::MarkFamilyReferred(FamilyIndex family, Timestamp now) {
  registry_.MarkFamilyReferred(family);
  family_referred_at_.try_emplace(family, now);
}

bool Synthesizer::BookOutHole(const std::string& record_id) {
  bool hole = Rng::ForKey(options_.seed, "cbp-book-out", record_id)
                  .Chance(options_.config.rate(ErrorKind::kBookOutNotRecorded));
  ErrorRecorder(options_.config, emitter_.tally())
      .Record(ErrorKind::kBookOutNotRecorded, hole, "BOOK_OUT_DATE");
  return hole;
}

void Synthesizer::BookOutCbp(PersonIndex person, const Event& event,
                             const CustodyTransfer& transfer) {
  auto disposition = [&](bool removal_seen) -> std::string {
    if (transfer.receiving) return "TRANSFER_" + AgencyWord(transfer.receiving);
    return removal_seen ? "VOLUNTARY_RETURN" : "RELEASED";
  };
  if (auto pending = cbp_pending_by_person_.find(person); pending != cbp_pending_by_person_.end()) {
    CbpDraft& draft = *pending->second;
    if (!draft.book_out) {
      draft.book_out =
          CbpBookOut{event.effective_at, disposition(draft.removal_seen), event.event_id};
    }
    return;
  }
  auto awaiting = cbp_awaiting_book_out_.find(person);
  if (awaiting == cbp_awaiting_book_out_.end()) return;  // a later stay at a station: no record
  const CbpBookOut book_out{event.effective_at, disposition(awaiting->second.removal_seen),
                            event.event_id};
  for (CbpWrittenCopy& copy : awaiting->second.copies) {
    if (BookOutHole(copy.key.record_id)) continue;
    CbpVersion next = NextCbpBookOutVersion(copy.last, book_out.at);
    ExportRow row = copy.row;
    AnswerKeyEntry key = copy.key;
    ApplyCbpVersion(next, copy.key.version + 1, &book_out, false, row, key);
    emitter_.WriteRow(ExportAgency::kCbp, row, key, next.entered, copy.late);
  }
  cbp_awaiting_book_out_.erase(awaiting);
}

void Synthesizer::PopCbpPending() {
  auto it = cbp_pending_by_person_.find(cbp_pending_.front().person);
  if (it != cbp_pending_by_person_.end() && it->second == &cbp_pending_.front()) {
    cbp_pending_by_person_.erase(it);
  }
  cbp_pending_.pop_front();
}

void Synthesizer::EmitCbp(const CbpDraft& draft) {
  const bool adult = !registry_.IsChildOn(draft.person, DateOf(draft.apprehended));
  uint32_t subject = registry_.AgencyNumber(draft.person, AgencyNumberKind::kCbpSubject);
  bool unit_deleted = false;
  auto copies = emitter_.RenderCopies(
      ExportAgency::kCbp, draft.event_ids.front(), draft.apprehended,
      [&](const RowIdentity& id, Rng& rng, ErrorRecorder& errors, bool duplicate) {
        CbpExtras extras{
            duplicate ? registry_.FreshAgencyNumber(AgencyNumberKind::kCbpSubject) : subject,
            recent_adults_, recent_families_};
        return RenderCbp(draft, context_, id, extras, rng, errors, unit_deleted);
      });
  std::optional<Timestamp> deleted_at;
  if (unit_deleted) {
    auto referred = family_referred_at_.find(draft.family);
    deleted_at = referred != family_referred_at_.end()
                     ? std::max(referred->second, draft.apprehended)
                     : draft.apprehended;
  }
  const int family_column = LayoutFor(ExportAgency::kCbp).ColumnIndex("FAMILY_UNIT_ID");
  CbpAwaitingBookOut awaiting;
  awaiting.removal_seen = draft.removal_seen;
  for (auto& copy : copies) {
    const bool has_unit = !FieldText(copy.record.row[family_column]).empty();
    const bool hole = draft.book_out && BookOutHole(copy.id.record_id);
    const CbpBookOut* book_out = draft.book_out && !hole ? &*draft.book_out : nullptr;
    std::vector<CbpVersion> versions =
        PlanCbpVersions(copy.id.entered, has_unit, deleted_at,
                        book_out ? std::optional<Timestamp>(book_out->at) : std::nullopt);
    for (size_t i = 0; i < versions.size(); ++i) {
      ExportRow row = copy.record.row;
      AnswerKeyEntry key = copy.record.key;
      ApplyCbpVersion(versions[i], static_cast<int>(i) + 1, book_out,
                      hole && i + 1 == versions.size(), row, key);
      emitter_.WriteRow(ExportAgency::kCbp, row, key, versions[i].entered, copy.late);
    }
    if (!draft.book_out) {
      copy.record.key.version = static_cast<int>(versions.size());
      awaiting.copies.push_back(CbpWrittenCopy{
          std::move(copy.record.row), std::move(copy.record.key), copy.late, versions.back()});
    }
  }
  if (!draft.book_out) cbp_awaiting_book_out_[draft.person] = std::move(awaiting);
  if (adult) {
    recent_adults_.push_back({draft.person, draft.family, subject});
    if (recent_adults_.size() > kRecentAdults) recent_adults_.erase(recent_adults_.begin());
  }
  if (draft.family != kNoFamily &&
      (recent_families_.empty() || recent_families_.back().family != draft.family)) {
    recent_families_.push_back(
        {draft.family, registry_.CbpFamilyNumber(draft.family, draft.sector)});
    if (recent_families_.size() > kRecentFamilies) {
      recent_families_.erase(recent_families_.begin());
    }
  }
}

void Synthesizer::EmitDocket(const DocketDraft& draft, Timestamp base) {
  EmitDraft(ExportAgency::kUsao, draft, base, RenderDocket);
}

void Synthesizer::EmitUsms(const UsmsDraft& draft, Timestamp base) {
  EmitDraft(ExportAgency::kUsms, draft, base, RenderUsms);
}

void Synthesizer::EmitIce(const IceDraft& draft, Timestamp base) {
  EmitDraft(ExportAgency::kIce, draft, base, RenderIce);
}

void Synthesizer::EmitOrr(const OrrDraft& draft, Timestamp base) {
  EmitDraft(ExportAgency::kOrr, draft, base, RenderOrr);
}

}  // namespace

int64_t SynthSummary::total_rows() const {
  int64_t total = 0;
  for (int64_t n : rows) total += n;
  return total;
}

Result<SynthSummary> Synthesize(std::istream& truth, ExportSink& sink, const SynthOptions& options,
                                const SynthProgressCallback& progress) {
  KINLINK_ASSIGN_OR_RETURN(NameTables tables, NameTables::LoadEmbedded());
  TruthReader reader(truth, options.truth_name);
  KINLINK_ASSIGN_OR_RETURN(TruthHeader header, reader.ReadHeader());

  std::array<std::ostream*, kExportAgencyCount> exports{};
  for (ExportAgency agency : kAllExportAgencies) {
    KINLINK_ASSIGN_OR_RETURN(exports[static_cast<int>(agency)],
                             sink.Open(LayoutFor(agency).file_name));
  }
  KINLINK_ASSIGN_OR_RETURN(std::ostream * key_stream, sink.Open(kAnswerKeyFileName));

  SynthSummary summary;
  summary.truth = header;
  summary.seed = options.seed;
  RecordEmitter emitter(exports, *key_stream, options.config, options.seed, summary.errors);
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (ExportAgency agency : kAllExportAgencies) {
    files[std::string(ToString(agency))] = LayoutFor(agency).file_name;
  }
  emitter.key().WriteHeader({{"format", "kinlink-synth-key"},
                             {"version", 1},
                             {"scenario", header.scenario},
                             {"seed", header.seed},
                             {"synth_seed", options.seed},
                             {"files", files}});

  Synthesizer synthesizer(std::move(tables), options, emitter);
  // Parsing runs on a second thread while this one renders (the prefetcher keeps stream order).
  TruthPrefetcher prefetcher(reader);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(TruthItem * item, prefetcher.Next());
    if (item == nullptr) break;
    KINLINK_RETURN_IF_ERROR(synthesizer.Handle(*item, prefetcher));
    if (progress && prefetcher.line_number() % kProgressEveryLines == 0) {
      progress({prefetcher.bytes_read(), prefetcher.line_number(), emitter.rows_total()});
    }
  }
  synthesizer.FlushAll(header.end);
  emitter.key().WriteFooter(emitter.rows(), synthesizer.relationships(), summary.errors);
  KINLINK_RETURN_IF_ERROR(emitter.status());
  KINLINK_RETURN_IF_ERROR(sink.Finish());
  if (progress) {
    progress({prefetcher.bytes_read(), prefetcher.line_number(), emitter.rows_total()});
  }

  summary.persons = prefetcher.counts().persons;
  summary.families = prefetcher.counts().families;
  summary.events = prefetcher.counts().events;
  summary.relationships = synthesizer.relationships();
  summary.rows = emitter.rows();
  summary.late_rows = emitter.late_rows();
  summary.duplicate_rows = emitter.duplicate_rows();
  summary.revision_rows = emitter.revision_rows();
  return summary;
}

}  // namespace kinlink::synth
