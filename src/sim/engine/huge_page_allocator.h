// HugePageAllocator<T>: a std::allocator for big, randomly accessed model arrays (one record per
// simulated person). Allocations of 2 MiB or more are 2 MiB-aligned and offered to the kernel as
// transparent huge pages (madvise; a hint, harmless where unsupported), so random reads into a
// 15 MB array stop missing the TLB on almost every access. Smaller ones use operator new.
//
//   std::vector<SimPerson, HugePageAllocator<SimPerson>> people;
//
// Stateless; thread-safe like operator new. Throws std::bad_alloc on exhaustion.
#ifndef KINLINK_SIM_ENGINE_HUGE_PAGE_ALLOCATOR_H_
#define KINLINK_SIM_ENGINE_HUGE_PAGE_ALLOCATOR_H_

#include <cstddef>
#include <new>

namespace kinlink::sim {

namespace detail {
inline constexpr std::size_t kHugePageBytes = std::size_t{2} * 1024 * 1024;
// 2 MiB-aligned memory of `bytes` rounded up to 2 MiB, advised as huge pages.
void* AllocateHugePages(std::size_t bytes);
void FreeHugePages(void* p);
}  // namespace detail

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= detail::kHugePageBytes) {
      return static_cast<T*>(detail::AllocateHugePages(bytes));
    }
    return static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T))));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) >= detail::kHugePageBytes) {
      detail::FreeHugePages(p);
    } else {
      ::operator delete(p, std::align_val_t(alignof(T)));
    }
  }
  template <class U>
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator<U>&) {
    return true;
  }
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_HUGE_PAGE_ALLOCATOR_H_
