// `kinlink evaluate --db LEDGER --truth truth.jsonl --key answer_key.jsonl [--as-of DATE]...`:
// scores the ledger's answers (where is this person now, is this family together, which alerts
// hold, which separations are open and from which parent) against the simulator's truth, as of
// each date, in both knowledge modes. It measures only: it judges no target and tunes nothing
// (docs/evaluation.md).
#include <fmt/format.h>

#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "core/civil_time.h"
#include "evaluate/answer_key.h"
#include "evaluate/ledger_answers.h"
#include "evaluate/report.h"
#include "evaluate/scorer.h"
#include "evaluate/truth_model.h"

namespace kinlink::cli {
namespace {

struct EvaluateOptions {
  LedgerCommandOptions ledger;
  std::string truth;
  std::string key;
  std::vector<std::string> as_of;
};

const std::vector<std::string>& DefaultDates() {
  static const std::vector<std::string> dates = {"2018-06-26", "2018-07-26", "2018-08-23"};
  return dates;
}

// A date is that day at 00:00Z; a full ISO 8601 timestamp is taken as written.
Result<Timestamp> ParseAsOf(const std::string& text) {
  if (text.size() == 10) {
    auto date = ParseIsoDate(text);
    if (date.ok()) return StartOfDay(*date);
  }
  auto parsed = ParseTimestamp(text);
  if (!parsed.ok()) return parsed.status().WithContext("--as-of");
  return *parsed;
}

ExitCode RunEvaluate(const EvaluateOptions& options, CommandIo& io) {
  std::vector<Timestamp> dates;
  for (const auto& text : options.as_of.empty() ? DefaultDates() : options.as_of) {
    auto t = ParseAsOf(text);
    if (!t.ok()) return ReportError(io, t.status());
    dates.push_back(*t);
  }
  // The two files are independent: the key is read on a second thread while the truth is.
  auto key_reading =
      std::async(std::launch::async, [&options] { return evaluate::AnswerKey::Load(options.key); });
  auto truth = evaluate::TruthModel::Load(options.truth);
  auto key = key_reading.get();
  if (!truth.ok()) return ReportError(io, truth.status());
  if (!key.ok()) return ReportError(io, key.status());
  auto opened = OpenLedgerForCommand(options.ledger);
  if (!opened.ok()) return ReportError(io, opened.status());
  evaluate::LedgerAnswers answers(*opened->ledger, opened->rules);
  auto report = evaluate::Evaluate(*truth, *key, answers, opened->rules, dates);
  if (!report.ok()) return ReportError(io, report.status());
  if (options.ledger.json) {
    io.out << evaluate::ReportToJson(*report).dump(2) << "\n";
  } else if (options.ledger.csv) {
    evaluate::WriteReportCsv(io.out, *report);
  } else {
    io.out << evaluate::ReportTable(*report);
  }
  return ExitCode::kOk;
}

CommandRunner SetUpEvaluate(CLI::App& app) {
  auto options = std::make_shared<EvaluateOptions>();
  LedgerOptionHelp help;
  help.db = "The ledger database to score";
  help.rules = "Alert rules (default config/alert-rules.toml)";
  help.json = "Print the figures as JSON, with their numerators and denominators";
  help.csv = "Print CSV: a header, then one row per figure";
  AddLedgerOptions(app, options->ledger, help);
  app.add_option("--truth", options->truth, "The simulator's truth stream (kinlink simulate)")
      ->required();
  app.add_option("--key", options->key, "The synthesizer's answer_key.jsonl (kinlink synth)")
      ->required();
  app.add_option("--as-of", options->as_of,
                 "A moment to score at; repeat for several (a date means 00:00Z; default "
                 "2018-06-26, 2018-07-26, 2018-08-23)");
  return [options](CommandIo& io) { return RunEvaluate(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(evaluate,
                         "Score the ledger's answers against the simulator's truth, as of dates",
                         SetUpEvaluate);

}  // namespace kinlink::cli
