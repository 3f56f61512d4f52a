#include "cli/command.h"

#include <algorithm>
#include <ostream>

namespace kinlink::cli {
namespace {
std::vector<CommandRegistration>& Registry() {
  static std::vector<CommandRegistration> registry;
  return registry;
}
}  // namespace

bool RegisterCommand(CommandRegistration registration) {
  Registry().push_back(std::move(registration));
  return true;
}

std::vector<CommandRegistration> RegisteredCommands() {
  std::vector<CommandRegistration> commands = Registry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return commands;
}

ExitCode ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return ExitCode::kOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
      return ExitCode::kBadInput;
    default:
      return ExitCode::kJobFailed;
  }
}

ExitCode ReportError(CommandIo& io, const Status& status) {
  io.err << "error: " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace kinlink::cli
