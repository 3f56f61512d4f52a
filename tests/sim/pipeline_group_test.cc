// PersonGroup: inline storage up to kInline members, spilling to the heap beyond, as a value.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "sim/pipeline/internal/person_group.h"

namespace kinlink::sim::pipeline_detail {
namespace {

std::vector<PersonIndex> Members(const PersonGroup& g) { return {g.begin(), g.end()}; }

TEST(PersonGroup, KeepsOrderInlineAndAfterSpilling) {
  PersonGroup g{10, 11};
  EXPECT_EQ(g.size(), 2u);
  EXPECT_EQ(g.front(), 10u);
  std::vector<PersonIndex> expected{10, 11};
  for (PersonIndex p = 12; p < 12 + 2 * PersonGroup::kInline; ++p) {
    g.push_back(p);
    expected.push_back(p);
    ASSERT_EQ(Members(g), expected) << "after adding " << p;
  }
  EXPECT_EQ(g[PersonGroup::kInline + 1], expected[PersonGroup::kInline + 1]);
}

TEST(PersonGroup, CopiesAndMovesAreIndependentValues) {
  PersonGroup big;
  for (PersonIndex p = 0; p < 20; ++p) big.push_back(p);
  PersonGroup copy = big;
  copy.push_back(99);
  EXPECT_EQ(big.size(), 20u);
  EXPECT_EQ(copy.size(), 21u);
  PersonGroup moved = std::move(copy);
  EXPECT_EQ(Members(moved).back(), 99u);
  EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  PersonGroup small{1};
  PersonGroup small_copy = small;
  small_copy.push_back(2);
  EXPECT_EQ(Members(small), (std::vector<PersonIndex>{1}));
  EXPECT_EQ(Members(small_copy), (std::vector<PersonIndex>{1, 2}));
  EXPECT_TRUE(PersonGroup().empty());
}

}  // namespace
}  // namespace kinlink::sim::pipeline_detail
