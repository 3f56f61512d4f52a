#include "sim/report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kinlink::sim {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten.
double NiceCeiling(double value) {
  if (value <= 0) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

}  // namespace

SvgChart::SvgChart(std::string title, std::string x_label, std::string y_label)
    : title_(std::move(title)), x_label_(std::move(x_label)), y_label_(std::move(y_label)) {}

void SvgChart::AddLine(std::string name, std::vector<double> values, std::string color,
                       bool dashed) {
  series_.push_back({std::move(name), std::move(values), std::move(color), dashed, false});
}

void SvgChart::AddBars(std::string name, std::vector<double> values, std::string color) {
  series_.push_back({std::move(name), std::move(values), std::move(color), false, true});
}

std::string SvgChart::Render(int width, int height) const {
  const double left = 70, right = 20, top = 40, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  std::size_t n = 1;
  double max_y = 0;
  for (const auto& s : series_) {
    n = std::max(n, s.values.size());
    for (double v : s.values) max_y = std::max(max_y, v);
  }
  const double y_top = NiceCeiling(max_y * 1.05);
  auto x_of = [&](double i) {
    return left + plot_w * i / static_cast<double>(std::max<std::size_t>(n - 1, 1));
  };
  auto y_of = [&](double v) { return top + plot_h * (1 - v / y_top); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n<text x=\"{}\" y=\"22\" font-size=\"16\" "
      "text-anchor=\"middle\">{}</text>\n",
      width, height, width, height, width / 2, Escape(title_));
  for (int k = 0; k <= 5; ++k) {
    const double v = y_top * k / 5;
    const double y = y_of(v);
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{:g}</text>\n",
        left, y, left + plot_w, y, left - 6, y + 4, v);
  }
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"black\"/>\n"
      "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{3:.1f}\" y2=\"{2:.1f}\" stroke=\"black\"/>\n",
      left, top, top + plot_h, left + plot_w);
  for (const auto& [i, label] : x_ticks_) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       x_of(i), top + plot_h + 18, Escape(label));
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     left + plot_w / 2, height - 12, Escape(x_label_));
  svg += fmt::format(
      "<text x=\"16\" y=\"{:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {:.1f})\">{}"
      "</text>\n",
      top + plot_h / 2, top + plot_h / 2, Escape(y_label_));
  int legend = 0;
  for (const auto& s : series_) {
    if (s.bars) {
      const double bar_w = std::max(1.0, plot_w / static_cast<double>(n) * 0.8);
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        const double x = left + plot_w * (static_cast<double>(i) + 0.1) / static_cast<double>(n);
        svg += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n", x,
            y_of(s.values[i]), bar_w, top + plot_h - y_of(s.values[i]), s.color);
      }
    } else if (!s.values.empty()) {
      std::string points;
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        points += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x_of(static_cast<double>(i)),
                              y_of(s.values[i]));
      }
      svg += fmt::format(
          "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{} points=\"{}\"/>\n", s.color,
          s.dashed ? " stroke-dasharray=\"6 4\"" : "", points);
    }
    const double ly = top + 14 + legend * 16;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"4\" fill=\"{}\"/>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
        left + 12, ly - 4, s.color, left + 30, ly, Escape(s.name));
    ++legend;
  }
  svg += "</svg>\n";
  return svg;
}

std::string HistogramSvg(const std::string& title, const std::vector<double>& samples, int bins,
                         const std::string& x_label, const std::string& y_label) {
  double max_x = 0;
  for (double v : samples) max_x = std::max(max_x, v);
  const double upper = NiceCeiling(std::max(max_x, 1.0));
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  for (double v : samples) {
    auto b = static_cast<std::size_t>(std::min<double>(bins - 1, std::floor(v / upper * bins)));
    counts[b] += 1;
  }
  SvgChart chart(title, x_label, y_label);
  chart.AddBars("children", counts, "#4c72b0");
  std::vector<std::pair<double, std::string>> ticks;
  for (int k = 0; k <= 5; ++k) {
    ticks.push_back({static_cast<double>(bins - 1) * k / 5.0, fmt::format("{:g}", upper * k / 5)});
  }
  chart.SetXTicks(std::move(ticks));
  return chart.Render();
}

}  // namespace kinlink::sim
