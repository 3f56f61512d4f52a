#include "synth/export_sink.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace kinlink::synth {

namespace {
constexpr size_t kFileBufferBytes = 1 << 20;
}  // namespace

DirectorySink::DirectorySink(std::string directory) : directory_(std::move(directory)) {}

Result<std::ostream*> DirectorySink::Open(std::string_view file_name) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) {
    return UnavailableError(
        fmt::format("cannot create directory '{}': {}", directory_, error.message()));
  }
  auto file = std::make_unique<OpenFile>();
  file->path = (std::filesystem::path(directory_) / file_name).string();
  file->buffer = std::make_unique<char[]>(kFileBufferBytes);
  file->stream.rdbuf()->pubsetbuf(file->buffer.get(), kFileBufferBytes);
  file->stream.open(file->path, std::ios::binary | std::ios::trunc);
  if (!file->stream) return UnavailableError(fmt::format("cannot create '{}'", file->path));
  files_.push_back(std::move(file));
  return static_cast<std::ostream*>(&files_.back()->stream);
}

Status DirectorySink::Finish() {
  for (auto& file : files_) {
    file->stream.flush();
    if (!file->stream) return UnavailableError(fmt::format("writing '{}' failed", file->path));
    file->stream.close();
  }
  return Status::Ok();
}

Result<std::ostream*> MemorySink::Open(std::string_view file_name) {
  auto& slot = files_[std::string(file_name)];
  slot = std::make_unique<std::ostringstream>();
  return static_cast<std::ostream*>(slot.get());
}

std::string MemorySink::Contents(std::string_view file_name) const {
  auto it = files_.find(file_name);
  return it == files_.end() ? "" : it->second->str();
}

}  // namespace kinlink::synth
