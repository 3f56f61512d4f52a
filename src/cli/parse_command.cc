// `kinlink parse date|a-number VALUE...`: shows how kinlink reads values from agency records,
// so a data officer can check a layout before ingesting it.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "core/a_number.h"
#include "core/partial_date.h"

namespace kinlink::cli {
namespace {

struct ParseOptions {
  std::vector<std::string> values;
  std::string order = "unknown";
  bool json = false;
};

nlohmann::json DateJson(const PartialDate& date) {
  nlohmann::json j = {{"date", date.ToString()},
                      {"earliest", FormatDate(date.Earliest())},
                      {"latest", FormatDate(date.Latest())},
                      {"estimated", date.estimated},
                      {"age_derived", date.age_derived}};
  return j;
}

ExitCode RunDates(const ParseOptions& options, CommandIo& io) {
  DayMonthOrder order = options.order == "mdy"   ? DayMonthOrder::kMonthFirst
                        : options.order == "dmy" ? DayMonthOrder::kDayFirst
                                                 : DayMonthOrder::kUnknown;
  bool all_read = true;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& value : options.values) {
    auto reading = ParseAgencyDate(value, order);
    nlohmann::json row = {{"input", value}};
    std::string line;
    if (!reading.ok()) {
      all_read = false;
      row["status"] = "invalid";
      row["error"] = reading.status().message();
      line = fmt::format("{}\tinvalid\t{}", value, reading.status().message());
    } else if (reading->ambiguous()) {
      all_read = false;
      row["status"] = "ambiguous";
      row["format"] = reading->format;
      row["candidates"] = nlohmann::json::array();
      for (const auto& c : reading->candidates) row["candidates"].push_back(DateJson(c));
      line = fmt::format("{}\tambiguous\t{} or {} ({}); give --order", value,
                         reading->candidates[0].ToString(), reading->candidates[1].ToString(),
                         reading->format);
    } else {
      const PartialDate& date = reading->candidates.front();
      row["status"] = "ok";
      row["format"] = reading->format;
      row.update(DateJson(date));
      line = fmt::format("{}\tok\t{}\t{}\t{} .. {}", value, date.ToString(), reading->format,
                         FormatDate(date.Earliest()), FormatDate(date.Latest()));
    }
    if (options.json) {
      rows.push_back(std::move(row));
    } else {
      io.out << line << "\n";
    }
  }
  if (options.json) io.out << rows.dump(2) << "\n";
  return all_read ? ExitCode::kOk : ExitCode::kBadInput;
}

ExitCode RunANumbers(const ParseOptions& options, CommandIo& io) {
  bool all_read = true;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& value : options.values) {
    auto a_number = ANumber::Parse(value);
    if (a_number.ok()) {
      rows.push_back({{"input", value}, {"status", "ok"}, {"a_number", a_number->ToString()}});
      if (!options.json) io.out << value << "\tok\t" << a_number->ToString() << "\n";
    } else {
      all_read = false;
      rows.push_back(
          {{"input", value}, {"status", "invalid"}, {"error", a_number.status().message()}});
      if (!options.json) io.out << value << "\tinvalid\t" << a_number.status().message() << "\n";
    }
  }
  if (options.json) io.out << rows.dump(2) << "\n";
  return all_read ? ExitCode::kOk : ExitCode::kBadInput;
}

CommandRunner SetUpParse(CLI::App& app) {
  app.require_subcommand(1);
  auto date_options = std::make_shared<ParseOptions>();
  CLI::App* date = app.add_subcommand(
      "date", "Read dates as agencies write them; report ambiguous day/month instead of guessing");
  date->add_option("values", date_options->values,
                   "Dates, e.g. 03/05/2011 5-MAR-2011 'age 7 on 2018-05-10'")
      ->required();
  date->add_option("--order", date_options->order,
                   "Day/month order of the source layout: mdy, dmy, or unknown")
      ->check(CLI::IsMember({"mdy", "dmy", "unknown"}));
  date->add_flag("--json", date_options->json, "Print JSON");

  auto a_options = std::make_shared<ParseOptions>();
  CLI::App* a_number = app.add_subcommand("a-number", "Validate and normalize A-numbers");
  a_number->add_option("values", a_options->values, "A-numbers, e.g. A012-345-678")->required();
  a_number->add_flag("--json", a_options->json, "Print JSON");

  return [date, date_options, a_number, a_options](CommandIo& io) {
    if (date->parsed()) return RunDates(*date_options, io);
    if (a_number->parsed()) return RunANumbers(*a_options, io);
    return ExitCode::kBadInput;
  };
}

}  // namespace

KINLINK_REGISTER_COMMAND(parse, "Show how kinlink reads dates and A-numbers from agency records",
                         SetUpParse);

}  // namespace kinlink::cli
