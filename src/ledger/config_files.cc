#include "ledger/config_files.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace kinlink::ledger {

Result<std::string> FindConfigFile(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates{fs::path(relative)};
  if (const char* dir = std::getenv("KINLINK_CONFIG_DIR")) {
    std::string rest = relative.rfind("config/", 0) == 0 ? relative.substr(7) : relative;
    candidates.push_back(fs::path(dir) / rest);
  }
  if (const char* dir = std::getenv("KINLINK_SOURCE_DIR")) {
    candidates.push_back(fs::path(dir) / relative);
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      candidates.push_back(dir / relative);
    }
  }
  std::string tried;
  for (const auto& path : candidates) {
    if (fs::is_regular_file(path, ec)) return path.string();
    tried += fmt::format("{}{}", tried.empty() ? "" : ", ", path.string());
  }
  return NotFoundError(fmt::format("cannot find {} (tried {})", relative, tried));
}

}  // namespace kinlink::ledger
