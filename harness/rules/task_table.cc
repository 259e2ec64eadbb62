#include "harness/rules/task_table.h"

#include <algorithm>
#include <cstring>

namespace mc {
namespace {

constexpr int kInitialBits = 10;
constexpr size_t kIdBlock = size_t{1} << 20;

uint64_t Load64(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

uint64_t Load32(const char* p) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// Multiplies and folds the 128-bit product (as wyhash does).
uint64_t Mix(uint64_t a, uint64_t b) {
  const __uint128_t product = static_cast<__uint128_t>(a ^ 0xa0761d6478bd642fu) *
                              (b ^ 0xe7037ed1a0b428dbu);
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

}  // namespace

uint64_t TaskTable::Hash(std::string_view bytes) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  uint64_t seed = n * 0x9e3779b97f4a7c15u;
  uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = Load64(p);
      b = Load64(p + n - 8);
    } else if (n >= 4) {
      a = Load32(p);
      b = Load32(p + n - 4);
    } else if (n > 0) {
      a = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
          static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    for (; n > 16; p += 16, n -= 16) seed = Mix(Load64(p) ^ seed, Load64(p + 8));
    a = Load64(p + n - 16);
    b = Load64(p + n - 8);
  }
  return Mix(a ^ seed, Mix(b, seed ^ bytes.size()));
}

TaskTable::TaskTable()
    : block_(sizeof(Slot) << kInitialBits),
      slots_(static_cast<Slot*>(block_.data())),
      mask_((size_t{1} << kInitialBits) - 1),
      shift_(64 - kInitialBits) {}

uint32_t TaskTable::FindOrAdd(std::string_view id, bool* added) {
  const uint64_t hash = Hash(id);
  const uint32_t tag = static_cast<uint32_t>(hash);
  for (size_t i = IndexOf(hash);; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.number == 0) {
      const uint32_t number = static_cast<uint32_t>(ids_.size());
      slot = Slot{tag, number + 1};
      ids_.push_back(Store(id));
      *added = true;
      // At most half full, so probes stay short.
      if (ids_.size() * 2 > mask_ + 1) Rehash((mask_ + 1) * 2);
      return number;
    }
    if (slot.tag == tag && ids_[slot.number - 1] == id) {
      *added = false;
      return slot.number - 1;
    }
  }
}

std::string_view TaskTable::Store(std::string_view id) {
  if (id_blocks_.empty() || id_block_used_ + id.size() > kIdBlock) {
    id_blocks_.emplace_back(new char[std::max(kIdBlock, id.size())]);
    id_block_used_ = 0;
  }
  char* at = id_blocks_.back().get() + id_block_used_;
  if (!id.empty()) std::memcpy(at, id.data(), id.size());
  id_block_used_ += id.size();
  return std::string_view(at, id.size());
}

void TaskTable::Reserve(size_t count) {
  size_t capacity = mask_ + 1;
  while (capacity < count * 2) capacity *= 2;
  if (capacity > mask_ + 1) Rehash(capacity);
}

void TaskTable::Rehash(size_t capacity) {
  block_ = ZeroedBlock(sizeof(Slot) * capacity);
  slots_ = static_cast<Slot*>(block_.data());
  mask_ = capacity - 1;
  while (size_t{1} << (64 - shift_) < capacity) --shift_;
  // Slots keep only the hash's low half: the index comes from hashing again.
  for (uint32_t number = 0; number < ids_.size(); ++number) {
    const uint64_t hash = Hash(ids_[number]);
    size_t i = IndexOf(hash);
    while (slots_[i].number != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{static_cast<uint32_t>(hash), number + 1};
  }
}

}  // namespace mc
