#include "harness/suite/file_wait.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>

namespace mc::suite {

bool WaitForFile(const std::string& path, std::chrono::milliseconds timeout) {
  namespace fs = std::filesystem;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int watch = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watch < 0) return fs::exists(path);
  std::string dir = fs::path(path).parent_path().string();
  inotify_add_watch(watch, dir.c_str(), IN_CREATE | IN_MOVED_TO | IN_ATTRIB);
  bool found = fs::exists(path);  // checked after the watch is set: no gap
  while (!found) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd fd = {watch, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) > 0) {
      char events[4096];
      while (read(watch, events, sizeof(events)) > 0) {
      }
    }
    found = fs::exists(path);
  }
  close(watch);
  return found;
}

}  // namespace mc::suite
