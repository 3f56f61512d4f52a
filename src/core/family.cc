#include "core/family.h"

#include "core/enum_table.h"

namespace kinlink {
namespace {
constexpr internal::EnumEntry<RelationshipKind> kRelationshipCodes[] = {
    {RelationshipKind::kBiological, "biological"},
    {RelationshipKind::kAdoptive, "adoptive"},
    {RelationshipKind::kLegalGuardian, "legal_guardian"},
    {RelationshipKind::kOtherRelative, "other_relative"},
    {RelationshipKind::kClaimedUnverified, "claimed_unverified"},
    {RelationshipKind::kDisproven, "disproven"},
    {RelationshipKind::kInferred, "inferred"}};
}  // namespace

std::string_view ToString(RelationshipKind kind) {
  return internal::CodeOf<RelationshipKind>(kRelationshipCodes, kind);
}
Result<RelationshipKind> ParseRelationshipKind(std::string_view code) {
  return internal::ParseCode<RelationshipKind>(kRelationshipCodes, code, "relationship kind");
}
bool IsParentalKind(RelationshipKind kind) {
  return kind == RelationshipKind::kBiological || kind == RelationshipKind::kAdoptive ||
         kind == RelationshipKind::kLegalGuardian;
}

}  // namespace kinlink
