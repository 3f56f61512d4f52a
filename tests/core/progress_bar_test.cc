// ProgressBar: the line it draws, how often it redraws, and that it leaves the terminal clean.
#include "core/progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kinlink {
namespace {

TEST(ProgressBarTest, FormatsTheBarPercentAndDetail) {
  EXPECT_EQ(FormatProgressLine("synth", 0.42, "120000 rows"),
            "synth [############                  ]  42%  120000 rows");
  EXPECT_EQ(FormatProgressLine("ingest", 0.0, "", 10), "ingest [          ]   0%");
  EXPECT_EQ(FormatProgressLine("ingest", 1.0, "done", 10), "ingest [##########] 100%  done");
  // 99.9 % is not shown as done.
  EXPECT_EQ(FormatProgressLine("x", 0.999, "", 10), "x [######### ]  99%");
}

TEST(ProgressBarTest, ClampsFractionsOutsideZeroToOne) {
  EXPECT_EQ(FormatProgressLine("x", 1.7, "", 4), "x [####] 100%");
  EXPECT_EQ(FormatProgressLine("x", -0.5, "", 4), "x [    ]   0%");
  EXPECT_EQ(FormatProgressLine("x", std::nan(""), "", 4), "x [    ]   0%");
}

class FakeSteadyTime {
 public:
  std::chrono::steady_clock::time_point now{};
  ProgressBar::SteadyNow Source() {
    return [this] { return now; };
  }
};

TEST(ProgressBarTest, RedrawsAtMostOncePerIntervalButAlwaysTheFirstAndTheEnd) {
  std::ostringstream out;
  FakeSteadyTime time;
  ProgressBar bar(out, std::chrono::milliseconds(200), time.Source());
  bar.Update("ingest", 0.1, "a");
  EXPECT_EQ(out.str(), "\r" + FormatProgressLine("ingest", 0.1, "a"));
  time.now += std::chrono::milliseconds(100);
  bar.Update("ingest", 0.2, "b");  // too soon: not drawn
  EXPECT_EQ(out.str(), "\r" + FormatProgressLine("ingest", 0.1, "a"));
  time.now += std::chrono::milliseconds(100);
  bar.Update("ingest", 0.3, "c");  // 200 ms after the last redraw
  EXPECT_EQ(out.str(), "\r" + FormatProgressLine("ingest", 0.1, "a") + "\r" +
                           FormatProgressLine("ingest", 0.3, "c"));
  out.str("");
  bar.Update("ingest", 1.0, "d");  // the end is drawn however soon it comes
  EXPECT_EQ(out.str(), "\r" + FormatProgressLine("ingest", 1.0, "d"));
}

TEST(ProgressBarTest, AShorterLineBlanksTheRestAndFinishErasesTheLine) {
  std::ostringstream out;
  FakeSteadyTime time;
  ProgressBar bar(out, std::chrono::milliseconds(200), time.Source());
  const std::string long_line =
      FormatProgressLine("ingest", 0.5, "cbp_apprehensions.csv 1000 rows");
  const std::string short_line = FormatProgressLine("ingest", 0.6, "x");
  bar.Update("ingest", 0.5, "cbp_apprehensions.csv 1000 rows");
  time.now += std::chrono::seconds(1);
  out.str("");
  bar.Update("ingest", 0.6, "x");
  EXPECT_EQ(out.str(), "\r" + short_line + std::string(long_line.size() - short_line.size(), ' '));
  out.str("");
  bar.Finish();
  EXPECT_EQ(out.str(), "\r" + std::string(short_line.size(), ' ') + "\r");
  EXPECT_FALSE(bar.drawn());
  out.str("");
  bar.Finish();  // nothing on the line: nothing written
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace kinlink
