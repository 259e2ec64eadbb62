// Which task and state first used each status uuid: an open-addressing table
// with the 16 uuid bytes inline, so a lookup is one probe into one array (a
// trace may hold millions of uuids, and nearly every lookup misses the cache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "harness/rules/zeroed_block.h"

namespace mc {

class UuidTable {
 public:
  struct Use {
    uint32_t task;
    int32_t state;
  };

  UuidTable();

  // Returns the use recorded for `uuid` (16 bytes), or records `use` for it and
  // returns null. The all-zero uuid marks free slots: callers pass only valid
  // uuids, whose version nibble is never 0.
  const Use* FindOrInsert(const char* uuid, Use use);
  // Makes room for `count` uuids in all without growing again.
  void Reserve(size_t count);
  // Starts loading the slot `uuid` hashes to, ahead of FindOrInsert().
  void Prefetch(const char* uuid) const { __builtin_prefetch(&slots_[IndexOf(Key::Of(uuid))]); }

  size_t size() const { return size_; }

 private:
  struct Key {
    uint64_t low, high;
    static Key Of(const char* uuid) {
      Key key;
      std::memcpy(&key.low, uuid, 8);
      std::memcpy(&key.high, uuid + 8, 8);
      return key;
    }
    bool empty() const { return (low | high) == 0; }
    bool operator==(const Key& other) const { return low == other.low && high == other.high; }
  };
  struct Slot {
    Key key;
    Use use;
  };

  size_t IndexOf(const Key& key) const {
    const uint64_t mixed = (key.low ^ (key.high << 29 | key.high >> 35)) * 0x9e3779b97f4a7c15u;
    return static_cast<size_t>(mixed >> shift_);  // the top bits: Fibonacci hashing
  }
  void Rehash(size_t capacity);

  ZeroedBlock block_;
  Slot* slots_ = nullptr;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace mc
