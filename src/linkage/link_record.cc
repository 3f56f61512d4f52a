#include "linkage/link_record.h"

namespace kinlink::linkage {

std::string_view ToString(FieldKind kind) {
  switch (kind) {
    case FieldKind::kIdentifier:
      return "identifier";
    case FieldKind::kText:
      return "text";
    case FieldKind::kCode:
      return "code";
    case FieldKind::kCategory:
      return "category";
    case FieldKind::kCountry:
      return "country";
    case FieldKind::kEventDate:
      return "event_date";
  }
  return "text";
}

int RecordSchema::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace kinlink::linkage
