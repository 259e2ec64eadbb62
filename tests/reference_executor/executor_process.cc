#include "tests/reference_executor/executor_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

namespace mc::refexec::testing {

std::unique_ptr<ExecutorProcess> ExecutorProcess::Start(
    const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
    const std::string& log_path) {
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& entry : env_strings) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 2, 1);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return nullptr;
  return std::unique_ptr<ExecutorProcess>(new ExecutorProcess(pid, log_path));
}

ExecutorProcess::ExecutorProcess(pid_t pid, std::string log_path)
    : pid_(pid), log_path_(std::move(log_path)) {
  std::promise<int> exited;
  exit_ = exited.get_future().share();
  waiter_ = std::thread([pid, exited = std::move(exited)]() mutable {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    exited.set_value(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
  });
}

ExecutorProcess::~ExecutorProcess() {
  // SIGTERM first, so that the executor kills its tasks rather than orphaning them.
  if (exit_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    ::kill(pid_, SIGTERM);
    if (exit_.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
      ::kill(pid_, SIGKILL);
    }
  }
  waiter_.join();
}

std::optional<int> ExecutorProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (exit_.wait_for(timeout) != std::future_status::ready) return std::nullopt;
  return exit_.get();
}

std::string ExecutorProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace mc::refexec::testing
