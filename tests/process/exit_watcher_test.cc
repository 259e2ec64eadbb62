#include "harness/process/exit_watcher.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/process/process_test_util.h"

extern char** environ;

namespace mc::process {
namespace {

using std::chrono::milliseconds;
using testing::NotOurChild;

// A plain child, started without Child, for testing the watcher alone.
pid_t SpawnShell(const std::string& script) {
  std::vector<std::string> words = {"/bin/sh", "-c", script};
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  EXPECT_EQ(::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), environ), 0);
  return pid;
}

class ExitWatcherTest : public ::testing::TestWithParam<ExitWatcher::Mode> {};

TEST_P(ExitWatcherTest, ReportsExitWithoutReapingUntilAsked) {
  const pid_t pid = SpawnShell("exit 3");
  ExitWatcher watcher(pid, GetParam());
  EXPECT_EQ(watcher.uses_pidfd(), GetParam() == ExitWatcher::Mode::kPidfd);
  const std::optional<ExitStatus> status = watcher.Wait(milliseconds(10000));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->ToString(), "exited with 3");
  EXPECT_FALSE(NotOurChild(pid)) << "Wait must leave the zombie";
  EXPECT_EQ(watcher.Wait(milliseconds(0))->code, 3);

  const ExitStatus reaped = watcher.Reap();
  EXPECT_EQ(reaped.raw, 3 << 8);
  EXPECT_TRUE(NotOurChild(pid));
}

TEST_P(ExitWatcherTest, TimesOutPromptlyThenSeesTheKill) {
  const pid_t pid = SpawnShell("exec sleep 30");
  ExitWatcher watcher(pid, GetParam());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(watcher.Wait(milliseconds(100)).has_value());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(100));
  EXPECT_LT(waited, milliseconds(2000));

  ::kill(pid, SIGKILL);
  const std::optional<ExitStatus> status = watcher.Wait(milliseconds(10000));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->ToString(), "killed by SIGKILL");
  EXPECT_EQ(watcher.Reap().signal, SIGKILL);
}

TEST_P(ExitWatcherTest, ReportsUnknownWhenReapedElsewhere) {
  const pid_t pid = SpawnShell("exit 0");
  ExitWatcher watcher(pid, GetParam());
  testing::ProcessWatch process(pid);
  ASSERT_TRUE(process.Dead(milliseconds(10000)));
  int raw = 0;
  ASSERT_EQ(::waitpid(pid, &raw, WNOHANG), pid);  // a foreign reaper

  const auto start = std::chrono::steady_clock::now();
  const std::optional<ExitStatus> status = watcher.Wait(milliseconds(10000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(status->known());
  EXPECT_FALSE(watcher.Reap().known());
}

INSTANTIATE_TEST_SUITE_P(Modes, ExitWatcherTest,
                         ::testing::Values(ExitWatcher::Mode::kPidfd,
                                           ExitWatcher::Mode::kPolling),
                         [](const auto& mode) {
                           return mode.param == ExitWatcher::Mode::kPidfd ? "Pidfd" : "Polling";
                         });

}  // namespace
}  // namespace mc::process
