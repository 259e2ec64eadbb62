// Where trace bytes come from: a file descriptor or memory.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mc {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `dst`; 0 at the end. An error ends the input.
  virtual absl::StatusOr<size_t> Read(char* dst, size_t size) = 0;
  // All of the input from its first byte, when the source holds it in memory
  // or can map it (a regular file opened by path); nullopt otherwise. Valid
  // while the source lives. A caller that takes it reads no more.
  virtual std::optional<std::string_view> Contents() { return std::nullopt; }

  // `path` "-" is standard input (not closed on destruction).
  static absl::StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
  static std::unique_ptr<ByteSource> FromString(std::string data);
  // Reads `data` in place; it must outlive the source.
  static std::unique_ptr<ByteSource> FromMemory(std::string_view data);
};

}  // namespace mc
