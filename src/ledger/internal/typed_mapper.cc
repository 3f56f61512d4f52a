// TypedMapper: see typed_mapper.h. Every function here mirrors a step of the reference path in
// src/ledger/row_mapper.cc (RowContext, FillName, RowMapper::MapReference) and of EventFromJson
// (src/core/json_codec.cc) for the success case only: where those would report an error, these
// return false and the row goes through the reference path.
#include "ledger/internal/typed_mapper.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "ledger/internal/agency_date.h"
#include "ledger/internal/json_text.h"

namespace kinlink::ledger::detail {
namespace {

using Part = TypedMapper::Part;
using CompiledTemplate = TypedMapper::CompiledTemplate;
using Field = TypedMapper::Field;
using Target = TypedMapper::Target;

// The top-level keys of each core event type's payload (PayloadFromJson); nullptr: not mapped
// by the fast path (corrections).
const std::vector<std::string_view>* PayloadKeys(EventType type) {
  static const std::vector<std::string_view> kApprehension = {"person_id", "family_unit_id",
                                                              "sector", "station_id"};
  static const std::vector<std::string_view> kReferral = {"person_id", "district", "statute"};
  static const std::vector<std::string_view> kDecision = {"person_id", "district", "prosecute",
                                                          "declination_reason"};
  static const std::vector<std::string_view> kHearing = {"person_id", "district", "court_id",
                                                         "case_number", "defendants"};
  static const std::vector<std::string_view> kSentence = {"person_id", "case_number", "disposition",
                                                          "custody_days"};
  static const std::vector<std::string_view> kTransfer = {"person_id", "releasing", "receiving",
                                                          "official"};
  static const std::vector<std::string_view> kSeparation = {"child_id", "parent_id",
                                                            "family_unit_id", "reason"};
  static const std::vector<std::string_view> kOrrReferral = {"child_id", "referring_agency",
                                                             "separated", "parent_id"};
  static const std::vector<std::string_view> kPlacement = {"child_id", "facility_id"};
  static const std::vector<std::string_view> kRelease = {"child_id", "sponsor", "sponsor_id"};
  static const std::vector<std::string_view> kRemoval = {"person_id", "country",
                                                         "accompanying_children"};
  static const std::vector<std::string_view> kContact = {"parent_id", "child_id", "channel"};
  static const std::vector<std::string_view> kReunification = {"parent_id", "child_id",
                                                               "facility_id"};
  static const std::vector<std::string_view> kRelationship = {"parent_id", "child_id", "kind"};
  switch (type) {
    case EventType::kApprehension:
      return &kApprehension;
    case EventType::kReferral:
      return &kReferral;
    case EventType::kProsecutionDecision:
      return &kDecision;
    case EventType::kHearing:
      return &kHearing;
    case EventType::kSentence:
      return &kSentence;
    case EventType::kCustodyTransfer:
      return &kTransfer;
    case EventType::kSeparation:
      return &kSeparation;
    case EventType::kOrrReferral:
      return &kOrrReferral;
    case EventType::kOrrPlacement:
      return &kPlacement;
    case EventType::kOrrRelease:
      return &kRelease;
    case EventType::kRemoval:
      return &kRemoval;
    case EventType::kContact:
      return &kContact;
    case EventType::kReunification:
      return &kReunification;
    case EventType::kRelationship:
      return &kRelationship;
    case EventType::kCorrection:
      return nullptr;
  }
  return nullptr;
}

// The keys MapReference itself sets on every event document.
bool IsEnvelopeKey(std::string_view key) {
  return key == "event_id" || key == "type" || key == "effective_at" || key == "recorded_at" ||
         key == "source";
}

class Compiler {
 public:
  explicit Compiler(const Mapping& mapping) : mapping_(mapping) {}

  CompiledTemplate Compile(const Template& t) {
    CompiledTemplate out;
    for (const auto& part : t.parts) {
      Part p;
      p.text = part.text;
      if (!part.column) {
        p.kind = Part::Kind::kText;
      } else if (part.text == "@person") {
        p.kind = Part::Kind::kPerson;
      } else if (part.text == "@record") {
        p.kind = Part::Kind::kRecord;
      } else {
        p.kind = Part::Kind::kColumn;
        auto [it, added] = slots_.try_emplace(part.text, names_.size());
        if (added) names_.push_back(part.text);
        p.slot = it->second;
      }
      out.parts.push_back(std::move(p));
    }
    return out;
  }

  Field Compile(const FieldSpec& spec) {
    Field f;
    for (const auto& t : spec.value) f.value.push_back(Compile(t));
    if (!spec.map.empty()) {
      f.has_map = true;
      auto map = mapping_.maps.find(spec.map);
      if (map != mapping_.maps.end()) f.map = &map->second;
    }
    f.type = spec.type;
    if (spec.time) f.time = Compile(*spec.time);
    if (spec.on) f.on = Compile(*spec.on);
    f.required = spec.required;
    f.literal = spec.literal;
    return f;
  }
  std::optional<Field> Compile(const std::optional<FieldSpec>& spec) {
    if (!spec) return std::nullopt;
    return Compile(*spec);
  }

  std::vector<std::string> TakeNames() { return std::move(names_); }

 private:
  const Mapping& mapping_;
  std::unordered_map<std::string, size_t> slots_;
  std::vector<std::string> names_;
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// `in >> word` over the C locale: runs of non-whitespace.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

void SetSurnames(PersonName& name, const std::vector<std::string>& surnames) {
  if (surnames.empty()) return;
  name.paternal_surname = surnames[0];
  for (size_t i = 1; i < surnames.size(); ++i) {
    if (!name.maternal_surname.empty()) name.maternal_surname += ' ';
    name.maternal_surname += surnames[i];
  }
}

// A field's value as the event document would hold it (RowContext::JsonValue).
struct Value {
  enum class Kind { kNull, kString, kInt, kBool, kList };
  Kind kind = Kind::kNull;
  std::string text;
  int64_t number = 0;
  bool flag = false;
  std::vector<std::string> list;
};

}  // namespace

class TypedMapper::Row {
 public:
  std::vector<std::string_view> slots;
  std::string person_id;
  std::string record_id;

  // RowContext::Expand: "" when any column of the template is empty.
  void Expand(const CompiledTemplate& t, std::string& out) const {
    out.clear();
    for (const Part& part : t.parts) {
      std::string_view value;
      switch (part.kind) {
        case Part::Kind::kText:
          out += part.text;
          continue;
        case Part::Kind::kColumn:
          value = slots[part.slot];
          break;
        case Part::Kind::kPerson:
          value = person_id;
          break;
        case Part::Kind::kRecord:
          value = record_id;
          break;
      }
      if (value.empty()) {
        out.clear();
        return;
      }
      out += value;
    }
  }

  // RowContext::Raw: the template value after the code map.
  bool Raw(const Field& f, std::string& out) const {
    out.clear();
    for (const auto& t : f.value) {
      Expand(t, out);
      if (!out.empty()) break;
    }
    if (!out.empty() && f.has_map) {
      if (f.map == nullptr) return false;
      auto hit = f.map->find(out);
      if (hit == f.map->end()) {
        std::string upper = out;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        hit = f.map->find(upper);
      }
      if (hit == f.map->end()) return false;
      out = hit->second;
    }
    return !(out.empty() && f.required);
  }

  bool DateValue(std::string_view text, DayMonthOrder order, PartialDate& out) const {
    if (auto quick = QuickAgencyDate(text, order)) {
      out = *quick;
      return true;
    }
    auto reading = ParseAgencyDate(text, order);
    if (!reading.ok()) return false;
    auto date = reading->Unambiguous(text);
    if (!date.ok()) return false;
    out = *date;
    return true;
  }

  // RowContext::TimestampValue.
  bool TimestampValue(const Field& f, DayMonthOrder order, Timestamp& at) const {
    std::string text;
    if (!Raw(f, text) || text.empty()) return false;
    std::string_view date_part = text, time_part;
    // A time follows a space ("2018-10-02 16:15") or an ISO "T" between digits; the T of
    // "02-OCT-2018" is part of the month.
    size_t split = text.find(' ');
    if (split == std::string::npos) {
      size_t t = text.find('T');
      if (t != std::string::npos && t > 0 && t + 1 < text.size() &&
          std::isdigit(static_cast<unsigned char>(text[t - 1])) &&
          std::isdigit(static_cast<unsigned char>(text[t + 1]))) {
        split = t;
      }
    }
    std::string time_text;
    if (split != std::string::npos) {
      date_part = std::string_view(text).substr(0, split);
      time_part = std::string_view(text).substr(split + 1);
      if (!time_part.empty() && time_part.back() == 'Z') time_part.remove_suffix(1);
    }
    if (time_part.empty() && f.time) {
      Expand(*f.time, time_text);
      time_part = time_text;
    }
    PartialDate date;
    if (!DateValue(date_part, order, date)) return false;
    auto day = date.ExactDate();
    if (!day) return false;
    at = StartOfDay(*day);
    if (!time_part.empty()) {
      auto seconds = QuickTimeOfDay(time_part);
      if (!seconds) return false;
      at += std::chrono::seconds(*seconds);
    }
    return true;
  }

  // RowContext::JsonValue.
  bool JsonValue(const Field& f, DayMonthOrder order, Value& out) const {
    out.kind = Value::Kind::kNull;
    if (!Raw(f, out.text)) return false;
    if (f.type == ValueType::kTimestamp) {
      if (out.text.empty()) return true;
      Timestamp at;
      if (!TimestampValue(f, order, at)) return false;
      out.text = TimestampText(at);
      out.kind = Value::Kind::kString;
      return true;
    }
    if (f.type == ValueType::kList) {
      out.kind = Value::Kind::kList;
      out.list.clear();
      std::string_view rest = out.text;
      while (!rest.empty()) {  // std::getline(in, item, ';') keeping non-empty items
        size_t semi = rest.find(';');
        std::string_view item = rest.substr(0, semi);
        if (!item.empty()) out.list.emplace_back(item);
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
      return true;
    }
    if (out.text.empty()) return true;
    switch (f.type) {
      case ValueType::kInt: {
        const std::string& raw = out.text;
        auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), out.number);
        if (ec != std::errc() || end != raw.data() + raw.size()) return false;
        out.kind = Value::Kind::kInt;
        return true;
      }
      case ValueType::kBool: {
        const std::string& raw = out.text;
        if (raw == "true" || raw == "1" || raw == "Y" || raw == "yes") {
          out.flag = true;
        } else if (raw == "false" || raw == "0" || raw == "N" || raw == "no") {
          out.flag = false;
        } else {
          return false;
        }
        out.kind = Value::Kind::kBool;
        return true;
      }
      case ValueType::kDate: {
        PartialDate date;
        if (!DateValue(out.text, order, date)) return false;
        out.text = date.ToString();
        out.kind = Value::Kind::kString;
        return true;
      }
      default:
        out.kind = Value::Kind::kString;
        return true;
    }
  }
};

namespace {

// The event document's top-level payload keys and custody objects, read as EventFromJson reads
// them; every accessor returns false where EventFromJson would fail.
class Document {
 public:
  struct Entry {
    std::string_view key;
    const Value* value;
  };
  std::vector<Entry> top;  // non-null values only, in the order set (the last one wins)
  struct Object {
    bool present = false;  // a non-literal field of it was set
    const Value* agency = nullptr;
    const Value* facility_id = nullptr;
  } releasing, receiving;

  const Value* Find(std::string_view key) const {
    for (auto it = top.rbegin(); it != top.rend(); ++it) {
      if (it->key == key) return it->value;
    }
    return nullptr;
  }
  bool Str(std::string_view key, std::string& out) const {
    const Value* v = Find(key);
    if (v == nullptr || v->kind != Value::Kind::kString) return false;
    out = v->text;
    return true;
  }
  bool OptStr(std::string_view key, std::optional<std::string>& out) const {
    const Value* v = Find(key);
    if (v == nullptr) return true;
    if (v->kind != Value::Kind::kString) return false;
    out = v->text;
    return true;
  }
  template <typename T, typename Parse>
  bool Enum(std::string_view key, Parse parse, T& out) const {
    const Value* v = Find(key);
    if (v == nullptr || v->kind != Value::Kind::kString) return false;
    auto parsed = parse(v->text);
    if (!parsed.ok()) return false;
    out = *parsed;
    return true;
  }
  bool Bool(std::string_view key, bool& out) const {
    const Value* v = Find(key);
    if (v == nullptr || v->kind != Value::Kind::kBool) return false;
    out = v->flag;
    return true;
  }
  bool Int(std::string_view key, int64_t& out) const {
    const Value* v = Find(key);
    if (v == nullptr || v->kind != Value::Kind::kInt) return false;
    out = v->number;
    return true;
  }
  bool List(std::string_view key, std::vector<std::string>& out) const {
    const Value* v = Find(key);
    if (v == nullptr) return true;
    if (v->kind != Value::Kind::kList) return false;
    out = v->list;
    return true;
  }
  static bool Custody(const Object& o, std::optional<kinlink::Custody>& out) {
    if (!o.present) return true;
    if (o.agency == nullptr || o.agency->kind != Value::Kind::kString) return false;
    if (o.facility_id == nullptr || o.facility_id->kind != Value::Kind::kString) return false;
    auto agency = ParseAgency(o.agency->text);
    if (!agency.ok()) return false;
    out = kinlink::Custody{*agency, o.facility_id->text};
    return true;
  }
};

// PayloadFromJson, success cases only.
bool BuildPayload(EventType type, const Document& d, EventPayload& payload) {
  switch (type) {
    case EventType::kApprehension: {
      Apprehension p;
      if (!d.Str("person_id", p.person_id) || !d.OptStr("family_unit_id", p.family_unit_id) ||
          !d.Enum("sector", ParseSector, p.sector) || !d.Str("station_id", p.station_id)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kReferral: {
      Referral p;
      if (!d.Str("person_id", p.person_id) || !d.Enum("district", ParseDistrict, p.district) ||
          !d.Enum("statute", ParseStatute, p.statute)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kProsecutionDecision: {
      ProsecutionDecision p;
      if (!d.Str("person_id", p.person_id) || !d.Enum("district", ParseDistrict, p.district) ||
          !d.Bool("prosecute", p.prosecute)) {
        return false;
      }
      if (d.Find("declination_reason") != nullptr) {
        DeclinationReason reason;
        if (!d.Enum("declination_reason", ParseDeclinationReason, reason)) return false;
        p.declination_reason = reason;
      }
      if (p.prosecute == p.declination_reason.has_value()) return false;
      payload = std::move(p);
      return true;
    }
    case EventType::kHearing: {
      Hearing p;
      int64_t defendants = 0;
      if (!d.Str("person_id", p.person_id) || !d.Enum("district", ParseDistrict, p.district) ||
          !d.Str("court_id", p.court_id) || !d.Str("case_number", p.case_number) ||
          !d.Int("defendants", defendants) || defendants < 1) {
        return false;
      }
      p.defendants = static_cast<int>(defendants);
      payload = std::move(p);
      return true;
    }
    case EventType::kSentence: {
      Sentence p;
      int64_t days = 0;
      if (!d.Str("person_id", p.person_id) || !d.Str("case_number", p.case_number) ||
          !d.Enum("disposition", ParseDisposition, p.disposition) || !d.Int("custody_days", days) ||
          days < 0) {
        return false;
      }
      p.custody_days = static_cast<int>(days);
      payload = std::move(p);
      return true;
    }
    case EventType::kCustodyTransfer: {
      CustodyTransfer p;
      std::optional<std::string> official;
      if (!d.Str("person_id", p.person_id) || !Document::Custody(d.releasing, p.releasing) ||
          !Document::Custody(d.receiving, p.receiving) || (!p.releasing && !p.receiving) ||
          !d.OptStr("official", official)) {
        return false;
      }
      p.official = official.value_or("");
      payload = std::move(p);
      return true;
    }
    case EventType::kSeparation: {
      Separation p;
      if (!d.Str("child_id", p.child_id) || !d.Str("parent_id", p.parent_id) ||
          !d.OptStr("family_unit_id", p.family_unit_id) ||
          !d.Enum("reason", ParseSeparationReason, p.reason)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kOrrReferral: {
      OrrReferral p;
      if (!d.Str("child_id", p.child_id) ||
          !d.Enum("referring_agency", ParseAgency, p.referring_agency) ||
          !d.Bool("separated", p.separated) || !d.OptStr("parent_id", p.parent_id)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kOrrPlacement: {
      OrrPlacement p;
      if (!d.Str("child_id", p.child_id) || !d.Str("facility_id", p.facility_id)) return false;
      payload = std::move(p);
      return true;
    }
    case EventType::kOrrRelease: {
      OrrRelease p;
      if (!d.Str("child_id", p.child_id) || !d.Enum("sponsor", ParseSponsorCategory, p.sponsor) ||
          !d.OptStr("sponsor_id", p.sponsor_id)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kRemoval: {
      Removal p;
      if (!d.Str("person_id", p.person_id) || !d.Str("country", p.country) ||
          !ValidateCountryCode(p.country).ok() ||
          !d.List("accompanying_children", p.accompanying_children)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kContact: {
      Contact p;
      if (!d.Str("parent_id", p.parent_id) || !d.Str("child_id", p.child_id) ||
          !d.Enum("channel", ParseContactChannel, p.channel)) {
        return false;
      }
      payload = std::move(p);
      return true;
    }
    case EventType::kReunification: {
      Reunification p;
      std::optional<std::string> facility;
      if (!d.Str("parent_id", p.parent_id) || !d.Str("child_id", p.child_id) ||
          !d.OptStr("facility_id", facility)) {
        return false;
      }
      p.facility_id = facility.value_or("");
      payload = std::move(p);
      return true;
    }
    case EventType::kRelationship: {
      ParentChildAssociation a;
      if (!d.Str("parent_id", a.parent_id) || !d.Str("child_id", a.child_id) ||
          !d.Enum("kind", ParseRelationshipKind, a.kind)) {
        return false;
      }
      payload = Relationship{std::move(a)};
      return true;
    }
    case EventType::kCorrection:
      return false;
  }
  return false;
}

}  // namespace

std::unique_ptr<TypedMapper> TypedMapper::Compile(
    const Mapping& mapping, std::string file,
    std::shared_ptr<const std::vector<std::string>> columns) {
  std::unique_ptr<TypedMapper> m(new TypedMapper(mapping, std::move(file)));
  Compiler c(mapping);
  m->record_id_ = c.Compile(mapping.record_id);
  m->entered_ = c.Compile(mapping.entered);
  if (mapping.person) {
    const PersonSpec& spec = *mapping.person;
    CompiledPerson p;
    p.id = c.Compile(spec.id);
    p.name_format = spec.name_format;
    p.name = c.Compile(spec.name);
    p.given_names = c.Compile(spec.given_names);
    p.surnames = c.Compile(spec.surnames);
    p.paternal_surname = c.Compile(spec.paternal_surname);
    p.maternal_surname = c.Compile(spec.maternal_surname);
    p.sex = c.Compile(spec.sex);
    p.birth_date = c.Compile(spec.birth_date);
    p.age = c.Compile(spec.age);
    p.a_number = c.Compile(spec.a_number);
    p.citizenship = c.Compile(spec.citizenship);
    p.language = c.Compile(spec.language);
    for (const auto& [kind, field] : spec.identifiers) {
      auto parsed = ParseIdentifierKind(kind);
      if (!parsed.ok()) return nullptr;
      p.identifiers.push_back({*parsed, c.Compile(field)});
    }
    m->person_ = std::move(p);
  }
  for (const EventSpec& spec : mapping.events) {
    CompiledEvent e;
    auto type = ParseEventType(spec.type);
    if (!type.ok()) return nullptr;
    e.type = *type;
    const std::vector<std::string_view>* keys = PayloadKeys(e.type);
    if (keys == nullptr) return nullptr;
    e.id_suffix = ":" + spec.name;
    if (spec.when) e.when = c.Compile(*spec.when);
    for (const auto& condition : spec.conditions) {
      e.conditions.push_back({c.Compile(condition.value), condition.in, condition.not_in});
    }
    e.effective_at = c.Compile(spec.effective_at);
    std::vector<std::string> top_level, objects;
    for (const auto& [name, field] : spec.fields) {
      EventField f;
      f.spec = c.Compile(field);
      size_t dot = name.find('.');
      if (dot == std::string::npos) {
        top_level.push_back(name);
        if (IsEnvelopeKey(name)) return nullptr;
        bool custody_object =
            e.type == EventType::kCustodyTransfer && (name == "releasing" || name == "receiving");
        if (custody_object) return nullptr;
        if (name == "actor") {
          f.target = Target::kActor;
        } else if (std::find(keys->begin(), keys->end(), name) != keys->end()) {
          f.target = Target::kPayload;
          f.key = name;
        }
      } else {
        std::string object = name.substr(0, dot);
        objects.push_back(object);
        if (e.type != EventType::kCustodyTransfer ||
            (object != "releasing" && object != "receiving")) {
          return nullptr;
        }
        f.target = object == "releasing" ? Target::kReleasing : Target::kReceiving;
        f.key = name.substr(dot + 1);
      }
      e.fields.push_back(std::move(f));
    }
    for (const auto& object : objects) {
      if (std::find(top_level.begin(), top_level.end(), object) != top_level.end()) return nullptr;
    }
    m->events_.push_back(std::move(e));
  }
  m->slot_names_ = c.TakeNames();
  m->columns_ = std::move(columns);
  if (m->columns_) {
    for (const auto& name : m->slot_names_) {
      auto at = std::find(m->columns_->begin(), m->columns_->end(), name);
      m->column_of_slot_.push_back(
          at == m->columns_->end() ? -1 : static_cast<int>(at - m->columns_->begin()));
    }
  }
  return m;
}

bool TypedMapper::MapPerson(Row& row, Person& person) const {
  const CompiledPerson& spec = *person_;
  const DayMonthOrder order = mapping_.date_order;
  std::string value;
  if (!row.Raw(spec.id, value) || value.empty()) return false;
  person.person_id = row.person_id = value;
  PersonName& name = person.name;
  if (spec.name) {
    if (!row.Raw(*spec.name, value)) return false;
    if (spec.name_format == NameFormat::kSurnamesCommaGiven) {
      size_t comma = value.find(',');
      if (comma == std::string::npos) {
        SetSurnames(name, Words(value));
      } else {
        SetSurnames(name, Words(std::string_view(value).substr(0, comma)));
        name.given_names = Words(std::string_view(value).substr(comma + 1));
      }
    } else if (spec.name_format == NameFormat::kGivenThenHyphenatedSurnames) {
      std::vector<std::string> words = Words(value);
      if (!words.empty()) {
        std::string surnames = words.back();
        words.pop_back();
        name.given_names = words;
        std::vector<std::string> parts;
        std::string_view rest = surnames;
        while (!rest.empty()) {  // std::getline(in, part, '-') keeping non-empty parts
          size_t dash = rest.find('-');
          std::string_view part = rest.substr(0, dash);
          if (!part.empty()) parts.emplace_back(part);
          if (dash == std::string_view::npos) break;
          rest.remove_prefix(dash + 1);
        }
        SetSurnames(name, parts);
      }
    } else {
      name.given_names = Words(value);
    }
  }
  if (spec.given_names) {
    if (!row.Raw(*spec.given_names, value)) return false;
    if (!value.empty()) name.given_names = Words(value);
  }
  if (spec.surnames) {
    if (!row.Raw(*spec.surnames, value)) return false;
    if (!value.empty()) SetSurnames(name, Words(value));
  }
  if (spec.paternal_surname && !row.Raw(*spec.paternal_surname, name.paternal_surname)) {
    return false;
  }
  if (spec.maternal_surname && !row.Raw(*spec.maternal_surname, name.maternal_surname)) {
    return false;
  }
  if (spec.sex) {
    if (!row.Raw(*spec.sex, value)) return false;
    if (!value.empty()) {
      auto sex = ParseSex(value);
      if (!sex.ok()) return false;
      person.sex = *sex;
    }
  }
  if (spec.birth_date) {
    if (!row.Raw(*spec.birth_date, value)) return false;
    if (!value.empty()) {
      PartialDate date;
      if (!row.DateValue(value, order, date)) return false;
      person.birth_date = date;
    }
  }
  if (!person.birth_date && spec.age) {
    if (!row.Raw(*spec.age, value)) return false;
    if (!value.empty() && spec.age->on) {
      int years = -1;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), years);
      if (ec != std::errc() || end != value.data() + value.size() || years < 0 || years > 120) {
        return false;
      }
      std::string on;
      row.Expand(*spec.age->on, on);
      PartialDate day;
      if (!row.DateValue(on, order, day)) return false;
      if (auto exact = day.ExactDate()) {
        auto date = PartialDate::FromAge(years, *exact);
        if (!date.ok()) return false;
        person.birth_date = *date;
      }
    }
  }
  if (spec.a_number) {
    if (!row.Raw(*spec.a_number, value)) return false;
    if (!value.empty()) {
      auto a = ANumber::Parse(value);
      if (!a.ok()) return false;
      person.a_number = *a;
    }
  }
  if (spec.citizenship) {
    if (!row.Raw(*spec.citizenship, person.citizenship)) return false;
    if (!person.citizenship.empty() && !ValidateCountryCode(person.citizenship).ok()) return false;
  }
  if (spec.language && !row.Raw(*spec.language, person.language)) return false;
  for (const Identifier& id : spec.identifiers) {
    if (!row.Raw(id.value, value)) return false;
    if (!value.empty()) person.identifiers.push_back({id.kind, value});
  }
  return true;
}

bool TypedMapper::MapEvent(const CompiledEvent& spec, Row& row, const MappedRow& mapped,
                           Event& event) const {
  const DayMonthOrder order = mapping_.date_order;
  if (!row.TimestampValue(spec.effective_at, order, event.effective_at)) return false;
  std::vector<Value> values(spec.fields.size());
  Document d;
  std::optional<std::string> actor;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const EventField& f = spec.fields[i];
    Value& v = values[i];
    if (!row.JsonValue(f.spec, order, v)) return false;
    if (v.kind == Value::Kind::kNull) continue;
    switch (f.target) {
      case Target::kIgnored:
        break;
      case Target::kPayload:
        d.top.push_back({f.key, &v});
        break;
      case Target::kActor:
        if (v.kind != Value::Kind::kString) return false;
        actor = v.text;
        break;
      case Target::kReleasing:
      case Target::kReceiving: {
        Document::Object& o = f.target == Target::kReleasing ? d.releasing : d.receiving;
        if (!f.spec.literal) o.present = true;
        if (f.key == "agency") o.agency = &v;
        if (f.key == "facility_id") o.facility_id = &v;
        break;
      }
    }
  }
  if (!BuildPayload(spec.type, d, event.payload)) return false;
  event.event_id.reserve(mapping_.name.size() + row.record_id.size() + spec.id_suffix.size() + 1);
  event.event_id = mapping_.name;
  event.event_id += ':';
  event.event_id += row.record_id;
  event.event_id += spec.id_suffix;
  event.recorded_at = mapped.entered;
  event.source = EventSource{mapping_.agency, mapping_.system, file_, row.record_id};
  event.actor = actor.value_or("");
  return true;
}

std::optional<MappedRow> TypedMapper::Map(const RawRecord& record) const {
  Row row;
  row.slots.resize(slot_names_.size());
  if (record.names && record.names == columns_) {
    for (size_t k = 0; k < slot_names_.size(); ++k) {
      int column = column_of_slot_[k];
      if (column >= 0 && static_cast<size_t>(column) < record.size()) {
        row.slots[k] = record.Value(static_cast<size_t>(column));
      }
    }
  } else {
    for (size_t k = 0; k < slot_names_.size(); ++k) row.slots[k] = record.Get(slot_names_[k]);
  }
  MappedRow mapped;
  if (!row.Raw(record_id_, row.record_id) || row.record_id.empty()) return std::nullopt;
  mapped.record_id = row.record_id;
  const DayMonthOrder order = mapping_.date_order;
  if (entered_) {
    std::string raw;
    if (!row.Raw(*entered_, raw)) return std::nullopt;
    if (!raw.empty()) {
      Timestamp at;
      if (!row.TimestampValue(*entered_, order, at)) return std::nullopt;
      mapped.entered = at;
    }
  }
  if (person_) {
    Person person;
    if (!MapPerson(row, person)) return std::nullopt;
    mapped.person = std::move(person);
  }
  std::string value;
  for (const CompiledEvent& spec : events_) {
    if (spec.when) {
      row.Expand(*spec.when, value);
      if (value.empty()) continue;
    }
    bool emit = true;
    for (const Condition& condition : spec.conditions) {
      if (!row.Raw(condition.value, value)) return std::nullopt;
      auto in = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), value) != list.end();
      };
      if (!condition.in.empty() && !in(condition.in)) emit = false;
      if (!condition.not_in.empty() && in(condition.not_in)) emit = false;
    }
    if (!emit) continue;
    Event event;
    if (!MapEvent(spec, row, mapped, event)) return std::nullopt;
    mapped.events.push_back(std::move(event));
  }
  return mapped;
}

}  // namespace kinlink::ledger::detail
