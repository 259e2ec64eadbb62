#include <gtest/gtest.h>

#include "harness/agent/settings.h"

namespace mc::agent {
namespace {

TEST(ExecutorEnvironment, IsWhatA14AgentSetsWithStoutDurations) {
  AgentSettings settings;
  settings.checkpoint = true;
  auto env = ExecutorEnvironment(settings, 5051, "/sandbox");
  EXPECT_EQ(env["MESOS_FRAMEWORK_ID"], settings.framework_id);
  EXPECT_EQ(env["MESOS_EXECUTOR_ID"], settings.executor_id);
  EXPECT_EQ(env["MESOS_DIRECTORY"], "/sandbox");
  EXPECT_EQ(env["MESOS_SANDBOX"], "/sandbox");
  EXPECT_EQ(env["MESOS_AGENT_ENDPOINT"], "127.0.0.1:5051");
  EXPECT_EQ(env["MESOS_SLAVE_PID"], "slave(1)@127.0.0.1:5051");
  EXPECT_EQ(env["MESOS_SLAVE_ID"], settings.agent_id);
  EXPECT_EQ(env["MESOS_CHECKPOINT"], "1");
  EXPECT_EQ(env["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"], "2secs");
  EXPECT_EQ(env["MESOS_RECOVERY_TIMEOUT"], "3secs");
  EXPECT_EQ(env["MESOS_SUBSCRIPTION_BACKOFF_MAX"], "1secs");
  EXPECT_EQ(env["MESOS_HTTP_COMMAND_EXECUTOR"], "1");
  EXPECT_EQ(env["LIBPROCESS_PORT"], "0");
}

TEST(ExecutorEnvironment, NoRecoveryVariablesWithoutCheckpointing) {
  AgentSettings settings;
  auto env = ExecutorEnvironment(settings, 1, "/s");
  EXPECT_EQ(env["MESOS_CHECKPOINT"], "0");
  EXPECT_EQ(env.count("MESOS_RECOVERY_TIMEOUT"), 0u);
  EXPECT_EQ(env.count("MESOS_SUBSCRIPTION_BACKOFF_MAX"), 0u);
}

}  // namespace
}  // namespace mc::agent
