// Reading scenarios from TOML (the format is documented key by key in docs/scenarios.md).
//
// A scenario file may start with `extends = "other-scenario"`: the other file (looked up beside
// this one, ".toml" added when missing) is read first and this file's keys override it, table by
// table; arrays are replaced whole. Every error is InvalidArgument naming the file and line, the
// full key and what was expected:
//   "zero.toml:14: districts.sd_tex.usms_beds: expected an integer >= 0, got a string \"many\""
//   "zero.toml:3: arrivals.famly: unknown key; expected one of: el_paso_new_mexico_share, ..."
// A missing file is NotFound. File reading is injected so tests need no disk.
//
//   KINLINK_ASSIGN_OR_RETURN(Scenario s, LoadScenarioFile("scenarios/zero-tolerance-2018.toml"));
//   KINLINK_ASSIGN_OR_RETURN(auto path, ResolveScenario("fy2019-volume", ScenariosDir()));
//
// Thread safety: free functions; safe from any thread.
#ifndef KINLINK_SIM_SCENARIO_SCENARIO_LOADER_H_
#define KINLINK_SIM_SCENARIO_SCENARIO_LOADER_H_

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "sim/scenario/scenario.h"

namespace kinlink::sim {

// Returns a file's contents, NotFound when it does not exist.
using FileReader = std::function<Result<std::string>(const std::filesystem::path&)>;
FileReader DiskFileReader();

// Parses scenario text; `file_name` is used in messages and to find `extends` targets.
Result<Scenario> ParseScenario(std::string_view text, const std::filesystem::path& file_name,
                               const FileReader& read = DiskFileReader());
Result<Scenario> LoadScenarioFile(const std::filesystem::path& path,
                                  const FileReader& read = DiskFileReader());

// A scenario argument is a path to a file, or the name of a file in `scenarios_dir`
// ("zero-tolerance-2018" -> scenarios_dir/zero-tolerance-2018.toml). NotFound lists the names.
Result<std::filesystem::path> ResolveScenario(std::string_view name_or_path,
                                              const std::filesystem::path& scenarios_dir);
// The names of the scenario files in a folder, sorted.
std::vector<std::string> ScenarioNames(const std::filesystem::path& scenarios_dir);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_SCENARIO_SCENARIO_LOADER_H_
