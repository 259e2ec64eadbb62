// What an executor leaves behind: task processes in process groups of their own
// outlive the executor's group. A Mesos agent destroys the whole container; the
// harness makes itself the subreaper of everything it starts, so such orphans
// become its children, and kills them after each run.
#pragma once

#include <sys/types.h>

#include <chrono>

namespace mc::process {

// PR_SET_CHILD_SUBREAPER for this process; false if the kernel refused.
bool BecomeSubreaper();

// SIGKILLs every child of this process (and each one's process group, unless it
// is ours) except `keep`, and reaps them, until none is left or `deadline`
// passes. Returns how many processes it killed.
int KillStrayChildren(std::chrono::milliseconds deadline, pid_t keep = -1);

}  // namespace mc::process
