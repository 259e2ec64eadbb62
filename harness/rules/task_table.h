// Task ids numbered in order of first sight. Slots hold 32 bits of the id's
// hash and its number, 8 bytes each, so the table stays small and one probe
// usually settles a lookup; the ids themselves live in large blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "harness/rules/zeroed_block.h"

namespace mc {

class TaskTable {
 public:
  TaskTable();

  // The number of task `id`; a new id gets the next number and *added is set.
  uint32_t FindOrAdd(std::string_view id, bool* added);
  // Makes room for `count` ids in all without growing again.
  void Reserve(size_t count);
  // Starts loading the slot `id` hashes to, ahead of FindOrAdd().
  void Prefetch(std::string_view id) const { __builtin_prefetch(&slots_[IndexOf(Hash(id))]); }
  std::string_view Id(uint32_t number) const { return ids_[number]; }
  size_t size() const { return ids_.size(); }

  static uint64_t Hash(std::string_view bytes);

 private:
  struct Slot {
    uint32_t tag;     // low bits of the hash (the index takes the top bits)
    uint32_t number;  // the task's number + 1; 0 marks a free slot
  };

  size_t IndexOf(uint64_t hash) const { return static_cast<size_t>(hash >> shift_); }
  std::string_view Store(std::string_view id);
  void Rehash(size_t capacity);

  ZeroedBlock block_;
  Slot* slots_ = nullptr;
  size_t mask_ = 0;
  int shift_ = 64;
  std::vector<std::string_view> ids_;  // by number; views into id_blocks_
  std::vector<std::unique_ptr<char[]>> id_blocks_;
  size_t id_block_used_ = 0;
};

}  // namespace mc
