// A harness killed outright (SIGKILL, so no destructor runs) takes its
// children with it: they are spawned with PR_SET_PDEATHSIG.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "harness/process/child.h"
#include "tests/process/process_test_util.h"

namespace mc::process {
namespace {

using std::chrono::milliseconds;
using testing::Fifo;
using testing::ProcessWatch;
using testing::ShellSpec;
using testing::TempDir;

constexpr milliseconds kDeadline{10000};

TEST(HarnessDeath, ChildrenDieWithAKilledHarness) {
  TempDir dir;
  Fifo fifo(dir.File("pid"));
  ChildSpec spec = ShellSpec(dir, "echo $$ > " + fifo.path() + "; exec sleep 1000");
  pid_t harness = ::fork();
  ASSERT_GE(harness, 0);
  if (harness == 0) {
    // The stand-in harness: spawns, then waits to be killed.
    auto child = Child::Spawn(spec);
    if (!child.ok()) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  std::string line = fifo.ReadLine(kDeadline);
  ASSERT_FALSE(line.empty()) << "the child did not start";
  pid_t child = static_cast<pid_t>(std::stol(line));
  ProcessWatch watch(child);
  ::kill(harness, SIGKILL);
  int status = 0;
  ::waitpid(harness, &status, 0);
  EXPECT_TRUE(watch.Dead(kDeadline)) << "pid " << child << " outlived its harness";
  ::kill(child, SIGKILL);  // in case it did not: leave nothing behind
}

}  // namespace
}  // namespace mc::process
