#include "server/accounts.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <mutex>

#include "core/agency.h"

namespace kinlink::server {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

std::string JoinFamilies(const std::vector<std::string>& families) {
  nlohmann::json j = families;
  return j.dump();
}

std::vector<std::string> ParseFamilies(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& f : j) {
      if (f.is_string()) out.push_back(f.get<std::string>());
    }
  }
  return out;
}

constexpr std::string_view kColumns =
    "username, role, agency, families, names_granted, disabled, password_hash";

Result<Account> ReadAccount(const ledger::SqlStatement& s) {
  Account a;
  a.username = s.Text(0);
  KINLINK_ASSIGN_OR_RETURN(a.role, ParseRole(s.Text(1)));
  a.agency = s.Text(2);
  a.families = ParseFamilies(s.Text(3));
  a.names_granted = s.Int(4) != 0;
  a.disabled = s.Int(5) != 0;
  a.password_hash = s.Text(6);
  return a;
}

}  // namespace

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kOfficer:
      return "officer";
    case Role::kCaseworker:
      return "caseworker";
    case Role::kOversight:
      return "oversight";
    case Role::kAdmin:
      return "admin";
  }
  return "oversight";
}

Result<Role> ParseRole(std::string_view text) {
  for (Role r : {Role::kOfficer, Role::kCaseworker, Role::kOversight, Role::kAdmin}) {
    if (ToString(r) == text) return r;
  }
  return InvalidArgumentError(
      fmt::format("unknown role '{}' (officer, caseworker, oversight, admin)", text));
}

nlohmann::json AccountToJson(const Account& account) {
  nlohmann::json j = {{"username", account.username},
                      {"role", ToString(account.role)},
                      {"names_granted", account.role != Role::kOversight || account.names_granted},
                      {"disabled", account.disabled}};
  if (!account.agency.empty()) j["agency"] = account.agency;
  if (account.role == Role::kCaseworker) j["families"] = account.families;
  return j;
}

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::Minimal() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  InitSodium();
  KINLINK_RETURN_IF_ERROR(ValidatePassword(password));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  InitSodium();
  std::string hash(encoded_hash);  // must be NUL-terminated
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status ValidateUsername(std::string_view username) {
  bool ok =
      !username.empty() && username.size() <= 64 &&
      std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!ok) {
    return InvalidArgumentError(
        fmt::format("bad username '{}': use 1-64 of a-z, 0-9, '.', '_', '-'", username));
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < 8) return InvalidArgumentError("the password must have at least 8 bytes");
  if (password.size() > 1024) return InvalidArgumentError("the password is longer than 1024 bytes");
  return Status::Ok();
}

Status AccountStore::EnsureSchema() {
  return db_.Execute(
      "CREATE TABLE IF NOT EXISTS service_user ("
      " username TEXT PRIMARY KEY,"
      " role TEXT NOT NULL,"
      " agency TEXT NOT NULL,"
      " families TEXT NOT NULL,"
      " names_granted INTEGER NOT NULL,"
      " disabled INTEGER NOT NULL,"
      " password_hash TEXT NOT NULL,"
      " created_at BIGINT NOT NULL)");
}

Status AccountStore::Validate(const Account& account) {
  KINLINK_RETURN_IF_ERROR(ValidateUsername(account.username));
  if (account.role == Role::kOfficer) {
    if (account.agency.empty()) return InvalidArgumentError("an officer needs --agency");
    KINLINK_RETURN_IF_ERROR(ParseAgency(account.agency).status());
  } else if (!account.agency.empty()) {
    return InvalidArgumentError("only officers have an agency");
  }
  if (account.role != Role::kCaseworker && !account.families.empty()) {
    return InvalidArgumentError("only caseworkers are assigned families");
  }
  return Status::Ok();
}

Status AccountStore::Add(Account account, std::string_view password) {
  KINLINK_RETURN_IF_ERROR(Validate(account));
  KINLINK_ASSIGN_OR_RETURN(auto existing, Find(account.username));
  if (existing) {
    return AlreadyExistsError(fmt::format("user '{}' already exists", account.username));
  }
  KINLINK_ASSIGN_OR_RETURN(account.password_hash, HashPassword(password, cost_));
  KINLINK_ASSIGN_OR_RETURN(
      ledger::SqlStatement * s,
      db_.Prepare(fmt::format("INSERT INTO service_user ({}, created_at) VALUES (?,?,?,?,?,?,?,?)",
                              kColumns)));
  s->BindText(1, account.username);
  s->BindText(2, ToString(account.role));
  s->BindText(3, account.agency);
  s->BindText(4, JoinFamilies(account.families));
  s->BindInt(5, account.names_granted);
  s->BindInt(6, account.disabled);
  s->BindText(7, account.password_hash);
  s->BindInt(8, std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count());
  return s->Run();
}

Status AccountStore::Remove(std::string_view username) {
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlStatement * s,
                           db_.Prepare("DELETE FROM service_user WHERE username = ?"));
  s->BindText(1, username);
  KINLINK_RETURN_IF_ERROR(s->Run());
  if (db_.ChangedRows() == 0) return NotFoundError(fmt::format("no user '{}'", username));
  return Status::Ok();
}

Status AccountStore::SetPassword(std::string_view username, std::string_view password) {
  KINLINK_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, cost_));
  KINLINK_ASSIGN_OR_RETURN(
      ledger::SqlStatement * s,
      db_.Prepare("UPDATE service_user SET password_hash = ? WHERE username = ?"));
  s->BindText(1, hash);
  s->BindText(2, username);
  KINLINK_RETURN_IF_ERROR(s->Run());
  if (db_.ChangedRows() == 0) return NotFoundError(fmt::format("no user '{}'", username));
  return Status::Ok();
}

Status AccountStore::Update(const Account& account) {
  KINLINK_RETURN_IF_ERROR(Validate(account));
  KINLINK_ASSIGN_OR_RETURN(ledger::SqlStatement * s,
                           db_.Prepare("UPDATE service_user SET role = ?, agency = ?, families = ?,"
                                       " names_granted = ?, disabled = ? WHERE username = ?"));
  s->BindText(1, ToString(account.role));
  s->BindText(2, account.agency);
  s->BindText(3, JoinFamilies(account.families));
  s->BindInt(4, account.names_granted);
  s->BindInt(5, account.disabled);
  s->BindText(6, account.username);
  KINLINK_RETURN_IF_ERROR(s->Run());
  if (db_.ChangedRows() == 0) return NotFoundError(fmt::format("no user '{}'", account.username));
  return Status::Ok();
}

Result<std::optional<Account>> AccountStore::Find(std::string_view username) {
  KINLINK_ASSIGN_OR_RETURN(
      ledger::SqlStatement * s,
      db_.Prepare(fmt::format("SELECT {} FROM service_user WHERE username = ?", kColumns)));
  s->BindText(1, username);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Account>();
  auto account = ReadAccount(*s);
  s->Reset();
  if (!account.ok()) return account.status();
  return std::optional<Account>(std::move(*account));
}

Result<std::vector<Account>> AccountStore::List() {
  KINLINK_ASSIGN_OR_RETURN(
      ledger::SqlStatement * s,
      db_.Prepare(fmt::format("SELECT {} FROM service_user ORDER BY username", kColumns)));
  std::vector<Account> out;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    KINLINK_ASSIGN_OR_RETURN(Account a, ReadAccount(*s));
    a.password_hash.clear();
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<Account>> AccountStore::Authenticate(std::string_view username,
                                                          std::string_view password) {
  static const std::string kDecoy = [] {
    auto h = HashPassword("decoy-password-never-matches", PasswordCost::Minimal());
    return h.ok() ? *h : std::string();
  }();
  if (!ValidateUsername(username).ok()) {
    VerifyPassword(kDecoy, password);
    return std::optional<Account>();
  }
  KINLINK_ASSIGN_OR_RETURN(auto account, Find(username));
  if (!account) {
    VerifyPassword(kDecoy, password);
    return std::optional<Account>();
  }
  if (!VerifyPassword(account->password_hash, password) || account->disabled) {
    return std::optional<Account>();
  }
  account->password_hash.clear();
  return account;
}

}  // namespace kinlink::server
