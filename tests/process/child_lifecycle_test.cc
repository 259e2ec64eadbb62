// Child: waiting, signalling, killing the whole process group, destruction,
// and leaving no zombies or descriptors behind.
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "harness/process/child.h"
#include "tests/process/process_test_util.h"

namespace mc::process {
namespace {

using std::chrono::milliseconds;
using testing::Fifo;
using testing::NoChildren;
using testing::NotOurChild;
using testing::ProcessWatch;
using testing::ShellSpec;
using testing::TempDir;

constexpr milliseconds kDeadline{10000};

std::unique_ptr<Child> SpawnOrDie(const ChildSpec& spec) {
  absl::StatusOr<std::unique_ptr<Child>> child = Child::Spawn(spec);
  EXPECT_TRUE(child.ok()) << child.status();
  return child.ok() ? std::move(*child) : nullptr;
}

// The pid a script wrote to `fifo` as its first line.
pid_t ReadPid(Fifo& fifo) {
  const std::string line = fifo.ReadLine(kDeadline);
  EXPECT_FALSE(line.empty()) << "the child did not report a pid";
  return line.empty() ? -1 : static_cast<pid_t>(std::stol(line));
}

TEST(ChildLifecycle, WaitTimesOutPromptlyThenKillReportsSigkill) {
  TempDir dir;
  std::unique_ptr<Child> child = SpawnOrDie(ShellSpec(dir, "exec sleep 30"));
  ASSERT_NE(child, nullptr);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(child->Wait(milliseconds(100)).has_value());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(100));
  EXPECT_LT(waited, milliseconds(2000));
  EXPECT_TRUE(child->Running());

  const ExitStatus status = child->Kill();
  EXPECT_TRUE(status.signaled);
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_EQ(status.raw, SIGKILL);
  EXPECT_EQ(status.ToString(), "killed by SIGKILL");
  EXPECT_FALSE(child->Running());
  EXPECT_TRUE(NotOurChild(child->pid()));
  EXPECT_EQ(child->Kill().ToString(), "killed by SIGKILL");
}

TEST(ChildLifecycle, SignalReachesATrappingChild) {
  TempDir dir;
  Fifo ready(dir.File("ready"));
  std::unique_ptr<Child> child = SpawnOrDie(ShellSpec(
      dir, "trap 'exit 7' TERM; sleep 1000 & echo ready > " + ready.path() + "; wait"));
  ASSERT_NE(child, nullptr);
  ASSERT_EQ(ready.ReadLine(kDeadline), "ready");
  child->Signal(SIGTERM);
  const std::optional<ExitStatus> status = child->Wait(kDeadline);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->ToString(), "exited with 7");
}

TEST(ChildLifecycle, KillTakesTheWholeProcessGroup) {
  TempDir dir;
  Fifo report(dir.File("pid"));
  std::unique_ptr<Child> child =
      SpawnOrDie(ShellSpec(dir, "sleep 1000 & echo $! > " + report.path() + "; wait"));
  ASSERT_NE(child, nullptr);
  const pid_t grandchild = ReadPid(report);
  ASSERT_GT(grandchild, 0);
  ProcessWatch watch(grandchild);
  EXPECT_EQ(::getpgid(grandchild), child->pid());
  EXPECT_FALSE(watch.Dead(milliseconds(0)));

  EXPECT_EQ(child->Kill().signal, SIGKILL);
  EXPECT_TRUE(watch.Dead(kDeadline));
}

TEST(ChildLifecycle, KillTakesWhatTheLeaderLeftBehind) {
  TempDir dir;
  Fifo report(dir.File("pid"));
  std::unique_ptr<Child> child =
      SpawnOrDie(ShellSpec(dir, "sleep 1000 & echo $! > " + report.path() + "; exit 0"));
  ASSERT_NE(child, nullptr);
  const pid_t grandchild = ReadPid(report);
  ASSERT_GT(grandchild, 0);
  ProcessWatch watch(grandchild);
  const std::optional<ExitStatus> exited = child->Wait(kDeadline);
  ASSERT_TRUE(exited.has_value());
  EXPECT_EQ(exited->ToString(), "exited with 0");
  EXPECT_FALSE(watch.Dead(milliseconds(0))) << "the task outlives its executor";

  EXPECT_EQ(child->Kill().ToString(), "exited with 0");
  EXPECT_TRUE(watch.Dead(kDeadline));
}

TEST(ChildLifecycle, DestructorTakesWhatTheLeaderLeftBehind) {
  TempDir dir;
  Fifo report(dir.File("pid"));
  std::unique_ptr<Child> child =
      SpawnOrDie(ShellSpec(dir, "sleep 1000 & echo $! > " + report.path() + "; exit 0"));
  ASSERT_NE(child, nullptr);
  const pid_t grandchild = ReadPid(report);
  ASSERT_GT(grandchild, 0);
  ProcessWatch watch(grandchild);
  ASSERT_TRUE(child->Wait(kDeadline).has_value());

  child.reset();
  EXPECT_TRUE(watch.Dead(kDeadline));
  EXPECT_TRUE(NoChildren());
}

TEST(ChildLifecycle, DestructorKillsAndReapsARunningChild) {
  TempDir dir;
  std::unique_ptr<Child> child = SpawnOrDie(ShellSpec(dir, "exec sleep 30"));
  ASSERT_NE(child, nullptr);
  const pid_t pid = child->pid();
  ASSERT_TRUE(child->Running());
  const auto start = std::chrono::steady_clock::now();
  child.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
  EXPECT_TRUE(NotOurChild(pid)) << "left a zombie";
  EXPECT_TRUE(NoChildren());
}

TEST(ChildLifecycle, ReportsUnknownWhenSomethingElseReaps) {
  TempDir dir;
  std::unique_ptr<Child> child = SpawnOrDie(ShellSpec(dir, "exit 5"));
  ASSERT_NE(child, nullptr);
  ProcessWatch watch(child->pid());
  ASSERT_TRUE(watch.Dead(kDeadline));
  int raw = 0;
  ASSERT_EQ(::waitpid(child->pid(), &raw, WNOHANG), child->pid());  // a foreign reaper

  const auto start = std::chrono::steady_clock::now();
  const std::optional<ExitStatus> status = child->Wait(kDeadline);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->ToString(), "exit status unknown");
  EXPECT_FALSE(child->Kill().known());
}

TEST(ChildLifecycle, ManyShortChildrenLeaveNoZombiesOrDescriptors) {
  TempDir dir;
  ChildSpec spec;
  spec.executable = "/bin/true";
  spec.stdout_path = dir.File("out");
  spec.stderr_path = dir.File("err");
  const int fds_before = testing::CountOpenFds();
  for (int i = 0; i < 200; ++i) {
    std::unique_ptr<Child> child = SpawnOrDie(spec);
    ASSERT_NE(child, nullptr);
    const std::optional<ExitStatus> status = child->Wait(kDeadline);
    ASSERT_TRUE(status.has_value());
    ASSERT_EQ(status->code, 0);
  }
  EXPECT_EQ(testing::CountOpenFds(), fds_before);
  EXPECT_TRUE(NoChildren());
}

}  // namespace
}  // namespace mc::process
