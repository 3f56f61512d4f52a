// Status and Result<T>: how kinlink reports expected failures.
//
// Every call that can fail for a reason the caller should handle (bad input, a missing file, a
// record that does not validate, a full queue) returns a Status or a Result<T>. Exceptions and
// assertions are reserved for broken invariants (see CONTRIBUTING.md). Codes are mapped to exit
// codes in src/cli and to HTTP statuses in src/server, and nowhere else.
//
//   Result<ANumber> a = ANumber::Parse(text);
//   if (!a.ok()) return a.status();
//   Use(*a);
//
//   KINLINK_ASSIGN_OR_RETURN(ANumber a, ANumber::Parse(text));
//   KINLINK_RETURN_IF_ERROR(store.Append(event));
//
// Thread safety: Status and Result are values; const access from several threads is safe.
#ifndef KINLINK_CORE_STATUS_H_
#define KINLINK_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kinlink {

// Canonical codes, named after the gRPC / Abseil set so their meaning is familiar.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed: bad date, bad A-number, wrong column count
  kNotFound,            // a file, record or person that does not exist
  kAlreadyExists,       // a record keyed the same way is already stored
  kFailedPrecondition,  // the system is not in a state where the call can run
  kOutOfRange,          // a value is well-formed but outside what is allowed
  kPermissionDenied,    // the caller is known but may not do this
  kUnauthenticated,     // the caller is not known
  kResourceExhausted,   // a capacity or size limit was reached
  kAborted,             // a concurrent change won; retrying may succeed
  kUnavailable,         // a transient failure of a dependency (I/O, database busy)
  kDataLoss,            // stored data is corrupt or a hash chain does not verify
  kInternal,            // a failure kinlink did not expect; a bug
};

// The lower-case name of a code, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid_argument: bad date '13/45/2011'" or "ok".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context`, e.g. "cbp.csv:12: field dob: ...".
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status OutOfRangeError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status AbortedError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);
Status InternalError(std::string message);

// Either a value of type T or a non-OK Status. Constructing a Result from an OK Status is a
// broken invariant (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<1>, std::move(value)) {}        // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<0>, std::move(status)) {  // NOLINT
    assert(!std::get<0>(state_).ok() && "Result constructed from an OK status");
  }

  bool ok() const { return state_.index() == 1; }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<0>(state_); }

  // Accessors require ok(); calling them otherwise is a broken invariant.
  const T& value() const& { return std::get<1>(state_); }
  T& value() & { return std::get<1>(state_); }
  T&& value() && { return std::get<1>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The value, or `fallback` when there is none.
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<Status, T> state_;
};

namespace internal {
inline Status AsStatus(const Status& status) { return status; }
template <typename T>
Status AsStatus(const Result<T>& result) {
  return result.status();
}
}  // namespace internal

}  // namespace kinlink

#define KINLINK_CONCAT_INNER(a, b) a##b
#define KINLINK_CONCAT(a, b) KINLINK_CONCAT_INNER(a, b)

// Returns the status of `expr` (a Status or Result) from the enclosing function if it is not OK.
#define KINLINK_RETURN_IF_ERROR(expr)                                        \
  do {                                                                       \
    ::kinlink::Status kinlink_status_ = ::kinlink::internal::AsStatus(expr); \
    if (!kinlink_status_.ok()) return kinlink_status_;                       \
  } while (false)

// Evaluates `expr` (a Result<T>); on error returns its status, otherwise moves the value into
// `lhs`.
// `lhs` may be a declaration (`int x`), so it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define KINLINK_ASSIGN_OR_RETURN(lhs, expr) \
  KINLINK_ASSIGN_OR_RETURN_IMPL(KINLINK_CONCAT(kinlink_result_, __LINE__), lhs, expr)
#define KINLINK_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // KINLINK_CORE_STATUS_H_
