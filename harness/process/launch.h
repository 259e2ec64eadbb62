// Starting a process with Boost.Process, set up for a system under test: it
// leads a new process group (so one signal reaches it and everything it
// starts), gets exactly the given environment, working directory and output
// files, default signal dispositions with nothing blocked, and no file
// descriptors beyond 0, 1 and 2 (close_range CLOEXEC; best effort before
// Linux 5.11).
//
// Safe to call from several threads at once.
#pragma once

#include <sys/types.h>

#include "absl/status/statusor.h"
#include "harness/process/child_spec.h"

namespace mc::process {

// The pid of the started process, which the caller must reap. Errors (missing
// or non-executable program, bad working directory, unopenable output file,
// a failed exec) come back as a Status; nothing is thrown and no process is
// left behind.
absl::StatusOr<pid_t> Launch(const ChildSpec& spec);

}  // namespace mc::process
