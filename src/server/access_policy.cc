#include "server/access_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace kinlink::server {
namespace {

using ledger::SqlConnection;
using ledger::SqlStatement;

void AddUnique(std::vector<std::string>& to, std::string value) {
  if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(std::move(value));
}

bool Contains(const std::vector<std::string>& in, std::string_view value) {
  return std::find(in.begin(), in.end(), value) != in.end();
}

// The person's identity cluster (itself when unlinked).
Result<std::vector<std::string>> Cluster(SqlConnection& db, const std::string& person_id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT m.person_id FROM identity_cluster c JOIN identity_cluster m"
                 " ON m.cluster_id = c.cluster_id WHERE c.person_id = ?"));
  s->BindText(1, person_id);
  std::vector<std::string> out{person_id};
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    AddUnique(out, s->Text(0));
  }
  return out;
}

Status AddIdentityScope(SqlConnection& db, const std::string& id, PersonScope& scope) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * source,
                           db.Prepare("SELECT source FROM person WHERE person_id = ?"));
  source->BindText(1, id);
  KINLINK_ASSIGN_OR_RETURN(bool found, source->Step());
  if (found) {
    scope.exists = true;
    AddUnique(scope.agencies, source->Text(0));
  }
  source->Reset();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * custody,
      db.Prepare("SELECT DISTINCT agency FROM custody_interval WHERE person_id = ?"));
  custody->BindText(1, id);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, custody->Step());
    if (!row) break;
    scope.exists = true;
    AddUnique(scope.agencies, custody->Text(0));
  }
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * families,
      db.Prepare("SELECT family_unit_id FROM family_member WHERE person_id = ?"));
  families->BindText(1, id);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, families->Step());
    if (!row) break;
    scope.exists = true;
    AddUnique(scope.families, families->Text(0));
  }
  return Status::Ok();
}

}  // namespace

Result<PersonScope> LoadPersonScope(SqlConnection& db, const std::string& person_id) {
  PersonScope scope;
  scope.person_id = person_id;
  KINLINK_ASSIGN_OR_RETURN(std::vector<std::string> cluster, Cluster(db, person_id));
  for (const auto& id : cluster) KINLINK_RETURN_IF_ERROR(AddIdentityScope(db, id, scope));
  return scope;
}

Result<FamilyScope> LoadFamilyScope(SqlConnection& db, const std::string& family_unit_id,
                                    std::vector<PersonScope>* member_scopes) {
  FamilyScope scope;
  scope.family_unit_id = family_unit_id;
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare(
          "SELECT person_id FROM family_member WHERE family_unit_id = ? ORDER BY person_id"));
  s->BindText(1, family_unit_id);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    scope.exists = true;
    scope.members.push_back(s->Text(0));
  }
  for (const auto& member : scope.members) {
    KINLINK_ASSIGN_OR_RETURN(PersonScope p, LoadPersonScope(db, member));
    for (const auto& a : p.agencies) AddUnique(scope.agencies, a);
    if (member_scopes) member_scopes->push_back(std::move(p));
  }
  return scope;
}

bool SeesNames(const Account& account) {
  return account.role != Role::kOversight || account.names_granted;
}

bool SeesOversight(const Account& account) {
  return account.role == Role::kOversight || account.role == Role::kAdmin;
}

AccessDecision CanReadPerson(const Account& account, const PersonScope& scope) {
  switch (account.role) {
    case Role::kAdmin:
      return {true, ""};
    case Role::kOversight:
      if (account.names_granted) return {true, ""};
      return {false, "oversight accounts see figures, not person records (no names grant)"};
    case Role::kOfficer:
      if (Contains(scope.agencies, account.agency)) return {true, ""};
      return {false, fmt::format("{} was never in {} custody", scope.person_id, account.agency)};
    case Role::kCaseworker:
      for (const auto& f : scope.families) {
        if (Contains(account.families, f)) return {true, ""};
      }
      return {false, fmt::format("{} is not in a family assigned to {}", scope.person_id,
                                 account.username)};
  }
  return {false, "unknown role"};
}

AccessDecision CanReadFamily(const Account& account, const FamilyScope& scope) {
  switch (account.role) {
    case Role::kAdmin:
      return {true, ""};
    case Role::kOversight:
      if (account.names_granted) return {true, ""};
      return {false, "oversight accounts see figures, not family records (no names grant)"};
    case Role::kOfficer:
      if (Contains(scope.agencies, account.agency)) return {true, ""};
      return {false, fmt::format("no member of {} was in {} custody", scope.family_unit_id,
                                 account.agency)};
    case Role::kCaseworker:
      if (Contains(account.families, scope.family_unit_id)) return {true, ""};
      return {false,
              fmt::format("{} is not assigned to {}", scope.family_unit_id, account.username)};
  }
  return {false, "unknown role"};
}

}  // namespace kinlink::server
