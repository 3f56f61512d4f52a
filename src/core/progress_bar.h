// ProgressBar: one line on a terminal that shows how far long work has got, redrawn in place
// (carriage return) at most once per interval, and cleared when the work is done. Commands draw
// it only when stderr is a terminal, so logs and CI output stay quiet.
//
//   ProgressBar bar(std::cerr);
//   for (...) bar.Update("ingest", done / total, fmt::format("{} rows", rows));
//   bar.Finish();   // erases the line
//
// FormatProgressLine is the line itself, without timing or output:
//   FormatProgressLine("synth", 0.42, "120000 rows")
//       == "synth [############                  ]  42%  120000 rows"
// A fraction outside [0, 1] (or NaN) is drawn clamped. `now` is injectable for tests.
//
// Thread safety: one thread at a time.
#ifndef KINLINK_CORE_PROGRESS_BAR_H_
#define KINLINK_CORE_PROGRESS_BAR_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace kinlink {

inline constexpr int kProgressBarWidth = 30;

std::string FormatProgressLine(std::string_view label, double fraction, std::string_view detail,
                               int width = kProgressBarWidth);

class ProgressBar {
 public:
  using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

  explicit ProgressBar(
      std::ostream& out, std::chrono::milliseconds interval = std::chrono::milliseconds(200),
      SteadyNow now = [] { return std::chrono::steady_clock::now(); });
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws the line unless the last redraw was less than `interval` ago (the first and any
  // update at fraction >= 1 are always drawn).
  void Update(std::string_view label, double fraction, std::string_view detail);
  // Erases the line if anything was drawn; Update may draw again afterwards.
  void Finish();

  bool drawn() const { return drawn_width_ > 0; }

 private:
  std::ostream& out_;
  std::chrono::milliseconds interval_;
  SteadyNow now_;
  std::chrono::steady_clock::time_point last_{};
  bool ever_ = false;
  size_t drawn_width_ = 0;  // characters on the line now, to blank out a shorter redraw
};

}  // namespace kinlink

#endif  // KINLINK_CORE_PROGRESS_BAR_H_
