#include "core/event.h"

#include "core/enum_table.h"

namespace kinlink {
namespace {

using internal::EnumEntry;

constexpr EnumEntry<EventType> kEventTypeCodes[] = {
    {EventType::kApprehension, "apprehension"},
    {EventType::kReferral, "referral"},
    {EventType::kProsecutionDecision, "prosecution_decision"},
    {EventType::kHearing, "hearing"},
    {EventType::kSentence, "sentence"},
    {EventType::kCustodyTransfer, "custody_transfer"},
    {EventType::kSeparation, "separation"},
    {EventType::kOrrReferral, "orr_referral"},
    {EventType::kOrrPlacement, "orr_placement"},
    {EventType::kOrrRelease, "orr_release"},
    {EventType::kRemoval, "removal"},
    {EventType::kContact, "contact"},
    {EventType::kReunification, "reunification"},
    {EventType::kRelationship, "relationship"},
    {EventType::kCorrection, "correction"}};
constexpr EventType kEventTypes[] = {
    EventType::kApprehension,  EventType::kReferral,     EventType::kProsecutionDecision,
    EventType::kHearing,       EventType::kSentence,     EventType::kCustodyTransfer,
    EventType::kSeparation,    EventType::kOrrReferral,  EventType::kOrrPlacement,
    EventType::kOrrRelease,    EventType::kRemoval,      EventType::kContact,
    EventType::kReunification, EventType::kRelationship, EventType::kCorrection};
static_assert(std::size(kEventTypes) == std::variant_size_v<EventPayload>);

constexpr EnumEntry<Statute> kStatuteCodes[] = {{Statute::kIllegalEntry1325, "8usc1325"},
                                                {Statute::kIllegalReentry1326, "8usc1326"}};
constexpr EnumEntry<DeclinationReason> kDeclinationCodes[] = {
    {DeclinationReason::kCapacity, "capacity"},         {DeclinationReason::kChildAge, "child_age"},
    {DeclinationReason::kMedical, "medical"},           {DeclinationReason::kEvidence, "evidence"},
    {DeclinationReason::kHumanitarian, "humanitarian"}, {DeclinationReason::kOther, "other"}};
constexpr EnumEntry<Disposition> kDispositionCodes[] = {{Disposition::kTimeServed, "time_served"},
                                                        {Disposition::kCustodyDays, "custody_days"},
                                                        {Disposition::kDismissed, "dismissed"}};
constexpr EnumEntry<SeparationReason> kSeparationReasonCodes[] = {
    {SeparationReason::kParentProsecution, "parent_prosecution"},
    {SeparationReason::kParentCriminalHistory, "parent_criminal_history"},
    {SeparationReason::kParentMedical, "parent_medical"},
    {SeparationReason::kParentFitness, "parent_fitness"},
    {SeparationReason::kRelationshipUnverified, "relationship_unverified"},
    {SeparationReason::kOther, "other"}};
constexpr EnumEntry<SponsorCategory> kSponsorCodes[] = {
    {SponsorCategory::kParent, "parent"},
    {SponsorCategory::kCloseRelative, "close_relative"},
    {SponsorCategory::kDistantRelative, "distant_relative"},
    {SponsorCategory::kUnrelated, "unrelated"}};
constexpr EnumEntry<ContactChannel> kContactCodes[] = {{ContactChannel::kPhone, "phone"},
                                                       {ContactChannel::kVideo, "video"},
                                                       {ContactChannel::kInPerson, "in_person"}};

template <typename T>
void AppendIfSet(std::vector<PersonId>& out, const T& id) {
  if (!id.empty()) out.push_back(id);
}

}  // namespace

std::string_view ToString(EventType v) { return internal::CodeOf<EventType>(kEventTypeCodes, v); }
Result<EventType> ParseEventType(std::string_view code) {
  return internal::ParseCode<EventType>(kEventTypeCodes, code, "event type");
}
std::span<const EventType> AllEventTypes() { return kEventTypes; }

std::string_view ToString(Statute v) { return internal::CodeOf<Statute>(kStatuteCodes, v); }
std::string_view ToString(DeclinationReason v) {
  return internal::CodeOf<DeclinationReason>(kDeclinationCodes, v);
}
std::string_view ToString(Disposition v) {
  return internal::CodeOf<Disposition>(kDispositionCodes, v);
}
std::string_view ToString(SeparationReason v) {
  return internal::CodeOf<SeparationReason>(kSeparationReasonCodes, v);
}
std::string_view ToString(SponsorCategory v) {
  return internal::CodeOf<SponsorCategory>(kSponsorCodes, v);
}
std::string_view ToString(ContactChannel v) {
  return internal::CodeOf<ContactChannel>(kContactCodes, v);
}
Result<Statute> ParseStatute(std::string_view c) {
  return internal::ParseCode<Statute>(kStatuteCodes, c, "statute");
}
Result<DeclinationReason> ParseDeclinationReason(std::string_view c) {
  return internal::ParseCode<DeclinationReason>(kDeclinationCodes, c, "declination reason");
}
Result<Disposition> ParseDisposition(std::string_view c) {
  return internal::ParseCode<Disposition>(kDispositionCodes, c, "disposition");
}
Result<SeparationReason> ParseSeparationReason(std::string_view c) {
  return internal::ParseCode<SeparationReason>(kSeparationReasonCodes, c, "separation reason");
}
Result<SponsorCategory> ParseSponsorCategory(std::string_view c) {
  return internal::ParseCode<SponsorCategory>(kSponsorCodes, c, "sponsor category");
}
Result<ContactChannel> ParseContactChannel(std::string_view c) {
  return internal::ParseCode<ContactChannel>(kContactCodes, c, "contact channel");
}

bool operator==(const Correction& a, const Correction& b) {
  if (a.supersedes_event_id != b.supersedes_event_id || a.reason != b.reason) return false;
  if (!a.replacement || !b.replacement) return !a.replacement && !b.replacement;
  return *a.replacement == *b.replacement;
}

std::vector<PersonId> Event::Subjects() const {
  std::vector<PersonId> out;
  std::visit(
      [&out](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Separation>) {
          AppendIfSet(out, p.child_id);
          AppendIfSet(out, p.parent_id);
        } else if constexpr (std::is_same_v<T, OrrReferral>) {
          AppendIfSet(out, p.child_id);
          if (p.parent_id) AppendIfSet(out, *p.parent_id);
        } else if constexpr (std::is_same_v<T, OrrPlacement> || std::is_same_v<T, OrrRelease>) {
          AppendIfSet(out, p.child_id);
        } else if constexpr (std::is_same_v<T, Contact> || std::is_same_v<T, Reunification>) {
          AppendIfSet(out, p.parent_id);
          AppendIfSet(out, p.child_id);
        } else if constexpr (std::is_same_v<T, Relationship>) {
          AppendIfSet(out, p.association.parent_id);
          AppendIfSet(out, p.association.child_id);
        } else if constexpr (std::is_same_v<T, Removal>) {
          AppendIfSet(out, p.person_id);
          for (const auto& child : p.accompanying_children) AppendIfSet(out, child);
        } else if constexpr (std::is_same_v<T, Correction>) {
          if (p.replacement) out = p.replacement->Subjects();
        } else {
          AppendIfSet(out, p.person_id);
        }
      },
      payload);
  return out;
}

}  // namespace kinlink
