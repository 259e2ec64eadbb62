#include "harness/process/strays.h"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace mc::process {
namespace {

// The parent pid from /proc/<pid>/stat; -1 if the process is gone.
pid_t ParentOf(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return -1;
  char buffer[512];
  size_t size = std::fread(buffer, 1, sizeof(buffer) - 1, file);
  std::fclose(file);
  buffer[size] = '\0';
  // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
  std::string stat(buffer);
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  char state;
  int parent;
  if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &parent) != 2) return -1;
  return parent;
}

std::vector<pid_t> Children() {
  std::vector<pid_t> children;
  pid_t self = getpid();
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  while (dirent* entry = readdir(proc)) {
    char* end;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    if (ParentOf(static_cast<pid_t>(pid)) == self) children.push_back(static_cast<pid_t>(pid));
  }
  closedir(proc);
  return children;
}

// Waits for `pid` to end (pidfd + poll) within `budget`, then reaps it.
void Reap(pid_t pid, std::chrono::milliseconds budget) {
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd fd = {pidfd, POLLIN, 0};
    poll(&fd, 1, static_cast<int>(budget.count()));
    close(pidfd);
  }
  waitpid(pid, nullptr, WNOHANG);
}

}  // namespace

bool BecomeSubreaper() { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

int KillStrayChildren(std::chrono::milliseconds deadline, pid_t keep) {
  auto until = std::chrono::steady_clock::now() + deadline;
  pid_t own_group = getpgrp();
  int killed = 0;
  while (std::chrono::steady_clock::now() < until) {
    std::vector<pid_t> strays;
    for (pid_t child : Children()) {
      if (child != keep) strays.push_back(child);
    }
    if (strays.empty()) break;
    for (pid_t stray : strays) {
      pid_t group = getpgid(stray);
      if (group > 0 && group != own_group) kill(-group, SIGKILL);
      kill(stray, SIGKILL);
      ++killed;
    }
    for (pid_t stray : strays) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      Reap(stray, std::max(left, std::chrono::milliseconds(0)));
    }
  }
  return killed;
}

}  // namespace mc::process
