#include "harness/process/child.h"

#include <signal.h>

#include <cstdio>

#include "harness/process/exit_watcher.h"
#include "harness/process/file_tail.h"
#include "harness/process/launch.h"

namespace mc::process {

struct Child::Impl {
  Impl(pid_t pid, const ChildSpec& spec)
      : watcher(pid), stdout_path(spec.stdout_path), stderr_path(spec.stderr_path) {}

  ExitWatcher watcher;
  std::string stdout_path;
  std::string stderr_path;
  std::optional<ExitStatus> status;  // set once the leader has ended
  bool reaped = false;               // by us after the group kill, or elsewhere
  bool kill_timed_out = false;
};

absl::StatusOr<std::unique_ptr<Child>> Child::Spawn(const ChildSpec& spec) {
  absl::StatusOr<pid_t> pid = Launch(spec);
  if (!pid.ok()) return pid.status();
  std::unique_ptr<Child> child(new Child());
  child->impl_ = std::make_unique<Impl>(*pid, spec);
  return child;
}

Child::~Child() {
  KillAndReap(impl_->kill_timed_out ? std::chrono::milliseconds(0) : kKillTimeout);
}

int Child::pid() const { return impl_->watcher.pid(); }

bool Child::Running() { return !Wait(std::chrono::milliseconds(0)).has_value(); }

std::optional<ExitStatus> Child::Wait(std::chrono::milliseconds timeout) {
  if (!impl_->status) impl_->status = impl_->watcher.Wait(timeout);
  return impl_->status;
}

void Child::Signal(int signal) {
  if (!impl_->reaped) ::kill(-pid(), signal);
}

ExitStatus Child::Kill() { return KillAndReap(kKillTimeout); }

ExitStatus Child::KillAndReap(std::chrono::milliseconds timeout) {
  if (impl_->reaped) return *impl_->status;
  ::kill(-pid(), SIGKILL);  // ESRCH: nothing left in the group
  if (!Wait(timeout)) {
    impl_->kill_timed_out = true;
    std::fprintf(stderr,
                 "mc::process: pid %d still alive %lld ms after SIGKILL "
                 "(uninterruptible sleep?); leaving it unreaped\n",
                 pid(), static_cast<long long>(timeout.count()));
    return ExitStatus::Unknown();
  }
  if (impl_->status->known()) {
    const ExitStatus reaped = impl_->watcher.Reap();
    if (reaped.known()) impl_->status = reaped;
  }
  impl_->reaped = true;
  return *impl_->status;
}

std::string Child::StdoutTail(size_t max_bytes) const {
  return ReadTail(impl_->stdout_path, max_bytes);
}

std::string Child::StderrTail(size_t max_bytes) const {
  return ReadTail(impl_->stderr_path, max_bytes);
}

}  // namespace mc::process
