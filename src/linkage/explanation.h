// Explanation: the match-weight breakdown of one pair, as a waterfall.
//
// Each row is one step: the prior (log2 of the prior odds), then every comparison with the level
// reached, the two values compared, log2(m/u) for that level and, for an exact name agreement,
// the term-frequency adjustment; the running total ends at the pair's match weight, whose
// probability is 2^w / (1 + 2^w).
//
//   Explanation e = ExplainPair(model, prepared[a], prepared[b]);
//   std::cout << RenderWaterfall(e, "rec-1-org", "rec-1-dup-0");
//
// Thread safety: pure functions.
#ifndef KINLINK_LINKAGE_EXPLANATION_H_
#define KINLINK_LINKAGE_EXPLANATION_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "linkage/match_model.h"

namespace kinlink::linkage {

struct ExplanationStep {
  std::string comparison;  // "prior" for the first row
  std::string level;       // level label, "missing" for a null level
  std::string value_a;
  std::string value_b;
  double m = 0;
  double u = 0;
  double weight = 0;         // log2(m/u)
  double tf_adjustment = 0;  // term-frequency adjustment (exact name levels)
  double cumulative = 0;
};

struct Explanation {
  std::vector<ExplanationStep> steps;
  double weight = 0;
  double probability = 0;
};

Explanation ExplainPair(const MatchModel& model, const PreparedRecord& a, const PreparedRecord& b);

// A fixed-width text table with a bar per step ('+' for evidence for a match, '-' against).
std::string RenderWaterfall(const Explanation& explanation, const std::string& id_a,
                            const std::string& id_b);
nlohmann::json ExplanationJson(const Explanation& explanation, const std::string& id_a,
                               const std::string& id_b);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_EXPLANATION_H_
