#include "core/progress_bar.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kinlink {

std::string FormatProgressLine(std::string_view label, double fraction, std::string_view detail,
                               int width) {
  if (std::isnan(fraction)) fraction = 0.0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  width = std::max(width, 1);
  const int filled = static_cast<int>(fraction * width);
  std::string line = fmt::format("{} [{}{}] {:3.0f}%", label, std::string(filled, '#'),
                                 std::string(width - filled, ' '), std::floor(fraction * 100));
  if (!detail.empty()) line.append("  ").append(detail);
  return line;
}

ProgressBar::ProgressBar(std::ostream& out, std::chrono::milliseconds interval, SteadyNow now)
    : out_(out), interval_(interval), now_(std::move(now)) {}

void ProgressBar::Update(std::string_view label, double fraction, std::string_view detail) {
  const auto now = now_();
  if (ever_ && fraction < 1.0 && now - last_ < interval_) return;
  ever_ = true;
  last_ = now;
  std::string line = FormatProgressLine(label, fraction, detail);
  const size_t width = line.size();
  if (width < drawn_width_) line.append(drawn_width_ - width, ' ');
  out_ << '\r' << line << std::flush;
  drawn_width_ = width;
}

void ProgressBar::Finish() {
  if (drawn_width_ == 0) return;
  out_ << '\r' << std::string(drawn_width_, ' ') << '\r' << std::flush;
  drawn_width_ = 0;
}

}  // namespace kinlink
