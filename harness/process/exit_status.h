// How a child process ended, decoded from the waitpid status word.
#pragma once

#include <string>

namespace mc::process {

struct ExitStatus {
  bool exited = false;     // normal exit: code is valid
  int code = 0;
  bool signaled = false;   // killed by a signal: signal is valid
  int signal = 0;
  bool core_dumped = false;
  int raw = -1;            // the waitpid status word, as Mesos reports it in
                           // FAILURE; -1 when the status is unknown

  // Neither exited nor signaled: the process was reaped by someone else
  // (ECHILD), or it did not die within the bounded wait after SIGKILL.
  bool known() const { return exited || signaled; }

  // "exited with 0", "killed by SIGKILL", "killed by SIGSEGV (core dumped)",
  // "exit status unknown".
  std::string ToString() const;

  static ExitStatus FromWaitStatus(int raw);
  static ExitStatus Unknown() { return {}; }
};

// "SIGTERM" for SIGTERM; "signal 40" for numbers without a name.
std::string SignalName(int signal);

}  // namespace mc::process
