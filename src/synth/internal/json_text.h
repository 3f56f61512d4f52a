// JSON text appended to a reused buffer: the few shapes the synthesizer writes per row (the ORR
// export and the answer key), without building an nlohmann DOM for every line.
//
// The output is byte-for-byte what nlohmann::json::dump(-1, ' ', false, error_handler_t::replace)
// gives for the same value: printable ASCII is copied, `"` and `\` are escaped, and any string
// with a control character or a byte >= 0x80 is handed to nlohmann itself (so escapes, UTF-8
// pass-through and the replacement of invalid UTF-8 stay identical).
//
//   std::string line;
//   detail::JsonObjectWriter object(line);
//   object.Key("kind").String("record");
//   object.Key("late").Bool(false);
//   object.Close();   // line == R"({"kind":"record","late":false})"
//
// Thread safety: plain functions over the caller's buffer.
#ifndef KINLINK_SYNTH_INTERNAL_JSON_TEXT_H_
#define KINLINK_SYNTH_INTERNAL_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kinlink::synth::detail {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);
void AppendJsonInt(std::string& out, int64_t value);

// Writes one flat JSON object into `out`, member by member.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectWriter& Key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    AppendJsonString(out_, key);
    out_ += ':';
    return *this;
  }
  void String(std::string_view value) { AppendJsonString(out_, value); }
  void Int(int64_t value) { AppendJsonInt(out_, value); }
  void Bool(bool value) { out_ += value ? "true" : "false"; }
  void Null() { out_ += "null"; }
  // The raw buffer, for a nested value written by the caller.
  std::string& raw() { return out_; }
  void Close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace kinlink::synth::detail

#endif  // KINLINK_SYNTH_INTERNAL_JSON_TEXT_H_
