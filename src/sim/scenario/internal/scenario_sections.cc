#include "sim/scenario/internal/scenario_sections.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace kinlink::sim::scenario_detail {
namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();
constexpr double kRateMax = 1e7;

Result<int> ParseSmallInt(std::string_view text, int min, int max) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return InvalidArgumentError(fmt::format("an integer between {} and {}", min, max));
  }
  return value;
}

Result<std::string> ParseNationality(std::string_view code) {
  KINLINK_RETURN_IF_ERROR(ValidateCountryCode(code));
  return std::string(code);
}

Result<std::array<double, kSectorCount>> SectorShares(TableReader& r, std::string_view key) {
  KINLINK_ASSIGN_OR_RETURN(
      Categorical<Sector> weights,
      r.Weights<Sector>(
          key, [](std::string_view c) { return ParseSector(c); }, std::nullopt));
  std::array<double, kSectorCount> shares{};
  for (size_t i = 0; i < weights.items().size(); ++i) {
    shares[static_cast<int>(weights.items()[i])] += weights.Probability(i);
  }
  return shares;
}

}  // namespace

Status ReadArrivals(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("arrivals", true));
  ArrivalSettings& a = s.arrivals;
  KINLINK_ASSIGN_OR_RETURN(a.family_units_per_day,
                           r.ScheduleValue("family_units_per_day", s.start, 0, kRateMax));
  KINLINK_ASSIGN_OR_RETURN(a.single_adults_per_day,
                           r.ScheduleValue("single_adults_per_day", s.start, 0, kRateMax));
  KINLINK_ASSIGN_OR_RETURN(a.family_sector_share, SectorShares(r, "family_sector_share"));
  KINLINK_ASSIGN_OR_RETURN(a.single_adult_sector_share,
                           SectorShares(r, "single_adult_sector_share"));
  KINLINK_ASSIGN_OR_RETURN(a.el_paso_new_mexico_share,
                           r.Share("el_paso_new_mexico_share", a.el_paso_new_mexico_share));
  KINLINK_ASSIGN_OR_RETURN(
      a.family_nationality,
      r.Weights<std::string>("family_nationality", ParseNationality, std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(
      a.single_adult_nationality,
      r.Weights<std::string>("single_adult_nationality", ParseNationality, std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(a.single_adult_female_share,
                           r.Share("single_adult_female_share", a.single_adult_female_share));
  KINLINK_ASSIGN_OR_RETURN(a.single_adult_age_years,
                           r.Distribution("single_adult_age_years", a.single_adult_age_years));

  KINLINK_ASSIGN_OR_RETURN(TableReader f, r.Table("family", true));
  FamilyComposition& fam = a.family;
  auto count = [](int max) {
    return [max](std::string_view t) { return ParseSmallInt(t, 1, max); };
  };
  KINLINK_ASSIGN_OR_RETURN(fam.adults, f.Weights<int>("adults", count(2), std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(fam.children, f.Weights<int>("children", count(8), std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(
      fam.child_age,
      f.Weights<int>(
          "child_age", [](std::string_view t) { return ParseSmallInt(t, 0, 17); }, std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(
      fam.relationship,
      f.Weights<RelationshipKind>(
          "relationship",
          [](std::string_view t) -> Result<RelationshipKind> {
            KINLINK_ASSIGN_OR_RETURN(RelationshipKind kind, ParseRelationshipKind(t));
            if (kind == RelationshipKind::kInferred) {  // a linker's conclusion, not a truth
              return InvalidArgumentError(
                  "relationship kind \"inferred\" is what the linker concludes, not a true "
                  "relationship");
            }
            return kind;
          },
          Categorical<RelationshipKind>({RelationshipKind::kBiological}, {1.0})));
  KINLINK_ASSIGN_OR_RETURN(fam.adult_female_share,
                           f.Share("adult_female_share", fam.adult_female_share));
  KINLINK_ASSIGN_OR_RETURN(fam.adult_age_years,
                           f.Distribution("adult_age_years", fam.adult_age_years));
  KINLINK_RETURN_IF_ERROR(f.Finish());
  return r.Finish();
}

Status ReadReferral(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("referral", true));
  ReferralSettings& ref = s.referral;
  KINLINK_ASSIGN_OR_RETURN(ref.single_adults, r.Share("single_adults", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(ref.parents, r.Share("parents", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(ref.exclude_parents_of_children_under,
                           r.Integer("exclude_parents_of_children_under", 0, 0, 18));
  KINLINK_ASSIGN_OR_RETURN(ref.reentry_share, r.Share("reentry_share", ref.reentry_share));
  KINLINK_ASSIGN_OR_RETURN(std::string separate_at, r.String("separate_at", "referral"));
  if (separate_at == "referral") {
    ref.separate_at = SeparateAt::kReferral;
  } else if (separate_at == "prosecution") {
    ref.separate_at = SeparateAt::kProsecution;
  } else {
    return r.Error("separate_at", "\"referral\" or \"prosecution\"", r.table().get("separate_at"));
  }
  KINLINK_ASSIGN_OR_RETURN(std::vector<TableReader> periods, r.TableArray("period"));
  for (TableReader& p : periods) {
    ReferralPeriod period;
    KINLINK_ASSIGN_OR_RETURN(period.name, p.String("name", std::string()));
    KINLINK_ASSIGN_OR_RETURN(period.from, p.DateValue("from", std::nullopt));
    KINLINK_ASSIGN_OR_RETURN(period.until, p.DateValue("until", s.end));
    if (period.until <= period.from) {
      return p.Error("until", "a date after from", p.table().get("until"));
    }
    KINLINK_ASSIGN_OR_RETURN(period.single_adults, p.Share("single_adults", ref.single_adults));
    KINLINK_ASSIGN_OR_RETURN(period.parents, p.Share("parents", ref.parents));
    if (const toml::node* sectors = p.table().get("sectors")) {
      p.Accept("sectors");
      const toml::array* list = sectors->as_array();
      if (list == nullptr) return p.Error("sectors", "an array of sector codes", sectors);
      for (const auto& item : *list) {
        auto code = item.value_exact<std::string>();
        auto sector = code ? ParseSector(*code) : Result<Sector>(InvalidArgumentError(""));
        if (!sector.ok()) return p.Error("sectors", "sector codes such as \"yuma\"", &item);
        period.sectors.push_back(*sector);
      }
    }
    KINLINK_RETURN_IF_ERROR(p.Finish());
    for (const auto& other : ref.periods) {
      bool dates_overlap = period.from < other.until && other.from < period.until;
      bool sectors_overlap = period.sectors.empty() || other.sectors.empty();
      for (Sector a : period.sectors) {
        for (Sector b : other.sectors) sectors_overlap |= a == b;
      }
      if (dates_overlap && sectors_overlap) {
        return p.Error("from", fmt::format("a period that does not overlap '{}'", other.name),
                       p.table().get("from"));
      }
    }
    ref.periods.push_back(std::move(period));
  }
  return r.Finish();
}

namespace {

Status ReadDistrict(TableReader& d, const DistrictSettings& defaults, DistrictSettings& out) {
  out = defaults;
  KINLINK_ASSIGN_OR_RETURN(out.decline_probability,
                           d.Share("decline_probability", defaults.decline_probability));
  KINLINK_ASSIGN_OR_RETURN(
      out.decline_reasons,
      d.Weights<DeclinationReason>(
          "decline_reasons", [](std::string_view t) { return ParseDeclinationReason(t); },
          defaults.decline_reasons));
  KINLINK_ASSIGN_OR_RETURN(out.intake_per_day,
                           d.Integer("intake_per_day", defaults.intake_per_day, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(out.usms_beds, d.Integer("usms_beds", defaults.usms_beds, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(
      out.decline_above_usms_occupancy,
      d.Number("decline_above_usms_occupancy", defaults.decline_above_usms_occupancy, 0, 10,
               "a share of beds between 0 (never) and 10"));
  KINLINK_ASSIGN_OR_RETURN(out.docket_per_day,
                           d.Integer("docket_per_day", defaults.docket_per_day, 1, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(out.hearing_size,
                           d.Integer("hearing_size", defaults.hearing_size, 1, kIntMax));
  return d.Finish();
}

}  // namespace

Status ReadDistricts(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("districts", true));
  DistrictSettings defaults;
  defaults.decline_reasons = Categorical<DeclinationReason>(
      {DeclinationReason::kEvidence, DeclinationReason::kMedical, DeclinationReason::kOther},
      {0.5, 0.2, 0.3});
  if (r.Has("default")) {
    KINLINK_ASSIGN_OR_RETURN(TableReader d, r.Table("default", true));
    DistrictSettings base = defaults;
    KINLINK_RETURN_IF_ERROR(ReadDistrict(d, base, defaults));
  }
  for (District district : kAllDistricts) {
    std::string code(ToString(district));
    KINLINK_ASSIGN_OR_RETURN(TableReader d, r.Table(code, false));
    KINLINK_RETURN_IF_ERROR(ReadDistrict(d, defaults, s.districts[static_cast<int>(district)]));
  }
  return r.Finish();
}

Status ReadCourt(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("court", false));
  CourtSettings& c = s.court;
  KINLINK_ASSIGN_OR_RETURN(c.hearing_hour,
                           r.Number("hearing_hour", c.hearing_hour, 0, 23, "an hour 0..23"));
  KINLINK_ASSIGN_OR_RETURN(c.hearing_length_hours,
                           r.Number("hearing_length_hours", c.hearing_length_hours, 0.1, 12,
                                    "hours between 0.1 and 12"));
  KINLINK_ASSIGN_OR_RETURN(c.time_served_share, r.Share("time_served_share", c.time_served_share));
  KINLINK_ASSIGN_OR_RETURN(c.custody_days, r.Distribution("custody_days", c.custody_days));
  KINLINK_ASSIGN_OR_RETURN(c.transfer_hours, r.Distribution("transfer_hours", c.transfer_hours));
  if (const toml::node* days = r.table().get("court_days")) {
    r.Accept("court_days");
    const toml::array* list = days->as_array();
    if (list == nullptr || list->empty()) {
      return r.Error("court_days", "a non-empty array of ISO weekdays 1..7", days);
    }
    c.court_days.clear();
    for (const auto& item : *list) {
      auto day = item.value_exact<int64_t>();
      if (!day || *day < 1 || *day > 7) return r.Error("court_days", "ISO weekdays 1..7", &item);
      c.court_days.push_back(static_cast<int>(*day));
    }
  }
  return r.Finish();
}

Status ReadCbp(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("cbp", false));
  CbpSettings& c = s.cbp;
  KINLINK_ASSIGN_OR_RETURN(c.processing_hours,
                           r.Distribution("processing_hours", c.processing_hours));
  KINLINK_ASSIGN_OR_RETURN(c.family_hold_hours,
                           r.Distribution("family_hold_hours", c.family_hold_hours));
  KINLINK_ASSIGN_OR_RETURN(c.adult_hold_hours,
                           r.Distribution("adult_hold_hours", c.adult_hold_hours));
  KINLINK_ASSIGN_OR_RETURN(c.holding_capacity,
                           r.Integer("holding_capacity", c.holding_capacity, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(c.child_hold_limit_hours,
                           r.Number("child_hold_limit_hours", c.child_hold_limit_hours, 1, 1e4,
                                    "hours between 1 and 10000"));
  return r.Finish();
}

Status ReadIce(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("ice", false));
  IceSettings& i = s.ice;
  KINLINK_ASSIGN_OR_RETURN(i.family_beds, r.Integer("family_beds", i.family_beds, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(i.adult_beds, r.Integer("adult_beds", i.adult_beds, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(i.family_stay_limit_days,
                           r.Number("family_stay_limit_days", i.family_stay_limit_days, 0, 1e4,
                                    "days between 0 and 10000"));
  KINLINK_ASSIGN_OR_RETURN(i.credible_fear_claim,
                           r.Share("credible_fear_claim", i.credible_fear_claim));
  KINLINK_ASSIGN_OR_RETURN(i.credible_fear_positive,
                           r.Share("credible_fear_positive", i.credible_fear_positive));
  KINLINK_ASSIGN_OR_RETURN(i.credible_fear_days,
                           r.Distribution("credible_fear_days", i.credible_fear_days));
  KINLINK_ASSIGN_OR_RETURN(i.removal_days, r.Distribution("removal_days", i.removal_days));
  KINLINK_ASSIGN_OR_RETURN(i.adult_release_days,
                           r.Distribution("adult_release_days", i.adult_release_days));
  return r.Finish();
}

Status ReadOrr(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("orr", false));
  OrrSettings& o = s.orr;
  KINLINK_ASSIGN_OR_RETURN(o.beds, r.Integer("beds", o.beds, 0, kIntMax));
  KINLINK_ASSIGN_OR_RETURN(o.background_occupancy,
                           r.Integer("background_occupancy", o.background_occupancy, 0, o.beds));
  KINLINK_ASSIGN_OR_RETURN(o.placement_hours, r.Distribution("placement_hours", o.placement_hours));
  KINLINK_ASSIGN_OR_RETURN(o.length_of_care_days,
                           r.Distribution("length_of_care_days", o.length_of_care_days));
  KINLINK_ASSIGN_OR_RETURN(
      o.sponsor, r.Weights<SponsorCategory>(
                     "sponsor", [](std::string_view t) { return ParseSponsorCategory(t); },
                     Categorical<SponsorCategory>(
                         {SponsorCategory::kCloseRelative, SponsorCategory::kDistantRelative,
                          SponsorCategory::kUnrelated},
                         {0.6, 0.3, 0.1})));
  return r.Finish();
}

Status ReadReunification(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("reunification", false));
  ReunificationSettings& u = s.reunification;
  KINLINK_ASSIGN_OR_RETURN(u.at_sentencing, r.Bool("at_sentencing", u.at_sentencing));
  KINLINK_ASSIGN_OR_RETURN(u.hold_child_max_hours,
                           r.Number("hold_child_max_hours", u.hold_child_max_hours, 0, 1e4,
                                    "hours between 0 and 10000"));
  KINLINK_ASSIGN_OR_RETURN(u.link_recorded_share,
                           r.Share("link_recorded_share", u.link_recorded_share));
  KINLINK_ASSIGN_OR_RETURN(u.attempt_share, r.Share("attempt_share", u.attempt_share));
  KINLINK_ASSIGN_OR_RETURN(u.locate_days, r.Distribution("locate_days", u.locate_days));
  KINLINK_ASSIGN_OR_RETURN(u.unlinked_locate_days,
                           r.Distribution("unlinked_locate_days", u.unlinked_locate_days));
  KINLINK_ASSIGN_OR_RETURN(u.arrange_days, r.Distribution("arrange_days", u.arrange_days));
  return r.Finish();
}

Status ReadCourtOrder(TableReader& root, Scenario& s) {
  if (!root.Has("court_order")) {
    root.Accept("court_order");
    return Status::Ok();
  }
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("court_order", true));
  KINLINK_ASSIGN_OR_RETURN(bool enabled, r.Bool("enabled", true));
  CourtOrderSettings o;
  KINLINK_ASSIGN_OR_RETURN(o.date, r.DateValue("date", std::nullopt));
  KINLINK_ASSIGN_OR_RETURN(o.young_under_age,
                           r.Integer("young_under_age", o.young_under_age, 1, 18));
  KINLINK_ASSIGN_OR_RETURN(o.young_deadline_days,
                           r.Integer("young_deadline_days", o.young_deadline_days, 0, 3650));
  KINLINK_ASSIGN_OR_RETURN(o.older_deadline_days,
                           r.Integer("older_deadline_days", o.older_deadline_days, 0, 3650));
  KINLINK_ASSIGN_OR_RETURN(o.stops_separations, r.Bool("stops_separations", o.stops_separations));
  KINLINK_ASSIGN_OR_RETURN(o.locate_days, r.Distribution("locate_days", o.locate_days));
  KINLINK_ASSIGN_OR_RETURN(o.unlinked_locate_days,
                           r.Distribution("unlinked_locate_days", o.unlinked_locate_days));
  KINLINK_ASSIGN_OR_RETURN(o.arrange_days, r.Distribution("arrange_days", o.arrange_days));
  KINLINK_ASSIGN_OR_RETURN(o.removed_parent_days,
                           r.Distribution("removed_parent_days", o.removed_parent_days));
  KINLINK_RETURN_IF_ERROR(r.Finish());
  if (enabled) s.court_order = o;
  return Status::Ok();
}

Status ReadAgentHours(TableReader& root, Scenario& s) {
  KINLINK_ASSIGN_OR_RETURN(TableReader r, root.Table("agent_hours", false));
  AgentHourSettings& h = s.agent_hours;
  auto hours = [&](std::string_view key, double fallback) {
    return r.Number(key, fallback, 0, 1000, "hours between 0 and 1000");
  };
  KINLINK_ASSIGN_OR_RETURN(h.apprehension, hours("apprehension", h.apprehension));
  KINLINK_ASSIGN_OR_RETURN(h.referral_packet, hours("referral_packet", h.referral_packet));
  KINLINK_ASSIGN_OR_RETURN(h.court_transport, hours("court_transport", h.court_transport));
  KINLINK_ASSIGN_OR_RETURN(h.separation, hours("separation", h.separation));
  KINLINK_ASSIGN_OR_RETURN(h.reunification, hours("reunification", h.reunification));
  return r.Finish();
}

}  // namespace kinlink::sim::scenario_detail
