#include "synth/answer_key.h"

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
  ordered_json line = ordered_json::object();
  line["kind"] = "record";
  line["agency"] = ToString(entry.agency);
  line["file"] = LayoutFor(entry.agency).file_name;
  line["record_id"] = entry.record_id;
  line["person_id"] = entry.person_id;
  line["family_unit_id"] = entry.family_unit_id ? ordered_json(*entry.family_unit_id) : nullptr;
  line["event_ids"] = entry.event_ids;
  line["duplicate_of"] = entry.duplicate_of ? ordered_json(*entry.duplicate_of) : nullptr;
  line["late"] = entry.late;
  ordered_json errors = ordered_json::array();
  for (const auto& error : entry.errors) {
    errors.push_back({{"kind", ToString(error.kind)}, {"field", error.field}});
  }
  line["errors"] = std::move(errors);
  line["claimed_parent_id"] =
      entry.claimed_parent_id ? ordered_json(*entry.claimed_parent_id) : nullptr;
  line["claim_true"] = entry.claim_true ? ordered_json(*entry.claim_true) : nullptr;
  return line.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
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
