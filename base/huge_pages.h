// Large buffers that cost few page faults: a hint for transparent huge pages, and a buffer mapped
// outside malloc's heap.
#pragma once

#include <cstddef>

namespace tidings {

// Asks for 2 MB pages over the part of [data, data + size) that is 2 MB aligned, before the buffer
// is first written. On a virtual machine each 4 KB page fault of a freshly allocated buffer costs
// microseconds: filling a 24 MB document copy took longer than parsing it. A no-op for small
// buffers, and where the kernel does not offer huge pages.
void AdviseHugePages(void* data, std::size_t size);

// A large byte buffer mapped from the kernel directly, huge pages advised, unmapped when destroyed
// or reset. Kept out of malloc's heap on purpose: a 24 MB block there lifts the heap's top past
// glibc's trim threshold, so that freeing it gives the whole heap back to the kernel and the next
// parse page-faults every page of its output in again. Reusable: Reserve() maps anew only when the
// buffer is too small, so that a buffer kept for the next document costs no page faults.
class MappedBuffer {
 public:
  MappedBuffer() = default;
  ~MappedBuffer() { Reset(); }
  MappedBuffer(const MappedBuffer&) = delete;
  MappedBuffer& operator=(const MappedBuffer&) = delete;

  // Makes data() hold at least `size` bytes (contents unspecified), mapping anew only when the
  // buffer is smaller. False when the mapping failed: data() is then null.
  bool Reserve(std::size_t size);
  // Unmaps the buffer now; data() is null afterwards.
  void Reset();

  char* data() const { return data_; }
  std::size_t capacity() const { return capacity_; }

 private:
  void* map_ = nullptr;  // the whole mapping, of which data_ is the 2 MB aligned part
  std::size_t map_size_ = 0;
  char* data_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace tidings
