#include "synth/record_renderer.h"

#include <fmt/format.h>

#include "synth/birth_date_errors.h"
#include "synth/internal/agency_codes.h"
#include "synth/internal/date_format.h"
#include "synth/internal/text.h"
#include "synth/name_errors.h"

namespace kinlink::synth {
namespace {

using detail::DateParts;
using detail::PartsOf;
using detail::UpperCase;

FieldValue Text(std::string value) {
  if (value.empty()) return FieldValue();
  return FieldValue(std::move(value));
}

FieldValue OptionalDate(const std::optional<Timestamp>& time,
                        std::string (*format)(const DateParts&)) {
  if (!time) return FieldValue();
  return FieldValue(format(PartsOf(DateOf(*time))));
}

// A record whose answer-key entry names the row, its true person and family, and its events; the
// caller lays out the row (the emitter adds the errors drawn while rendering).
RenderedRecord StartRecord(ExportAgency agency, const RowIdentity& id, PersonRegistry& registry,
                           PersonIndex person, const std::vector<std::string>& event_ids) {
  RenderedRecord record;
  AnswerKeyEntry& key = record.key;
  key.agency = agency;
  key.record_id = id.record_id;
  key.person_id = registry.Id(person);
  FamilyIndex family = registry.family(person);
  if (family != kNoFamily) key.family_unit_id = registry.FamilyId(family);
  key.event_ids = event_ids;
  return record;
}

// The A-number as recorded, or "" when the missing-A-number error applies.
std::string RecordedANumber(PersonRegistry& registry, PersonIndex person, Date on, Rng& rng,
                            ErrorRecorder& errors) {
  ErrorKind kind = registry.IsChildOn(person, on) ? ErrorKind::kANumberMissingChild
                                                  : ErrorKind::kANumberMissingAdult;
  if (errors.Draw(kind, rng, "a_number")) return "";
  return registry.ANumberText(person);
}

RecordedName TypedName(RenderContext& context, PersonIndex person, Rng& rng,
                       ErrorRecorder& errors) {
  return MangleName(context.registry.TrueName(person), context.tables, rng, errors);
}

std::string SexLetter(Sex sex) { return sex == Sex::kFemale ? "F" : sex == Sex::kMale ? "M" : "U"; }
std::string SexWord(Sex sex) {
  return sex == Sex::kFemale ? "Female" : sex == Sex::kMale ? "Male" : "Unknown";
}

std::string DistrictName(District district) { return std::string(DisplayName(district)); }

// What an ORR case manager wrote about the parent.
std::string ParentInfoText(RenderContext& context, PersonIndex parent, Rng& rng,
                           ErrorRecorder& errors) {
  ErrorRecorder parent_errors(context.config, errors.tally());
  RecordedName name = TypedName(context, parent, rng, parent_errors);
  for (const auto& error : parent_errors.applied()) {
    errors.Note(error.kind, "parent_info." + error.field);
  }
  bool female = context.registry.sex(parent) == Sex::kFemale;
  std::string full = name.GivenNames() + " " + name.Surnames();
  static constexpr const char* kWhere[] = {
      "", "", "", "in ICE custody", "detenido", "in USMS custody", "deported"};
  std::string where = kWhere[rng.Below(std::size(kWhere))];
  if (where == "detenido" && female) where = "detenida";
  switch (rng.Below(5)) {
    case 0:
      return fmt::format("{}: {}{}", female ? "Mother" : "Father", full,
                         where.empty() ? "" : " (" + where + ")");
    case 1:
      return fmt::format("{}: {}{}", female ? "Madre" : "Padre", full,
                         where.empty() ? "" : " (" + where + ")");
    case 2:
      return fmt::format("{} - {}{}", female ? "mother" : "father", UpperCase(full),
                         where.empty() ? "" : " - " + where);
    case 3:
      return fmt::format("{} {}{}", female ? "mom" : "dad", full,
                         where.empty() ? "" : ", " + where);
    default:
      return fmt::format("{} {}", female ? "MADRE" : "PADRE", UpperCase(full));
  }
}

}  // namespace

std::string CbpSubjectId(uint32_t subject_number) { return fmt::format("S{:09}", subject_number); }

RenderedRecord RenderCbp(const CbpDraft& draft, RenderContext& context, const RowIdentity& id,
                         const CbpExtras& extras, Rng& rng, ErrorRecorder& errors,
                         bool& unit_deleted) {
  unit_deleted = false;
  PersonRegistry& registry = context.registry;
  const PersonIndex p = draft.person;
  RenderedRecord out = StartRecord(ExportAgency::kCbp, id, registry, p, draft.event_ids);
  const Date day = DateOf(draft.apprehended);
  const bool child = registry.IsChildOn(p, day);

  std::string family_number, role, claimed;
  if (draft.family != kNoFamily) {
    family_number = registry.CbpFamilyNumber(draft.family, draft.sector);
    const auto& members = registry.FamilyMembers(draft.family);
    role = child ? "CHILD" : (!members.empty() && members.front() == p ? "HOH" : "ADULT");
    if (registry.FamilyReferred(draft.family)) {
      // e3 could not take one adult out of a unit: the whole unit was deleted, once per family.
      bool dropped = Rng::ForKey(context.seed, "family-dropped", registry.FamilyId(draft.family))
                         .Chance(context.config.rate(ErrorKind::kFamilyUnitDroppedAfterSeparation));
      errors.Record(ErrorKind::kFamilyUnitDroppedAfterSeparation, dropped, "FAMILY_UNIT_ID");
      // The row is rendered as first entered, with the unit; the synthesizer writes the later
      // version without it (CbpVersions).
      unit_deleted = dropped;
    }
    if (!family_number.empty() && child) {
      std::vector<const RecentCbpFamily*> other_units;
      for (const auto& recent : extras.recent_families) {
        if (recent.family != draft.family) other_units.push_back(&recent);
      }
      if (!other_units.empty() && errors.Draw(ErrorKind::kWrongFamilyUnit, rng, "FAMILY_UNIT_ID")) {
        family_number = other_units[rng.Below(other_units.size())]->number;
      }
      int32_t claimant = registry.claimed_parent(p);
      if (claimant != kNoPerson &&
          registry.family(static_cast<PersonIndex>(claimant)) == draft.family) {
        PersonIndex parent = static_cast<PersonIndex>(claimant);
        uint32_t subject = 0;
        std::vector<const RecentCbpAdult*> strangers;
        for (const auto& recent : extras.recent_adults) {
          if (recent.family != draft.family && recent.person != p) strangers.push_back(&recent);
        }
        if (!strangers.empty() &&
            errors.Draw(ErrorKind::kFalseRelationshipClaim, rng, "CLAIMED_PARENT_ID")) {
          const RecentCbpAdult* stranger = strangers[rng.Below(strangers.size())];
          parent = stranger->person;
          subject = stranger->subject_number;
        } else {
          subject = registry.AgencyNumber(parent, AgencyNumberKind::kCbpSubject);
        }
        claimed = CbpSubjectId(subject);
        out.key.claimed_parent_id = registry.Id(parent);
        out.key.claim_true = registry.IsTrueParent(parent, p);
      }
    }
  }

  RecordedName name = TypedName(context, p, rng, errors);
  RecordedBirthDate dob =
      MangleBirthDate(registry.BirthDate(p), /*layout_has_age=*/true, rng, errors);
  std::optional<int> age = registry.AgeOn(p, day);
  std::string citizenship = UpperCase(CountryName(registry.Citizenship(p)));

  out.row = {
      Text(id.record_id),
      Text(CbpSubjectId(extras.subject_number)),
      Text(family_number),
      Text(role),
      Text(claimed),
      Text(UpperCase(name.Surnames()) + ", " + name.GivenNames()),
      Text(SexLetter(registry.sex(p))),
      dob.date ? Text(detail::FormatMmDdYyyy(*dob.date)) : FieldValue(),
      age ? FieldValue(int64_t{*age}) : FieldValue(),
      Text(citizenship),
      Text(RecordedANumber(registry, p, day, rng, errors)),
      Text(detail::FormatMmDdYyyy(PartsOf(day))),
      Text(detail::FormatHhMm(draft.apprehended)),
      Text(std::string(detail::SectorCode(draft.sector))),
      Text(draft.station),
      Text(detail::FormatMmDdYyyy(PartsOf(id.entered))),
      FieldValue(),  // BOOK_OUT_DATE, BOOK_OUT_TIME, BOOK_OUT_DISPOSITION: set per version
      FieldValue(),
      FieldValue(),
  };
  return out;
}

RenderedRecord RenderDocket(const DocketDraft& draft, RenderContext& context, const RowIdentity& id,
                            Rng& rng, ErrorRecorder& errors) {
  PersonRegistry& registry = context.registry;
  RenderedRecord out =
      StartRecord(ExportAgency::kUsao, id, registry, draft.person, draft.event_ids);
  RecordedName name = TypedName(context, draft.person, rng, errors);
  std::string disposition;
  if (draft.disposition) {
    disposition = *draft.disposition == Disposition::kTimeServed    ? "TIME SERVED"
                  : *draft.disposition == Disposition::kCustodyDays ? "CUSTODY"
                                                                    : "DISMISSED";
  }
  out.row = {
      Text(id.record_id),
      Text(draft.case_number),
      Text(DistrictName(draft.district)),
      Text(name.GivenNames() + " " + name.Surnames("-")),
      Text(draft.statute == Statute::kIllegalReentry1326 ? "8 USC 1326" : "8 USC 1325"),
      Text(detail::FormatDdMonYyyy(PartsOf(DateOf(draft.hearing)))),
      FieldValue(int64_t{draft.defendants}),
      Text(disposition),
      OptionalDate(draft.sentenced, detail::FormatDdMonYyyy),
      draft.disposition ? FieldValue(int64_t{draft.custody_days}) : FieldValue(),
      Text(detail::FormatDdMonYyyy(PartsOf(id.entered))),
  };
  return out;
}

RenderedRecord RenderUsms(const UsmsDraft& draft, RenderContext& context, const RowIdentity& id,
                          Rng& rng, ErrorRecorder& errors) {
  PersonRegistry& registry = context.registry;
  const PersonIndex p = draft.person;
  RenderedRecord out = StartRecord(ExportAgency::kUsms, id, registry, p, draft.event_ids);
  RecordedName name = TypedName(context, p, rng, errors);
  RecordedBirthDate dob = MangleBirthDate(registry.BirthDate(p), false, rng, errors);
  std::string first = name.given_names.empty() ? "" : name.given_names.front();
  std::vector<std::string> middle;
  for (size_t i = 1; i < name.given_names.size(); ++i) middle.push_back(name.given_names[i]);
  // Times where the booking system kept them; each may be missing (time_not_recorded).
  auto time_of = [&](const std::optional<Timestamp>& at, std::string_view field) {
    if (!at || errors.Draw(ErrorKind::kTimeNotRecorded, rng, field)) return FieldValue();
    return Text(detail::FormatHhMm(*at));
  };
  FieldValue booking_time = time_of(draft.booked, "BOOKING_TIME");
  FieldValue release_time = time_of(draft.released, "RELEASE_TIME");
  District district = draft.district.value_or(District::kSdTex);
  uint32_t register_number = registry.AgencyNumber(p, AgencyNumberKind::kUsmsRegister);
  out.row = {
      Text(id.record_id),
      Text(fmt::format("{:05}-{}", register_number % 100000, detail::UsmsDistrictSuffix(district))),
      Text(UpperCase(name.Surnames())),
      Text(UpperCase(first)),
      Text(UpperCase(detail::JoinWords(middle))),
      Text(SexLetter(registry.sex(p))),
      dob.date ? Text(detail::FormatYyyyMmDd(*dob.date)) : FieldValue(),
      Text(std::string(CountryName(registry.Citizenship(p)))),
      draft.district ? Text(std::string(ToString(*draft.district))) : FieldValue(),
      Text(draft.facility),
      Text(draft.case_number),
      Text(detail::FormatYyyyMmDd(PartsOf(DateOf(draft.booked)))),
      OptionalDate(draft.released, detail::FormatYyyyMmDd),
      Text(draft.released_to),
      Text(detail::FormatYyyyMmDd(PartsOf(id.entered))),
      std::move(booking_time),
      std::move(release_time),
  };
  return out;
}

RenderedRecord RenderIce(const IceDraft& draft, RenderContext& context, const RowIdentity& id,
                         Rng& rng, ErrorRecorder& errors) {
  PersonRegistry& registry = context.registry;
  const PersonIndex p = draft.person;
  RenderedRecord out = StartRecord(ExportAgency::kIce, id, registry, p, draft.event_ids);
  Date on = DateOf(draft.book_in.value_or(draft.removed.value_or(Timestamp())));
  std::string a_number = RecordedANumber(registry, p, on, rng, errors);
  RecordedName name = TypedName(context, p, rng, errors);
  RecordedBirthDate dob = MangleBirthDate(registry.BirthDate(p), false, rng, errors);
  auto minute = [](const std::optional<Timestamp>& t) {
    return t ? Text(detail::FormatIsoMinute(*t)) : FieldValue();
  };
  out.row = {
      Text(id.record_id),
      Text(a_number),
      Text(UpperCase(name.Surnames())),
      Text(UpperCase(name.GivenNames())),
      Text(SexWord(registry.sex(p))),
      dob.date ? Text(detail::FormatIsoDate(*dob.date)) : FieldValue(),
      Text(registry.Citizenship(p)),
      Text(draft.facility),
      draft.facility.empty() ? FieldValue() : Text(draft.family_facility ? "FAMILY" : "ADULT"),
      minute(draft.book_in),
      minute(draft.book_out),
      Text(draft.book_out_reason),
      OptionalDate(draft.removed, detail::FormatIsoDate),
      Text(draft.removal_country),
      draft.removed ? FieldValue(int64_t{draft.accompanying_children}) : FieldValue(),
      Text(detail::FormatIsoDate(PartsOf(id.entered))),
  };
  return out;
}

RenderedRecord RenderOrr(const OrrDraft& draft, RenderContext& context, const RowIdentity& id,
                         Rng& rng, ErrorRecorder& errors) {
  PersonRegistry& registry = context.registry;
  const PersonIndex child = draft.child;
  RenderedRecord out = StartRecord(ExportAgency::kOrr, id, registry, child, draft.event_ids);
  Date referred_on = DateOf(draft.referral ? draft.referral->referred : draft.admitted);
  std::string a_number = RecordedANumber(registry, child, referred_on, rng, errors);
  RecordedName name = TypedName(context, child, rng, errors);
  RecordedBirthDate dob = MangleBirthDate(registry.BirthDate(child), true, rng, errors);
  FieldValue age;
  if (dob.age_only) {
    if (auto years = registry.AgeOn(child, referred_on)) age = int64_t{*years};
  }
  std::string parent_info;
  if (draft.referral && draft.referral->parent) {
    PersonIndex parent = *draft.referral->parent;
    if (Rng::ForKey(context.seed, "orr-parent-info", id.record_id)
            .Chance(context.config.orr_parent_info)) {
      parent_info = ParentInfoText(context, parent, rng, errors);
      out.key.claimed_parent_id = registry.Id(parent);
      out.key.claim_true = registry.IsTrueParent(parent, child);
    }
  }
  auto mdy = [](const std::optional<Timestamp>& t) {
    return t ? Text(detail::FormatMDYyyy(PartsOf(DateOf(*t)))) : FieldValue();
  };
  out.row = {
      Text(id.record_id),
      Text(fmt::format("UAC{:07}", registry.AgencyNumber(child, AgencyNumberKind::kOrrChild))),
      Text(a_number),
      Text(name.GivenNames()),
      Text(name.Surnames()),
      Text(SexWord(registry.sex(child))),
      dob.date ? Text(detail::FormatMDYyyy(*dob.date)) : FieldValue(),
      age,
      Text(std::string(CountryName(registry.Citizenship(child)))),
      Text(draft.program),
      draft.referral ? mdy(draft.referral->referred) : FieldValue(),
      draft.referral ? Text(UpperCase(ToString(draft.referral->referring_agency))) : FieldValue(),
      draft.referral ? FieldValue(draft.referral->separated) : FieldValue(),
      mdy(draft.admitted),
      mdy(draft.discharged),
      Text(draft.discharge_type),
      Text(parent_info),
      Text(detail::FormatMDYyyy(PartsOf(id.entered))),
  };
  return out;
}

}  // namespace kinlink::synth
