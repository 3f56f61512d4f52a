#include "synth/export_layout.h"

#include <fmt/format.h>

namespace kinlink::synth {
namespace {

constexpr ExportColumn kCbpColumns[] = {
    {"EVENT_NO"},
    {"SUBJECT_ID"},
    {"FAMILY_UNIT_ID"},
    {"FAMILY_ROLE"},
    {"CLAIMED_PARENT_ID"},
    {"NAME"},
    {"SEX"},
    {"DOB"},
    {"AGE", ColumnType::kInteger},
    {"CITIZENSHIP"},
    {"A_NUMBER"},
    {"APPREHENSION_DATE"},
    {"APPREHENSION_TIME"},
    {"SECTOR"},
    {"STATION"},
    {"ENTRY_DATE"},
    {"BOOK_OUT_DATE"},
    {"BOOK_OUT_TIME"},
    {"BOOK_OUT_DISPOSITION"},
};

constexpr ExportColumn kUsaoColumns[] = {
    {"ENTRY_ID"},
    {"CASE_NUMBER"},
    {"DISTRICT"},
    {"DEFENDANT"},
    {"STATUTE"},
    {"HEARING_DATE"},
    {"DEFENDANTS_IN_HEARING", ColumnType::kInteger},
    {"DISPOSITION"},
    {"SENTENCE_DATE"},
    {"SENTENCE_DAYS", ColumnType::kInteger},
    {"ENTRY_DATE"},
};

constexpr ExportColumn kUsmsColumns[] = {
    {"BOOKING_ID"},   {"USMS_NO"},      {"LAST_NAME"},    {"FIRST_NAME"},  {"MIDDLE_NAME"},
    {"SEX"},          {"DOB"},          {"CITIZENSHIP"},  {"DISTRICT"},    {"FACILITY"},
    {"CASE_NUMBER"},  {"BOOKING_DATE"}, {"RELEASE_DATE"}, {"RELEASED_TO"}, {"ENTRY_DATE"},
    {"BOOKING_TIME"}, {"RELEASE_TIME"},
};

constexpr ExportColumn kIceColumns[] = {
    {"STAY_ID"},
    {"A_NUMBER"},
    {"LAST_NAME"},
    {"FIRST_NAME"},
    {"SEX"},
    {"DOB"},
    {"CITIZENSHIP"},
    {"FACILITY"},
    {"FACILITY_TYPE"},
    {"BOOK_IN"},
    {"BOOK_OUT"},
    {"BOOK_OUT_REASON"},
    {"REMOVAL_DATE"},
    {"REMOVAL_COUNTRY"},
    {"ACCOMPANYING_CHILDREN", ColumnType::kInteger},
    {"ENTRY_DATE"},
};

constexpr ExportColumn kOrrColumns[] = {
    {"placement_id"},
    {"uac_id"},
    {"a_number"},
    {"first_name"},
    {"last_name"},
    {"gender"},
    {"dob"},
    {"age", ColumnType::kInteger},
    {"country_of_birth"},
    {"program"},
    {"referral_date"},
    {"referral_source"},
    {"separated", ColumnType::kBoolean},
    {"admission_date"},
    {"discharge_date"},
    {"discharge_type"},
    {"parent_info"},
    {"entered"},
};

const ExportLayout kLayouts[] = {
    {ExportAgency::kCbp, "cbp_apprehensions.csv", FileShape::kDelimited, ',', Quoting::kMinimal,
     "\n", Encoding::kUtf8, ',', kCbpColumns, "EVENT_NO"},
    {ExportAgency::kUsao, "usao_dockets.txt", FileShape::kDelimited, '|', Quoting::kNever, "\n",
     Encoding::kUtf8, '/', kUsaoColumns, "ENTRY_ID"},
    {ExportAgency::kUsms, "usms_bookings.csv", FileShape::kDelimited, ';', Quoting::kAll, "\r\n",
     Encoding::kLatin1, ';', kUsmsColumns, "BOOKING_ID"},
    {ExportAgency::kIce, "ice_detentions.tsv", FileShape::kDelimited, '\t', Quoting::kNever, "\n",
     Encoding::kUtf8, ' ', kIceColumns, "STAY_ID"},
    {ExportAgency::kOrr, "orr_placements.jsonl", FileShape::kJsonLines, 0, Quoting::kNever, "\n",
     Encoding::kUtf8, 0, kOrrColumns, "placement_id"},
};

}  // namespace

std::string_view ToString(ExportAgency agency) {
  switch (agency) {
    case ExportAgency::kCbp:
      return "cbp";
    case ExportAgency::kUsao:
      return "usao";
    case ExportAgency::kUsms:
      return "usms";
    case ExportAgency::kIce:
      return "ice";
    case ExportAgency::kOrr:
      return "orr";
  }
  return "unknown";
}

Result<ExportAgency> ParseExportAgency(std::string_view code) {
  for (ExportAgency agency : kAllExportAgencies) {
    if (ToString(agency) == code) return agency;
  }
  return InvalidArgumentError(
      fmt::format("unknown agency export '{}' (expected cbp, usao, usms, ice or orr)", code));
}

int ExportLayout::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const ExportLayout& LayoutFor(ExportAgency agency) { return kLayouts[static_cast<int>(agency)]; }

std::string FieldText(const FieldValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<int64_t>(&value)) return std::to_string(*number);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return "";
}

}  // namespace kinlink::synth
