#include "server/oversight_figures.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/agency.h"
#include "core/partial_date.h"

namespace kinlink::server {
namespace {

using ledger::SqlStatement;

struct Group {
  int64_t separations = 0, open = 0, reunified = 0;
  std::vector<double> days;
  int64_t deadlines_met = 0, deadlines_missed = 0, deadlines_pending = 0;
};

// "cbp-rio_grande_valley-station" -> "rio_grande_valley"
std::string MiddleToken(const std::string& facility_id) {
  size_t first = facility_id.find('-');
  if (first == std::string::npos) return "";
  size_t second = facility_id.find('-', first + 1);
  return facility_id.substr(first + 1,
                            second == std::string::npos ? std::string::npos : second - first - 1);
}

Result<std::vector<std::string>> Facilities(ledger::SqlConnection& db, const std::string& person) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT facility_id FROM custody_interval WHERE person_id = ? ORDER BY ordinal"));
  s->BindText(1, person);
  std::vector<std::string> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  return out;
}

// The `field` of the person's first event of `type` ("" when none has it).
Result<std::string> EventField(ledger::SqlConnection& db, const std::string& person,
                               std::string_view type, std::string_view field) {
  if (person.empty()) return std::string();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT e.payload FROM event_subject x JOIN event e ON e.seq = x.seq"
                 " WHERE x.person_id = ? AND e.type = ? ORDER BY x.effective_at, x.seq"));
  s->BindText(1, person);
  s->BindText(2, type);
  std::string value;
  while (value.empty()) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    auto payload = nlohmann::json::parse(s->Text(0), nullptr, false);
    if (payload.is_object() && payload.contains(field) && payload[field].is_string()) {
      value = payload[field].get<std::string>();
    }
  }
  s->Reset();
  return value;
}

std::string SectorOf(const std::vector<std::string>& facilities) {
  for (const auto& f : facilities) {
    if (f.rfind("cbp-", 0) != 0) continue;
    auto sector = ParseSector(MiddleToken(f));
    if (sector.ok()) return std::string(ToString(*sector));
  }
  return "unknown";
}

std::string DistrictOf(const std::vector<std::string>& facilities, const std::string& sector) {
  for (const auto& f : facilities) {
    if (f.rfind("usms-", 0) != 0 && f.rfind("court-", 0) != 0 && f.rfind("usao-", 0) != 0) {
      continue;
    }
    auto district = ParseDistrict(MiddleToken(f));
    if (district.ok()) return std::string(ToString(*district));
  }
  auto parsed = ParseSector(sector);
  if (parsed.ok() && !DistrictsForSector(*parsed).empty()) {
    return std::string(ToString(DistrictsForSector(*parsed).front()));
  }
  return "unknown";
}

// Monday of the ISO week holding `t`, as a date.
std::string WeekOf(Timestamp t) {
  Date d = DateOf(t);
  std::chrono::weekday wd{d};
  int since_monday = (wd.c_encoding() + 6) % 7;
  return FormatDate(d - std::chrono::days(since_monday));
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

nlohmann::json GroupsJson(const std::map<std::string, Group>& groups, std::string_view key_name) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, g] : groups) {
    double mean = 0;
    for (double d : g.days) mean += d;
    if (!g.days.empty()) mean /= g.days.size();
    out.push_back({{key_name, key},
                   {"separations", g.separations},
                   {"open", g.open},
                   {"reunified", g.reunified},
                   {"median_days", std::round(Median(g.days) * 10) / 10},
                   {"mean_days", std::round(mean * 10) / 10},
                   {"deadlines_met", g.deadlines_met},
                   {"deadlines_missed", g.deadlines_missed},
                   {"deadlines_pending", g.deadlines_pending}});
  }
  return out;
}

}  // namespace

Result<nlohmann::json> ComputeOversightFigures(ledger::SqlConnection& db, Timestamp as_of,
                                               const ledger::DeadlinePolicy& policy) {
  struct Sep {
    std::string child, parent, birth;
    Timestamp separated_at;
    std::optional<Timestamp> reunified_at;
  };
  std::vector<Sep> seps;
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        db.Prepare("SELECT s.child_id, s.parent_id, s.separated_at, s.reunified_at,"
                   " COALESCE(p.birth_date, '') FROM separation s"
                   " LEFT JOIN person p ON p.person_id = s.child_id"
                   " WHERE s.separated_at <= ? ORDER BY s.separated_at"));
    s->BindInt(1, as_of.time_since_epoch().count());
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      Sep sep{s->Text(0), s->Text(1), s->Text(4), Timestamp(std::chrono::seconds(s->Int(2))),
              std::nullopt};
      if (!s->IsNull(3) && s->Int(3) <= as_of.time_since_epoch().count()) {
        sep.reunified_at = Timestamp(std::chrono::seconds(s->Int(3)));
      }
      seps.push_back(std::move(sep));
    }
  }
  std::map<std::string, Group> by_district, by_sector, by_week;
  Group total;
  const int64_t now = as_of.time_since_epoch().count();
  for (const Sep& sep : seps) {
    KINLINK_ASSIGN_OR_RETURN(auto child_facilities, Facilities(db, sep.child));
    std::vector<std::string> parent_facilities;
    if (!sep.parent.empty()) {
      KINLINK_ASSIGN_OR_RETURN(parent_facilities, Facilities(db, sep.parent));
    }
    KINLINK_ASSIGN_OR_RETURN(std::string sector,
                             EventField(db, sep.child, "apprehension", "sector"));
    if (sector.empty()) {
      KINLINK_ASSIGN_OR_RETURN(sector, EventField(db, sep.parent, "apprehension", "sector"));
    }
    if (sector.empty()) sector = SectorOf(child_facilities);
    if (sector == "unknown") sector = SectorOf(parent_facilities);
    KINLINK_ASSIGN_OR_RETURN(std::string district,
                             EventField(db, sep.parent, "referral", "district"));
    if (district.empty()) district = DistrictOf(parent_facilities, sector);
    Timestamp end = sep.reunified_at.value_or(as_of);
    double days = std::chrono::duration<double>(end - sep.separated_at).count() / 86400.0;
    int64_t met = 0, missed = 0, pending = 0;
    std::optional<PartialDate> birth;
    if (auto parsed = PartialDate::FromIso(sep.birth); parsed.ok()) birth = *parsed;
    if (auto due = ledger::ReunificationDue(policy, birth, sep.separated_at)) {
      int64_t due_at = due->time_since_epoch().count();
      if (sep.reunified_at && sep.reunified_at->time_since_epoch().count() <= due_at) {
        ++met;
      } else if (due_at < now) {
        ++missed;
      } else {
        ++pending;
      }
    }
    for (Group* g :
         {&by_district[district], &by_sector[sector], &by_week[WeekOf(sep.separated_at)], &total}) {
      ++g->separations;
      (sep.reunified_at ? g->reunified : g->open) += 1;
      g->days.push_back(days);
      g->deadlines_met += met;
      g->deadlines_missed += missed;
      g->deadlines_pending += pending;
    }
  }
  nlohmann::json totals = GroupsJson({{"all", total}}, "scope")[0];
  return nlohmann::json{{"as_of", FormatTimestamp(as_of)},
                        {"total", totals},
                        {"by_district", GroupsJson(by_district, "district")},
                        {"by_sector", GroupsJson(by_sector, "sector")},
                        {"by_week", GroupsJson(by_week, "week")}};
}

}  // namespace kinlink::server
