#include "harness/wire/fast_event_protobuf.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

namespace mc::mesos_protobuf {
namespace {

using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Event;

enum WireType : uint8_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2 };

constexpr uint8_t Key(int field, WireType type) { return static_cast<uint8_t>(field << 3 | type); }

// Longest length prefix taken: 3 bytes hold any length under 2 MiB; longer
// ones (and the generic parser's 5-byte limit) are left to it.
constexpr int kMaxLengthBytes = 3;

// The fields of one message, read in order; every method returns false to give up.
class Fields {
 public:
  explicit Fields(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool AtEnd() const { return p_ == end_; }

  // A one-byte key (field numbers 1 to 15): all the fields covered here.
  bool NextKey(uint8_t* key) {
    if (p_ == end_ || static_cast<uint8_t>(*p_) >= 0x80) return false;
    *key = static_cast<uint8_t>(*p_++);
    return true;
  }

  // As the generic parser reads it: up to 10 bytes, bits past 64 dropped.
  bool Varint(uint64_t* value) { return VarintOf(10, value); }

  bool Fixed64(uint64_t* value) {
    if (end_ - p_ < 8) return false;
    std::memcpy(value, p_, 8);
    p_ += 8;
    return true;
  }

  bool LengthDelimited(std::string_view* bytes) {
    uint64_t size;
    if (!VarintOf(kMaxLengthBytes, &size) || size > static_cast<uint64_t>(end_ - p_)) return false;
    *bytes = std::string_view(p_, static_cast<size_t>(size));
    p_ += size;
    return true;
  }

 private:
  bool VarintOf(int max_bytes, uint64_t* value) {
    uint64_t result = 0;
    for (int i = 0; i < max_bytes && p_ != end_; ++i) {
      const uint64_t byte = static_cast<uint8_t>(*p_++);
      result |= (byte & 0x7f) << (7 * i);
      if (byte < 0x80) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

// A non-repeated field given twice merges or overrides in the generic parser:
// left to it.
bool Once(uint32_t* seen, uint8_t key) {
  const uint32_t bit = 1u << (key >> 3);
  if (*seen & bit) return false;
  *seen |= bit;
  return true;
}

// An enum number the compiled enum knows; others become unknown fields.
template <typename IsValid>
bool KnownEnum(uint64_t number, IsValid is_valid) {
  return number <= static_cast<uint64_t>(std::numeric_limits<int>::max()) &&
         is_valid(static_cast<int>(number));
}

bool SetString(Fields& in, std::string* out) {
  std::string_view bytes;
  if (!in.LengthDelimited(&bytes)) return false;
  out->assign(bytes.data(), bytes.size());
  return true;
}

// {value = 1}: TaskID, AgentID, ExecutorID, ContainerID (without a parent).
template <typename Id>
bool DecodeId(std::string_view bytes, Id* id) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || key != Key(1, kLengthDelimited) || !Once(&seen, key) ||
        !SetString(in, id->mutable_value())) {
      return false;
    }
  }
  return true;
}

// A message field, decoded by `Decode` (a template argument, so it inlines).
template <auto Decode, typename Message>
bool Nested(Fields& in, Message* message) {
  std::string_view bytes;
  return in.LengthDelimited(&bytes) && Decode(bytes, message);
}

bool DecodeTimeInfo(std::string_view bytes, mesos::v1::TimeInfo* time) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  uint64_t number;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || key != Key(1, kVarint) || !Once(&seen, key) || !in.Varint(&number)) {
      return false;
    }
    time->set_nanoseconds(static_cast<int64_t>(number));
  }
  return true;
}

bool DecodeIPAddress(std::string_view bytes, mesos::v1::NetworkInfo::IPAddress* address) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  uint64_t number;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || !Once(&seen, key)) return false;
    switch (key) {
      case Key(1, kVarint):
        if (!in.Varint(&number) || !KnownEnum(number, mesos::v1::NetworkInfo::Protocol_IsValid)) {
          return false;
        }
        address->set_protocol(static_cast<mesos::v1::NetworkInfo::Protocol>(number));
        break;
      case Key(2, kLengthDelimited):
        if (!SetString(in, address->mutable_ip_address())) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

bool DecodeNetworkInfo(std::string_view bytes, mesos::v1::NetworkInfo* info) {
  Fields in(bytes);
  uint8_t key;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || key != Key(5, kLengthDelimited) ||
        !Nested<DecodeIPAddress>(in, info->add_ip_addresses())) {
      return false;
    }
  }
  return true;
}

bool DecodeContainerStatus(std::string_view bytes, mesos::v1::ContainerStatus* container) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  uint64_t number;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key)) return false;
    switch (key) {
      case Key(1, kLengthDelimited):  // repeated
        if (!Nested<DecodeNetworkInfo>(in, container->add_network_infos())) return false;
        break;
      case Key(3, kVarint):
        if (!Once(&seen, key) || !in.Varint(&number) ||
            number > std::numeric_limits<uint32_t>::max()) {
          return false;
        }
        container->set_executor_pid(static_cast<uint32_t>(number));
        break;
      case Key(4, kLengthDelimited):
        if (!Once(&seen, key) ||
            !Nested<DecodeId<mesos::v1::ContainerID>>(in, container->mutable_container_id())) {
          return false;
        }
        break;
      default:
        return false;
    }
  }
  return true;
}

bool DecodeStatus(std::string_view bytes, TaskStatus* status) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  uint64_t number;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || !Once(&seen, key)) return false;
    bool ok = false;
    switch (key) {
      case Key(1, kLengthDelimited):
        ok = Nested<DecodeId<mesos::v1::TaskID>>(in, status->mutable_task_id());
        break;
      case Key(2, kVarint):
        ok = in.Varint(&number) && KnownEnum(number, mesos::v1::TaskState_IsValid);
        if (ok) status->set_state(static_cast<mesos::v1::TaskState>(number));
        break;
      case Key(3, kLengthDelimited):
        ok = SetString(in, status->mutable_data());
        break;
      case Key(4, kLengthDelimited):
        ok = SetString(in, status->mutable_message());
        break;
      case Key(5, kLengthDelimited):
        ok = Nested<DecodeId<mesos::v1::AgentID>>(in, status->mutable_agent_id());
        break;
      case Key(6, kFixed64): {
        ok = in.Fixed64(&number);
        double timestamp;
        std::memcpy(&timestamp, &number, sizeof(timestamp));
        if (ok) status->set_timestamp(timestamp);
        break;
      }
      case Key(7, kLengthDelimited):
        ok = Nested<DecodeId<mesos::v1::ExecutorID>>(in, status->mutable_executor_id());
        break;
      case Key(8, kVarint):
        ok = in.Varint(&number);
        if (ok) status->set_healthy(number != 0);
        break;
      case Key(9, kVarint):
        ok = in.Varint(&number) && KnownEnum(number, TaskStatus::Source_IsValid);
        if (ok) status->set_source(static_cast<TaskStatus::Source>(number));
        break;
      case Key(10, kVarint):
        ok = in.Varint(&number) && KnownEnum(number, TaskStatus::Reason_IsValid);
        if (ok) status->set_reason(static_cast<TaskStatus::Reason>(number));
        break;
      case Key(11, kLengthDelimited):
        ok = SetString(in, status->mutable_uuid());
        break;
      case Key(13, kLengthDelimited):
        ok = Nested<DecodeContainerStatus>(in, status->mutable_container_status());
        break;
      case Key(14, kLengthDelimited):
        ok = Nested<DecodeTimeInfo>(in, status->mutable_unreachable_time());
        break;
      default:
        break;
    }
    if (!ok) return false;
  }
  return true;
}

bool DecodeUpdate(std::string_view bytes, Event::Update* update) {
  Fields in(bytes);
  uint32_t seen = 0;
  uint8_t key;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || key != Key(1, kLengthDelimited) || !Once(&seen, key) ||
        !Nested<DecodeStatus>(in, update->mutable_status())) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ParseEventFast(const char* data, size_t size, Event* event) {
  event->Clear();
  Fields in(std::string_view(data, size));
  uint32_t seen = 0;
  uint8_t key;
  uint64_t number;
  while (!in.AtEnd()) {
    if (!in.NextKey(&key) || !Once(&seen, key)) return false;
    switch (key) {
      case Key(1, kVarint):
        if (!in.Varint(&number) || !KnownEnum(number, Event::Type_IsValid)) return false;
        event->set_type(static_cast<Event::Type>(number));
        break;
      case Key(5, kLengthDelimited):
        if (!Nested<DecodeUpdate>(in, event->mutable_update())) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace mc::mesos_protobuf
