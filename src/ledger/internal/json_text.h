// JSON text of events and identity records written directly, without building a JSON document
// (detail of the ingest hot path: ingest serializes every entry it appends).
//
// The output is byte for byte what `EventToJson(event).dump()` and `PersonToJson(person).dump()`
// give (src/core/json_codec.cc): the same fields, omitted under the same conditions, keys in the
// same (byte-wise sorted) order, no whitespace, strings escaped as nlohmann::json escapes them
// (", \, \b \f \n \r \t, other control characters as \u00xx, everything else as UTF-8). The
// stored payload is hashed into the chain, so the two must never differ:
// tests/ledger/json_text_test.cc compares them for every event type. A text that is not valid
// UTF-8 (which nlohmann rejects with an exception) makes these functions fall back to the core
// codec, so the behaviour there is the codec's too.
//
//   std::string payload = detail::EventJsonText(event);   // == EventToJson(event).dump()
//
// Thread safety: pure functions; safe from any thread.
#ifndef KINLINK_LEDGER_INTERNAL_JSON_TEXT_H_
#define KINLINK_LEDGER_INTERNAL_JSON_TEXT_H_

#include <string>
#include <string_view>

#include "core/event.h"
#include "core/person.h"

namespace kinlink::ledger::detail {

std::string EventJsonText(const Event& event);
std::string PersonJsonText(const Person& person);

// FormatTimestamp(time) ("2018-06-01T10:20:30Z") without fmt; the same text for every time.
std::string TimestampText(Timestamp time);

// Appends `text` as a JSON string literal, escaped as nlohmann::json::dump() escapes it. Returns
// false (and appends nothing) when `text` is not valid UTF-8.
bool AppendJsonString(std::string& out, std::string_view text);

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_JSON_TEXT_H_
