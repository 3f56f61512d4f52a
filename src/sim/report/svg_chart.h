// SvgChart: small, dependency-free SVG charts for the simulator's report (occupancy against
// capacity, separations per day, the separation-duration histogram).
//
//   SvgChart chart("ORR occupancy", "day", "children");
//   chart.AddLine("occupancy", values, "#1f77b4");
//   chart.AddLine("capacity", capacity, "#d62728", /*dashed=*/true);
//   std::string svg = chart.Render();
//   std::string hist = HistogramSvg("Separation duration", samples, 30, "days", "children");
//
// Output is deterministic text (fixed-point coordinates), so the same data gives the same file.
// Thread safety: a value; no shared state.
#ifndef KINLINK_SIM_REPORT_SVG_CHART_H_
#define KINLINK_SIM_REPORT_SVG_CHART_H_

#include <string>
#include <vector>

namespace kinlink::sim {

class SvgChart {
 public:
  SvgChart(std::string title, std::string x_label, std::string y_label);

  void AddLine(std::string name, std::vector<double> values, std::string color,
               bool dashed = false);
  void AddBars(std::string name, std::vector<double> values, std::string color);
  // Labels under the x axis: (index, text).
  void SetXTicks(std::vector<std::pair<double, std::string>> ticks) { x_ticks_ = std::move(ticks); }

  std::string Render(int width = 900, int height = 420) const;

 private:
  struct Series {
    std::string name;
    std::vector<double> values;
    std::string color;
    bool dashed = false;
    bool bars = false;
  };
  std::string title_, x_label_, y_label_;
  std::vector<Series> series_;
  std::vector<std::pair<double, std::string>> x_ticks_;
};

// A histogram of `samples` in `bins` equal bins from 0 to the largest sample.
std::string HistogramSvg(const std::string& title, const std::vector<double>& samples, int bins,
                         const std::string& x_label, const std::string& y_label);

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_REPORT_SVG_CHART_H_
