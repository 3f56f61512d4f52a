// String comparators used by the comparison levels: Jaro, Jaro–Winkler, Damerau–Levenshtein with
// an early exit, and a token-set similarity for multi-token names.
//
//   JaroWinkler("martha", "marhta");                 // 0.9611
//   DamerauLevenshtein("jose", "jsoe", 1);          // 1 (one transposition)
//   DamerauLevenshtein("maria", "pedro", 1);        // 2 == max_distance + 1: gave up early
//   TokenSetSimilarity({"maria","guadalupe"}, {"guadalupe","maria"});  // 1.0
//
// DamerauLevenshtein is the optimal-string-alignment distance (adjacent transpositions count one
// edit, no substring is edited twice). With `max_distance` it stops as soon as every cell of a
// row exceeds it and returns max_distance + 1, so a "within one edit" level costs O(n) per pair.
// Inputs are byte strings; callers pass folded ASCII text.
// Thread safety: pure functions; safe from any thread.
#ifndef KINLINK_LINKAGE_STRING_SIMILARITY_H_
#define KINLINK_LINKAGE_STRING_SIMILARITY_H_

#include <string>
#include <string_view>
#include <vector>

namespace kinlink::linkage {

// Jaro similarity of the bytes of a and b. Strings of up to 64 bytes (every name) are matched with
// bit masks; longer ones by the textbook scan. Both give the same value to the last bit.
double Jaro(std::string_view a, std::string_view b);

// The textbook Jaro scan for two non-empty strings of any length: what Jaro() computes, kept as
// the reference the bit-mask version is tested against.
double JaroScan(std::string_view a, std::string_view b);

// Jaro–Winkler with the usual prefix scale 0.1 and prefix of at most four characters.
double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale = 0.1);

// An upper bound of JaroWinkler(a, b) from the lengths and the common prefix alone: at most the
// shorter string's characters can match, and the prefix bonus grows with the Jaro score. Exact
// for equal strings; a few instructions.
double JaroWinklerBound(std::string_view a, std::string_view b, double prefix_scale = 0.1);

// JaroWinkler(a, b) when its bound reaches `floor`, else 0: for callers that only compare the
// score with thresholds at or above `floor`, the same answers without computing most scores of
// strings of very different lengths.
double JaroWinklerFrom(std::string_view a, std::string_view b, double floor);

// Edit distance with adjacent transpositions; returns max_distance + 1 when the distance exceeds
// max_distance (pass a negative max_distance for no limit).
int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance = -1);

// Symmetric best-match similarity between token lists: each token is paired with its most similar
// token on the other side (Jaro–Winkler) and the scores are averaged over the larger list, so
// order does not matter and a missing token costs its share. 1.0 for equal token sets; 0.0 when
// either side is empty.
double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_STRING_SIMILARITY_H_
