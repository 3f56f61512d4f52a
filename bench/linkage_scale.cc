// Scale benchmark for kinlink's linker: deduplicates 1,000,000 synthetic records end to end
// (read CSV -> normalize -> block -> compare -> EM -> score -> clusters) and prints the wall time,
// comparisons per second, peak memory and the accuracy against the generator's truth.
//
// The records are made here by a seeded corrupter (no data is committed): 650,000 persons with
// Spanish names (Zipf-distributed surnames), 350,000 extra records copied from random persons
// with the errors agency records show (typos, dropped accents, mojibake, nicknames, a missing
// second surname, swapped day/month, 01/01 placeholders, missing birth dates).
//
//   bench_linkage_scale [RECORDS] [THREADS]
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "linkage/column_mapping.h"
#include "linkage/evaluation.h"
#include "linkage/linker.h"
#include "linkage/record_reader.h"

using namespace kinlink::linkage;  // NOLINT: a benchmark program

namespace {

const std::vector<std::string> kGiven = {
    "María",      "José",     "Juan",      "Ana",       "Luis",    "Rosa",      "Pedro",
    "Carmen",     "Jesús",    "Guadalupe", "Francisco", "Antonio", "Manuel",    "Miguel",
    "Carlos",     "Jorge",    "Alejandro", "Fernando",  "Ricardo", "Eduardo",   "Roberto",
    "Sergio",     "Daniel",   "David",     "Javier",    "Raúl",    "Mario",     "Oscar",
    "Víctor",     "Rafael",   "Martha",    "Patricia",  "Leticia", "Silvia",    "Teresa",
    "Laura",      "Verónica", "Gabriela",  "Claudia",   "Sandra",  "Adriana",   "Alicia",
    "Elizabeth",  "Yolanda",  "Margarita", "Josefina",  "Lucía",   "Sofía",     "Valentina",
    "Camila",     "Isabella", "Ximena",    "Santiago",  "Mateo",   "Sebastián", "Diego",
    "Emiliano",   "Wilmer",   "Kevin",     "Brayan",    "Yesenia", "Dulce",     "Esperanza",
    "Concepción", "Dolores",  "Mercedes",  "Pilar",     "Rosario", "Ignacio",   "Guillermo",
    "Enrique",    "Gerardo",  "Salvador",  "Gregorio",  "Vicente", "Joaquín",   "Ezequiel",
    "Cristian",   "Jonathan", "Edwin",     "Nelson",    "Marvin",  "Wilson",    "Elmer",
    "Hilda",      "Irma",     "Norma",     "Gloria",    "Blanca",  "Olga",      "Reyna",
    "Flor",       "Marisol",  "Maribel",   "Xochitl",   "Itzel",   "Abigail",   "Jennifer",
    "Heidy",      "Glenda",   "Evelyn",    "Ingrid",    "Lesly"};
const std::vector<std::string> kSurnames = {
    "García",    "Hernández",  "López",     "Martínez",   "González",   "Pérez",      "Rodríguez",
    "Sánchez",   "Ramírez",    "Cruz",      "Flores",     "Gómez",      "Morales",    "Vázquez",
    "Reyes",     "Jiménez",    "Torres",    "Díaz",       "Gutiérrez",  "Ruiz",       "Mendoza",
    "Aguilar",   "Ortiz",      "Moreno",    "Castillo",   "Romero",     "Álvarez",    "Méndez",
    "Chávez",    "Rivera",     "Juárez",    "Ramos",      "Domínguez",  "Herrera",    "Medina",
    "Castro",    "Vargas",     "Guzmán",    "Velázquez",  "Muñoz",      "Rojas",      "Contreras",
    "Salazar",   "Luna",       "Ortega",    "Santiago",   "Guerrero",   "Estrada",    "Bautista",
    "Cortés",    "Soto",       "Alvarado",  "Espinoza",   "Lara",       "Ávila",      "Ríos",
    "Cervantes", "Silva",      "Delgado",   "Vega",       "Márquez",    "Sandoval",   "Fernández",
    "León",      "Carrillo",   "Mejía",     "Solís",      "Núñez",      "Rosas",      "Valdez",
    "Ibarra",    "Campos",     "Santos",    "Camacho",    "Navarro",    "Peña",       "Maldonado",
    "Rosales",   "Acosta",     "Miranda",   "Trejo",      "Valencia",   "Nava",       "Pacheco",
    "Robles",    "Molina",     "Rangel",    "Huerta",     "Fuentes",    "Padilla",    "Cabrera",
    "Zamora",    "Quispe",     "Mamani",    "Xol",        "Caal",       "Choc",       "Tzul",
    "Ajanel",    "Coc",        "Pop",       "Tiul",       "Cac",        "Chub",       "Ixcoy",
    "Yat",       "Quej",       "Bol",       "Tut",        "Macz",       "de la Cruz", "del Valle",
    "de León",   "Villanueva", "Escobar",   "Orellana",   "Portillo",   "Argueta",    "Aguirre",
    "Barrios",   "Cardona",    "Cifuentes", "Monterroso", "Paz",        "Recinos",    "Sagastume",
    "Zelaya",    "Funes",      "Amaya",     "Canales",    "Mazariegos", "Calderón",   "Rivas",
    "Osorio"};
const std::vector<std::pair<std::string, std::string>> kNicknames = {
    {"José", "Pepe"},         {"Francisco", "Pancho"}, {"Guadalupe", "Lupe"}, {"María", "Ma."},
    {"Jesús", "Chuy"},        {"Ignacio", "Nacho"},    {"Guillermo", "Memo"}, {"Roberto", "Beto"},
    {"Antonio", "Toño"},      {"Eduardo", "Lalo"},     {"Enrique", "Quique"}, {"Dolores", "Lola"},
    {"Concepción", "Concha"}, {"Rosario", "Charo"},    {"Salvador", "Chava"}};

struct Person {
  std::string given, paternal, maternal;
  int year, month, day;
  char sex;
};

std::string StripAccents(std::string text) {
  const std::pair<std::string, std::string> map[] = {{"á", "a"}, {"é", "e"}, {"í", "i"}, {"ó", "o"},
                                                     {"ú", "u"}, {"ñ", "n"}, {"Á", "A"}, {"É", "E"},
                                                     {"Í", "I"}, {"Ó", "O"}, {"Ú", "U"}};
  for (const auto& [from, to] : map) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

std::string Mojibake(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {  // each byte read as Latin-1 and written as UTF-8
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string Typo(std::string text, std::mt19937_64& random) {
  if (text.size() < 3) return text;
  size_t at = 1 + random() % (text.size() - 2);
  if (static_cast<unsigned char>(text[at]) >= 0x80 ||
      static_cast<unsigned char>(text[at + 1]) >= 0x80) {
    return text;
  }
  switch (random() % 3) {
    case 0:
      std::swap(text[at], text[at + 1]);
      break;
    case 1:
      text.erase(at, 1);
      break;
    default:
      text[at] = static_cast<char>('a' + random() % 26);
  }
  return text;
}

size_t Zipf(std::mt19937_64& random, size_t n) {
  // Rank r with probability ~ 1/(r+1)^0.9, by inversion on a precomputed table.
  static std::vector<double> cumulative;
  if (cumulative.size() != n) {
    cumulative.resize(n);
    double total = 0;
    for (size_t r = 0; r < n; ++r)
      cumulative[r] = total += 1.0 / std::pow(static_cast<double>(r + 1), 0.9);
    for (auto& c : cumulative) c /= total;
  }
  double u = std::uniform_real_distribution<double>(0, 1)(random);
  return static_cast<size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), u) -
                             cumulative.begin());
}

void Generate(const std::string& path, size_t records, uint64_t seed) {
  std::mt19937_64 random(seed);
  size_t persons = records * 65 / 100;
  std::vector<Person> people;
  people.reserve(persons);
  for (size_t i = 0; i < persons; ++i) {
    Person p;
    p.given = kGiven[random() % kGiven.size()];
    if (random() % 3 == 0) p.given += " " + kGiven[random() % kGiven.size()];
    p.paternal = kSurnames[Zipf(random, kSurnames.size())];
    p.maternal = kSurnames[Zipf(random, kSurnames.size())];
    p.year = 1950 + static_cast<int>(random() % 68);
    p.month = 1 + static_cast<int>(random() % 12);
    p.day = 1 + static_cast<int>(random() % 28);
    p.sex = random() % 2 ? 'M' : 'F';
    people.push_back(std::move(p));
  }
  std::ofstream out(path);
  out << "id,person,given,paternal,maternal,dob,sex\n";
  auto write = [&](size_t id, size_t person, const Person& p, bool corrupt) {
    std::string given = p.given, paternal = p.paternal, maternal = p.maternal;
    int year = p.year, month = p.month, day = p.day;
    std::string dob;
    if (corrupt) {
      int errors = 1 + static_cast<int>(random() % 2);
      for (int e = 0; e < errors; ++e) {
        switch (random() % 10) {
          case 0:
            given = Typo(given, random);
            break;
          case 1:
            paternal = Typo(paternal, random);
            break;
          case 2:
            given = StripAccents(given);
            paternal = StripAccents(paternal);
            maternal = StripAccents(maternal);
            break;
          case 3:
            given = Mojibake(given);
            paternal = Mojibake(paternal);
            break;
          case 4:
            for (const auto& [name, nick] : kNicknames) {
              if (given.rfind(name, 0) == 0) {
                given = nick;
                break;
              }
            }
            break;
          case 5:
            maternal.clear();
            break;
          case 6:
            if (day <= 12) std::swap(month, day);
            break;
          case 7:
            month = 1;
            day = 1;
            break;
          case 8:
            day = 1 + static_cast<int>(random() % 28);
            break;
          default:
            dob = "-";
            break;
        }
      }
    }
    if (dob != "-") {
      dob = fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
    } else {
      dob.clear();
    }
    out << id << "," << person << ",\"" << given << "\",\"" << paternal << "\",\"" << maternal
        << "\"," << dob << "," << p.sex << "\n";
  };
  for (size_t i = 0; i < persons; ++i) write(i, i, people[i], false);
  for (size_t i = persons; i < records; ++i) {
    size_t person = random() % persons;
    write(i, person, people[person], true);
  }
}

double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  size_t records = argc > 1 ? std::stoul(argv[1]) : 1000000;
  int threads = argc > 2 ? std::stoi(argv[2]) : 2;
  std::string path = (std::filesystem::temp_directory_path() /
                      fmt::format("kinlink_linkage_scale_{}.csv", records))
                         .string();
  Generate(path, records, 2018);
  const char* mapping_text = R"(
format = "csv"
record_id = "id"
truth = "person"
sex = "sex"
blocking = ["surname_sound & birth_date", "given_sound & surname_sound & birth_year",
            "given_prefix3 & birth_date", "surname_metaphone & given_initial & birth_month_day"]
[names]
given = "given"
paternal = "paternal"
maternal = "maternal"
[birth_date]
column = "dob"
january_first_is_placeholder = true
)";
  auto mapping = *ColumnMapping::Parse(mapping_text, "scale.toml");
  long rss_before = PeakRssMiB();
  auto start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  RecordSet set;
  set.schema = mapping.Schema();
  std::vector<Reject> rejects;
  if (auto status = ReadRecordFile(path, mapping, 0, set, rejects); !status.ok()) {
    fmt::print(stderr, "{}\n", status.ToString());
    return 1;
  }
  double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double load_cpu = ProcessCpuSeconds() - cpu_start;
  LinkOptions options;
  options.threads = threads;
  for (const auto& text : mapping.blocking)
    options.blocking_rules.push_back(*ParseBlockingRule(text, set.schema));
  auto result = RunLinkage(set, options);
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::remove(path.c_str());
  if (!result.ok()) {
    fmt::print(stderr, "{}\n", result.status().ToString());
    return 1;
  }
  std::vector<std::string> entities;
  std::vector<uint32_t> sources;
  for (const auto& r : set.records) {
    entities.push_back(r.truth_entity);
    sources.push_back(0);
  }
  ClusterScores s = ScoreClusters(result->person_of_record, entities, sources, false);
  fmt::print("records {} ({} rejected rows/values), threads {}\n", set.records.size(),
             rejects.size(), threads);
  fmt::print(
      "end to end (load -> clusters): {:.2f} s wall, {:.2f} s CPU; load {:.2f} s, prepare {:.2f} "
      "s, "
      "block {:.2f} s, compare {:.2f} s, train {:.2f} s, score+cluster {:.2f} s\n",
      total, ProcessCpuSeconds() - cpu_start, load_seconds, result->seconds_prepare,
      result->seconds_block, result->seconds_compare, result->seconds_train,
      result->seconds_cluster);
  fmt::print(
      "CPU seconds (all threads): load {:.2f}, prepare {:.2f}, block {:.2f}, compare {:.2f}, train "
      "{:.2f}, score+cluster {:.2f}; training beside blocking/comparing {:.2f}\n",
      load_cpu, result->cpu_seconds_prepare, result->cpu_seconds_block, result->cpu_seconds_compare,
      result->cpu_seconds_train, result->cpu_seconds_cluster, result->seconds_train_background);
  fmt::print(
      "comparisons {} at {:.0f} comparisons/s (candidate pairs over the compare step); "
      "blocking recall {:.4f}\n",
      result->comparisons, static_cast<double>(result->comparisons) / result->seconds_compare,
      result->blocking.recall());
  for (const auto& session : result->training.sessions) {
    fmt::print("training session {}: {} pairs, {} compared, {} EM iterations\n", session.rule,
               session.pairs, session.compared, session.iterations);
  }
  fmt::print("peak memory {} MiB (generator {} MiB)\n", PeakRssMiB(), rss_before);
  fmt::print("accuracy: pairwise P {:.4f} R {:.4f} F1 {:.4f}; B-cubed F1 {:.4f}; persons {}\n",
             s.pairwise.precision(), s.pairwise.recall(), s.pairwise.f1(), s.bcubed_f1(),
             result->persons.size());
  return 0;
}
