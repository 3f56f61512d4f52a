// AccessPolicy: who may read which person and family record.
//
//   officer    — a person when any identity linked with them was ever in the officer's agency's
//                custody (or was recorded by that agency); a family when one of its members is such
//                a person (the family links of the agency's people). Reading another member's full
//                record is denied.
//   caseworker — the assigned families, and their members.
//   oversight  — neither, unless the account was granted names (then everything, read-only).
//   admin      — everything.
//
// The scope of a record (agencies, families) is read from the ledger's projections with prepared
// statements; ids are bound as parameters, never spliced into SQL.
//
//   KINLINK_ASSIGN_OR_RETURN(PersonScope scope, LoadPersonScope(db, "cbp:S1"));
//   AccessDecision d = CanReadPerson(account, scope);
//   if (!d.allowed) Deny(d.reason);
//
// Errors: storage errors. Thread safety: functions; one thread per connection.
#ifndef KINLINK_SERVER_ACCESS_POLICY_H_
#define KINLINK_SERVER_ACCESS_POLICY_H_

#include <string>
#include <vector>

#include "ledger/sql_connection.h"
#include "server/accounts.h"

namespace kinlink::server {

struct PersonScope {
  std::string person_id{};
  bool exists = false;
  std::vector<std::string> agencies{};  // every agency that held or recorded the person's cluster
  std::vector<std::string> families{};  // family units of the person's cluster
};

struct FamilyScope {
  std::string family_unit_id{};
  bool exists = false;
  std::vector<std::string> members{};
  std::vector<std::string> agencies{};  // union over members
};

struct AccessDecision {
  bool allowed = false;
  std::string reason{};  // why it was denied (for the audit entry and the 403 body)
};

Result<PersonScope> LoadPersonScope(ledger::SqlConnection& db, const std::string& person_id);
// `member_scopes`, when given, receives each member's scope (in FamilyScope::members order).
Result<FamilyScope> LoadFamilyScope(ledger::SqlConnection& db, const std::string& family_unit_id,
                                    std::vector<PersonScope>* member_scopes = nullptr);

AccessDecision CanReadPerson(const Account& account, const PersonScope& scope);
AccessDecision CanReadFamily(const Account& account, const FamilyScope& scope);
// Whether the account may see names at all (oversight without a grant may not).
bool SeesNames(const Account& account);
// Whether the account may use the figures and the audit log.
bool SeesOversight(const Account& account);

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_ACCESS_POLICY_H_
