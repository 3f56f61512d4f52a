// IdentityMap: ledger identities <-> truth persons, through the records that name them.
//
// Each ledger identity is the person of the source records that describe it; the answer key says
// whose each record truly is. An identity whose records belong to several truth persons maps to
// the person with most of them (ties: the smallest person id) and counts as mixed. A truth person
// whose records span several identities is asked about through the identity holding most of their
// records; ties go to the identity whose latest record is latest — among the records that had
// begun by the moment asked about, when one is given (a record begins at its earliest truth
// event) — then to the smallest id: the identity a caseworker searching for them then would find.
//
//   IdentityMap map = IdentityMap::Build(rows, key, truth);
//   const std::string* p = map.TruthOf("cbp:S000000123");
//   std::string id = map.Representative("P17");   // "" when no record of P17 is in the ledger
//
// Errors: none (records missing from either side are counted). Thread safety: immutable.
#ifndef KINLINK_EVALUATE_IDENTITY_MAP_H_
#define KINLINK_EVALUATE_IDENTITY_MAP_H_

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "evaluate/answer_key.h"
#include "evaluate/truth_model.h"

namespace kinlink::evaluate {

// One source record of the ledger and the identity it describes.
struct RecordOfIdentity {
  std::string agency, record_id, identity;
};

class IdentityMap {
 public:
  // `truth` gives each record's time (its latest truth event); may be null.
  static IdentityMap Build(const std::vector<RecordOfIdentity>& rows, const AnswerKey& key,
                           const TruthModel* truth);

  // The truth person of an identity, or null when none of its records is in the key.
  const std::string* TruthOf(const std::string& identity) const;
  // The identity to ask about a truth person (at moment `at`, when given); "" when the ledger has
  // none of their records.
  std::string Representative(const std::string& person,
                             std::optional<Timestamp> at = std::nullopt) const;
  // Every identity holding a record of the person (sorted).
  std::vector<std::string> IdentitiesOf(const std::string& person) const;

  int mixed_identities() const { return mixed_; }
  int identities() const { return static_cast<int>(truth_of_.size()); }
  int records_not_in_key() const { return records_not_in_key_; }

 private:
  struct Holding {
    int records = 0;
    std::vector<Timestamp> begins;  // each record's earliest truth event, when known
  };
  std::unordered_map<std::string, std::string> truth_of_;
  // person -> identity -> that identity's records of the person
  std::unordered_map<std::string, std::map<std::string, Holding>> holdings_;
  int mixed_ = 0;
  int records_not_in_key_ = 0;
};

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_IDENTITY_MAP_H_
