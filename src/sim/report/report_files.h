// Writes a simulation report to a folder (`kinlink simulate --out DIR`): summary.json,
// summary.csv, daily.csv, calibration.csv (when calibrated) and three SVG charts —
// occupancy.svg (USMS and ORR occupancy against capacity), separations.svg (separations per
// day) and separation-duration.svg (histogram). Creates the folder; Unavailable on I/O errors.
//
//   KINLINK_RETURN_IF_ERROR(WriteReportFiles("out/zt", report));
//
// Thread safety: none beyond the file system's.
#ifndef KINLINK_SIM_REPORT_REPORT_FILES_H_
#define KINLINK_SIM_REPORT_REPORT_FILES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/report/summary.h"

namespace kinlink::sim {

Status WriteReportFiles(const std::filesystem::path& dir, const SimulationReport& report);
// The files WriteReportFiles writes, in order.
std::vector<std::string> ReportFileNames(bool with_calibration);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_REPORT_REPORT_FILES_H_
