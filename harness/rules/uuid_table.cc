#include "harness/rules/uuid_table.h"

#include <utility>

namespace mc {
namespace {

constexpr int kInitialBits = 10;

}  // namespace

UuidTable::UuidTable()
    : block_(sizeof(Slot) << kInitialBits),
      slots_(static_cast<Slot*>(block_.data())),
      mask_((size_t{1} << kInitialBits) - 1),
      shift_(64 - kInitialBits) {}

const UuidTable::Use* UuidTable::FindOrInsert(const char* uuid, Use use) {
  const Key key = Key::Of(uuid);
  for (size_t i = IndexOf(key);; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.key == key) return &slot.use;
    if (slot.key.empty()) {
      slot.key = key;
      slot.use = use;
      // At most half full, so probes stay short.
      if (++size_ * 2 > mask_ + 1) Rehash((mask_ + 1) * 2);
      return nullptr;
    }
  }
}

void UuidTable::Reserve(size_t count) {
  size_t capacity = mask_ + 1;
  while (capacity < count * 2) capacity *= 2;
  if (capacity > mask_ + 1) Rehash(capacity);
}

void UuidTable::Rehash(size_t capacity) {
  const size_t old_capacity = mask_ + 1;
  ZeroedBlock old_block = std::move(block_);
  const Slot* old_slots = slots_;
  block_ = ZeroedBlock(sizeof(Slot) * capacity);
  slots_ = static_cast<Slot*>(block_.data());
  mask_ = capacity - 1;
  while (size_t{1} << (64 - shift_) < capacity) --shift_;
  for (size_t j = 0; j < old_capacity; ++j) {
    const Slot& slot = old_slots[j];
    if (slot.key.empty()) continue;
    size_t i = IndexOf(slot.key);
    while (!slots_[i].key.empty()) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

}  // namespace mc
