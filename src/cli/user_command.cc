// `kinlink user add|list|remove|passwd`: the service's accounts (src/server/accounts.h), stored in
// the ledger database. Passwords are hashed with Argon2id; give them on stdin (--password-stdin,
// one line) or, for scripts and demos, with --password (visible to other local users in `ps`).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command.h"
#include "ledger/sqlite_connection.h"
#include "server/accounts.h"

namespace kinlink::cli {
namespace {

using server::Account;
using server::AccountStore;

struct UserOptions {
  std::string db = "kinlink.db";
  std::string username, role, agency, password, cost = "interactive";
  std::vector<std::string> families;
  bool names = false, password_stdin = false, json = false;
};

Result<std::string> ReadPassword(const UserOptions& o) {
  if (o.password_stdin == !o.password.empty()) {
    return InvalidArgumentError(
        "give the password with exactly one of --password-stdin, --password");
  }
  if (!o.password_stdin) return o.password;
  std::string line;
  if (!std::getline(std::cin, line)) return InvalidArgumentError("no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::unique_ptr<ledger::SqliteConnection>> OpenStore(const UserOptions& o) {
  if (!std::filesystem::exists(o.db)) {
    return NotFoundError(fmt::format("no ledger at '{}' (ingest records first)", o.db));
  }
  KINLINK_ASSIGN_OR_RETURN(auto db, ledger::SqliteConnection::Open({.path = o.db}));
  AccountStore store(*db);
  KINLINK_RETURN_IF_ERROR(store.EnsureSchema());
  return db;
}

server::PasswordCost CostOf(const UserOptions& o) {
  return o.cost == "minimal" ? server::PasswordCost::Minimal()
                             : server::PasswordCost::Interactive();
}

Status Add(const UserOptions& o, CommandIo& io) {
  KINLINK_ASSIGN_OR_RETURN(server::Role role, server::ParseRole(o.role));
  KINLINK_ASSIGN_OR_RETURN(std::string password, ReadPassword(o));
  KINLINK_ASSIGN_OR_RETURN(auto db, OpenStore(o));
  AccountStore store(*db, CostOf(o));
  Account account{.username = o.username,
                  .role = role,
                  .agency = o.agency,
                  .families = o.families,
                  .names_granted = o.names};
  KINLINK_RETURN_IF_ERROR(store.Add(account, password));
  io.out << fmt::format("added {} ({}{})\n", o.username, o.role,
                        o.agency.empty() ? "" : ", agency " + o.agency);
  return Status::Ok();
}

Status List(const UserOptions& o, CommandIo& io) {
  KINLINK_ASSIGN_OR_RETURN(auto db, OpenStore(o));
  AccountStore store(*db);
  KINLINK_ASSIGN_OR_RETURN(auto accounts, store.List());
  if (o.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& a : accounts) j.push_back(server::AccountToJson(a));
    io.out << j.dump(2) << "\n";
    return Status::Ok();
  }
  io.out << fmt::format("{:<20} {:<11} {:<7} {}\n", "user", "role", "agency", "scope");
  for (const auto& a : accounts) {
    std::string scope;
    if (a.role == server::Role::kCaseworker) {
      scope = "families:";
      for (const auto& f : a.families) scope += " " + f;
    } else if (a.role == server::Role::kOversight) {
      scope = a.names_granted ? "figures, audit log, names" : "figures, audit log";
    } else if (a.role == server::Role::kAdmin) {
      scope = "everything";
    } else {
      scope = "persons held by " + a.agency;
    }
    io.out << fmt::format("{:<20} {:<11} {:<7} {}{}\n", a.username, server::ToString(a.role),
                          a.agency.empty() ? "-" : a.agency, scope,
                          a.disabled ? " (disabled)" : "");
  }
  return Status::Ok();
}

Status Remove(const UserOptions& o, CommandIo& io) {
  KINLINK_ASSIGN_OR_RETURN(auto db, OpenStore(o));
  AccountStore store(*db);
  KINLINK_RETURN_IF_ERROR(store.Remove(o.username));
  io.out << fmt::format("removed {}\n", o.username);
  return Status::Ok();
}

Status Passwd(const UserOptions& o, CommandIo& io) {
  KINLINK_ASSIGN_OR_RETURN(std::string password, ReadPassword(o));
  KINLINK_ASSIGN_OR_RETURN(auto db, OpenStore(o));
  AccountStore store(*db, CostOf(o));
  KINLINK_RETURN_IF_ERROR(store.SetPassword(o.username, password));
  io.out << fmt::format("password of {} changed (sessions end at the next service restart)\n",
                        o.username);
  return Status::Ok();
}

void AddPasswordOptions(CLI::App* sub, UserOptions& o) {
  sub->add_flag("--password-stdin", o.password_stdin, "Read the password (one line) from stdin");
  sub->add_option("--password", o.password, "The password (visible in `ps`; prefer stdin)");
  sub->add_option("--cost", o.cost, "Argon2id cost: interactive, or minimal (tests only)")
      ->check(CLI::IsMember({"interactive", "minimal"}))
      ->capture_default_str();
}

CommandRunner SetUpUser(CLI::App& app) {
  auto o = std::make_shared<UserOptions>();
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", o->db, "The ledger database")->capture_default_str();
  CLI::App* add = app.add_subcommand("add", "Add an account");
  add->add_option("username", o->username, "1-64 of a-z 0-9 . _ -")->required();
  add->add_option("--role", o->role, "officer, caseworker, oversight or admin")->required();
  add->add_option("--agency", o->agency, "Officers: cbp, usao, usms, ice or orr");
  add->add_option("--family", o->families, "Caseworkers: an assigned family-unit id (repeatable)");
  add->add_flag("--names", o->names, "Oversight: may see names and person records");
  AddPasswordOptions(add, *o);
  CLI::App* list = app.add_subcommand("list", "List the accounts");
  list->add_flag("--json", o->json, "Print JSON");
  CLI::App* remove = app.add_subcommand("remove", "Remove an account");
  remove->add_option("username", o->username)->required();
  CLI::App* passwd = app.add_subcommand("passwd", "Set an account's password");
  passwd->add_option("username", o->username)->required();
  AddPasswordOptions(passwd, *o);
  return [o, add, list, remove, passwd](CommandIo& io) {
    Status s = add->parsed()      ? Add(*o, io)
               : list->parsed()   ? List(*o, io)
               : remove->parsed() ? Remove(*o, io)
               : passwd->parsed() ? Passwd(*o, io)
                                  : InvalidArgumentError("give add, list, remove or passwd");
    if (!s.ok()) return ReportError(io, s);
    return ExitCode::kOk;
  };
}

}  // namespace

KINLINK_REGISTER_COMMAND(user, "Manage the service's accounts (kinlink serve)", SetUpUser);

}  // namespace kinlink::cli
