// Runs every transcript in tests/cli/golden/*.t against the kinlink binary.
//
// A transcript is a sequence of cases:
//   # a comment
//   $ kinlink parse date 03/05/2011        the command, run by /bin/sh in a scratch directory
//   ? 2                                    the expected exit code
//   ...expected standard output, verbatim...
// A case ends at the next "$ " line or the end of the file. Lines starting with "# " are comments
// (they introduce the next case), so expected output cannot contain such a line. Standard error is
// not compared (messages may change wording); exit codes and standard output are.
// KINLINK_UPDATE_GOLDEN=1 rewrites the transcripts from the current binary's output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string preamble;  // comment lines before the command, kept when updating
  std::string command;
  int exit_code = 0;
  std::string output;
};

std::vector<GoldenCase> ReadTranscript(const fs::path& path) {
  std::ifstream in(path);
  std::vector<GoldenCase> cases;
  std::string line;
  std::string preamble;
  while (std::getline(in, line)) {
    if (line.rfind("$ ", 0) == 0) {
      cases.push_back({preamble, line.substr(2), 0, ""});
      preamble.clear();
    } else if (line.rfind("# ", 0) == 0 || line == "#") {
      preamble += line + "\n";
    } else if (cases.empty()) {
      continue;
    } else if (line.rfind("? ", 0) == 0 && cases.back().output.empty()) {
      cases.back().exit_code = std::stoi(line.substr(2));
    } else {
      cases.back().output += line + "\n";
    }
  }
  return cases;
}

void WriteTranscript(const fs::path& path, const std::vector<GoldenCase>& cases) {
  std::ofstream out(path);
  for (const auto& c : cases) {
    out << c.preamble << "$ " << c.command << "\n? " << c.exit_code << "\n" << c.output;
  }
}

GoldenCase RunCommand(const std::string& command, const fs::path& scratch) {
  std::string shell = command;
  if (shell.rfind("kinlink", 0) == 0) shell = std::string(KINLINK_BINARY) + shell.substr(7);
  // `kinlink` later in a pipeline or after `&&` is found on PATH.
  std::string full = "cd '" + scratch.string() + "' && export KINLINK_SOURCE_DIR='" +
                     std::string(KINLINK_SOURCE_DIR) + "' PATH='" +
                     fs::path(KINLINK_BINARY).parent_path().string() + "':\"$PATH\" && " + shell +
                     " 2>/dev/null";
  FILE* pipe = popen(full.c_str(), "r");
  GoldenCase result{"", command, -1, ""};
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesTranscript) {
  fs::path path = fs::path(KINLINK_TEST_DATA_DIR) / "golden" / GetParam();
  auto cases = ReadTranscript(path);
  ASSERT_FALSE(cases.empty()) << path << " has no cases";
  fs::path scratch = fs::temp_directory_path() / ("kinlink-golden-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  bool update = std::getenv("KINLINK_UPDATE_GOLDEN") != nullptr;
  std::vector<GoldenCase> actual;
  for (const auto& expected : cases) {
    GoldenCase got = RunCommand(expected.command, scratch);
    got.preamble = expected.preamble;
    if (!update) {
      EXPECT_EQ(got.exit_code, expected.exit_code) << "$ " << expected.command;
      EXPECT_EQ(got.output, expected.output) << "$ " << expected.command;
    }
    actual.push_back(std::move(got));
  }
  if (update) WriteTranscript(path, actual);
  fs::remove_all(scratch);
}

std::vector<std::string> Transcripts() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(KINLINK_TEST_DATA_DIR) / "golden")) {
    if (entry.path().extension() == ".t") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 2);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cli, GoldenTest, testing::ValuesIn(Transcripts()), TestName);

}  // namespace
