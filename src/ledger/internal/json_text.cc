// Direct JSON text of events and persons; mirrors src/core/json_codec.cc (see json_text.h).
#include "ledger/internal/json_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include "core/json_codec.h"
#include "ledger/record_reader.h"

namespace kinlink::ledger::detail {
namespace {

// One JSON object being written: each field's value is rendered into a scratch buffer as it is
// set, and Render emits the fields in byte-wise key order (nlohmann::json's std::map order). A
// key set twice keeps its last value, as `j[key] = value` does.
class ObjectText {
 public:
  ObjectText() { scratch_.reserve(256); }

  void Str(std::string_view key, std::string_view value) {
    size_t begin = scratch_.size();
    if (!AppendJsonString(scratch_, value)) ok_ = false;
    Add(key, begin);
  }
  void Int(std::string_view key, int64_t value) {
    size_t begin = scratch_.size();
    std::array<char, 24> digits;
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    (void)ec;
    scratch_.append(digits.data(), end);
    Add(key, begin);
  }
  void Bool(std::string_view key, bool value) {
    size_t begin = scratch_.size();
    scratch_ += value ? "true" : "false";
    Add(key, begin);
  }
  void StrList(std::string_view key, const std::vector<std::string>& values) {
    size_t begin = scratch_.size();
    scratch_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) scratch_ += ',';
      if (!AppendJsonString(scratch_, values[i])) ok_ = false;
    }
    scratch_ += ']';
    Add(key, begin);
  }
  // `child` is rendered in place as the value of `key`.
  void Obj(std::string_view key, ObjectText& child) {
    size_t begin = scratch_.size();
    if (!child.Render(scratch_)) ok_ = false;
    Add(key, begin);
  }
  // Raw JSON text (already rendered) as the value of `key`.
  void Raw(std::string_view key, std::string_view text) {
    size_t begin = scratch_.size();
    scratch_ += text;
    Add(key, begin);
  }

  // Appends the object; false when a string was not valid UTF-8 (the text is then unusable).
  bool Render(std::string& out) {
    std::stable_sort(fields_.begin(), fields_.begin() + static_cast<ptrdiff_t>(count_),
                     [](const Field& a, const Field& b) { return a.key < b.key; });
    out += '{';
    bool first = true;
    for (size_t i = 0; i < count_; ++i) {
      if (i + 1 < count_ && fields_[i + 1].key == fields_[i].key) continue;  // the last one wins
      if (!first) out += ',';
      first = false;
      out += '"';
      out += fields_[i].key;  // keys are the codec's own ASCII names
      out += "\":";
      out.append(scratch_, fields_[i].begin, fields_[i].end - fields_[i].begin);
    }
    out += '}';
    return ok_;
  }

 private:
  struct Field {
    std::string_view key;
    size_t begin = 0;
    size_t end = 0;
  };
  void Add(std::string_view key, size_t begin) {
    if (count_ == fields_.size()) throw std::logic_error("ObjectText: too many fields");
    fields_[count_++] = Field{key, begin, scratch_.size()};
  }

  std::string scratch_;
  std::array<Field, 24> fields_{};
  size_t count_ = 0;
  bool ok_ = true;
};

void CustodyText(ObjectText& parent, std::string_view key, const Custody& custody) {
  ObjectText o;
  o.Str("agency", ToString(custody.agency));
  o.Str("facility_id", custody.facility_id);
  parent.Obj(key, o);
}

void PutOptional(ObjectText& o, std::string_view key, const std::optional<std::string>& value) {
  if (value) o.Str(key, *value);
}

bool WriteEvent(const Event& event, std::string& out);

void PutDigits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// The payload's own fields; mirrors PayloadWriter in src/core/json_codec.cc.
struct PayloadText {
  ObjectText& j;
  bool& ok;
  void operator()(const Apprehension& p) const {
    j.Str("person_id", p.person_id);
    PutOptional(j, "family_unit_id", p.family_unit_id);
    j.Str("sector", ToString(p.sector));
    j.Str("station_id", p.station_id);
  }
  void operator()(const Referral& p) const {
    j.Str("person_id", p.person_id);
    j.Str("district", ToString(p.district));
    j.Str("statute", ToString(p.statute));
  }
  void operator()(const ProsecutionDecision& p) const {
    j.Str("person_id", p.person_id);
    j.Str("district", ToString(p.district));
    j.Bool("prosecute", p.prosecute);
    if (p.declination_reason) j.Str("declination_reason", ToString(*p.declination_reason));
  }
  void operator()(const Hearing& p) const {
    j.Str("person_id", p.person_id);
    j.Str("district", ToString(p.district));
    j.Str("court_id", p.court_id);
    j.Str("case_number", p.case_number);
    j.Int("defendants", p.defendants);
  }
  void operator()(const Sentence& p) const {
    j.Str("person_id", p.person_id);
    j.Str("case_number", p.case_number);
    j.Str("disposition", ToString(p.disposition));
    j.Int("custody_days", p.custody_days);
  }
  void operator()(const CustodyTransfer& p) const {
    j.Str("person_id", p.person_id);
    if (p.releasing) CustodyText(j, "releasing", *p.releasing);
    if (p.receiving) CustodyText(j, "receiving", *p.receiving);
    if (!p.official.empty()) j.Str("official", p.official);
  }
  void operator()(const Separation& p) const {
    j.Str("child_id", p.child_id);
    j.Str("parent_id", p.parent_id);
    PutOptional(j, "family_unit_id", p.family_unit_id);
    j.Str("reason", ToString(p.reason));
  }
  void operator()(const OrrReferral& p) const {
    j.Str("child_id", p.child_id);
    j.Str("referring_agency", ToString(p.referring_agency));
    j.Bool("separated", p.separated);
    PutOptional(j, "parent_id", p.parent_id);
  }
  void operator()(const OrrPlacement& p) const {
    j.Str("child_id", p.child_id);
    j.Str("facility_id", p.facility_id);
  }
  void operator()(const OrrRelease& p) const {
    j.Str("child_id", p.child_id);
    j.Str("sponsor", ToString(p.sponsor));
    PutOptional(j, "sponsor_id", p.sponsor_id);
  }
  void operator()(const Removal& p) const {
    j.Str("person_id", p.person_id);
    j.Str("country", p.country);
    j.StrList("accompanying_children", p.accompanying_children);
  }
  void operator()(const Contact& p) const {
    j.Str("parent_id", p.parent_id);
    j.Str("child_id", p.child_id);
    j.Str("channel", ToString(p.channel));
  }
  void operator()(const Reunification& p) const {
    j.Str("parent_id", p.parent_id);
    j.Str("child_id", p.child_id);
    if (!p.facility_id.empty()) j.Str("facility_id", p.facility_id);
  }
  void operator()(const Relationship& p) const {
    j.Str("parent_id", p.association.parent_id);
    j.Str("child_id", p.association.child_id);
    j.Str("kind", ToString(p.association.kind));
  }
  void operator()(const Correction& p) const {
    j.Str("supersedes_event_id", p.supersedes_event_id);
    j.Str("reason", p.reason);
    if (p.replacement) {
      std::string replacement;
      if (!WriteEvent(*p.replacement, replacement)) ok = false;
      j.Raw("replacement", replacement);
    }
  }
};

// Mirrors EventToJson.
bool WriteEvent(const Event& event, std::string& out) {
  ObjectText j;
  bool ok = true;
  j.Str("event_id", event.event_id);
  j.Str("type", ToString(event.type()));
  j.Str("effective_at", TimestampText(event.effective_at));
  if (event.recorded_at) j.Str("recorded_at", TimestampText(*event.recorded_at));
  if (event.source) {
    ObjectText source;
    source.Str("agency", ToString(event.source->agency));
    source.Str("system", event.source->system);
    if (!event.source->file.empty()) source.Str("file", event.source->file);
    source.Str("record_id", event.source->record_id);
    j.Obj("source", source);
  }
  if (!event.actor.empty()) j.Str("actor", event.actor);
  std::visit(PayloadText{j, ok}, event.payload);
  return j.Render(out) && ok;
}

}  // namespace

std::string TimestampText(Timestamp time) {
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day ymd{std::chrono::sys_days(day)};
  int year = int(ymd.year());
  if (year < 0 || year > 9999) return FormatTimestamp(time);
  auto seconds = static_cast<unsigned>((time - day).count());
  std::string out(20, '\0');
  PutDigits(&out[0], static_cast<unsigned>(year), 4);
  out[4] = '-';
  PutDigits(&out[5], unsigned(ymd.month()), 2);
  out[7] = '-';
  PutDigits(&out[8], unsigned(ymd.day()), 2);
  out[10] = 'T';
  PutDigits(&out[11], seconds / 3600, 2);
  out[13] = ':';
  PutDigits(&out[14], seconds / 60 % 60, 2);
  out[16] = ':';
  PutDigits(&out[17], seconds % 60, 2);
  out[19] = 'Z';
  return out;
}

bool AppendJsonString(std::string& out, std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii && !IsValidUtf8(text)) return false;
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
  return true;
}

std::string EventJsonText(const Event& event) {
  std::string out;
  out.reserve(320);
  if (!WriteEvent(event, out)) return EventToJson(event).dump();  // throws, as it always did
  return out;
}

// Mirrors PersonToJson.
std::string PersonJsonText(const Person& person) {
  ObjectText j;
  j.Str("person_id", person.person_id);
  if (person.a_number) j.Str("a_number", person.a_number->ToString());
  if (!person.identifiers.empty()) {
    std::string ids = "[";
    for (size_t i = 0; i < person.identifiers.size(); ++i) {
      if (i > 0) ids += ',';
      ObjectText id;
      id.Str("kind", ToString(person.identifiers[i].kind));
      id.Str("value", person.identifiers[i].value);
      if (!id.Render(ids)) return PersonToJson(person).dump();
    }
    ids += ']';
    j.Raw("identifiers", ids);
  }
  if (!person.name.given_names.empty()) j.StrList("given_names", person.name.given_names);
  if (!person.name.paternal_surname.empty()) {
    j.Str("paternal_surname", person.name.paternal_surname);
  }
  if (!person.name.maternal_surname.empty()) {
    j.Str("maternal_surname", person.name.maternal_surname);
  }
  if (!person.name.aliases.empty()) j.StrList("aliases", person.name.aliases);
  j.Str("sex", ToString(person.sex));
  if (person.birth_date) j.Str("birth_date", person.birth_date->ToString());
  if (!person.citizenship.empty()) j.Str("citizenship", person.citizenship);
  if (!person.language.empty()) j.Str("language", person.language);
  std::string out;
  out.reserve(256);
  if (!j.Render(out)) return PersonToJson(person).dump();  // throws, as it always did
  return out;
}

}  // namespace kinlink::ledger::detail
