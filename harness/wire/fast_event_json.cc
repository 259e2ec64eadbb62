#include "harness/wire/fast_event_json.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <google/protobuf/descriptor.h>

#include "harness/wire/mesos_json.h"

namespace mc::mesos_json {
namespace {

namespace od = simdjson::ondemand;

using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Event;

// Enum value numbers by name, from the compiled descriptor.
class EnumNames {
 public:
  explicit EnumNames(const google::protobuf::EnumDescriptor* descriptor) {
    for (int i = 0; i < descriptor->value_count(); ++i) {
      numbers_.emplace(descriptor->value(i)->name(), descriptor->value(i)->number());
    }
  }
  bool Find(std::string_view name, int* number) const {
    auto it = numbers_.find(name);
    if (it == numbers_.end()) return false;
    *number = it->second;
    return true;
  }

 private:
  std::unordered_map<std::string_view, int> numbers_;
};

const EnumNames& EventTypes() {
  static const EnumNames* const names = new EnumNames(mesos::v1::scheduler::Event::Type_descriptor());
  return *names;
}
const EnumNames& TaskStates() {
  static const EnumNames* const names = new EnumNames(mesos::v1::TaskState_descriptor());
  return *names;
}
const EnumNames& Sources() {
  static const EnumNames* const names = new EnumNames(TaskStatus::Source_descriptor());
  return *names;
}
const EnumNames& Reasons() {
  static const EnumNames* const names = new EnumNames(TaskStatus::Reason_descriptor());
  return *names;
}
const EnumNames& Protocols() {
  static const EnumNames* const names = new EnumNames(mesos::v1::NetworkInfo::Protocol_descriptor());
  return *names;
}

// Walks one document; every method returns false to give up.
class Walker {
 public:
  explicit Walker(const char* end) : end_(end) {}

  bool Event(od::object object, mesos::v1::scheduler::Event* event) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      const std::string_view key = Key(field);
      od::value value = field.value();
      if (key == "type") {
        if (!Once(&seen, 0)) return false;
        int number;
        if (!Enum(value, EventTypes(), &number)) return false;
        event->set_type(static_cast<mesos::v1::scheduler::Event::Type>(number));
      } else if (key == "update") {
        if (!Once(&seen, 1)) return false;
        od::object update;
        if (value.get_object().get(update)) return false;
        if (!Update(update, event->mutable_update())) return false;
      } else {
        return false;
      }
    }
    return (seen & 1) != 0;  // the reader tells an Event from a bare status by "type"
  }

 private:
  // The key as written, up to its closing quote. A key with escapes then holds
  // a backslash, so it matches no field name and the walk gives up.
  std::string_view Key(const od::field& field) const {
    const char* raw = field.key().raw();
    const void* quote = std::memchr(raw, '"', static_cast<size_t>(end_ - raw));
    if (quote == nullptr) return {};
    return std::string_view(raw, static_cast<size_t>(static_cast<const char*>(quote) - raw));
  }

  // A key repeated in one object merges or appends in the generic decoder:
  // left to it.
  static bool Once(uint32_t* seen, int bit) {
    if (*seen & (1u << bit)) return false;
    *seen |= 1u << bit;
    return true;
  }

  static bool String(od::value value, std::string* out) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    out->assign(text.data(), text.size());
    return true;
  }

  static bool Bytes(od::value value, std::string* out) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    return Base64Decode(text, out);
  }

  static bool Enum(od::value value, const EnumNames& names, int* number) {
    std::string_view name;
    if (value.get_string().get(name)) return false;
    return names.Find(name, number);
  }

  // True if the number token is written as an integer (no fraction, no exponent).
  static bool IsIntegerToken(od::value& value) {
    return value.raw_json_token().find_first_of(".eE") == std::string_view::npos;
  }

  // As the generic decoder reads a double: an integer through its integer
  // value (so "-0" is 0.0, and one beyond 64 bits is an error), anything else
  // as parsed. (od::number is not used: simdjson 3.0.1 returns 0 from it for
  // mantissas of more than 19 digits.)
  static bool Double(od::value value, double* out) {
    if (!IsIntegerToken(value)) return !value.get_double().get(*out);
    if (value.raw_json_token().front() == '-') {
      int64_t number;
      if (value.get_int64().get(number)) return false;
      *out = static_cast<double>(number);
    } else {
      uint64_t number;
      if (value.get_uint64().get(number)) return false;
      *out = static_cast<double>(number);
    }
    return true;
  }

  // {"value": "..."}: TaskID, AgentID, ExecutorID.
  template <typename Id>
  bool IdValue(od::value value, Id* id) {
    od::object object;
    if (value.get_object().get(object)) return false;
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      if (Key(field) != "value" || !Once(&seen, 0)) return false;
      if (!String(field.value(), id->mutable_value())) return false;
    }
    return true;
  }

  bool Update(od::object object, mesos::v1::scheduler::Event::Update* update) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      if (Key(field) != "status" || !Once(&seen, 0)) return false;
      od::object status;
      if (field.value().get_object().get(status)) return false;
      if (!Status(status, update->mutable_status())) return false;
    }
    return true;
  }

  bool Status(od::object object, TaskStatus* status) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      const std::string_view key = Key(field);
      od::value value = field.value();
      int number;
      bool ok = false;
      switch (key.size()) {
        case 4:
          if (key == "data") ok = Once(&seen, 3) && Bytes(value, status->mutable_data());
          if (key == "uuid") ok = Once(&seen, 11) && Bytes(value, status->mutable_uuid());
          break;
        case 5:
          if (key == "state" && Once(&seen, 2) && Enum(value, TaskStates(), &number)) {
            status->set_state(static_cast<mesos::v1::TaskState>(number));
            ok = true;
          }
          break;
        case 6:
          if (key == "source" && Once(&seen, 9) && Enum(value, Sources(), &number)) {
            status->set_source(static_cast<TaskStatus::Source>(number));
            ok = true;
          } else if (key == "reason" && Once(&seen, 10) && Enum(value, Reasons(), &number)) {
            status->set_reason(static_cast<TaskStatus::Reason>(number));
            ok = true;
          }
          break;
        case 7:
          if (key == "task_id") ok = Once(&seen, 1) && IdValue(value, status->mutable_task_id());
          if (key == "message") ok = Once(&seen, 4) && String(value, status->mutable_message());
          if (key == "healthy" && Once(&seen, 8)) {
            bool healthy;
            ok = !value.get_bool().get(healthy);
            if (ok) status->set_healthy(healthy);
          }
          break;
        case 8:
          if (key == "agent_id") ok = Once(&seen, 5) && IdValue(value, status->mutable_agent_id());
          break;
        case 9:
          if (key == "timestamp" && Once(&seen, 6)) {
            double timestamp;
            ok = Double(value, &timestamp);
            if (ok) status->set_timestamp(timestamp);
          }
          break;
        case 11:
          if (key == "executor_id") {
            ok = Once(&seen, 7) && IdValue(value, status->mutable_executor_id());
          }
          break;
        case 16:
          if (key == "container_status") {
            od::object container;
            ok = Once(&seen, 13) && !value.get_object().get(container) &&
                 ContainerStatus(container, status->mutable_container_status());
          } else if (key == "unreachable_time") {
            od::object time;
            ok = Once(&seen, 14) && !value.get_object().get(time) &&
                 TimeInfo(time, status->mutable_unreachable_time());
          }
          break;
        default:
          break;
      }
      if (!ok) return false;
    }
    return true;
  }

  bool TimeInfo(od::object object, mesos::v1::TimeInfo* time) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      if (Key(field) != "nanoseconds" || !Once(&seen, 0)) return false;
      od::value value = field.value();
      int64_t nanoseconds;
      // Fractional or exponent forms follow the generic decoder's range rules.
      if (!IsIntegerToken(value) || value.get_int64().get(nanoseconds)) return false;
      time->set_nanoseconds(nanoseconds);
    }
    return true;
  }

  bool ContainerStatus(od::object object, mesos::v1::ContainerStatus* container) {
    return OnlyRepeated(object, "network_infos", [container] { return container->add_network_infos(); },
                        [this](od::object info, mesos::v1::NetworkInfo* into) { return NetworkInfo(info, into); });
  }

  bool NetworkInfo(od::object object, mesos::v1::NetworkInfo* info) {
    return OnlyRepeated(object, "ip_addresses", [info] { return info->add_ip_addresses(); },
                        [this](od::object address, mesos::v1::NetworkInfo::IPAddress* into) {
                          return IPAddress(address, into);
                        });
  }

  // An object whose one key is `key`, an array of objects: each parsed by
  // `parse` into an element `add` appends.
  template <typename Add, typename Parse>
  bool OnlyRepeated(od::object object, std::string_view key, Add add, Parse parse) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      if (Key(field) != key || !Once(&seen, 0)) return false;
      od::array items;
      if (field.value().get_array().get(items)) return false;
      for (auto item : items) {
        od::object element;
        if (item.get_object().get(element)) return false;
        if (!parse(element, add())) return false;
      }
    }
    return true;
  }

  bool IPAddress(od::object object, mesos::v1::NetworkInfo::IPAddress* address) {
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      const std::string_view key = Key(field);
      if (key == "ip_address") {
        if (!Once(&seen, 0) || !String(field.value(), address->mutable_ip_address())) return false;
      } else if (key == "protocol") {
        int number;
        if (!Once(&seen, 1) || !Enum(field.value(), Protocols(), &number)) return false;
        address->set_protocol(static_cast<mesos::v1::NetworkInfo::Protocol>(number));
      } else {
        return false;
      }
    }
    return true;
  }

  const char* end_;  // the end of the document
};

}  // namespace

bool FastEventParser::Parse(const char* json, size_t size, Event* event) {
  od::document document;
  if (parser_.iterate(json, size, size + simdjson::SIMDJSON_PADDING).get(document)) return false;
  od::object object;
  if (document.get_object().get(object)) return false;
  event->Clear();
  Walker walker(json + size);
  if (!walker.Event(object, event)) return false;
  // Nothing may follow the object.
  return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

}  // namespace mc::mesos_json
