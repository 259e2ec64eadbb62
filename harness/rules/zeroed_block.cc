#include "harness/rules/zeroed_block.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>
#include <utility>

namespace mc {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

ZeroedBlock::ZeroedBlock(size_t bytes) : bytes_(bytes) {
  if (bytes >= kHugePage) {
    void* mapped = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
      ::madvise(mapped, bytes, MADV_HUGEPAGE);  // a hint: fine if refused
#endif
      data_ = mapped;
      mapped_ = true;
      return;
    }
  }
  data_ = std::calloc(bytes == 0 ? 1 : bytes, 1);
  if (data_ == nullptr) throw std::bad_alloc();
}

ZeroedBlock::~ZeroedBlock() { Release(); }

ZeroedBlock::ZeroedBlock(ZeroedBlock&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

ZeroedBlock& ZeroedBlock::operator=(ZeroedBlock&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

void ZeroedBlock::Release() {
  if (data_ == nullptr) return;
  if (mapped_) {
    ::munmap(data_, bytes_);
  } else {
    std::free(data_);
  }
  data_ = nullptr;
}

}  // namespace mc
