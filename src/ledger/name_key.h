// NameKey: the search form of a person's name: Unicode-normalized (NFKD), case-folded, accents
// stripped, punctuation turned into spaces, runs of spaces collapsed. "María  López-Hernández"
// and "MARIA LOPEZ HERNANDEZ" share the key "maria lopez hernandez".
//
//   NameKey("José Ángel");   // "jose angel"
//
// Invalid UTF-8 gives an empty key. Thread safety: a pure function.
#ifndef KINLINK_LEDGER_NAME_KEY_H_
#define KINLINK_LEDGER_NAME_KEY_H_

#include <string>
#include <string_view>

#include "core/person.h"

namespace kinlink::ledger {

std::string NameKey(std::string_view name);
// Given names, paternal and maternal surname, space-separated ("" when the person has no name).
std::string FullNameOf(const Person& person);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_NAME_KEY_H_
