// Waits, with a deadline, for one child process to end, and reaps it only when
// asked: until then the zombie keeps its pid, and so its process-group id,
// from being recycled while the group may still be signalled.
//
// Waiting uses a pidfd (pidfd_open + poll), so it neither sleeps nor polls.
// Where pidfd_open is unavailable (ENOSYS before Linux 5.3, or refused by a
// seccomp filter or an fd limit) it falls back to checking waitid with a
// backoff of 1 to 50 ms, still bounded by the deadline.
//
// If something else reaps the child first (a SIGCHLD handler calling
// waitpid(-1), as Boost.Asio-based code may, or SIGCHLD set to SIG_IGN), the
// kernel answers ECHILD; the watcher then reports ExitStatus::Unknown() at
// once rather than waiting for an exit it can no longer see.
//
// Not thread-safe: use from one thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>

#include "harness/process/exit_status.h"
#include "harness/process/unique_fd.h"

namespace mc::process {

class ExitWatcher {
 public:
  enum class Mode { kPidfd, kPolling };
  // `pid` must be a child of this process that has not been reaped.
  // kPidfd falls back to kPolling when pidfd_open fails.
  explicit ExitWatcher(pid_t pid, Mode mode = Mode::kPidfd);

  // The status once the process has ended (it is left a zombie), or nullopt if
  // it is still running when `timeout` has passed.
  std::optional<ExitStatus> Wait(std::chrono::milliseconds timeout);
  // Collects the ended process (waitpid). Call after Wait returned a status.
  // Unknown() if it was reaped elsewhere.
  ExitStatus Reap();

  pid_t pid() const { return pid_; }
  bool uses_pidfd() const { return pidfd_.valid(); }

 private:
  // The status without reaping; nullopt while running.
  std::optional<ExitStatus> Peek() const;
  // Blocks until the process may have changed state, at most `budget`.
  void Block(std::chrono::milliseconds budget);

  pid_t pid_;
  UniqueFd pidfd_;
  std::chrono::milliseconds backoff_{1};
};

}  // namespace mc::process
