#include "synth/answer_key.h"

#include "synth/internal/json_text.h"

namespace kinlink::synth {

using nlohmann::ordered_json;

void AnswerKeyWriter::WriteHeader(const ordered_json& header) {
  ordered_json line = {{"kind", "header"}};
  for (const auto& [key, value] : header.items()) line[key] = value;
  out_ << line.dump() << '\n';
}

void AnswerKeyWriter::WriteRecord(const AnswerKeyEntry& entry) {
  out_ << FormatRecord(entry) << '\n';
}

std::string AnswerKeyWriter::FormatRecord(const AnswerKeyEntry& entry) {
  std::string line;
  AppendRecord(entry, line);
  return line;
}

void AnswerKeyWriter::AppendRecord(const AnswerKeyEntry& entry, std::string& out) {
  // Written member by member (detail::JsonObjectWriter gives nlohmann's bytes): this runs once
  // per exported row, and a DOM per line cost more than the rest of the row.
  detail::JsonObjectWriter line(out);
  auto optional_string = [&](const std::optional<std::string>& value) {
    if (value) {
      line.String(*value);
    } else {
      line.Null();
    }
  };
  line.Key("kind").String("record");
  line.Key("agency").String(ToString(entry.agency));
  line.Key("file").String(LayoutFor(entry.agency).file_name);
  line.Key("record_id").String(entry.record_id);
  line.Key("person_id").String(entry.person_id);
  line.Key("family_unit_id");
  optional_string(entry.family_unit_id);
  line.Key("event_ids");
  out += '[';
  for (size_t i = 0; i < entry.event_ids.size(); ++i) {
    if (i > 0) out += ',';
    detail::AppendJsonString(out, entry.event_ids[i]);
  }
  out += ']';
  line.Key("duplicate_of");
  optional_string(entry.duplicate_of);
  line.Key("late").Bool(entry.late);
  line.Key("version").Int(entry.version);
  line.Key("errors");
  out += '[';
  for (size_t i = 0; i < entry.errors.size(); ++i) {
    if (i > 0) out += ',';
    detail::JsonObjectWriter error(out);
    error.Key("kind").String(ToString(entry.errors[i].kind));
    error.Key("field").String(entry.errors[i].field);
    error.Close();
  }
  out += ']';
  line.Key("claimed_parent_id");
  optional_string(entry.claimed_parent_id);
  line.Key("claim_true");
  if (entry.claim_true) {
    line.Bool(*entry.claim_true);
  } else {
    line.Null();
  }
  line.Close();
}

void AnswerKeyWriter::WriteRelationship(const ParentChildAssociation& association) {
  ordered_json line = {{"kind", "relationship"},
                       {"parent_id", association.parent_id},
                       {"child_id", association.child_id},
                       {"relationship", ToString(association.kind)}};
  out_ << line.dump() << '\n';
}

void AnswerKeyWriter::WriteFooter(const std::array<int64_t, kExportAgencyCount>& rows,
                                  int64_t relationships, const ErrorTally& tally) {
  ordered_json records = ordered_json::object();
  for (ExportAgency agency : kAllExportAgencies) {
    records[std::string(ToString(agency))] = rows[static_cast<int>(agency)];
  }
  ordered_json errors = ordered_json::object();
  for (const auto& info : AllErrorKinds()) {
    errors[std::string(info.code)] = {{"opportunities", tally.opportunities_of(info.kind)},
                                      {"applied", tally.applied_of(info.kind)}};
  }
  ordered_json line = {{"kind", "footer"},
                       {"records", std::move(records)},
                       {"relationships", relationships},
                       {"errors", std::move(errors)}};
  out_ << line.dump() << '\n';
}

}  // namespace kinlink::synth
