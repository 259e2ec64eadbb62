#include "harness/process/exit_status.h"

#include <sys/wait.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace mc::process {

ExitStatus ExitStatus::FromWaitStatus(int raw) {
  ExitStatus status;
  status.raw = raw;
  if (WIFEXITED(raw)) {
    status.exited = true;
    status.code = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    status.signaled = true;
    status.signal = WTERMSIG(raw);
    status.core_dumped = WCOREDUMP(raw);
  }
  return status;
}

std::string ExitStatus::ToString() const {
  if (exited) return absl::StrCat("exited with ", code);
  if (signaled) {
    return absl::StrCat("killed by ", SignalName(signal),
                        core_dumped ? " (core dumped)" : "");
  }
  return "exit status unknown";
}

std::string SignalName(int signal) {
  if (const char* abbrev = sigabbrev_np(signal)) return absl::StrCat("SIG", abbrev);
  return absl::StrCat("signal ", signal);
}

}  // namespace mc::process
