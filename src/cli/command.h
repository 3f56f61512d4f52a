// How a kinlink subcommand plugs into the binary.
//
// Each subcommand lives in its own foo_command.cc and registers itself with
// KINLINK_REGISTER_COMMAND. Registration gives a name, a one-line summary, and a setup function
// that adds the subcommand's options to its CLI11 App and returns the function that runs it.
// main.cc parses the command line, then calls the chosen runner and exits with its ExitCode.
//
//   namespace {
//   CommandRunner SetUpVocabulary(CLI::App& app) {
//     auto json = std::make_shared<bool>(false);
//     app.add_flag("--json", *json, "Print JSON");
//     return [json](CommandIo& io) { ...; return ExitCode::kOk; };
//   }
//   }  // namespace
//   KINLINK_REGISTER_COMMAND(vocabulary, "Print the event vocabulary", SetUpVocabulary);
//
// Only commands that work are registered: no placeholders. Thread safety: registration happens
// during static initialisation, before main; the registry is read-only afterwards.
#ifndef KINLINK_CLI_COMMAND_H_
#define KINLINK_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.h"

namespace kinlink::cli {

// What the process exit code means; the same for every subcommand.
enum class ExitCode : int {
  kOk = 0,
  kJobFailed = 1,  // the job ran and failed (I/O, a failed check, verify found tampering)
  kBadInput = 2,   // bad usage, or input that does not validate
};

// Maps a Status to the exit code: InvalidArgument/OutOfRange/NotFound/AlreadyExists -> 2,
// any other failure -> 1.
ExitCode ExitCodeFor(const Status& status);

// Where a command writes. The binary passes std::cout/std::cerr; tests may pass string streams.
struct CommandIo {
  std::ostream& out;
  std::ostream& err;
  bool stderr_is_terminal = false;  // progress bars only when true
};

using CommandRunner = std::function<ExitCode(CommandIo&)>;
using CommandSetup = std::function<CommandRunner(CLI::App&)>;

struct CommandRegistration {
  std::string name;
  std::string summary;
  CommandSetup setup;
};

// All registered commands, sorted by name.
std::vector<CommandRegistration> RegisteredCommands();

// Used by KINLINK_REGISTER_COMMAND; returns true so it can initialise a static.
bool RegisterCommand(CommandRegistration registration);

// Prints "error: <message>" on io.err and returns ExitCodeFor(status).
ExitCode ReportError(CommandIo& io, const Status& status);

}  // namespace kinlink::cli

#define KINLINK_REGISTER_COMMAND(name, summary, setup)                   \
  [[maybe_unused]] static const bool kinlink_command_registered_##name = \
      ::kinlink::cli::RegisterCommand({#name, summary, setup})

#endif  // KINLINK_CLI_COMMAND_H_
