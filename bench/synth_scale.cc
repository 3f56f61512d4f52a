// bench_synth_scale: times `synth` on an fy2019-volume truth stream (about two million agency
// records) and reports records/s and the synthesizer's peak resident memory.
//
// Until `kinlink simulate --truth` produces such a file, the benchmark generates one itself with
// the seeded test generator (tests/synth/synthetic_truth.h), then forks: the child runs the
// synthesizer alone, so the peak RSS reported is the synthesizer's, not the generator's.
//
//   bench_synth_scale [--scale F] [--seed S] [--dir DIR] [--keep] [--truth FILE]
//     --scale 1.0 is the fy2019 volume (≈ 160k family units, 330k single adults, 76k children
//     alone); --truth uses an existing truth file instead of generating one.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "../tests/synth/synthetic_truth.h"
#include "synth/export_sink.h"
#include "synth/synthesizer.h"

namespace {

struct Args {
  double scale = 1.0;
  uint64_t seed = 2019;
  std::string dir = "/tmp/kinlink-synth-bench";
  std::string truth;
  bool keep = false;
};

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--scale")
      args.scale = std::stod(next());
    else if (a == "--seed")
      args.seed = std::stoull(next());
    else if (a == "--dir")
      args.dir = next();
    else if (a == "--truth")
      args.truth = next();
    else if (a == "--keep")
      args.keep = true;
    else {
      std::cerr << "usage: bench_synth_scale [--scale F] [--seed S] [--dir DIR] [--truth FILE] "
                   "[--keep]\n";
      std::exit(2);
    }
  }
  return args;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  Args args = Parse(argc, argv);
  std::filesystem::create_directories(args.dir);
  std::string truth_path = args.truth.empty() ? args.dir + "/truth.jsonl" : args.truth;
  if (args.truth.empty()) {
    kinlink::synth::testing::SyntheticTruthOptions options;
    options.families = static_cast<int64_t>(160000 * args.scale);
    options.single_adults = static_cast<int64_t>(330000 * args.scale);
    options.unaccompanied_children = static_cast<int64_t>(76000 * args.scale);
    options.seed = args.seed;
    auto start = std::chrono::steady_clock::now();
    {
      std::ofstream out(truth_path, std::ios::binary);
      kinlink::synth::testing::WriteSyntheticTruth(options, out);
    }
    fmt::print("generated truth: {} ({:.0f} MB) in {:.1f} s\n", truth_path,
               std::filesystem::file_size(truth_path) / 1e6,
               Seconds(std::chrono::steady_clock::now() - start));
  }
  std::string out_dir = args.dir + "/out";
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 1;
  auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    std::ifstream truth(truth_path, std::ios::binary);
    kinlink::synth::DirectorySink sink(out_dir);
    kinlink::synth::SynthOptions options;
    options.seed = 7;
    options.truth_name = truth_path;
    auto summary = kinlink::synth::Synthesize(truth, sink, options);
    if (!summary.ok()) {
      std::cerr << summary.status().ToString() << "\n";
      _exit(1);
    }
    std::string report =
        fmt::format("{} {} {} {} {} {}", summary->total_rows(), summary->rows[0], summary->rows[1],
                    summary->rows[2], summary->rows[3], summary->rows[4]);
    if (write(pipe_fds[1], report.data(), report.size()) < 0) _exit(1);
    _exit(0);
  }
  close(pipe_fds[1]);
  int status = 0;
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  double elapsed = Seconds(std::chrono::steady_clock::now() - start);
  char buffer[256] = {};
  ssize_t n = read(pipe_fds[0], buffer, sizeof(buffer) - 1);
  close(pipe_fds[0]);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n <= 0) {
    std::cerr << "synth failed\n";
    return 1;
  }
  long long total = 0, cbp = 0, usao = 0, usms = 0, ice = 0, orr = 0;
  std::sscanf(buffer, "%lld %lld %lld %lld %lld %lld", &total, &cbp, &usao, &usms, &ice, &orr);
  double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
               usage.ru_stime.tv_usec / 1e6;
  fmt::print("synth: {} records (cbp {}, usao {}, usms {}, ice {}, orr {})\n", total, cbp, usao,
             usms, ice, orr);
  fmt::print("synth: {:.1f} s wall, {:.1f} s cpu, {:.0f} records/s, peak RSS {:.0f} MB\n", elapsed,
             cpu, total / elapsed, usage.ru_maxrss / 1024.0);
  if (!args.keep) std::filesystem::remove_all(args.dir);
  return 0;
}
