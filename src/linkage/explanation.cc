#include "linkage/explanation.h"

#include <fmt/format.h>

#include <cmath>

namespace kinlink::linkage {
namespace {

double Round3(double v) { return std::round(v * 1000) / 1000; }

std::string Bar(double weight) {
  int length = std::min(20, static_cast<int>(std::lround(std::abs(weight))));
  return std::string(static_cast<size_t>(length), weight >= 0 ? '+' : '-');
}

std::string Clip(const std::string& text, size_t width) {
  if (text.size() <= width) return text;
  return text.substr(0, width - 1) + "~";
}

}  // namespace

Explanation ExplainPair(const MatchModel& model, const PreparedRecord& a, const PreparedRecord& b) {
  Explanation e;
  double total = model.PriorWeight();
  e.steps.push_back(
      {"prior", fmt::format("lambda {:.6f}", model.lambda()), "", "", 0, 0, total, 0, total});
  const auto& comparisons = model.comparisons();
  for (size_t c = 0; c < comparisons.size(); ++c) {
    const Comparison& comparison = comparisons[c];
    int level = comparison.Level(a, b);
    ExplanationStep step;
    step.comparison = comparison.name();
    step.value_a = comparison.ValueOf(a);
    step.value_b = comparison.ValueOf(b);
    if (level == kNullLevel) {
      step.level = "missing";
    } else {
      step.level = comparison.label(level);
      step.m = model.m(c, level);
      step.u = model.u(c, level);
      step.weight = model.LevelWeight(c, level);
      if (level == 0 && comparison.term_frequency()) {
        double frequency = std::max(comparison.Frequency(a), comparison.Frequency(b));
        step.tf_adjustment = model.TermFrequencyAdjustment(c, frequency);
      }
    }
    total += step.weight + step.tf_adjustment;
    step.cumulative = total;
    e.steps.push_back(std::move(step));
  }
  e.weight = total;
  e.probability = MatchModel::ProbabilityOfWeight(total);
  return e;
}

std::string RenderWaterfall(const Explanation& e, const std::string& id_a,
                            const std::string& id_b) {
  std::string out = fmt::format("match weight of {} ~ {}\n", id_a, id_b);
  out += fmt::format("{:<14} {:<34} {:<20} {:<20} {:>7} {:>6} {:>8}  {}\n", "comparison", "level",
                     "a", "b", "weight", "tf", "total", "");
  for (const auto& s : e.steps) {
    double step_weight = s.weight + s.tf_adjustment;
    out += fmt::format(
        "{:<14} {:<34} {:<20} {:<20} {:>+7.2f} {:>6} {:>+8.2f}  {}\n", Clip(s.comparison, 14),
        Clip(s.level, 34), Clip(s.value_a, 20), Clip(s.value_b, 20), s.weight,
        s.tf_adjustment == 0 ? std::string() : fmt::format("{:+.2f}", s.tf_adjustment),
        s.cumulative, Bar(step_weight));
  }
  out += fmt::format("match weight {:+.2f}, probability {:.4f}\n", e.weight, e.probability);
  return out;
}

nlohmann::json ExplanationJson(const Explanation& e, const std::string& id_a,
                               const std::string& id_b) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : e.steps) {
    steps.push_back({{"comparison", s.comparison},
                     {"level", s.level},
                     {"a", s.value_a},
                     {"b", s.value_b},
                     {"m", Round3(s.m)},
                     {"u", Round3(s.u)},
                     {"weight", Round3(s.weight)},
                     {"tf_adjustment", Round3(s.tf_adjustment)},
                     {"cumulative", Round3(s.cumulative)}});
  }
  return {{"a", id_a},
          {"b", id_b},
          {"steps", steps},
          {"match_weight", Round3(e.weight)},
          {"probability", Round3(e.probability)}};
}

}  // namespace kinlink::linkage
