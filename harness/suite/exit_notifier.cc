#include "harness/suite/exit_notifier.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace mc::suite {

ExitNotifier::ExitNotifier(pid_t pid, std::function<void()> on_exit) {
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  stop_ = eventfd(0, EFD_CLOEXEC);
  if (pidfd_ < 0 || stop_ < 0) return;
  thread_ = std::thread([this, on_exit = std::move(on_exit)] {
    pollfd fds[2] = {{pidfd_, POLLIN, 0}, {stop_, POLLIN, 0}};
    for (;;) {
      int ready = poll(fds, 2, -1);
      if (ready < 0) continue;  // EINTR
      if (fds[1].revents != 0) return;
      if (fds[0].revents != 0) {
        on_exit();
        return;
      }
    }
  });
}

ExitNotifier::~ExitNotifier() {
  if (thread_.joinable()) {
    uint64_t one = 1;
    (void)!write(stop_, &one, sizeof(one));
    thread_.join();
  }
  if (pidfd_ >= 0) close(pidfd_);
  if (stop_ >= 0) close(stop_);
}

}  // namespace mc::suite
