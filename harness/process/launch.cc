#include "harness/process/launch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/search_path.hpp>
#include <cerrno>
#include <chrono>
#include <exception>
#include <string_view>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/process/exit_watcher.h"
#include "harness/process/unique_fd.h"

namespace mc::process {
namespace {

namespace bp = boost::process;
namespace fs = boost::filesystem;

constexpr std::chrono::milliseconds kFailedChildTimeout{5000};

absl::StatusOr<std::string> ResolveExecutable(const std::string& name) {
  if (name.empty()) return absl::InvalidArgumentError("no executable given");
  const fs::path path =
      name.find('/') == std::string::npos ? bp::search_path(name) : fs::absolute(name);
  if (path.empty()) {
    return absl::NotFoundError(absl::StrCat("executable '", name, "' not found in PATH"));
  }
  boost::system::error_code error;
  const bool regular = fs::is_regular_file(path, error);
  if (error) return absl::ErrnoToStatus(error.value(), "executable " + path.string());
  if (!regular) {
    return absl::FailedPreconditionError(
        absl::StrCat("executable ", path.string(), " is not a regular file"));
  }
  if (::access(path.c_str(), X_OK) != 0) {
    return absl::ErrnoToStatus(errno, "executable " + path.string());
  }
  return path.string();
}

absl::Status CheckEnvironment(const std::map<std::string, std::string>& env) {
  constexpr std::string_view kBadInName("=\0", 2);
  for (const auto& [name, value] : env) {
    if (name.empty() || name.find_first_of(kBadInName) != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad environment variable '", name, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckWorkingDirectory(const std::string& directory) {
  if (directory.empty()) return absl::OkStatus();
  boost::system::error_code error;
  const bool is_directory = fs::is_directory(directory, error);
  if (error) return absl::ErrnoToStatus(error.value(), "working directory " + directory);
  if (!is_directory) {
    return absl::FailedPreconditionError(
        absl::StrCat("working directory ", directory, " is not a directory"));
  }
  return absl::OkStatus();
}

absl::StatusOr<UniqueFd> OpenFile(const std::string& path, int flags) {
  UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC, 0644));
  if (!fd.valid()) return absl::ErrnoToStatus(errno, "cannot open " + path);
  return fd;
}

absl::StatusOr<UniqueFd> OpenOutput(const std::string& path) {
  if (path.empty()) return OpenFile("/dev/null", O_WRONLY);
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    boost::system::error_code error;
    fs::create_directories(parent, error);
    if (error) return absl::ErrnoToStatus(error.value(), "cannot create " + parent.string());
  }
  // O_APPEND: stdout and stderr may name the same file without overwriting each other.
  return OpenFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
}

// Makes `fd` the child's `target` descriptor, inherited across exec.
bool MoveTo(int fd, int target) {
  if (fd == target) return ::fcntl(fd, F_SETFD, 0) == 0;
  return ::dup2(fd, target) == target;
}

// The harness may ignore or block signals (SIGPIPE, Asio's signal_set); exec
// keeps both, and a system under test should start with the defaults.
void ResetSignals() {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int signal = 1; signal < NSIG; ++signal) ::sigaction(signal, &default_action, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

// What the child does between fork and exec: async-signal-safe calls only.
struct ChildSetup {
  int stdio[3];
  const char* working_directory;  // nullptr: keep the harness's
  pid_t harness;

  template <typename Executor>
  void operator()(Executor& exec) const {
    if (::setpgid(0, 0) != 0) Fail(exec);
    // Dies with the harness even if the harness is SIGKILLed (then nobody
    // kills the group); the check covers a harness gone before the prctl.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != harness) ::_exit(127);
    ResetSignals();
    for (int target = 0; target < 3; ++target) {
      if (!MoveTo(stdio[target], target)) Fail(exec);
    }
    if (working_directory != nullptr && ::chdir(working_directory) != 0) Fail(exec);
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);  // best effort
  }

  // Boost.Process only reports a setup error and would go on to exec.
  template <typename Executor>
  [[noreturn]] static void Fail(Executor& exec) {
    exec.set_error(std::error_code(errno, std::system_category()), "child setup failed");
    ::_exit(127);
  }
};

// A process that failed to exec (or to set up) has exited or is about to.
void ReapFailedChild(pid_t pid) {
  ::kill(pid, SIGKILL);
  ExitWatcher watcher(pid);
  if (watcher.Wait(kFailedChildTimeout)) watcher.Reap();
}

}  // namespace

absl::StatusOr<pid_t> Launch(const ChildSpec& spec) try {
  absl::StatusOr<std::string> executable = ResolveExecutable(spec.executable);
  if (!executable.ok()) return executable.status();
  if (absl::Status status = CheckEnvironment(spec.env); !status.ok()) return status;
  if (absl::Status status = CheckWorkingDirectory(spec.working_directory); !status.ok()) {
    return status;
  }
  absl::StatusOr<UniqueFd> in = OpenFile("/dev/null", O_RDONLY);
  if (!in.ok()) return in.status();
  absl::StatusOr<UniqueFd> out = OpenOutput(spec.stdout_path);
  if (!out.ok()) return out.status();
  absl::StatusOr<UniqueFd> err = OpenOutput(spec.stderr_path);
  if (!err.ok()) return err.status();

  bp::environment env;
  for (const auto& [name, value] : spec.env) env[name] = value;
  const ChildSetup setup{
      {in->get(), out->get(), err->get()},
      spec.working_directory.empty() ? nullptr : spec.working_directory.c_str(), ::getpid()};
  pid_t failed_pid = -1;
  std::error_code error;
  bp::child child(bp::exe = *executable, bp::args = spec.args, env,
                  bp::extend::on_exec_setup(setup),
                  bp::extend::on_error([&failed_pid](auto& exec, const std::error_code&) {
                    failed_pid = exec.pid;
                  }),
                  error);
  if (error) {
    if (failed_pid > 0) ReapFailedChild(failed_pid);
    return absl::ErrnoToStatus(error.value(), "cannot start " + *executable);
  }
  child.detach();  // the caller reaps and signals by pid; Boost must not
  return child.id();
} catch (const std::exception& e) {
  return absl::InternalError(absl::StrCat("cannot start ", spec.executable, ": ", e.what()));
}

}  // namespace mc::process
