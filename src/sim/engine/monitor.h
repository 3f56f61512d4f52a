// Statistics collected during one run: time-weighted levels, tallies of observations, and sums per
// period (per-day time series).
//
//   LevelMonitor beds(/*start=*/0, /*initial=*/0, /*warmup=*/24 * 30);
//   beds.SetThreshold(0, 500);        // capacity in force from t = 0
//   beds.Add(sim.Now(), +1);          // a person enters
//   ...
//   beds.Mean(end); beds.Max(); beds.TimeAbove(end);
//
//   Tally stay(/*warmup=*/24 * 30);
//   stay.Add(sim.Now(), duration);    // discarded if sim.Now() < warm-up
//   stay.Quantile(0.9);
//
// Warm-up: observations made before the warm-up time are discarded from the summary statistics
// (LevelMonitor integrates only over [max(start, warmup), end]; Tally::Add(t, x) ignores x when
// t < warmup). Per-period series always cover the whole run, warm-up included, so a chart shows it.
//
// Thread safety: none; one monitor belongs to one replication.
#ifndef KINLINK_SIM_ENGINE_MONITOR_H_
#define KINLINK_SIM_ENGINE_MONITOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinlink::sim {

using Time = double;

// One period of a LevelMonitor's series.
struct PeriodLevel {
  double mean = 0;        // time-weighted mean over the part of the period observed
  double max = 0;         // highest level during the period
  double time_above = 0;  // time with level > threshold during the period
};

// A piecewise-constant level over time (occupancy, queue length): time-weighted mean, min, max,
// time spent above a threshold (e.g. capacity, which may change), optionally per period.
class LevelMonitor {
 public:
  // The level is `initial` from `start`. Statistics cover [max(start, warmup), end].
  explicit LevelMonitor(Time start = 0, double initial = 0, Time warmup = 0);

  // The level becomes `level` at time t (t must not decrease between calls).
  void Set(Time t, double level);
  // The level changes by `delta` at time t.
  void Add(Time t, double delta) { Set(t, level_ + delta); }
  // From time t on, TimeAbove counts time with level > threshold (default: +infinity, never).
  void SetThreshold(Time t, double threshold);
  // Records a per-period series: period k covers [origin + k*period, origin + (k+1)*period).
  // Call before the first Set. period > 0.
  void EnablePeriods(Time period, Time origin = 0);

  double level() const { return level_; }
  double threshold() const { return threshold_; }
  Time warmup() const { return warmup_; }

  // Time-weighted mean over [max(start, warmup), end]; the current level if that span is empty.
  double Mean(Time end) const;
  // Integral of the level over [max(start, warmup), end].
  double Integral(Time end) const;
  // Extremes of the level over the observed span (the level in force at the warm-up counts).
  double Max() const;
  double Min() const;
  // Time with level > threshold over [max(start, warmup), end].
  double TimeAbove(Time end) const;
  // The per-period series up to `end` (empty unless EnablePeriods was called).
  std::vector<PeriodLevel> Periods(Time end) const;

 private:
  void Advance(Time t);
  void AdvancePeriods(Time t);

  Time start_;
  Time warmup_;
  Time last_t_;
  double level_;
  double threshold_;
  double area_ = 0;   // after warm-up
  double above_ = 0;  // after warm-up
  double max_;
  double min_;
  bool seen_after_warmup_ = false;
  // Per-period state.
  Time period_ = 0;
  Time origin_ = 0;
  std::vector<PeriodLevel> periods_;  // completed and current period; mean holds the area
  Time period_t_ = 0;                 // time up to which periods_ is integrated
};

// Observations (durations, counts per person): count, mean, variance, min, max and exact quantiles
// (samples are kept; 10^6 observations cost 8 MB).
class Tally {
 public:
  // Observations recorded through Add(t, x) with t < warmup are discarded.
  explicit Tally(Time warmup = 0) : warmup_(warmup) {}

  // Records x unconditionally.
  void Add(double x);
  // Records x observed at time t, unless t < warmup.
  void Add(Time t, double x) {
    if (t >= warmup_) Add(x);
  }
  // Adds every observation of `other`.
  void Merge(const Tally& other);

  std::size_t count() const { return samples_.size(); }
  bool empty() const { return samples_.empty(); }
  double Sum() const { return sum_; }
  // 0 if empty.
  double Mean() const;
  // Sample variance (n - 1 denominator); 0 with fewer than two observations.
  double Variance() const;
  double StdDev() const;
  double Min() const;  // 0 if empty
  double Max() const;  // 0 if empty
  // The p-quantile, p in [0, 1], by linear interpolation between order statistics (R type 7,
  // numpy's default): Quantile(0.5) is the median, Quantile(1) the max. 0 if empty.
  double Quantile(double p) const;
  double Median() const { return Quantile(0.5); }
  const std::vector<double>& samples() const { return samples_; }

 private:
  void Sort() const;

  Time warmup_;
  std::vector<double> mutable samples_;
  bool mutable sorted_ = true;
  double sum_ = 0;
  double mean_ = 0;  // Welford
  double m2_ = 0;
  double min_ = 0;
  double max_ = 0;
};

// Sums per period (separations per day): value k is the total of Add(t, x) with t in
// [origin + k*period, origin + (k+1)*period). Times before origin are ignored.
class TimeSeries {
 public:
  explicit TimeSeries(Time period, Time origin = 0);

  void Add(Time t, double x = 1) {
    if (t < origin_) return;
    // The quotient is >= 0 here, where truncation equals floor.
    const auto k = static_cast<std::size_t>((t - origin_) / period_);
    if (k < values_.size()) {
      values_[k] += x;
    } else {
      AddBeyondEnd(k, x);
    }
  }
  // Makes the series at least n periods long (zeros), e.g. to cover the whole horizon.
  void Extend(std::size_t n);

  Time period() const { return period_; }
  Time origin() const { return origin_; }
  std::size_t size() const { return values_.size(); }
  double operator[](std::size_t k) const { return values_[k]; }
  const std::vector<double>& values() const { return values_; }
  double Total() const;

 private:
  void AddBeyondEnd(std::size_t k, double x);

  Time period_;
  Time origin_;
  std::vector<double> values_;
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_MONITOR_H_
