// A system under test as a child process, started with Boost.Process: it leads
// its own process group, gets an explicit environment, a working directory,
// and stdout and stderr in files (see ChildSpec and launch.h).
//
// Every wait has a deadline. The leader is reaped only after SIGKILL has gone
// to its whole group (Kill or the destructor), so the group id cannot be
// recycled while we might still signal it, and task processes an executor
// left behind die with it. Wait() reports an exit without reaping; the leader
// stays a zombie until Kill() or the destructor.
//
// The leader gets SIGKILL if the harness dies (PR_SET_PDEATHSIG): strictly,
// when the thread that spawned it ends, so spawn from a thread that outlives
// the child (the main thread, or a mock's server thread stopped after it).
//
// If something else in the process reaps the child (a SIGCHLD handler calling
// waitpid(-1), or SIGCHLD ignored), Wait reports ExitStatus::Unknown() at
// once instead of hanging.
//
// Thread-safety: none; use a Child from one thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "harness/process/child_spec.h"
#include "harness/process/exit_status.h"

namespace mc::process {

class Child {
 public:
  // How long Kill() and the destructor wait for the group leader to die after
  // SIGKILL; a process in uninterruptible sleep may outlast it.
  static constexpr std::chrono::milliseconds kKillTimeout{5000};

  // Errors (missing executable, bad working directory, ...) are returned,
  // never thrown.
  static absl::StatusOr<std::unique_ptr<Child>> Spawn(const ChildSpec& spec);
  // Kills the process group (SIGKILL) unless already reaped, and reaps,
  // waiting at most kKillTimeout; if the leader outlives that, logs to stderr
  // and leaves it.
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int pid() const;  // also the process-group id
  bool Running();
  // Waits up to `timeout`; nullopt if still running then. Once it has ended,
  // returns the same status every time.
  std::optional<ExitStatus> Wait(std::chrono::milliseconds timeout);
  // Sends `signal` to the whole process group (also after the leader exited,
  // reaching what it left behind). Does nothing once reaped.
  void Signal(int signal);
  // SIGKILL to the group (also after the leader exited), then reaps, waiting at
  // most kKillTimeout. The leader's status: "killed by SIGKILL", or how it
  // ended if it had already; Unknown() if it did not die in time.
  ExitStatus Kill();
  // The tail of its stdout/stderr files, for reports.
  std::string StdoutTail(size_t max_bytes = 4096) const;
  std::string StderrTail(size_t max_bytes = 4096) const;

 private:
  Child() = default;
  ExitStatus KillAndReap(std::chrono::milliseconds timeout);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::process
