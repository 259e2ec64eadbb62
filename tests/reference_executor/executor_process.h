// The built reference executor as a child process of the test: started with
// posix_spawn, its stderr and stdout kept in a log file, its exit awaited
// with a deadline (a thread blocks in waitpid and fulfils a promise).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mc::refexec::testing {

class ExecutorProcess {
 public:
  // Environment: exactly `env` (plus nothing inherited).
  static std::unique_ptr<ExecutorProcess> Start(const std::vector<std::string>& args,
                                                const std::map<std::string, std::string>& env,
                                                const std::string& log_path);
  // Stops the process if it is still running: SIGTERM, then SIGKILL after 5 s.
  ~ExecutorProcess();

  // The exit status (128 + signal when killed by one), or nullopt at the deadline.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  ExecutorProcess(pid_t pid, std::string log_path);

  pid_t pid_;
  std::string log_path_;
  std::shared_future<int> exit_;
  std::thread waiter_;
};

}  // namespace mc::refexec::testing
