// Helpers for the process tests: temporary directories, fifos to hear from a
// child, and watching processes that are not ours, all with deadlines.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

#include "harness/process/child_spec.h"
#include "harness/process/unique_fd.h"

namespace mc::process::testing {

using std::chrono::milliseconds;

// A fresh directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content, mode_t mode = 0644);

// /bin/sh -c `script` with PATH set, output to files in `dir`.
ChildSpec ShellSpec(const TempDir& dir, const std::string& script);

// A fifo a child writes a line to (echo ... > path); opened before the child
// starts so its write does not block.
class Fifo {
 public:
  explicit Fifo(std::string path);
  const std::string& path() const { return path_; }
  // The first line written, without "\n"; "" if none came within `timeout`.
  std::string ReadLine(milliseconds timeout);

 private:
  std::string path_;
  UniqueFd fd_;
};

// Watches any visible process (not only our children) through a pidfd
// (Linux 5.3 or later; without one, Dead() is false unless the pid was gone).
class ProcessWatch {
 public:
  explicit ProcessWatch(pid_t pid);
  // True once the process has terminated (it may still be an unreaped zombie).
  bool Dead(milliseconds timeout);

 private:
  UniqueFd pidfd_;
  bool gone_ = false;  // pidfd_open said ESRCH
};

int CountOpenFds();
// True if this process has no children at all, running or zombie.
bool NoChildren();
// True if `pid` is not (or no longer) an unreaped child of this process.
bool NotOurChild(pid_t pid);

}  // namespace mc::process::testing
