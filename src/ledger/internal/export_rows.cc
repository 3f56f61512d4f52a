// ExportRowSource: an agency export's records, mapped and serialized on the parser side.
#include <utility>

#include "core/json_codec.h"
#include "ledger/hash_chain.h"
#include "ledger/internal/json_text.h"
#include "ledger/internal/prepared_row.h"

namespace kinlink::ledger::detail {

PreparedRow QuarantineRow(int64_t line, std::string text, std::string field, std::string reason) {
  PreparedRow row;
  row.kind = PreparedRow::Kind::kQuarantine;
  row.line = line;
  row.text = std::move(text);
  row.field = std::move(field);
  row.reason = std::move(reason);
  return row;
}

PreparedRow ExportRowSource::Prepare(RawRecord record) const {
  if (record.error) {
    return QuarantineRow(record.line, std::move(record.text), std::move(record.error->field),
                         std::move(record.error->reason));
  }
  MapOutcome outcome = mapper_.Map(record);
  if (outcome.failure) {
    return QuarantineRow(record.line, std::move(record.text), std::move(outcome.failure->field),
                         std::move(outcome.failure->reason));
  }
  MappedRow& mapped = *outcome.row;
  PreparedRow row;
  row.line = record.line;
  row.record_id = std::move(mapped.record_id);
  row.content_hash = Sha256Hex(record.text);
  if (mapped.person) {
    row.identity_at = mapped.events.empty() ? mapped.entered.value_or(Timestamp{})
                                            : mapped.events.front().effective_at;
    row.identity_source = EventSource{mapping_.agency, mapping_.system, file_, row.record_id};
    row.person_record = SerializePerson(*mapped.person);
    row.person = std::move(mapped.person);
  }
  row.event_json.reserve(mapped.events.size());
  for (const Event& event : mapped.events) row.event_json.push_back(EventJsonText(event));
  row.events = std::move(mapped.events);
  return row;
}

bool ExportRowSource::Next(std::vector<PreparedRow>& out, size_t max) {
  if (pool_) {
    records_.clear();
    while (records_.size() < max) {
      std::optional<RawRecord> record = reader_.Next();
      if (!record) break;
      records_.push_back(std::move(*record));
    }
    if (records_.empty()) return false;
    size_t base = out.size();
    out.resize(base + records_.size());
    pool_->Run(records_.size(), [&](size_t i) { out[base + i] = Prepare(std::move(records_[i])); });
    return true;
  }
  size_t added = 0;
  while (added < max) {
    std::optional<RawRecord> record = reader_.Next();
    if (!record) break;
    out.push_back(Prepare(std::move(*record)));
    ++added;
  }
  return added > 0;
}

}  // namespace kinlink::ledger::detail
