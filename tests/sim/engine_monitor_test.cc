// Monitors against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/engine/monitor.h"

namespace kinlink::sim {
namespace {

TEST(EngineMonitor, LevelMonitorTimeWeightedStatistics) {
  // Level 0 on [0,2), 3 on [2,5), 1 on [5,10): area 9 + 5 = 14.
  LevelMonitor m;
  m.Set(2, 3);
  m.Set(5, 1);
  EXPECT_DOUBLE_EQ(m.Integral(10), 14);
  EXPECT_DOUBLE_EQ(m.Mean(10), 1.4);
  EXPECT_EQ(m.Max(), 3);
  EXPECT_EQ(m.Min(), 0);
  EXPECT_EQ(m.level(), 1);
  m.Add(10, 2);
  EXPECT_EQ(m.level(), 3);
  EXPECT_DOUBLE_EQ(m.Integral(12), 20);
}

TEST(EngineMonitor, LevelMonitorThresholdThatChanges) {
  LevelMonitor m(0, 0);
  m.SetThreshold(0, 2);
  m.Set(1, 3);            // above 2 from 1
  m.SetThreshold(4, 5);   // capacity raised at 4: no longer above
  m.Set(6, 6);            // above 5 from 6
  m.SetThreshold(8, 10);  // raised again at 8
  EXPECT_DOUBLE_EQ(m.TimeAbove(20), 3 + 2);
}

TEST(EngineMonitor, LevelMonitorWarmupDiscardsTheStart) {
  // Warm-up at 4: the level 10 on [1,3) must not count; level 2 on [3,8), 4 on [8,10).
  LevelMonitor m(0, 0, 4);
  m.SetThreshold(0, 3);
  m.Set(1, 10);
  m.Set(3, 2);
  m.Set(8, 4);
  EXPECT_DOUBLE_EQ(m.Integral(10), 2 * 4 + 4 * 2);
  EXPECT_DOUBLE_EQ(m.Mean(10), 16.0 / 6.0);
  EXPECT_EQ(m.Max(), 4);
  EXPECT_EQ(m.Min(), 2);
  EXPECT_DOUBLE_EQ(m.TimeAbove(10), 2);
}

TEST(EngineMonitor, LevelMonitorWarmupWithoutLaterChanges) {
  LevelMonitor m(0, 0, 50);
  m.Set(10, 7);
  EXPECT_DOUBLE_EQ(m.Mean(100), 7);
  EXPECT_EQ(m.Max(), 7);
  EXPECT_EQ(m.Min(), 7);
}

TEST(EngineMonitor, LevelMonitorPerPeriod) {
  // Periods of 24 from 0. Level 0 on [0,12), 10 on [12,30), 4 on [30,48), 0 after.
  LevelMonitor m;
  m.EnablePeriods(24);
  m.SetThreshold(0, 5);
  m.Set(12, 10);
  m.Set(30, 4);
  m.Set(48, 0);
  const std::vector<PeriodLevel> p = m.Periods(72);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_DOUBLE_EQ(p[0].mean, 10.0 * 12 / 24);
  EXPECT_EQ(p[0].max, 10);
  EXPECT_DOUBLE_EQ(p[0].time_above, 12);
  EXPECT_DOUBLE_EQ(p[1].mean, (10.0 * 6 + 4.0 * 18) / 24);
  EXPECT_EQ(p[1].max, 10);
  EXPECT_DOUBLE_EQ(p[1].time_above, 6);
  EXPECT_DOUBLE_EQ(p[2].mean, 0);
  EXPECT_EQ(p[2].max, 0);
  // A partial last period is averaged over its observed part.
  LevelMonitor m2;
  m2.EnablePeriods(24);
  m2.Set(12, 10);
  m2.Set(30, 4);
  const std::vector<PeriodLevel> q = m2.Periods(36);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_DOUBLE_EQ(q[1].mean, (10.0 * 6 + 4.0 * 6) / 12);
}

TEST(EngineMonitor, LevelMonitorRejectsTimeGoingBack) {
  LevelMonitor m;
  m.Set(5, 1);
  EXPECT_THROW(m.Set(4, 2), std::invalid_argument);
}

TEST(EngineMonitor, TallyMomentsAndQuantiles) {
  Tally t;
  for (double x : {4.0, 1.0, 3.0, 2.0, 10.0}) t.Add(x);
  EXPECT_EQ(t.count(), 5u);
  EXPECT_DOUBLE_EQ(t.Sum(), 20);
  EXPECT_DOUBLE_EQ(t.Mean(), 4);
  // Deviations 0, -3, -1, -2, 6: squares 0+9+1+4+36 = 50; / 4.
  EXPECT_DOUBLE_EQ(t.Variance(), 12.5);
  EXPECT_DOUBLE_EQ(t.StdDev(), std::sqrt(12.5));
  EXPECT_EQ(t.Min(), 1);
  EXPECT_EQ(t.Max(), 10);
  EXPECT_DOUBLE_EQ(t.Median(), 3);
  EXPECT_DOUBLE_EQ(t.Quantile(0), 1);
  EXPECT_DOUBLE_EQ(t.Quantile(1), 10);
  // Type 7: h = 4 * 0.9 = 3.6 -> 4 + 0.6 * (10 - 4) = 7.6 (numpy.quantile gives the same).
  EXPECT_DOUBLE_EQ(t.Quantile(0.9), 7.6);
  EXPECT_DOUBLE_EQ(t.Quantile(0.25), 2);
  t.Add(0);  // adding after a sort keeps quantiles right
  EXPECT_DOUBLE_EQ(t.Median(), 2.5);
}

TEST(EngineMonitor, TallyWarmupAndEmpty) {
  Tally t(100);
  EXPECT_EQ(t.Mean(), 0);
  EXPECT_EQ(t.Quantile(0.5), 0);
  t.Add(50, 1000);  // before warm-up: dropped
  t.Add(100, 2);
  t.Add(150, 4);
  EXPECT_EQ(t.count(), 2u);
  EXPECT_DOUBLE_EQ(t.Mean(), 3);
  Tally u;
  u.Add(6);
  u.Merge(t);
  EXPECT_EQ(u.count(), 3u);
  EXPECT_DOUBLE_EQ(u.Mean(), 4);
}

TEST(EngineMonitor, TimeSeriesSumsPerPeriod) {
  TimeSeries s(24, 0);
  s.Add(1);
  s.Add(23.9, 2);
  s.Add(24);
  s.Add(100, 5);
  s.Add(-3, 99);  // before the origin: ignored
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0], 3);
  EXPECT_EQ(s[1], 1);
  EXPECT_EQ(s[2], 0);
  EXPECT_EQ(s[4], 5);
  EXPECT_EQ(s.Total(), 9);
  s.Extend(7);
  EXPECT_EQ(s.size(), 7u);
  EXPECT_THROW(TimeSeries(0), std::invalid_argument);
}

}  // namespace
}  // namespace kinlink::sim
