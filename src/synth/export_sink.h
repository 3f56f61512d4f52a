// ExportSink: where `kinlink synth` writes its files, injected so tests need no disk.
//
// DirectorySink creates the directory and one file per name (truncating), each with a large
// write buffer; MemorySink keeps each file in a string. The sink owns the streams it opens;
// they stay valid until the sink is destroyed.
//
//   DirectorySink sink("out/");
//   KINLINK_ASSIGN_OR_RETURN(std::ostream* cbp, sink.Open("cbp_apprehensions.csv"));
//   ...
//   KINLINK_RETURN_IF_ERROR(sink.Finish());   // flush and close; reports write failures
//
// Errors: Unavailable when a file cannot be created or written. Thread safety: not thread-safe.
#ifndef KINLINK_SYNTH_EXPORT_SINK_H_
#define KINLINK_SYNTH_EXPORT_SINK_H_

#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kinlink::synth {

class ExportSink {
 public:
  virtual ~ExportSink() = default;
  virtual Result<std::ostream*> Open(std::string_view file_name) = 0;
  virtual Status Finish() = 0;
};

class DirectorySink final : public ExportSink {
 public:
  explicit DirectorySink(std::string directory);
  Result<std::ostream*> Open(std::string_view file_name) override;
  Status Finish() override;

 private:
  struct OpenFile {
    std::string path;
    std::unique_ptr<char[]> buffer;
    std::ofstream stream;
  };
  std::string directory_;
  std::vector<std::unique_ptr<OpenFile>> files_;
};

class MemorySink final : public ExportSink {
 public:
  Result<std::ostream*> Open(std::string_view file_name) override;
  Status Finish() override { return Status::Ok(); }
  // The bytes written to `file_name` ("" when never opened).
  std::string Contents(std::string_view file_name) const;

 private:
  std::map<std::string, std::unique_ptr<std::ostringstream>, std::less<>> files_;
};

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_EXPORT_SINK_H_
