// DoubleMetaphone (declared in phonetic.h): a port of Lawrence Philips' Double Metaphone
// reference implementation (C++ Users Journal, June 2000). Comments name the cases as he did.
#include <initializer_list>

#include "linkage/phonetic.h"
#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

class Encoder {
 public:
  explicit Encoder(std::string word, size_t max_length)
      : s_(std::move(word)),
        length_(static_cast<int>(s_.size())),
        last_(length_ - 1),
        max_length_(max_length) {
    s_ += "     ";  // padding so look-ahead never leaves the string
  }

  MetaphoneKeys Run();

 private:
  char At(int i) const { return (i < 0 || i >= length_) ? '\0' : s_[static_cast<size_t>(i)]; }
  bool StringAt(int start, int length, std::initializer_list<const char*> options) const {
    if (start < 0) return false;
    for (const char* option : options) {
      if (s_.compare(static_cast<size_t>(start), static_cast<size_t>(length), option) == 0) {
        return true;
      }
    }
    return false;
  }
  bool IsVowel(int i) const {
    char c = At(i);
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
  }
  bool SlavoGermanic() const {
    return s_.find('W') != std::string::npos || s_.find('K') != std::string::npos ||
           s_.find("CZ") != std::string::npos || s_.find("WITZ") != std::string::npos;
  }
  void Add(const char* main) { Add(main, main); }
  void Add(const char* main, const char* alt) {
    primary_ += main;
    alternate_ += alt;
  }

  std::string s_;
  int length_;
  int last_;
  size_t max_length_;
  std::string primary_;
  std::string alternate_;
  int current_ = 0;

  void DoC();
  void DoG();
};

void Encoder::DoC() {
  int c = current_;
  // Various Germanic.
  if (c > 1 && !IsVowel(c - 2) && StringAt(c - 1, 3, {"ACH"}) && At(c + 2) != 'I' &&
      (At(c + 2) != 'E' || StringAt(c - 2, 6, {"BACHER", "MACHER"}))) {
    Add("K");
    current_ += 2;
    return;
  }
  if (c == 0 && StringAt(c, 6, {"CAESAR"})) {
    Add("S");
    current_ += 2;
    return;
  }
  if (StringAt(c, 4, {"CHIA"})) {  // Italian 'chianti'
    Add("K");
    current_ += 2;
    return;
  }
  if (StringAt(c, 2, {"CH"})) {
    if (c > 0 && StringAt(c, 4, {"CHAE"})) {  // michael
      Add("K", "X");
      current_ += 2;
      return;
    }
    if (c == 0 &&
        (StringAt(c + 1, 5, {"HARAC", "HARIS"}) ||
         StringAt(c + 1, 3, {"HOR", "HYM", "HIA", "HEM"})) &&
        !StringAt(0, 5, {"CHORE"})) {  // Greek roots: chemistry, chorus
      Add("K");
      current_ += 2;
      return;
    }
    if (StringAt(0, 4, {"VAN ", "VON "}) || StringAt(0, 3, {"SCH"}) ||
        StringAt(c - 2, 6, {"ORCHES", "ARCHIT", "ORCHID"}) || StringAt(c + 2, 1, {"T", "S"}) ||
        ((StringAt(c - 1, 1, {"A", "O", "U", "E"}) || c == 0) &&
         StringAt(c + 2, 1, {"L", "R", "N", "M", "B", "H", "F", "V", "W", " "}))) {
      Add("K");
    } else if (c > 0) {
      if (StringAt(0, 2, {"MC"})) {
        Add("K");
      } else {
        Add("X", "K");
      }
    } else {
      Add("X");
    }
    current_ += 2;
    return;
  }
  if (StringAt(c, 2, {"CZ"}) && !StringAt(c - 2, 4, {"WICZ"})) {  // czerny
    Add("S", "X");
    current_ += 2;
    return;
  }
  if (StringAt(c + 1, 3, {"CIA"})) {  // focaccia
    Add("X");
    current_ += 3;
    return;
  }
  if (StringAt(c, 2, {"CC"}) && !(c == 1 && At(0) == 'M')) {  // double c, not McClellan
    if (StringAt(c + 2, 1, {"I", "E", "H"}) && !StringAt(c + 2, 2, {"HU"})) {
      if ((c == 1 && At(c - 1) == 'A') || StringAt(c - 1, 5, {"UCCEE", "UCCES"})) {
        Add("KS");  // accident, accede, succeed
      } else {
        Add("X");  // bacci, bertucci
      }
      current_ += 3;
      return;
    }
    Add("K");  // Pierce's rule
    current_ += 2;
    return;
  }
  if (StringAt(c, 2, {"CK", "CG", "CQ"})) {
    Add("K");
    current_ += 2;
    return;
  }
  if (StringAt(c, 2, {"CI", "CE", "CY"})) {
    if (StringAt(c, 3, {"CIO", "CIE", "CIA"})) {  // Italian vs English
      Add("S", "X");
    } else {
      Add("S");
    }
    current_ += 2;
    return;
  }
  Add("K");
  if (StringAt(c + 1, 2, {" C", " Q", " G"})) {  // mac caffrey, mac gregor
    current_ += 3;
  } else if (StringAt(c + 1, 1, {"C", "K", "Q"}) && !StringAt(c + 1, 2, {"CE", "CI"})) {
    current_ += 2;
  } else {
    current_ += 1;
  }
}

void Encoder::DoG() {
  int c = current_;
  if (At(c + 1) == 'H') {
    if (c > 0 && !IsVowel(c - 1)) {
      Add("K");
      current_ += 2;
      return;
    }
    if (c < 3 && c == 0) {  // ghislane, ghiradelli
      if (At(c + 2) == 'I') {
        Add("J");
      } else {
        Add("K");
      }
      current_ += 2;
      return;
    }
    // Parker's rule (with some further refinements): hugh
    if ((c > 1 && StringAt(c - 2, 1, {"B", "H", "D"})) ||
        (c > 2 && StringAt(c - 3, 1, {"B", "H", "D"})) ||
        (c > 3 && StringAt(c - 4, 1, {"B", "H"}))) {
      current_ += 2;
      return;
    }
    // laugh, McLaughlin, cough, gough, rough, tough
    if (c > 2 && At(c - 1) == 'U' && StringAt(c - 3, 1, {"C", "G", "L", "R", "T"})) {
      Add("F");
    } else if (c > 0 && At(c - 1) != 'I') {
      Add("K");
    }
    current_ += 2;
    return;
  }
  if (At(c + 1) == 'N') {
    if (c == 1 && IsVowel(0) && !SlavoGermanic()) {
      Add("KN", "N");
    } else if (!StringAt(c + 2, 2, {"EY"}) && At(c + 1) != 'Y' && !SlavoGermanic()) {
      Add("N", "KN");
    } else {
      Add("KN");
    }
    current_ += 2;
    return;
  }
  if (StringAt(c + 1, 2, {"LI"}) && !SlavoGermanic()) {  // tagliaro
    Add("KL", "L");
    current_ += 2;
    return;
  }
  // -ges-, -gep-, -gel-, -gie- at beginning
  if (c == 0 &&
      (At(c + 1) == 'Y' ||
       StringAt(c + 1, 2, {"ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"}))) {
    Add("K", "J");
    current_ += 2;
    return;
  }
  // -ger-, -gy-
  if ((StringAt(c + 1, 2, {"ER"}) || At(c + 1) == 'Y') &&
      !StringAt(0, 6, {"DANGER", "RANGER", "MANGER"}) && !StringAt(c - 1, 1, {"E", "I"}) &&
      !StringAt(c - 1, 3, {"RGY", "OGY"})) {
    Add("K", "J");
    current_ += 2;
    return;
  }
  // Italian: biaggi
  if (StringAt(c + 1, 1, {"E", "I", "Y"}) || StringAt(c - 1, 4, {"AGGI", "OGGI"})) {
    if (StringAt(0, 4, {"VAN ", "VON "}) || StringAt(0, 3, {"SCH"}) || StringAt(c + 1, 2, {"ET"})) {
      Add("K");  // obvious Germanic
    } else if (StringAt(c + 1, 4, {"IER "})) {
      Add("J");
    } else {
      Add("J", "K");
    }
    current_ += 2;
    return;
  }
  Add("K");
  current_ += (At(c + 1) == 'G') ? 2 : 1;
}

MetaphoneKeys Encoder::Run() {
  if (length_ < 1) return {};
  // Skip these when at start of word.
  if (StringAt(0, 2, {"GN", "KN", "PN", "WR", "PS"})) current_ += 1;
  // Initial 'X' is pronounced 'Z' e.g. 'Xavier'.
  if (At(0) == 'X') {
    Add("S");
    current_ += 1;
  }
  while ((primary_.size() < max_length_ || alternate_.size() < max_length_) && current_ < length_) {
    int c = current_;
    switch (At(c)) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
      case 'Y':
        if (c == 0) Add("A");  // all initial vowels map to 'A'
        current_ += 1;
        break;
      case 'B':
        Add("P");  // "-mb", e.g. "dumb", already skipped over
        current_ += (At(c + 1) == 'B') ? 2 : 1;
        break;
      case 'C':
        DoC();
        break;
      case 'D':
        if (StringAt(c, 2, {"DG"})) {
          if (StringAt(c + 2, 1, {"I", "E", "Y"})) {  // edge
            Add("J");
            current_ += 3;
          } else {  // edgar
            Add("TK");
            current_ += 2;
          }
        } else if (StringAt(c, 2, {"DT", "DD"})) {
          Add("T");
          current_ += 2;
        } else {
          Add("T");
          current_ += 1;
        }
        break;
      case 'F':
        Add("F");
        current_ += (At(c + 1) == 'F') ? 2 : 1;
        break;
      case 'G':
        DoG();
        break;
      case 'H':
        // Only keep if first & before vowel or between two vowels.
        if ((c == 0 || IsVowel(c - 1)) && IsVowel(c + 1)) {
          Add("H");
          current_ += 2;
        } else {
          current_ += 1;
        }
        break;
      case 'J':
        // Obvious Spanish, 'jose', 'san jacinto'.
        if (StringAt(c, 4, {"JOSE"}) || StringAt(0, 4, {"SAN "})) {
          if ((c == 0 && At(c + 4) == ' ') || StringAt(0, 4, {"SAN "})) {
            Add("H");
          } else {
            Add("J", "H");
          }
          current_ += 1;
          break;
        }
        if (c == 0 && !StringAt(c, 4, {"JOSE"})) {
          Add("J", "A");  // Yankelovich/Jankelowicz
        } else if (IsVowel(c - 1) && !SlavoGermanic() && (At(c + 1) == 'A' || At(c + 1) == 'O')) {
          Add("J", "H");  // Spanish pron. of e.g. 'bajador'
        } else if (c == last_) {
          Add("J", "");
        } else if (!StringAt(c + 1, 1, {"L", "T", "K", "S", "N", "M", "B", "Z"}) &&
                   !StringAt(c - 1, 1, {"S", "K", "L"})) {
          Add("J");
        }
        current_ += (At(c + 1) == 'J') ? 2 : 1;
        break;
      case 'K':
        Add("K");
        current_ += (At(c + 1) == 'K') ? 2 : 1;
        break;
      case 'L':
        if (At(c + 1) == 'L') {
          // Spanish e.g. 'cabrillo', 'gallegos'
          if ((c == length_ - 3 && StringAt(c - 1, 4, {"ILLO", "ILLA", "ALLE"})) ||
              ((StringAt(last_ - 1, 2, {"AS", "OS"}) || StringAt(last_, 1, {"A", "O"})) &&
               StringAt(c - 1, 4, {"ALLE"}))) {
            Add("L", "");
            current_ += 2;
            break;
          }
          current_ += 2;
        } else {
          current_ += 1;
        }
        Add("L");
        break;
      case 'M':
        Add("M");
        if ((StringAt(c - 1, 3, {"UMB"}) && (c + 1 == last_ || StringAt(c + 2, 2, {"ER"}))) ||
            At(c + 1) == 'M') {
          current_ += 2;
        } else {
          current_ += 1;
        }
        break;
      case 'N':
        Add("N");
        current_ += (At(c + 1) == 'N') ? 2 : 1;
        break;
      case 'P':
        if (At(c + 1) == 'H') {
          Add("F");
          current_ += 2;
        } else {
          Add("P");
          current_ += StringAt(c + 1, 1, {"P", "B"}) ? 2 : 1;  // campbell, replace
        }
        break;
      case 'Q':
        Add("K");
        current_ += (At(c + 1) == 'Q') ? 2 : 1;
        break;
      case 'R':
        // French e.g. 'rogier', but exclude 'hochmeier'
        if (c == last_ && !SlavoGermanic() && StringAt(c - 2, 2, {"IE"}) &&
            !StringAt(c - 4, 2, {"ME", "MA"})) {
          Add("", "R");
        } else {
          Add("R");
        }
        current_ += (At(c + 1) == 'R') ? 2 : 1;
        break;
      case 'S':
        if (StringAt(c - 1, 3, {"ISL", "YSL"})) {  // island, isle, carlisle
          current_ += 1;
        } else if (c == 0 && StringAt(c, 5, {"SUGAR"})) {
          Add("X", "S");
          current_ += 1;
        } else if (StringAt(c, 2, {"SH"})) {
          if (StringAt(c + 1, 4, {"HEIM", "HOEK", "HOLM", "HOLZ"})) {
            Add("S");  // Germanic
          } else {
            Add("X");
          }
          current_ += 2;
        } else if (StringAt(c, 3, {"SIO", "SIA"}) || StringAt(c, 4, {"SIAN"})) {
          if (!SlavoGermanic()) {
            Add("S", "X");  // Italian & Armenian
          } else {
            Add("S");
          }
          current_ += 3;
        } else if ((c == 0 && StringAt(c + 1, 1, {"M", "N", "L", "W"})) ||
                   StringAt(c + 1, 1, {"Z"})) {
          // German & anglicisations, e.g. 'smith' match 'schmidt', 'snider' match 'schneider'
          Add("S", "X");
          current_ += StringAt(c + 1, 1, {"Z"}) ? 2 : 1;
        } else if (StringAt(c, 2, {"SC"})) {
          if (At(c + 2) == 'H') {
            // Schlesinger's rule
            if (StringAt(c + 3, 2, {"OO", "ER", "EN", "UY", "ED", "EM"})) {
              if (StringAt(c + 3, 2, {"ER", "EN"})) {
                Add("X", "SK");  // 'schermerhorn', 'schenker'
              } else {
                Add("SK");
              }
              current_ += 3;
            } else {
              if (c == 0 && !IsVowel(3) && At(3) != 'W') {
                Add("X", "S");
              } else {
                Add("X");
              }
              current_ += 3;
            }
          } else if (StringAt(c + 2, 1, {"I", "E", "Y"})) {
            Add("S");
            current_ += 3;
          } else {
            Add("SK");
            current_ += 3;
          }
        } else {
          // French e.g. 'resnais', 'artois'
          if (c == last_ && StringAt(c - 2, 2, {"AI", "OI"})) {
            Add("", "S");
          } else {
            Add("S");
          }
          current_ += StringAt(c + 1, 1, {"S", "Z"}) ? 2 : 1;
        }
        break;
      case 'T':
        if (StringAt(c, 4, {"TION"}) || StringAt(c, 3, {"TIA", "TCH"})) {
          Add("X");
          current_ += 3;
        } else if (StringAt(c, 2, {"TH"}) || StringAt(c, 3, {"TTH"})) {
          // special case 'thomas', 'thames' or germanic
          if (StringAt(c + 2, 2, {"OM", "AM"}) || StringAt(0, 4, {"VAN ", "VON "}) ||
              StringAt(0, 3, {"SCH"})) {
            Add("T");
          } else {
            Add("0", "T");
          }
          current_ += 2;
        } else {
          Add("T");
          current_ += StringAt(c + 1, 1, {"T", "D"}) ? 2 : 1;
        }
        break;
      case 'V':
        Add("F");
        current_ += (At(c + 1) == 'V') ? 2 : 1;
        break;
      case 'W':
        if (StringAt(c, 2, {"WR"})) {  // can also be in middle of word
          Add("R");
          current_ += 2;
          break;
        }
        if (c == 0 && (IsVowel(c + 1) || StringAt(c, 2, {"WH"}))) {
          if (IsVowel(c + 1)) {
            Add("A", "F");  // Wasserman should match Vasserman
          } else {
            Add("A");  // need Uomo to match Womo
          }
        }
        // Arnow should match Arnoff
        if ((c == last_ && IsVowel(c - 1)) ||
            StringAt(c - 1, 5, {"EWSKI", "EWSKY", "OWSKI", "OWSKY"}) || StringAt(0, 3, {"SCH"})) {
          Add("", "F");
          current_ += 1;
          break;
        }
        if (StringAt(c, 4, {"WICZ", "WITZ"})) {  // Polish e.g. 'filipowicz'
          Add("TS", "FX");
          current_ += 4;
          break;
        }
        current_ += 1;
        break;
      case 'X':
        // French e.g. breaux
        if (!(c == last_ &&
              (StringAt(c - 3, 3, {"IAU", "EAU"}) || StringAt(c - 2, 2, {"AU", "OU"})))) {
          Add("KS");
        }
        current_ += StringAt(c + 1, 1, {"C", "X"}) ? 2 : 1;
        break;
      case 'Z':
        if (At(c + 1) == 'H') {  // Chinese pinyin e.g. 'zhao'
          Add("J");
          current_ += 2;
          break;
        }
        if (StringAt(c + 1, 2, {"ZO", "ZI", "ZA"}) ||
            (SlavoGermanic() && c > 0 && At(c - 1) != 'T')) {
          Add("S", "TS");
        } else {
          Add("S");
        }
        current_ += (At(c + 1) == 'Z') ? 2 : 1;
        break;
      default:
        current_ += 1;
    }
  }
  if (primary_.size() > max_length_) primary_.resize(max_length_);
  if (alternate_.size() > max_length_) alternate_.resize(max_length_);
  return {primary_, alternate_};
}

}  // namespace

MetaphoneKeys DoubleMetaphone(std::string_view name, size_t max_length) {
  std::string folded = FoldForMatching(name);
  std::string upper;
  upper.reserve(folded.size());
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') {
      upper.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c == ' ') {
      upper.push_back(' ');
    }
  }
  return Encoder(std::move(upper), max_length).Run();
}

}  // namespace kinlink::linkage
