// `kinlink link`: rebuilds persons and parent–child links from agency records (or any CSV /
// JSON-lines file through a column mapping), and `kinlink link explain A B` shows why two records
// do or do not match. See docs/matching-model.md.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "cli/command.h"
#include "cli/ledger_options.h"
#include "cli/link_ledger_writer.h"
#include "linkage/column_mapping.h"
#include "linkage/evaluation.h"
#include "linkage/explanation.h"
#include "linkage/family_links.h"
#include "linkage/link_output.h"
#include "linkage/linker.h"
#include "linkage/record_reader.h"
#include "linkage/synth_input.h"
#include "linkage/truth_file.h"

namespace kinlink::cli {
namespace {

using namespace kinlink::linkage;  // NOLINT: this file is the linker's front end

struct LinkCommandOptions {
  std::vector<std::string> inputs;
  std::string mapping;
  std::string mapping2;
  std::string out_dir;
  std::string db;
  std::string recorded_at;  // --recorded-at: the ledger clock for --db (default: now)
  std::string truth;
  std::string model;  // explain: a saved model.json to use instead of training
  std::vector<std::string> without;
  std::vector<std::string> blocking;
  double threshold = 0.9;
  double review = 0.5;
  bool one_to_one = false;
  bool supervised = false;
  bool json = false;
  int threads = 2;
  uint64_t seed = 42;
};

struct LoadedInput {
  RecordSet set;
  std::vector<Reject> rejects;
  std::optional<TruthFile> truth;
  LinkOptions link;
};

// Synth exports: directories written by `kinlink synth`, or its files named one by one, read
// with the built-in mappings and pooled into one dedupe.
Result<std::vector<SynthExportFile>> SynthFilesOf(const std::vector<std::string>& inputs) {
  std::vector<SynthExportFile> files;
  for (const auto& input : inputs) {
    if (std::filesystem::is_directory(input)) {
      KINLINK_ASSIGN_OR_RETURN(auto found, FindSynthExports(input));
      files.insert(files.end(), found.begin(), found.end());
      continue;
    }
    std::string agency = SynthAgencyOfFile(input);
    if (agency.empty()) {
      return InvalidArgumentError(
          fmt::format("'{}' is not one of kinlink synth's exports: give --mapping for it", input));
    }
    files.push_back({agency, input});
  }
  return files;
}

Result<LoadedInput> Load(const LinkCommandOptions& o, const std::vector<std::string>& inputs) {
  LoadedInput loaded;
  std::vector<std::string> rules;
  bool link_only = false;
  if (o.mapping.empty()) {
    if (inputs.empty()) return InvalidArgumentError("give a synth output directory or files");
    KINLINK_ASSIGN_OR_RETURN(auto files, SynthFilesOf(inputs));
    KINLINK_RETURN_IF_ERROR(ReadSynthExports(files, loaded.set, loaded.rejects));
  } else {
    if (inputs.empty() || inputs.size() > 2) {
      return InvalidArgumentError("give one input to deduplicate or two to link");
    }
    KINLINK_ASSIGN_OR_RETURN(ColumnMapping first, ColumnMapping::Load(o.mapping));
    ColumnMapping second = first;
    if (!o.mapping2.empty()) {
      KINLINK_ASSIGN_OR_RETURN(second, ColumnMapping::Load(o.mapping2));
      if (second.Schema().fields.size() != first.Schema().fields.size()) {
        return InvalidArgumentError("--mapping2 must name the same [[fields]] as --mapping");
      }
    }
    loaded.set.schema = first.Schema();
    for (size_t i = 0; i < inputs.size(); ++i) {
      KINLINK_RETURN_IF_ERROR(ReadRecordFile(inputs[i], i == 0 ? first : second,
                                             static_cast<uint32_t>(i), loaded.set, loaded.rejects,
                                             std::max(1, o.threads)));
    }
    rules = first.blocking;
    link_only = inputs.size() == 2;
  }
  for (const auto& field : o.without) {
    if (loaded.set.schema.IndexOf(field) < 0) {
      return InvalidArgumentError(fmt::format("--without {}: no such field in the mapping", field));
    }
  }
  if (!o.truth.empty()) {
    KINLINK_ASSIGN_OR_RETURN(TruthFile truth, TruthFile::Load(o.truth));
    truth.ApplyTo(loaded.set);
    loaded.truth = std::move(truth);
  }
  LinkOptions& link = loaded.link;
  link.link_only = link_only;
  link.one_to_one = o.one_to_one;
  link.supervised = o.supervised;
  link.skip_fields = o.without;
  link.threads = std::max(1, o.threads);
  link.seed = o.seed;
  link.clustering.threshold = o.threshold;
  link.review_threshold = std::min(o.review, o.threshold);
  if (!o.blocking.empty()) rules = o.blocking;
  for (const auto& text : rules) {
    KINLINK_ASSIGN_OR_RETURN(BlockingRule rule, ParseBlockingRule(text, loaded.set.schema));
    // A rule on a field left out with --without would let that field back in.
    bool uses_skipped = false;
    for (const auto& key : rule.keys) {
      for (const auto& skipped : o.without) uses_skipped |= key.text == "field:" + skipped;
    }
    if (!uses_skipped) link.blocking_rules.push_back(std::move(rule));
  }
  return loaded;
}

void ShowProgress(CommandIo& io, const std::string& stage, uint64_t done, uint64_t total) {
  int width = 30;
  int filled = total == 0 ? width : static_cast<int>(width * std::min(done, total) / total);
  io.err << fmt::format("\r{:<8} [{}{}]", stage, std::string(static_cast<size_t>(filled), '#'),
                        std::string(static_cast<size_t>(width - filled), ' '))
         << std::flush;
}

ExitCode RunLink(const LinkCommandOptions& o, CommandIo& io) {
  auto started = std::chrono::steady_clock::now();
  auto loaded = Load(o, o.inputs);
  if (!loaded.ok()) return ReportError(io, loaded.status());
  LinkOptions options = loaded->link;
  if (io.stderr_is_terminal) {
    options.progress = [&io](const std::string& stage, uint64_t done, uint64_t total) {
      ShowProgress(io, stage, done, total);
    };
  }
  const RecordSet& set = loaded->set;
  auto result = RunLinkage(set, options);
  if (io.stderr_is_terminal) io.err << "\r" << std::string(50, ' ') << "\r";
  if (!result.ok()) return ReportError(io, result.status());
  std::vector<FamilyLink> family =
      InferFamilyLinks(set, result->prepared, result->persons, result->person_of_record, {});
  if (!o.out_dir.empty()) {
    Status written =
        WriteLinkOutputs(o.out_dir, set, *result, family, loaded->rejects, o.threshold);
    if (!written.ok()) return ReportError(io, written);
  }
  std::optional<LedgerWriteCounts> decisions;
  if (!o.db.empty()) {
    std::optional<Timestamp> recorded_at;
    if (!o.recorded_at.empty()) {
      auto at = ParseTimestamp(o.recorded_at);
      if (!at.ok()) return ReportError(io, at.status().WithContext("--recorded-at"));
      recorded_at = *at;
    }
    auto written = WriteLinkResultToLedger(o.db, set, *result, family, o.threshold, recorded_at);
    if (!written.ok()) return ReportError(io, written.status());
    decisions = *written;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Summary.
  bool has_truth = false;
  std::vector<uint32_t> sources;
  std::vector<std::string> entities;
  for (const auto& r : set.records) {
    has_truth |= !r.truth_entity.empty();
    sources.push_back(r.source);
    entities.push_back(r.truth_entity);
  }
  uint64_t records_per_source[2] = {0, 0};
  for (const auto& r : set.records) ++records_per_source[std::min<uint32_t>(r.source, 1)];
  uint64_t rejected = 0;
  for (const auto& r : loaded->rejects) rejected += r.action == "rejected" ? 1 : 0;
  uint64_t multi = 0;
  uint64_t split = 0;
  for (const auto& p : result->persons) {
    multi += p.members.size() > 1 ? 1 : 0;
    split += p.split_by_guard ? 1 : 0;
  }
  uint64_t asserted = 0;
  for (const auto& l : family) asserted += l.status == FamilyLinkStatus::kAsserted ? 1 : 0;
  const BlockingReport& blocking = result->blocking;
  nlohmann::json summary;
  summary["mode"] = options.link_only ? "link-only" : "dedupe";
  summary["records"] = set.records.size();
  summary["rejected_rows"] = rejected;
  summary["ignored_fields"] = loaded->rejects.size() - rejected;
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : blocking.rules) {
    nlohmann::json rule = {
        {"rule", r.rule}, {"pairs", r.pairs}, {"windowed_blocks", r.windowed_blocks}};
    if (blocking.true_pairs_total > 0) rule["true_pairs"] = r.true_pairs;
    rules.push_back(rule);
  }
  summary["blocking"] = {{"rules", rules},
                         {"candidate_pairs", blocking.total_pairs},
                         {"possible_pairs", blocking.possible_pairs}};
  if (blocking.true_pairs_total > 0) {
    summary["blocking"]["true_pairs_total"] = blocking.true_pairs_total;
    summary["blocking"]["recall"] = blocking.recall();
  }
  summary["model"] = {{"training", options.supervised ? "labels" : "em_sessions"},
                      {"lambda", result->model->lambda()}};
  if (!options.supervised) {
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& s : result->training.sessions) {
      sessions.push_back({{"rule", s.rule},
                          {"pairs", s.pairs},
                          {"compared", s.compared},
                          {"iterations", s.iterations},
                          {"converged", s.converged},
                          {"match_share", s.lambda},
                          {"fixed", s.fixed},
                          {"estimated", s.estimated}});
    }
    summary["model"]["sessions"] = sessions;
    if (result->training.single_em_iterations > 0) {
      summary["model"]["single_em_iterations"] = result->training.single_em_iterations;
    }
    summary["model"]["from_single_em"] = result->training.never_estimated;
    summary["model"]["expected_matches_in_candidates"] = result->training.expected_matches;
  }
  summary["persons"] = {{"count", result->persons.size()},
                        {"with_several_records", multi},
                        {"split_by_guard", split}};
  summary["family_links"] = {{"asserted", asserted}, {"review", family.size() - asserted}};
  if (decisions) {
    summary["ledger"] = {{"db", o.db},
                         {"accepted", decisions->accepted},
                         {"proposed", decisions->proposed},
                         {"unchanged", decisions->unchanged},
                         {"family_links_asserted", decisions->family_asserted},
                         {"family_links_proposed", decisions->family_proposed},
                         {"family_links_unchanged", decisions->family_unchanged},
                         {"family_links_skipped", decisions->family_skipped},
                         {"relationship_events", decisions->relationship_events}};
  }
  nlohmann::json evaluation;
  if (has_truth) {
    ClusterScores scores =
        ScoreClusters(result->person_of_record, entities, sources, options.link_only);
    evaluation["persons"] = scores.ToJson();
    summary["evaluation"] = evaluation;
  }
  if (loaded->truth && !loaded->truth->parent_child.empty()) {
    PairCounts links =
        ScoreLinks(PredictedEntityLinks(set, result->persons, family), loaded->truth->parent_child);
    summary["evaluation"]["parent_child_links"] = links.ToJson();
  }
  double comparisons_per_second =
      result->seconds_compare > 0
          ? static_cast<double>(result->comparisons) / result->seconds_compare
          : 0;
  io.err << fmt::format(
      "timing: prepare {:.2f}s, block {:.2f}s, compare {:.2f}s ({:.0f} comparisons/s), train "
      "{:.2f}s, score+cluster {:.2f}s, total {:.2f}s\n",
      result->seconds_prepare, result->seconds_block, result->seconds_compare,
      comparisons_per_second, result->seconds_train, result->seconds_cluster, seconds);
  if (o.json) {
    io.out << summary.dump(2) << "\n";
    return ExitCode::kOk;
  }
  io.out << fmt::format("mode: {}{}\n", options.link_only ? "link-only" : "dedupe",
                        options.one_to_one && options.link_only ? " (one-to-one)" : "");
  io.out << fmt::format(
      "records: {}{}; {} rows rejected, {} values ignored\n", set.records.size(),
      options.link_only ? fmt::format(" ({} + {})", records_per_source[0], records_per_source[1])
                        : "",
      rejected, loaded->rejects.size() - rejected);
  io.out << fmt::format("blocking: {} candidate pairs of {} possible\n", blocking.total_pairs,
                        blocking.possible_pairs);
  for (const auto& r : blocking.rules) {
    io.out << fmt::format("  {:<52} {:>10} pairs", r.rule, r.pairs);
    if (blocking.true_pairs_total > 0) io.out << fmt::format(" {:>8} true", r.true_pairs);
    if (r.windowed_blocks > 0) io.out << fmt::format(" ({} blocks windowed)", r.windowed_blocks);
    io.out << "\n";
  }
  if (blocking.true_pairs_total > 0) {
    io.out << fmt::format("  recall allowed by blocking: {:.4f} ({} of {} true pairs)\n",
                          blocking.recall(), blocking.true_pairs_found, blocking.true_pairs_total);
  }
  if (options.supervised) {
    io.out << fmt::format("model: m from labels, lambda {:.3g}\n", result->model->lambda());
  } else {
    const auto& training = result->training;
    if (training.sessions.empty()) {
      io.out << fmt::format(
          "model: too few pairs for EM sessions; one EM over the candidates in {} iterations, "
          "lambda {:.3g}\n",
          training.single_em_iterations, result->model->lambda());
    } else {
      io.out << fmt::format(
          "model: m by EM in {} sessions, lambda {:.3g} ({:.0f} expected matches among the "
          "candidates)\n",
          training.sessions.size(), result->model->lambda(), training.expected_matches);
      for (const auto& s : training.sessions) {
        io.out << fmt::format(
            "  {:<52} {:>10} pairs{}  -> m of {}\n", s.rule, s.pairs,
            s.compared < s.pairs ? fmt::format(" ({} sampled)", s.compared) : "",
            s.estimated.empty() ? "nothing" : fmt::format("{}", fmt::join(s.estimated, ", ")));
      }
      if (!training.never_estimated.empty()) {
        io.out << fmt::format(
            "  too few pairs in the sessions for {}: m from one EM over the candidates ({} "
            "iterations)\n",
            fmt::join(training.never_estimated, ", "), training.single_em_iterations);
      }
    }
  }
  io.out << fmt::format("persons: {} ({} with several records, {} split by the chaining guard)\n",
                        result->persons.size(), multi, split);
  io.out << fmt::format("family links: {} asserted, {} to review\n", asserted,
                        family.size() - asserted);
  if (summary.contains("evaluation")) {
    const auto& e = summary["evaluation"];
    if (e.contains("persons")) {
      const auto& p = e["persons"];
      io.out << fmt::format(
          "persons vs truth: pairwise precision {:.4f} recall {:.4f} F1 {:.4f}; B-cubed precision "
          "{:.4f} recall {:.4f} F1 {:.4f}\n",
          p["pairwise"]["precision"].get<double>(), p["pairwise"]["recall"].get<double>(),
          p["pairwise"]["f1"].get<double>(), p["bcubed"]["precision"].get<double>(),
          p["bcubed"]["recall"].get<double>(), p["bcubed"]["f1"].get<double>());
    }
    if (e.contains("parent_child_links")) {
      const auto& l = e["parent_child_links"];
      io.out << fmt::format(
          "parent-child links vs truth: precision {:.4f} recall {:.4f} F1 {:.4f}\n",
          l["precision"].get<double>(), l["recall"].get<double>(), l["f1"].get<double>());
    }
  }
  if (!o.out_dir.empty()) io.out << fmt::format("wrote {}\n", o.out_dir);
  if (decisions) {
    io.out << fmt::format(
        "ledger {}: {} link decisions accepted, {} proposed, {} already recorded; {} family "
        "links asserted ({} relationship events), {} proposed for review, {} already recorded\n",
        o.db, decisions->accepted, decisions->proposed, decisions->unchanged,
        decisions->family_asserted, decisions->relationship_events, decisions->family_proposed,
        decisions->family_unchanged);
    if (decisions->family_skipped > 0) {
      io.out << fmt::format(
          "ledger {}: {} family links not recorded: the parent's and the child's records share "
          "one ledger identity (check their A-numbers)\n",
          o.db, decisions->family_skipped);
    }
  }
  return ExitCode::kOk;
}

ExitCode RunExplain(const LinkCommandOptions& o, const std::vector<std::string>& args,
                    CommandIo& io) {
  if (args.size() < 3 || args.size() > 4) {
    return ReportError(io, InvalidArgumentError("usage: kinlink link explain A B INPUT [INPUT2]"));
  }
  std::vector<std::string> inputs(args.begin() + 2, args.end());
  auto loaded = Load(o, inputs);
  if (!loaded.ok()) return ReportError(io, loaded.status());
  const RecordSet& set = loaded->set;
  auto find = [&](const std::string& id, uint32_t source) -> std::optional<uint32_t> {
    for (uint32_t i = 0; i < set.records.size(); ++i) {
      if (set.records[i].record_id == id && set.records[i].source == source) return i;
    }
    return std::nullopt;
  };
  auto a = find(args[0], 0);
  auto b = find(args[1], loaded->link.link_only ? 1 : 0);
  if (!a || !b) {
    return ReportError(io,
                       NotFoundError(fmt::format("record '{}' not found", !a ? args[0] : args[1])));
  }
  std::optional<MatchModel> model;
  std::vector<PreparedRecord> prepared;
  if (!o.model.empty()) {
    // The saved model of an earlier `kinlink link --out`: only the records are prepared (term
    // frequencies come from the whole input), nothing is blocked, compared or trained.
    std::ifstream file(o.model);
    if (!file) return ReportError(io, NotFoundError(fmt::format("cannot open {}", o.model)));
    nlohmann::json saved = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
    if (saved.is_discarded()) {
      return ReportError(io, InvalidArgumentError(fmt::format("{}: not valid JSON", o.model)));
    }
    model.emplace(DefaultComparisons(set.schema, loaded->link.skip_fields));
    Status fits = model->LoadParameters(saved);
    if (!fits.ok()) {
      return ReportError(io, fits.WithContext(o.model));
    }
    prepared = PrepareRecords(set, o.threads);
  } else {
    if (io.stderr_is_terminal) {
      io.err << "training the model on the inputs first (give --model OUT/model.json from an "
                "earlier `kinlink link --out OUT` to skip this)\n";
    }
    auto trained = TrainModel(set, loaded->link);
    if (!trained.ok()) return ReportError(io, trained.status());
    model.emplace(*trained->model);
    prepared = std::move(trained->prepared);
  }
  Explanation e = ExplainPair(*model, prepared[*a], prepared[*b]);
  if (o.json) {
    io.out << ExplanationJson(e, args[0], args[1]).dump(2) << "\n";
  } else {
    io.out << RenderWaterfall(e, args[0], args[1]);
  }
  return ExitCode::kOk;
}

void AddCommonOptions(CLI::App& app, LinkCommandOptions& o) {
  app.add_option("--mapping", o.mapping,
                 "Column mapping (TOML) for the inputs; without it the inputs are kinlink synth's "
                 "exports (a directory or its files), read with the built-in mappings");
  app.add_option("--mapping2", o.mapping2, "Column mapping for the second input, if different");
  app.add_option(
      "--truth", o.truth,
      "Truth for evaluation: CSV (kind,first,second[,source]) or synth's answer_key.jsonl");
  app.add_option("--without", o.without, "Leave a mapped field out of the comparisons");
  app.add_option("--blocking", o.blocking, "Blocking rule, e.g. 'surname_sound & birth_year'");
  app.add_flag("--one-to-one", o.one_to_one, "Link-only: each record links to at most one record");
  app.add_flag("--supervised", o.supervised, "Estimate m from the truth labels instead of EM");
  app.add_option("--threads", o.threads, "Worker threads")->check(CLI::Range(1, 64));
  app.add_option("--seed", o.seed, "Seed for the random pairs that estimate u");
  app.add_flag("--json", o.json, "Print JSON");
}

CommandRunner SetUpLink(CLI::App& app) {
  auto options = std::make_shared<LinkCommandOptions>();
  auto explain_options = std::make_shared<LinkCommandOptions>();
  auto explain_args = std::make_shared<std::vector<std::string>>();
  app.add_option("inputs", options->inputs,
                 "One input to deduplicate, or two to link; or kinlink synth's output directory");
  AddCommonOptions(app, *options);
  app.add_option("--out", options->out_dir, "Directory for clusters, review queue, rejects, model");
  app.add_option("--db", options->db,
                 "Ledger to record the results in: pairs as link decisions (accepted / proposed), "
                 "parent-child links as family-link decisions (asserted ones as relationship "
                 "events); created when missing");
  app.add_option("--recorded-at", options->recorded_at,
                 "With --db: stamp the entries as recorded (and decided) at this time instead of "
                 "now (reproducible ledgers)");
  app.add_option("--threshold", options->threshold, "Match probability that joins two records")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--review-threshold", options->review,
                 "Pairs from this probability up to --threshold go to the review queue")
      ->check(CLI::Range(0.0, 1.0));
  CLI::App* explain = app.add_subcommand(
      "explain", "Show the match-weight breakdown of two records: explain A B INPUT [INPUT2]");
  explain->add_option("args", *explain_args, "Record A, record B, then the input file(s)")
      ->required();
  AddCommonOptions(*explain, *explain_options);
  explain->add_option("--model", explain_options->model,
                      "The model.json an earlier `kinlink link --out DIR` wrote: explain with it "
                      "instead of training again (much faster on large inputs)");
  return [options, explain, explain_options, explain_args](CommandIo& io) {
    if (explain->parsed()) return RunExplain(*explain_options, *explain_args, io);
    if (options->inputs.empty()) {
      return ReportError(
          io, InvalidArgumentError("give one input to deduplicate or two to link (with --mapping), "
                                   "or kinlink synth's output directory or files"));
    }
    return RunLink(*options, io);
  };
}

}  // namespace

KINLINK_REGISTER_COMMAND(link, "Link records into persons and parent-child links; explain a pair",
                         SetUpLink);

}  // namespace kinlink::cli
