#include "harness/common/embedded_lookup.h"

#include "harness/common/embedded_files.h"

namespace mc {

std::optional<std::string_view> FindEmbeddedFile(std::string_view path) {
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    if (file.path == path) return file.contents;
  }
  return std::nullopt;
}

}  // namespace mc
