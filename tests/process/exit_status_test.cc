#include "harness/process/exit_status.h"

#include <signal.h>

#include <gtest/gtest.h>

namespace mc::process {
namespace {

TEST(ExitStatus, DecodesNormalExit) {
  const ExitStatus status = ExitStatus::FromWaitStatus(3 << 8);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 3);
  EXPECT_FALSE(status.signaled);
  EXPECT_EQ(status.raw, 3 << 8);
  EXPECT_TRUE(status.known());
  EXPECT_EQ(status.ToString(), "exited with 3");
  EXPECT_EQ(ExitStatus::FromWaitStatus(0).ToString(), "exited with 0");
}

TEST(ExitStatus, DecodesSignalDeath) {
  const ExitStatus status = ExitStatus::FromWaitStatus(SIGKILL);
  EXPECT_TRUE(status.signaled);
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_FALSE(status.exited);
  EXPECT_FALSE(status.core_dumped);
  EXPECT_EQ(status.ToString(), "killed by SIGKILL");
}

TEST(ExitStatus, MentionsCoreDump) {
  const ExitStatus status = ExitStatus::FromWaitStatus(SIGSEGV | 0x80);
  EXPECT_TRUE(status.core_dumped);
  EXPECT_EQ(status.ToString(), "killed by SIGSEGV (core dumped)");
}

TEST(ExitStatus, UnknownIsNeitherExitNorSignal) {
  const ExitStatus status = ExitStatus::Unknown();
  EXPECT_FALSE(status.known());
  EXPECT_EQ(status.raw, -1);
  EXPECT_EQ(status.ToString(), "exit status unknown");
}

TEST(SignalName, NamesSignalsLikeKill) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGINT), "SIGINT");
  EXPECT_EQ(SignalName(0), "signal 0");
  EXPECT_EQ(SignalName(SIGRTMIN + 2), "signal " + std::to_string(SIGRTMIN + 2));
}

}  // namespace
}  // namespace mc::process
