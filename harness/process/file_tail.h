// The last bytes of a file, for reports.
#pragma once

#include <cstddef>
#include <string>

namespace mc::process {

// At most `max_bytes` from the end of the file at `path`; "" if it cannot be
// read (missing, empty path).
std::string ReadTail(const std::string& path, size_t max_bytes);

}  // namespace mc::process
