// The benchmark's report in three forms: a short text table (one column per as-of moment and
// knowledge mode), JSON (the same figures with their numerators and denominators) and CSV (one
// row per figure). docs/evaluation.md says how to read them.
//
//   std::cout << ReportTable(report);
//
// Errors: none. Thread safety: pure functions.
#ifndef KINLINK_EVALUATE_REPORT_H_
#define KINLINK_EVALUATE_REPORT_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "evaluate/scorer.h"

namespace kinlink::evaluate {

std::string ReportTable(const EvaluationReport& report);
nlohmann::json ReportToJson(const EvaluationReport& report);
void WriteReportCsv(std::ostream& out, const EvaluationReport& report);

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_REPORT_H_
