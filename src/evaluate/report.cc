#include "evaluate/report.h"

#include <fmt/format.h>

#include "core/csv_writer.h"

namespace kinlink::evaluate {
namespace {

constexpr int kLabelWidth = 44;
constexpr int kCellWidth = 12;
constexpr std::string_view kNone = "–";  // nothing to divide by

std::string Figure(const Ratio& r) {
  auto v = r.value();
  return v ? fmt::format("{:.2f}", *v) : std::string(kNone);
}

std::string Pair(const DetectionScore& s) { return Figure(s.precision) + "/" + Figure(s.recall); }

std::string Share(int64_t part, int64_t whole) {
  return whole == 0 ? std::string(kNone)
                    : fmt::format("{:.3f}", static_cast<double>(part) / static_cast<double>(whole));
}

// Pads by code points, so "–" counts as one column.
std::string Pad(const std::string& text, int width) {
  int length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;
  return text + std::string(std::max(0, width - length), ' ');
}

// A figure of the ledger's answers: "n/a" in a mode the ledger cannot answer; a count of the
// truth (`of_truth`) is the same in every mode.
template <typename CellOf>
std::string Row(const EvaluationReport& report, const std::string& label, CellOf cell,
                bool of_truth = false) {
  std::string line = Pad(label, kLabelWidth);
  for (const auto& date : report.dates) {
    for (const auto& mode : date.modes) {
      line += Pad(mode.available || of_truth ? cell(date, mode) : "n/a", kCellWidth);
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

nlohmann::json RatioJson(const Ratio& r) {
  nlohmann::json j = {{"hits", r.hits}, {"total", r.total}};
  auto v = r.value();
  j["value"] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json DetectionJson(const DetectionScore& s) {
  return {{"id", s.id},
          {"answers", s.answers},
          {"precision", RatioJson(s.precision)},
          {"recall", RatioJson(s.recall)},
          {"true_cases", s.true_cases},
          {"supported", s.true_cases > 0}};
}

}  // namespace

std::string ReportTable(const EvaluationReport& report) {
  std::string out =
      "ledger answers scored against the truth (T = the date at 00:00Z; all = everything "
      "recorded, known = what was known at T; P/R = precision/recall)\n";
  std::string header = Pad("", kLabelWidth);
  std::string modes = Pad("", kLabelWidth);
  for (const auto& date : report.dates) {
    header += Pad(FormatDate(DateOf(date.as_of)), kCellWidth * static_cast<int>(date.modes.size()));
    for (const auto& mode : date.modes) modes += Pad(mode.mode, kCellWidth);
  }
  while (!header.empty() && header.back() == ' ') header.pop_back();
  while (!modes.empty() && modes.back() == ' ') modes.pop_back();
  out += header + "\n" + modes + "\n";
  out += Row(
      report, "persons in custody (truth)",
      [](const DateScore& d, const ModeScore&) { return fmt::format("{}", d.persons_in_custody); },
      true);
  out += Row(report, "where now: agency",
             [](const DateScore&, const ModeScore& m) { return Figure(m.where_now); });
  out += Row(report, "where now: facility",
             [](const DateScore&, const ModeScore& m) { return Figure(m.where_facility); });
  out += Row(report, "  held, no ledger identity", [](const DateScore&, const ModeScore& m) {
    return fmt::format("{}", m.in_custody_without_identity);
  });
  out += Row(
      report, "families with a member in custody",
      [](const DateScore& d, const ModeScore&) { return fmt::format("{}", d.families_in_custody); },
      true);
  out += Row(report, "family state",
             [](const DateScore&, const ModeScore& m) { return Figure(m.family_state); });
  out += Row(report, "  no family unit recorded", [](const DateScore&, const ModeScore& m) {
    return fmt::format("{}", m.families_without_unit);
  });
  if (!report.dates.empty() && !report.dates.front().modes.empty()) {
    // Rule rows in the order of the first available mode's rules.
    const ModeScore* first = nullptr;
    for (const auto& m : report.dates.front().modes) {
      if (m.available) {
        first = &m;
        break;
      }
    }
    for (size_t i = 0; first != nullptr && i < first->rules.size(); ++i) {
      out += Row(report, first->rules[i].id + " P/R",
                 [i](const DateScore&, const ModeScore& m) { return Pair(m.rules[i]); });
    }
  }
  out += Row(report, "open separations P/R",
             [](const DateScore&, const ModeScore& m) { return Pair(m.separations); });
  out += Row(report, "parent named: true parent", [](const DateScore&, const ModeScore& m) {
    return Share(m.parent_named.true_parent, m.parent_named.total());
  });
  out += Row(report, "parent named: missing", [](const DateScore&, const ModeScore& m) {
    return Share(m.parent_named.missing, m.parent_named.total());
  });
  out += Row(report, "parent named: a wrong adult", [](const DateScore&, const ModeScore& m) {
    return Share(m.parent_named.wrong_adult, m.parent_named.total());
  });
  out += fmt::format(
      "{} ledger identities mapped to truth persons ({} mixed: records of several persons); {} "
      "ledger records not in the answer key. \"–\": nothing to divide by (a rule with no true "
      "case has no recall); n/a: the ledger cannot answer in that mode yet.\n",
      report.identities, report.mixed_identities, report.records_not_in_key);
  return out;
}

nlohmann::json ReportToJson(const EvaluationReport& report) {
  nlohmann::json j = {{"identities", report.identities},
                      {"mixed_identities", report.mixed_identities},
                      {"records_not_in_key", report.records_not_in_key},
                      {"dates", nlohmann::json::array()}};
  for (const auto& date : report.dates) {
    nlohmann::json d = {{"as_of", FormatTimestamp(date.as_of)},
                        {"persons_in_custody", date.persons_in_custody},
                        {"families_in_custody", date.families_in_custody},
                        {"modes", nlohmann::json::array()}};
    for (const auto& m : date.modes) {
      nlohmann::json mj = {{"mode", m.mode}, {"available", m.available}};
      if (!m.available) {
        mj["reason"] = m.unavailable_reason;
        d["modes"].push_back(std::move(mj));
        continue;
      }
      mj["where_now"] = RatioJson(m.where_now);
      mj["where_facility"] = RatioJson(m.where_facility);
      mj["in_custody_without_identity"] = m.in_custody_without_identity;
      mj["where_now_errors"] = m.where_now_errors;
      mj["family_state"] = RatioJson(m.family_state);
      mj["families_without_unit"] = m.families_without_unit;
      mj["family_state_errors"] = m.family_state_errors;
      mj["rules"] = nlohmann::json::array();
      for (const auto& r : m.rules) mj["rules"].push_back(DetectionJson(r));
      mj["open_separations"] = DetectionJson(m.separations);
      mj["parent_named"] = {{"true_parent", m.parent_named.true_parent},
                            {"missing", m.parent_named.missing},
                            {"wrong_adult", m.parent_named.wrong_adult}};
      d["modes"].push_back(std::move(mj));
    }
    j["dates"].push_back(std::move(d));
  }
  return j;
}

void WriteReportCsv(std::ostream& out, const EvaluationReport& report) {
  WriteCsvRow(out, {"as_of", "mode", "measure", "hits", "total", "value"});
  for (const auto& date : report.dates) {
    const std::string as_of = FormatTimestamp(date.as_of);
    for (const auto& m : date.modes) {
      auto row = [&](const std::string& measure, const Ratio& r) {
        auto v = r.value();
        WriteCsvRow(out, {as_of, m.mode, measure, m.available ? std::to_string(r.hits) : "",
                          m.available ? std::to_string(r.total) : "",
                          m.available && v ? fmt::format("{:.4f}", *v) : ""});
      };
      row("where_now", m.where_now);
      row("where_facility", m.where_facility);
      row("family_state", m.family_state);
      for (const auto& r : m.rules) {
        row(r.id + ".precision", r.precision);
        row(r.id + ".recall", r.recall);
      }
      row("open_separations.precision", m.separations.precision);
      row("open_separations.recall", m.separations.recall);
      const int64_t named = m.parent_named.total();
      row("parent_named.true_parent", {m.parent_named.true_parent, named});
      row("parent_named.missing", {m.parent_named.missing, named});
      row("parent_named.wrong_adult", {m.parent_named.wrong_adult, named});
    }
  }
}

}  // namespace kinlink::evaluate
