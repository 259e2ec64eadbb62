#include "harness/wire/mesos_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace mc::mesos_json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Protobuf's own binary parser stops at the same depth.
constexpr int kMaxMessageDepth = 100;

// ---------------------------------------------------------------------------
// Per-descriptor lookup tables, built once and never freed. Keyed by
// Descriptor*, so descriptors must outlive the process (true of generated ones).

// An open-addressing table from name to value. Field and enum value names are
// few and short, so hashing only their length and three of their bytes into a
// half-empty table beats a general hash map; collisions just probe further.
template <typename Value>
class NameTable {
 public:
  void Build(const std::vector<std::pair<std::string_view, Value>>& entries) {
    int bits = 2;
    while ((size_t{1} << bits) < entries.size() * 2) ++bits;
    slots_.assign(size_t{1} << bits, Slot{});
    mask_ = slots_.size() - 1;
    shift_ = 32 - bits;
    for (const auto& [name, value] : entries) {
      size_t i = Index(name);
      while (slots_[i].used) i = (i + 1) & mask_;
      slots_[i] = Slot{name, value, true};
    }
  }

  const Value* Find(std::string_view name) const {
    for (size_t i = Index(name);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (SameName(slot.name, name)) return &slot.value;
    }
  }

 private:
  struct Slot {
    std::string_view name;
    Value value{};
    bool used = false;
  };

  // Names are short, so comparing them in (possibly overlapping) 8- or 4-byte
  // words beats both a call to memcmp and a byte loop.
  static bool SameName(std::string_view a, std::string_view b) {
    const size_t size = a.size();
    if (size != b.size()) return false;
    if (size >= 8) {
      for (size_t i = 0; i + 8 < size; i += 8) {
        if (Load<uint64_t>(a, i) != Load<uint64_t>(b, i)) return false;
      }
      return Load<uint64_t>(a, size - 8) == Load<uint64_t>(b, size - 8);
    }
    if (size >= 4) {
      return Load<uint32_t>(a, 0) == Load<uint32_t>(b, 0) &&
             Load<uint32_t>(a, size - 4) == Load<uint32_t>(b, size - 4);
    }
    for (size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  template <typename Word>
  static Word Load(std::string_view text, size_t at) {
    Word word;
    std::memcpy(&word, text.data() + at, sizeof(word));
    return word;
  }

  size_t Index(std::string_view name) const {
    uint32_t key = static_cast<uint32_t>(name.size());
    if (!name.empty()) {
      key ^= static_cast<unsigned char>(name.front()) << 8 |
             static_cast<unsigned char>(name[name.size() / 2]) << 16 |
             static_cast<uint32_t>(static_cast<unsigned char>(name.back())) << 24;
    }
    return (key * 2654435769u) >> shift_;  // Fibonacci hashing: the top bits
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 32;
};

struct MessageLayout;

struct EnumLayout {
  // Values rather than numbers: SetEnum() skips the number lookup SetEnumValue() does.
  NameTable<const EnumValueDescriptor*> value_by_name;
};

struct FieldLayout {
  const FieldDescriptor* field = nullptr;
  std::string key;                          // `"name":`, ready to append
  bool print_when_unset = false;            // explicit default, not deprecated
  const MessageLayout* message = nullptr;   // for message fields
  const EnumLayout* enumeration = nullptr;  // for enum fields
};

struct MessageLayout {
  std::vector<FieldLayout> fields;  // sorted by name: the print order
  NameTable<const FieldLayout*> field_by_name;
  const Reflection* generated_reflection = nullptr;  // of the compiled-in class, if any
};

// All sub-messages of a generated message are generated too, so below a
// generated root the reflection comes from the layout: GetReflection() costs a
// call_once every time.
bool IsGenerated(const Reflection& reflection, const MessageLayout& layout) {
  return &reflection == layout.generated_reflection;
}

const Reflection& ReflectionOf(const Message& message, const MessageLayout& layout,
                               bool generated_tree) {
  return generated_tree ? *layout.generated_reflection : *message.GetReflection();
}

class LayoutRegistry {
 public:
  const MessageLayout& For(const Descriptor* descriptor) {
    std::lock_guard<std::mutex> lock(mutex_);
    return *BuildLocked(descriptor);
  }

 private:
  // Registers the layout before filling it, so recursive types terminate.
  MessageLayout* BuildLocked(const Descriptor* descriptor) {
    auto [it, inserted] = messages_.try_emplace(descriptor);
    if (!inserted) return it->second.get();
    it->second = std::make_unique<MessageLayout>();
    MessageLayout* layout = it->second.get();
    if (descriptor->file()->pool() == google::protobuf::DescriptorPool::generated_pool()) {
      const Message* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor);
      if (prototype != nullptr) layout->generated_reflection = prototype->GetReflection();
    }

    layout->fields.resize(descriptor->field_count());
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      FieldLayout& entry = layout->fields[i];
      entry.field = field;
      entry.key = absl::StrCat("\"", field->name(), "\":");
      entry.print_when_unset =
          !field->is_repeated() && field->has_default_value() && !field->options().deprecated();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        entry.message = BuildLocked(field->message_type());
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        entry.enumeration = EnumLocked(field->enum_type());
      }
    }
    std::sort(layout->fields.begin(), layout->fields.end(),
              [](const FieldLayout& a, const FieldLayout& b) {
                return a.field->name() < b.field->name();
              });
    std::vector<std::pair<std::string_view, const FieldLayout*>> names;
    for (const FieldLayout& entry : layout->fields) names.emplace_back(entry.field->name(), &entry);
    layout->field_by_name.Build(names);
    return layout;
  }

  const EnumLayout* EnumLocked(const EnumDescriptor* descriptor) {
    auto [it, inserted] = enums_.try_emplace(descriptor);
    if (inserted) {
      std::vector<std::pair<std::string_view, const EnumValueDescriptor*>> names;
      for (int i = 0; i < descriptor->value_count(); ++i) {
        names.emplace_back(descriptor->value(i)->name(), descriptor->value(i));
      }
      it->second = std::make_unique<EnumLayout>();
      it->second->value_by_name.Build(names);
    }
    return it->second.get();
  }

  std::mutex mutex_;
  absl::flat_hash_map<const Descriptor*, std::unique_ptr<MessageLayout>> messages_;
  absl::flat_hash_map<const EnumDescriptor*, std::unique_ptr<EnumLayout>> enums_;
};

const MessageLayout& LayoutFor(const Descriptor* descriptor) {
  static LayoutRegistry* const registry = new LayoutRegistry;
  // Most callers parse or print one message type over and over.
  thread_local const Descriptor* last_descriptor = nullptr;
  thread_local const MessageLayout* last_layout = nullptr;
  if (descriptor != last_descriptor) {
    last_layout = &registry->For(descriptor);
    last_descriptor = descriptor;
  }
  return *last_layout;
}

// ---------------------------------------------------------------------------
// Printing.

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void AppendBase64(std::string_view bytes, std::string* out) {
  const size_t start = out->size();
  out->resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out->data() + start;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    *p++ = kBase64Alphabet[(group >> 18) & 63];
    *p++ = kBase64Alphabet[(group >> 12) & 63];
    *p++ = kBase64Alphabet[(group >> 6) & 63];
    *p++ = kBase64Alphabet[group & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    const uint32_t group = (in[i] << 16) | (rest == 2 ? in[i + 1] << 8 : 0);
    *p++ = kBase64Alphabet[(group >> 18) & 63];
    *p++ = kBase64Alphabet[(group >> 12) & 63];
    *p++ = rest == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=';
    *p++ = '=';
  }
}

// Bytes that Mesos escapes in strings: '"', '\\', '/' and control characters.
struct EscapedBytes {
  bool contains[256];
  constexpr EscapedBytes() : contains() {
    for (int c = 0; c < 0x20; ++c) contains[c] = true;
    contains[0x7f] = contains['"'] = contains['\\'] = contains['/'] = true;
  }
};
constexpr EscapedBytes kEscapedBytes;

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t clean_from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!kEscapedBytes.contains[c]) continue;
    out->append(text.data() + clean_from, i - clean_from);
    clean_from = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '/': out->append("\\/"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(escaped, sizeof(escaped));
      }
    }
  }
  out->append(text.data() + clean_from, text.size() - clean_from);
  out->push_back('"');
}

template <typename Integer>
void AppendInteger(Integer value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

// Like stout: 15 significant digits, no surplus trailing zeros, always a decimal
// point ("15.0", "0.1"). In exponent form stout keeps the mantissa's zeros and
// then strips zeros off the exponent (1e20 comes out as "1.00000000000000e+2");
// this writes the correct "1.0e+20" instead.
void AppendDouble(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");  // Mesos would write invalid JSON ("nan"); null reads back as unset.
    return;
  }
  char buffer[40];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general, 15);
  const std::string_view text(buffer, result.ptr - buffer);
  const size_t exponent = text.find('e');
  const std::string_view mantissa = text.substr(0, exponent);
  out->append(mantissa);
  if (mantissa.find('.') == std::string_view::npos) out->append(".0");
  if (exponent != std::string_view::npos) out->append(text.substr(exponent));
}

void PrintMessage(const Message& message, const Reflection& reflection, const MessageLayout& layout,
                  bool generated_tree, std::string* out);

void PrintValue(const Message& message, const Reflection& reflection, const FieldLayout& entry,
                int index, bool generated_tree, std::string* out) {
  const FieldDescriptor* field = entry.field;
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      AppendInteger(repeated ? reflection.GetRepeatedInt32(message, field, index)
                             : reflection.GetInt32(message, field),
                    out);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      AppendInteger(repeated ? reflection.GetRepeatedInt64(message, field, index)
                             : reflection.GetInt64(message, field),
                    out);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      AppendInteger(repeated ? reflection.GetRepeatedUInt32(message, field, index)
                             : reflection.GetUInt32(message, field),
                    out);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      AppendInteger(repeated ? reflection.GetRepeatedUInt64(message, field, index)
                             : reflection.GetUInt64(message, field),
                    out);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(repeated ? reflection.GetRepeatedDouble(message, field, index)
                            : reflection.GetDouble(message, field),
                   out);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendDouble(repeated ? reflection.GetRepeatedFloat(message, field, index)
                            : reflection.GetFloat(message, field),
                   out);
      break;
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool value = repeated ? reflection.GetRepeatedBool(message, field, index)
                                  : reflection.GetBool(message, field);
      out->append(value ? "true" : "false");
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = repeated ? reflection.GetRepeatedEnum(message, field, index)
                                   : reflection.GetEnum(message, field);
      out->push_back('"');
      out->append(value->name());
      out->push_back('"');
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& value =
          repeated ? reflection.GetRepeatedStringReference(message, field, index, &scratch)
                   : reflection.GetStringReference(message, field, &scratch);
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        // Mesos escapes the base64 text like any other string, so '/' becomes "\/".
        thread_local std::string base64;
        base64.clear();
        AppendBase64(value, &base64);
        AppendJsonString(base64, out);
      } else {
        AppendJsonString(value, out);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& child = repeated ? reflection.GetRepeatedMessage(message, field, index)
                                      : reflection.GetMessage(message, field);
      PrintMessage(child, ReflectionOf(child, *entry.message, generated_tree), *entry.message,
                   generated_tree, out);
      break;
    }
  }
}

void PrintMessage(const Message& message, const Reflection& reflection, const MessageLayout& layout,
                  bool generated_tree, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const FieldLayout& entry : layout.fields) {
    int count = -1;  // -1: not repeated
    if (entry.field->is_repeated()) {
      count = reflection.FieldSize(message, entry.field);
      if (count == 0) continue;
    } else if (!entry.print_when_unset && !reflection.HasField(message, entry.field)) {
      continue;
    }
    if (!first) out->push_back(',');
    first = false;
    out->append(entry.key);
    if (count < 0) {
      PrintValue(message, reflection, entry, -1, generated_tree, out);
      continue;
    }
    out->push_back('[');
    for (int i = 0; i < count; ++i) {
      if (i > 0) out->push_back(',');
      PrintValue(message, reflection, entry, i, generated_tree, out);
    }
    out->push_back(']');
  }
  out->push_back('}');
}

// ---------------------------------------------------------------------------
// Parsing.

const char* JsonKind(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

template <typename Integer>
bool ToInteger(simdjson::dom::element value, Integer* result) {
  using Limits = std::numeric_limits<Integer>;
  switch (value.type()) {
    case simdjson::dom::element_type::INT64: {
      const int64_t number = value.get_int64().value_unsafe();
      if constexpr (Limits::is_signed) {
        if (number < Limits::min() || number > Limits::max()) return false;
      } else {
        if (number < 0 || static_cast<uint64_t>(number) > Limits::max()) return false;
      }
      *result = static_cast<Integer>(number);
      return true;
    }
    case simdjson::dom::element_type::UINT64: {
      const uint64_t number = value.get_uint64().value_unsafe();
      if (number > static_cast<uint64_t>(Limits::max())) return false;
      *result = static_cast<Integer>(number);
      return true;
    }
    default: {  // DOUBLE: accepted when integral and in range ("1e3").
      const double number = value.get_double().value_unsafe();
      // 2^(digits) is exact in double; max() itself may not be.
      const double upper = std::ldexp(1.0, Limits::digits);
      if (!(number >= static_cast<double>(Limits::min()) && number < upper) ||
          std::trunc(number) != number) {
        return false;
      }
      *result = static_cast<Integer>(number);
      return true;
    }
  }
}

class Parser {
 public:
  explicit Parser(bool generated_tree) : generated_tree_(generated_tree) {}

  absl::Status ParseObject(simdjson::dom::object object, Message* message,
                           const Reflection& reflection, const MessageLayout& layout) {
    for (const simdjson::dom::key_value_pair& member : object) {
      const FieldLayout* const* found = layout.field_by_name.Find(member.key);
      if (found == nullptr) continue;  // Unknown keys are ignored.
      const FieldLayout& entry = **found;
      const simdjson::dom::element_type type = member.value.type();
      if (type == simdjson::dom::element_type::NULL_VALUE) continue;  // null = not set

      path_[depth_] = {entry.field, -1};
      ++depth_;
      absl::Status status;
      if (!entry.field->is_repeated()) {
        status = ParseFieldValue(member.value, type, message, reflection, entry);
      } else if (type != simdjson::dom::element_type::ARRAY) {
        status = TypeError(type);
      } else {
        const simdjson::dom::array items = member.value.get_array().value_unsafe();
        int index = 0;
        for (simdjson::dom::element item : items) {
          path_[depth_ - 1].index = index++;
          const simdjson::dom::element_type item_type = item.type();
          if (item_type == simdjson::dom::element_type::NULL_VALUE) continue;
          status = ParseFieldValue(item, item_type, message, reflection, entry);
          if (!status.ok()) break;
        }
      }
      --depth_;
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

 private:
  struct PathEntry {
    const FieldDescriptor* field;
    int index;  // position in a repeated field, -1 otherwise
  };

  // One value of `entry` (an element, for repeated fields).
  absl::Status ParseFieldValue(simdjson::dom::element value, simdjson::dom::element_type type,
                               Message* message, const Reflection& reflection,
                               const FieldLayout& entry) {
    using simdjson::dom::element_type;
    const FieldDescriptor* field = entry.field;
    const bool repeated = field->is_repeated();
    const bool is_number =
        type == element_type::INT64 || type == element_type::UINT64 || type == element_type::DOUBLE;

    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        if (type != element_type::OBJECT) return TypeError(type);
        if (depth_ > kMaxMessageDepth) {
          return Error(absl::StrCat("Messages nested deeper than ", kMaxMessageDepth,
                                    " levels at field '", Path(), "'"));
        }
        Message* child = repeated ? reflection.AddMessage(message, field)
                                  : reflection.MutableMessage(message, field);
        return ParseObject(value.get_object().value_unsafe(), child,
                           ReflectionOf(*child, *entry.message, generated_tree_), *entry.message);
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (type != element_type::STRING) return TypeError(type);
        const std::string_view text = value.get_string().value_unsafe();
        std::string bytes;
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          if (!Base64Decode(text, &bytes)) {
            return Error(absl::StrCat("Failed to base64 decode bytes field '", Path(), "'"));
          }
        } else {
          bytes.assign(text);
        }
        if (repeated) {
          reflection.AddString(message, field, std::move(bytes));
        } else {
          reflection.SetString(message, field, std::move(bytes));
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        if (type != element_type::STRING) return TypeError(type);
        const std::string_view name = value.get_string().value_unsafe();
        const EnumValueDescriptor* const* enum_value = entry.enumeration->value_by_name.Find(name);
        if (enum_value == nullptr) {
          return Error(absl::StrCat("Failed to find enum for '", std::string(name), "' in field '",
                                    Path(), "'"));
        }
        if (repeated) {
          reflection.AddEnum(message, field, *enum_value);
        } else {
          reflection.SetEnum(message, field, *enum_value);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        if (type != element_type::BOOL) return TypeError(type);
        const bool flag = value.get_bool().value_unsafe();
        if (repeated) {
          reflection.AddBool(message, field, flag);
        } else {
          reflection.SetBool(message, field, flag);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        if (!is_number) return TypeError(type);
        const double number = value.get_double().value_unsafe();
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
          const float narrow = static_cast<float>(number);
          repeated ? reflection.AddFloat(message, field, narrow)
                   : reflection.SetFloat(message, field, narrow);
        } else {
          repeated ? reflection.AddDouble(message, field, number)
                   : reflection.SetDouble(message, field, number);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t number;
        if (!is_number) return TypeError(type);
        if (!ToInteger(value, &number)) return RangeError();
        repeated ? reflection.AddInt32(message, field, number)
                 : reflection.SetInt32(message, field, number);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t number;
        if (!is_number) return TypeError(type);
        if (!ToInteger(value, &number)) return RangeError();
        repeated ? reflection.AddInt64(message, field, number)
                 : reflection.SetInt64(message, field, number);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t number;
        if (!is_number) return TypeError(type);
        if (!ToInteger(value, &number)) return RangeError();
        repeated ? reflection.AddUInt32(message, field, number)
                 : reflection.SetUInt32(message, field, number);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t number;
        if (!is_number) return TypeError(type);
        if (!ToInteger(value, &number)) return RangeError();
        repeated ? reflection.AddUInt64(message, field, number)
                 : reflection.SetUInt64(message, field, number);
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  // The failing field as "update.status.state" or "offers[1].id"; built only on error.
  std::string Path() const {
    std::string path;
    for (int i = 0; i < depth_; ++i) {
      if (i > 0) path.push_back('.');
      path.append(path_[i].field->name());
      if (path_[i].index >= 0) absl::StrAppend(&path, "[", path_[i].index, "]");
    }
    return path;
  }

  absl::Status Error(std::string text) const { return absl::InvalidArgumentError(std::move(text)); }

  absl::Status TypeError(simdjson::dom::element_type type) const {
    return Error(
        absl::StrCat("Not expecting a JSON ", JsonKind(type), " for field '", Path(), "'"));
  }

  absl::Status RangeError() const {
    return Error(absl::StrCat(
        "Not expecting a non-integral or out of range JSON number for field '", Path(), "'"));
  }

  const bool generated_tree_;
  int depth_ = 0;
  PathEntry path_[kMaxMessageDepth + 2];
};

// Base64 character -> 6-bit value, or -1.
struct Base64Values {
  int8_t of[256];
  constexpr Base64Values() : of() {
    for (int c = 0; c < 256; ++c) of[c] = -1;
    for (int v = 0; v < 64; ++v) of[static_cast<unsigned char>(kBase64Alphabet[v])] = v;
  }
};
constexpr Base64Values kBase64Values;

}  // namespace

void Print(const Message& message, std::string* out) {
  const MessageLayout& layout = LayoutFor(message.GetDescriptor());
  const Reflection& reflection = *message.GetReflection();
  PrintMessage(message, reflection, layout, IsGenerated(reflection, layout), out);
}

std::string Print(const Message& message) {
  std::string out;
  Print(message, &out);
  return out;
}

absl::Status Parse(std::string_view json, Message* message, const ParseOptions& options) {
  thread_local simdjson::dom::parser parser;
  // With realloc_if_needed the parser copies `json` into its own padded buffer,
  // which it keeps and reuses.
  simdjson::dom::element root;
  const simdjson::error_code error = parser.parse(json.data(), json.size(), true).get(root);
  if (error != simdjson::SUCCESS) {
    message->Clear();
    return absl::InvalidArgumentError(
        absl::StrCat("Failed to parse JSON: ", simdjson::error_message(error)));
  }
  return ParseValue(root, message, options);
}

absl::Status ParseValue(simdjson::dom::element value, Message* message,
                        const ParseOptions& options) {
  message->Clear();
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("Expecting a JSON object");
  }
  const MessageLayout& layout = LayoutFor(message->GetDescriptor());
  const Reflection& reflection = *message->GetReflection();
  Parser parser(IsGenerated(reflection, layout));
  absl::Status status = parser.ParseObject(object, message, reflection, layout);
  if (!status.ok()) return status;
  if (options.require_initialized && !message->IsInitialized()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Missing required fields: ", message->InitializationErrorString()));
  }
  return absl::OkStatus();
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  AppendBase64(bytes, &out);
  return out;
}

bool Base64Decode(std::string_view text, std::string* bytes) {
  bytes->clear();
  if (text.size() % 4 != 0) return false;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  bytes->resize(text.size() / 4 * 3 - padding);
  char* out = bytes->data();
  uint32_t group = 0;
  int invalid = 0;  // sign bit set once any character was not base64
  const size_t digits = text.size() - padding;
  for (size_t i = 0; i < digits; ++i) {
    const int value = kBase64Values.of[static_cast<unsigned char>(text[i])];
    invalid |= value;
    group = (group << 6) | (value & 63);
    if (i % 4 == 3) {
      *out++ = static_cast<char>(group >> 16);
      *out++ = static_cast<char>(group >> 8);
      *out++ = static_cast<char>(group);
      group = 0;
    }
  }
  if (invalid < 0) {
    bytes->clear();
    return false;
  }
  // Leftover bits of the last character are ignored, as most decoders (and stout) do.
  if (padding == 2) {
    *out++ = static_cast<char>(group >> 4);
  } else if (padding == 1) {
    *out++ = static_cast<char>(group >> 10);
    *out++ = static_cast<char>(group >> 2);
  }
  return true;
}

}  // namespace mc::mesos_json
