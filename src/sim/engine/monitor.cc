#include "sim/engine/monitor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kinlink::sim {

// ---- LevelMonitor ----

LevelMonitor::LevelMonitor(Time start, double initial, Time warmup)
    : start_(start),
      warmup_(std::max(start, warmup)),
      last_t_(start),
      level_(initial),
      threshold_(std::numeric_limits<double>::infinity()),
      max_(initial),
      min_(initial) {
  period_t_ = start;
}

void LevelMonitor::EnablePeriods(Time period, Time origin) {
  if (!(period > 0)) throw std::invalid_argument("LevelMonitor: period must be > 0");
  period_ = period;
  origin_ = origin;
  period_t_ = std::max(last_t_, origin);
  periods_.clear();
}

void LevelMonitor::AdvancePeriods(Time t) {
  if (period_ <= 0 || t <= period_t_) return;
  Time a = std::max(period_t_, origin_);
  while (a < t) {
    const auto k = static_cast<std::size_t>(std::floor((a - origin_) / period_));
    if (periods_.size() <= k) {
      // A period entered: its max starts at the level in force.
      const std::size_t old = periods_.size();
      periods_.resize(k + 1);
      for (std::size_t j = old; j <= k; ++j) periods_[j].max = level_;
    }
    const Time period_end = origin_ + static_cast<double>(k + 1) * period_;
    const Time b = std::min(t, period_end);
    PeriodLevel& p = periods_[k];
    p.mean += level_ * (b - a);  // holds the area until Periods() divides
    if (level_ > threshold_) p.time_above += b - a;
    p.max = std::max(p.max, level_);
    a = b;
  }
  period_t_ = t;
}

void LevelMonitor::Advance(Time t) {
  if (t < last_t_) throw std::invalid_argument("LevelMonitor: time went backwards");
  AdvancePeriods(t);
  const Time a = std::max(last_t_, warmup_);
  if (t > a) {
    area_ += level_ * (t - a);
    if (level_ > threshold_) above_ += t - a;
  }
  if (t >= warmup_ && !seen_after_warmup_) {
    // The level in force at the warm-up is the first observed one.
    seen_after_warmup_ = true;
    max_ = min_ = level_;
  }
  last_t_ = t;
}

void LevelMonitor::Set(Time t, double level) {
  Advance(t);
  level_ = level;
  if (t >= warmup_) {
    max_ = std::max(max_, level);
    min_ = std::min(min_, level);
  }
  if (period_ > 0 && t >= origin_) {
    const auto k = static_cast<std::size_t>(std::floor((t - origin_) / period_));
    if (periods_.size() <= k) {
      const std::size_t old = periods_.size();
      periods_.resize(k + 1);
      for (std::size_t j = old; j <= k; ++j) periods_[j].max = level;
    }
    periods_[k].max = std::max(periods_[k].max, level);
  }
}

void LevelMonitor::SetThreshold(Time t, double threshold) {
  Advance(t);
  threshold_ = threshold;
}

double LevelMonitor::Integral(Time end) const {
  double area = area_;
  const Time a = std::max(last_t_, warmup_);
  if (end > a) area += level_ * (end - a);
  return area;
}

double LevelMonitor::Mean(Time end) const {
  const Time span = end - warmup_;
  if (!(span > 0)) return level_;
  return Integral(end) / span;
}

double LevelMonitor::Max() const { return seen_after_warmup_ ? max_ : level_; }
double LevelMonitor::Min() const { return seen_after_warmup_ ? min_ : level_; }

double LevelMonitor::TimeAbove(Time end) const {
  double above = above_;
  const Time a = std::max(last_t_, warmup_);
  if (end > a && level_ > threshold_) above += end - a;
  return above;
}

std::vector<PeriodLevel> LevelMonitor::Periods(Time end) const {
  if (period_ <= 0) return {};
  LevelMonitor copy = *this;
  if (end > copy.period_t_) copy.AdvancePeriods(end);
  std::vector<PeriodLevel> out = copy.periods_;
  // Drop a trailing empty period that starts exactly at `end`.
  const double n_full = (end - origin_) / period_;
  const auto wanted = static_cast<std::size_t>(std::max(0.0, std::ceil(n_full)));
  if (out.size() > wanted) out.resize(wanted);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const Time a = std::max(origin_ + static_cast<double>(k) * period_, start_);
    const Time b = std::min(origin_ + static_cast<double>(k + 1) * period_, end);
    out[k].mean = b > a ? out[k].mean / (b - a) : 0;
  }
  return out;
}

// ---- Tally ----

void Tally::Add(double x) {
  if (samples_.empty()) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
    if (sorted_ && x < samples_.back()) sorted_ = false;
  }
  samples_.push_back(x);
  sum_ += x;
  const double n = static_cast<double>(samples_.size());
  const double d = x - mean_;
  mean_ += d / n;
  m2_ += d * (x - mean_);
}

void Tally::Merge(const Tally& other) {
  for (double x : other.samples_) Add(x);
}

double Tally::Mean() const { return samples_.empty() ? 0 : mean_; }

double Tally::Variance() const {
  return samples_.size() < 2 ? 0 : m2_ / static_cast<double>(samples_.size() - 1);
}

double Tally::StdDev() const { return std::sqrt(Variance()); }
double Tally::Min() const { return samples_.empty() ? 0 : min_; }
double Tally::Max() const { return samples_.empty() ? 0 : max_; }

void Tally::Sort() const {
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
}

double Tally::Quantile(double p) const {
  if (samples_.empty()) return 0;
  Sort();
  p = std::clamp(p, 0.0, 1.0);
  const double h = (static_cast<double>(samples_.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, samples_.size() - 1);
  return samples_[lo] + (h - static_cast<double>(lo)) * (samples_[hi] - samples_[lo]);
}

// ---- TimeSeries ----

TimeSeries::TimeSeries(Time period, Time origin) : period_(period), origin_(origin) {
  if (!(period > 0)) throw std::invalid_argument("TimeSeries: period must be > 0");
}

void TimeSeries::AddBeyondEnd(std::size_t k, double x) {
  values_.resize(k + 1, 0.0);
  values_[k] += x;
}

void TimeSeries::Extend(std::size_t n) {
  if (values_.size() < n) values_.resize(n, 0.0);
}

double TimeSeries::Total() const {
  double s = 0;
  for (double v : values_) s += v;
  return s;
}

}  // namespace kinlink::sim
