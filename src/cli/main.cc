// kinlink: one binary, one subcommand per job. See `kinlink --help`.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "cli/command.h"

int main(int argc, char** argv) {
  using kinlink::cli::ExitCode;
  CLI::App app{
      "kinlink keeps families linked through the custody of several agencies, rebuilds the links "
      "their records lost, and simulates a policy before it is enacted.",
      "kinlink"};
  app.set_version_flag("--version", std::string("kinlink ") + KINLINK_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 the job failed, 2 bad usage or bad input.");

  std::map<CLI::App*, kinlink::cli::CommandRunner> runners;
  for (const auto& command : kinlink::cli::RegisteredCommands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    runners[sub] = command.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kBadInput);
  }

  kinlink::cli::CommandIo io{std::cout, std::cerr, isatty(STDERR_FILENO) == 1};
  for (CLI::App* sub : app.get_subcommands()) {
    auto it = runners.find(sub);
    if (it != runners.end() && it->second) {
      ExitCode code = it->second(io);
      std::cout.flush();
      return static_cast<int>(code);
    }
  }
  return static_cast<int>(ExitCode::kBadInput);
}
