// Accounts: the service's users, their roles and scopes, and their Argon2id password hashes.
//
// Accounts live in the ledger's database, in the `service_user` table this module creates (it is
// not part of the hash-chained log: accounts are configuration, their use is what gets audited).
// Passwords are hashed with libsodium's crypto_pwhash_str (Argon2id); only the encoded hash is
// stored. Roles:
//   officer    — an agency officer: persons ever in the custody of `agency`, and the family links
//                of those persons;
//   caseworker — the families in `families` and their members;
//   oversight  — figures and the audit log; person names only when `names_granted`;
//   admin      — everything, and review decisions.
//
//   AccountStore store(db);
//   KINLINK_RETURN_IF_ERROR(store.EnsureSchema());
//   KINLINK_RETURN_IF_ERROR(store.Add({.username = "ana", .role = Role::kOfficer, .agency = "cbp"},
//                                     "correct horse"));
//   KINLINK_ASSIGN_OR_RETURN(std::optional<Account> who, store.Authenticate("ana", "correct
//   horse"));
//
// Errors: InvalidArgument for a bad username, role, agency or a short password; AlreadyExists /
// NotFound for add/remove; storage errors. Thread safety: one thread per connection (the store
// only borrows `db`); the password functions are thread-safe.
#ifndef KINLINK_SERVER_ACCOUNTS_H_
#define KINLINK_SERVER_ACCOUNTS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/sql_connection.h"

namespace kinlink::server {

enum class Role { kOfficer, kCaseworker, kOversight, kAdmin };
std::string_view ToString(Role role);
Result<Role> ParseRole(std::string_view text);

struct Account {
  std::string username{};
  Role role = Role::kOversight;
  std::string agency{};                 // officers: "cbp", "ice", "orr", "usms", "usao"
  std::vector<std::string> families{};  // caseworkers: assigned family-unit ids
  bool names_granted = false;           // oversight: may see person names
  bool disabled = false;
  std::string password_hash{};  // crypto_pwhash_str output; empty in listings
};

nlohmann::json AccountToJson(const Account& account);  // never includes the hash

// Argon2id cost. kInteractive is libsodium's interactive preset (64 MiB, ops 2); tests use
// kMinimal.
struct PasswordCost {
  unsigned long long ops;
  size_t mem;
  static PasswordCost Interactive();
  static PasswordCost Minimal();
};

Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// Username: 1–64 of [a-z0-9._-]. Password: at least 8 bytes, at most 1024.
Status ValidateUsername(std::string_view username);
Status ValidatePassword(std::string_view password);

class AccountStore {
 public:
  explicit AccountStore(ledger::SqlConnection& db, PasswordCost cost = PasswordCost::Interactive())
      : db_(db), cost_(cost) {}

  Status EnsureSchema();
  Status Add(Account account, std::string_view password);
  Status Remove(std::string_view username);
  Status SetPassword(std::string_view username, std::string_view password);
  // Replaces role/agency/families/names_granted/disabled (not the password).
  Status Update(const Account& account);
  Result<std::optional<Account>> Find(std::string_view username);
  Result<std::vector<Account>> List();
  // The account when the password matches an enabled account; nullopt otherwise (the same work is
  // done for an unknown user, so timing does not reveal which usernames exist).
  Result<std::optional<Account>> Authenticate(std::string_view username, std::string_view password);

 private:
  Status Validate(const Account& account);
  ledger::SqlConnection& db_;
  PasswordCost cost_;
};

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_ACCOUNTS_H_
