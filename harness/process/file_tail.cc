#include "harness/process/file_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <errno.h>
#include <unistd.h>

#include <algorithm>

#include "harness/process/unique_fd.h"

namespace mc::process {

std::string ReadTail(const std::string& path, size_t max_bytes) {
  if (path.empty() || max_bytes == 0) return "";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!fd.valid() || ::fstat(fd.get(), &info) != 0) return "";
  const auto size = static_cast<size_t>(std::max<off_t>(info.st_size, 0));
  const size_t start = size - std::min(size, max_bytes);
  std::string tail(size - start, '\0');
  size_t filled = 0;
  while (filled < tail.size()) {
    const ssize_t n = ::pread(fd.get(), tail.data() + filled, tail.size() - filled,
                              static_cast<off_t>(start + filled));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    filled += static_cast<size_t>(n);
  }
  tail.resize(filled);
  return tail;
}

}  // namespace mc::process
