// Where trace bytes come from: a file descriptor or memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mc {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `dst`; 0 at the end. An error ends the input.
  virtual absl::StatusOr<size_t> Read(char* dst, size_t size) = 0;

  // `path` "-" is standard input (not closed on destruction).
  static absl::StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
  static std::unique_ptr<ByteSource> FromString(std::string data);
  // Reads `data` in place; it must outlive the source.
  static std::unique_ptr<ByteSource> FromMemory(std::string_view data);
};

}  // namespace mc
