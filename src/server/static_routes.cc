// The dashboard's static files, served from ServiceOptions::web_root (web/public): only regular
// files below that folder, with known extensions; no directory listings, no dot-files, and no
// path that leaves the folder (checked on the canonical path, after httplib's URL decoding).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/internal/context.h"

namespace kinlink::server::detail {
namespace {

namespace fs = std::filesystem;

std::string_view ContentType(const fs::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  return "";
}

bool SafeRelativePath(std::string_view path) {
  if (path.size() > 512) return false;
  for (char c : path) {
    if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (!segment.empty() && segment.front() == '.') return false;  // "..", ".git", ".env"
    start = end + 1;
  }
  return true;
}

void ServeFile(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::string path = req.path;
  if (path.rfind("/api/", 0) == 0 || path == "/api") {
    return SendError(res, 404, "not_found", "no such API endpoint (see docs/openapi.yaml)");
  }
  if (ctx.options.web_root.empty()) return SendError(res, 404, "not_found", "no dashboard");
  std::string relative = path.size() > 1 ? path.substr(1) : "index.html";
  if (!relative.empty() && relative.back() == '/') relative += "index.html";
  if (!SafeRelativePath(relative)) return SendError(res, 404, "not_found", "not found");
  std::error_code ec;
  fs::path root = fs::weakly_canonical(ctx.options.web_root, ec);
  fs::path file = fs::weakly_canonical(root / relative, ec);
  std::string root_text = root.string() + "/";
  if (ec || file.string().rfind(root_text, 0) != 0 || !fs::is_regular_file(file, ec) ||
      ContentType(file).empty()) {
    return SendError(res, 404, "not_found", "not found");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(content.str(), std::string(ContentType(file)));
}

}  // namespace

void RegisterStaticRoutes(Context& ctx) {
  ctx.http.Get(R"(/.*)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    ServeFile(ctx, req, res);
  });
}

}  // namespace kinlink::server::detail
