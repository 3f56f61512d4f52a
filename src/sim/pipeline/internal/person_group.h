// PersonGroup: the persons who move through ICE custody together (an adult first, then the other
// adults and children following them). Internal to src/sim/pipeline.
//
// Stored inline up to kInline members, so creating, copying and passing a group (one per person
// arriving, copied into the ICE coroutine's frame) allocates nothing in the common case; larger
// groups (a scenario may allow big families) spill to a heap vector. A value type.
//
//   PersonGroup group{parent};
//   group.push_back(child);
//   for (PersonIndex m : group) ...
#ifndef KINLINK_SIM_PIPELINE_INTERNAL_PERSON_GROUP_H_
#define KINLINK_SIM_PIPELINE_INTERNAL_PERSON_GROUP_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "sim/pipeline/population.h"

namespace kinlink::sim::pipeline_detail {

class PersonGroup {
 public:
  static constexpr std::size_t kInline = 7;

  PersonGroup() = default;
  PersonGroup(std::initializer_list<PersonIndex> members) {
    for (PersonIndex m : members) push_back(m);
  }
  PersonGroup(const PersonGroup&) = default;
  PersonGroup& operator=(const PersonGroup&) = default;
  // A moved-from group is empty.
  PersonGroup(PersonGroup&& other) noexcept
      : inline_(other.inline_),
        size_(std::exchange(other.size_, 0)),
        overflow_(std::move(other.overflow_)) {}
  PersonGroup& operator=(PersonGroup&& other) noexcept {
    inline_ = other.inline_;
    size_ = std::exchange(other.size_, 0);
    overflow_ = std::move(other.overflow_);
    return *this;
  }

  void push_back(PersonIndex person) {
    if (size_ < kInline) {
      inline_[size_++] = person;
      return;
    }
    if (size_ == kInline) overflow_.assign(inline_.begin(), inline_.end());
    overflow_.push_back(person);
    ++size_;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const PersonIndex* begin() const { return size_ <= kInline ? inline_.data() : overflow_.data(); }
  const PersonIndex* end() const { return begin() + size_; }
  PersonIndex front() const { return *begin(); }
  PersonIndex operator[](std::size_t i) const { return begin()[i]; }

 private:
  std::array<PersonIndex, kInline> inline_{};
  std::uint32_t size_ = 0;
  std::vector<PersonIndex> overflow_;  // all members, once there are more than kInline
};

}  // namespace kinlink::sim::pipeline_detail

#endif  // KINLINK_SIM_PIPELINE_INTERNAL_PERSON_GROUP_H_
