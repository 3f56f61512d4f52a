// ANumber: the Alien Registration Number DHS assigns a person (NIEM im:AlienNumberIdentification).
//
// Valid input is an optional "A" (either case) followed by 8 or 9 digits, with optional spaces or
// dashes between groups ("A012-345-678", "a 12345678", "012345678"). The normalized form is "A"
// followed by 9 digits, zero-padded: 8-digit numbers are older numbers of the same series.
// All-zero numbers are rejected.
//
//   KINLINK_ASSIGN_OR_RETURN(ANumber a, ANumber::Parse("A-12-345-678"));
//   a.ToString();   // "A012345678"
//
// Thread safety: an immutable value.
#ifndef KINLINK_CORE_A_NUMBER_H_
#define KINLINK_CORE_A_NUMBER_H_

#include <compare>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinlink {

class ANumber {
 public:
  static Result<ANumber> Parse(std::string_view text);

  // "A012345678".
  const std::string& ToString() const { return normalized_; }
  // The nine digits without the "A".
  std::string_view digits() const { return std::string_view(normalized_).substr(1); }

  friend auto operator<=>(const ANumber&, const ANumber&) = default;

 private:
  explicit ANumber(std::string normalized) : normalized_(std::move(normalized)) {}
  std::string normalized_;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_A_NUMBER_H_
