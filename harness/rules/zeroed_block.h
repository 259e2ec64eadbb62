// Zero-filled memory for the ledger's large hash tables. Large blocks come
// straight from mmap (zero pages cost nothing until touched) and ask for
// transparent huge pages: the tables are probed at random, so TLB misses would
// otherwise cost as much as the cache misses.
#pragma once

#include <cstddef>

namespace mc {

class ZeroedBlock {
 public:
  ZeroedBlock() = default;
  explicit ZeroedBlock(size_t bytes);
  ~ZeroedBlock();
  ZeroedBlock(ZeroedBlock&& other) noexcept;
  ZeroedBlock& operator=(ZeroedBlock&& other) noexcept;
  ZeroedBlock(const ZeroedBlock&) = delete;
  ZeroedBlock& operator=(const ZeroedBlock&) = delete;

  void* data() const { return data_; }

 private:
  void Release();

  void* data_ = nullptr;
  size_t bytes_ = 0;
  bool mapped_ = false;
};

}  // namespace mc
