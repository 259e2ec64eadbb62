#include "harness/process/exit_watcher.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

namespace mc::process {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kMaxBackoff{50};
// Longer timeouts are cut to this, so the deadline arithmetic cannot overflow.
constexpr milliseconds kLongestWait = std::chrono::hours(24 * 365);

int OpenPidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  errno = ENOSYS;
  return -1;
#endif
}

// The waitpid status word for what waitid reported.
int RawStatus(const siginfo_t& info) {
  switch (info.si_code) {
    case CLD_EXITED:
      return (info.si_status & 0xff) << 8;
    case CLD_DUMPED:
      return info.si_status | 0x80;
    default:  // CLD_KILLED
      return info.si_status;
  }
}

int PollTimeout(milliseconds budget) {
  return static_cast<int>(std::clamp<milliseconds::rep>(budget.count(), 0, INT_MAX));
}

}  // namespace

ExitWatcher::ExitWatcher(pid_t pid, Mode mode) : pid_(pid) {
  if (mode == Mode::kPidfd) pidfd_ = UniqueFd(OpenPidfd(pid));
}

std::optional<ExitStatus> ExitWatcher::Peek() const {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != EINTR) return ExitStatus::Unknown();  // ECHILD: reaped elsewhere
  }
  if (info.si_pid == 0) return std::nullopt;
  return ExitStatus::FromWaitStatus(RawStatus(info));
}

void ExitWatcher::Block(milliseconds budget) {
  if (pidfd_.valid()) {
    pollfd readable{pidfd_.get(), POLLIN, 0};
    ::poll(&readable, 1, PollTimeout(budget));  // EINTR: the caller checks again
    return;
  }
  ::poll(nullptr, 0, PollTimeout(std::min(budget, backoff_)));
  backoff_ = std::min(backoff_ * 2, kMaxBackoff);
}

std::optional<ExitStatus> ExitWatcher::Wait(milliseconds timeout) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::clamp(timeout, milliseconds(0), kLongestWait);
  backoff_ = milliseconds(1);
  while (true) {
    if (std::optional<ExitStatus> status = Peek()) return status;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= left.zero()) return std::nullopt;
    Block(std::chrono::ceil<milliseconds>(left));
  }
}

ExitStatus ExitWatcher::Reap() {
  int raw = 0;
  pid_t reaped;
  while ((reaped = ::waitpid(pid_, &raw, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (reaped != pid_) return ExitStatus::Unknown();
  return ExitStatus::FromWaitStatus(raw);
}

}  // namespace mc::process
