// Comparisons and their levels: how two prepared records agree on one attribute.
//
// A Comparison turns a pair of records into a level: 0 is the strongest agreement (exact), the
// last level is "else" (disagreement), and kNullLevel means a side is missing, which the model
// treats as no evidence either way. Levels per kind:
//   given name : exact | variant, nickname, diminutive or same Spanish sound (first names) |
//                JW >= 0.92 (whole or first names) or one first name the start of the other |
//                JW >= 0.80 or token set >= 0.85 | swapped with surname | else
//   surname    : exact | paternal surname shared | paternal and maternal swapped |
//                JW >= 0.92 or same sound | JW >= 0.80 or one of two surnames shared |
//                swapped with given name | else
//   birth date : exact | day/month swapped | one digit typed wrong | within N days |
//                partial dates compatible | same year | else
//   identifier : exact | one edit | else          code: exact | one edit | else
//                (a scoped identifier, "cbp:S000000001", is missing against another scope's
//                value, and has no "one edit" level: an agency's numbers are issued in sequence)
//   text       : exact | JW >= 0.92 | JW >= 0.80 or token set >= 0.85 | else
//   category   : exact | else
//   event date : same day | within 7 days | within 60 days | else; records of one agency are
//                not compared (kNullLevel)
//   A-number   : exact | one edit | else
//
//   std::vector<Comparison> comparisons = DefaultComparisons(schema);
//   int level = comparisons[0].Level(a, b);
//
// Thread safety: Comparison is immutable; Level() is safe from any thread.
#ifndef KINLINK_LINKAGE_COMPARISON_H_
#define KINLINK_LINKAGE_COMPARISON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/link_record.h"
#include "linkage/prepared_record.h"

namespace kinlink::linkage {

inline constexpr int kNullLevel = 15;
inline constexpr int kMaxComparisons = 16;  // a pattern packs 16 levels of 4 bits into 64 bits

enum class ComparisonKind { kGivenName, kSurname, kBirthDate, kANumber, kSex, kField };

class Comparison {
 public:
  // `field_index` and `field_kind` are used by kField only.
  Comparison(std::string name, ComparisonKind kind, int field_index = -1,
             FieldKind field_kind = FieldKind::kText, bool term_frequency = false,
             bool scoped = false);

  const std::string& name() const { return name_; }
  ComparisonKind kind() const { return kind_; }
  int level_count() const { return static_cast<int>(labels_.size()); }
  const std::string& label(int level) const { return labels_[static_cast<size_t>(level)]; }
  // Whether the exact level's weight is adjusted by the frequency of the value.
  bool term_frequency() const { return term_frequency_; }
  int field_index() const { return field_index_; }

  // The level of agreement, or kNullLevel when a side lacks the value.
  int Level(const PreparedRecord& a, const PreparedRecord& b) const;
  // The values compared, for explanations ("jose" / "pepe").
  std::string ValueOf(const PreparedRecord& record) const;
  // For term-frequency adjustment: the share of records holding this record's value (0 = none).
  double Frequency(const PreparedRecord& record) const;

  // Days within which two full birth dates count as "within N days".
  static constexpr int kBirthDateWindowDays = 31;
  // Days apart within which two agencies' event dates are "near" and "far" (still related).
  static constexpr int kEventDateNearDays = 7;
  static constexpr int kEventDateFarDays = 60;

 private:
  std::string name_;
  ComparisonKind kind_;
  int field_index_;
  FieldKind field_kind_;
  bool term_frequency_;
  bool scoped_;
  std::vector<std::string> labels_;
};

// Comparisons for the names, birth date, sex and A-number, then one per schema field.
// `skip` names fields to leave out (e.g. "soc_sec_id" to test without it).
std::vector<Comparison> DefaultComparisons(const RecordSchema& schema,
                                           const std::vector<std::string>& skip = {});

// A comparison vector: the levels of every comparison, 4 bits each, comparison i at bits 4i.
using Pattern = uint64_t;
inline int LevelOf(Pattern pattern, size_t comparison) {
  return static_cast<int>((pattern >> (4 * comparison)) & 0xF);
}
Pattern ComparePair(const std::vector<Comparison>& comparisons, const PreparedRecord& a,
                    const PreparedRecord& b);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_COMPARISON_H_
