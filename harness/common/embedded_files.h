// Data files compiled into the binary (see cmake/EmbedData.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace mc {

struct EmbeddedFile {
  std::string_view path;      // relative to the source root, e.g. "expectations/rules.textpb"
  std::string_view contents;
};

// Every embedded file, in the order the build listed them.
const std::vector<EmbeddedFile>& EmbeddedFiles();

}  // namespace mc
