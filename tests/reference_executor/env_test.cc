#include "fixtures/executors/reference/env.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace mc::refexec {
namespace {

using namespace std::chrono_literals;

class EnvTest : public ::testing::Test {
 protected:
  absl::StatusOr<Environment> Read() {
    return ReadEnvironment([this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    });
  }

  std::map<std::string, std::string> vars_ = {
      {"MESOS_FRAMEWORK_ID", "fw"},
      {"MESOS_EXECUTOR_ID", "ex"},
      {"MESOS_DIRECTORY", "/d"},
      {"MESOS_SANDBOX", "/s"},
      {"MESOS_AGENT_ENDPOINT", "10.0.0.5:5051"},
      {"MESOS_CHECKPOINT", "0"},
      {"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs"},
  };
};

TEST_F(EnvTest, ReadsTheStandardVariables) {
  absl::StatusOr<Environment> env = Read();
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->framework_id, "fw");
  EXPECT_EQ(env->executor_id, "ex");
  EXPECT_EQ(env->directory, "/d");
  EXPECT_EQ(env->sandbox, "/s");
  EXPECT_EQ(env->agent_host, "10.0.0.5");
  EXPECT_EQ(env->agent_port, 5051);
  EXPECT_FALSE(env->checkpoint);
  EXPECT_EQ(env->shutdown_grace_period, 5s);
}

TEST_F(EnvTest, CheckpointingNeedsRecoveryTimeoutAndBackoff) {
  vars_["MESOS_CHECKPOINT"] = "1";
  EXPECT_FALSE(Read().ok());
  vars_["MESOS_RECOVERY_TIMEOUT"] = "15mins";
  EXPECT_FALSE(Read().ok());
  vars_["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = "2secs";
  absl::StatusOr<Environment> env = Read();
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_TRUE(env->checkpoint);
  EXPECT_EQ(env->recovery_timeout, 15min);
  EXPECT_EQ(env->subscription_backoff_max, 2s);
}

TEST_F(EnvTest, RefusesMissingOrMalformedValues) {
  for (const char* name : {"MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID", "MESOS_DIRECTORY",
                           "MESOS_SANDBOX", "MESOS_AGENT_ENDPOINT",
                           "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"}) {
    auto saved = vars_;
    vars_.erase(name);
    absl::StatusOr<Environment> env = Read();
    ASSERT_FALSE(env.ok()) << name;
    EXPECT_NE(env.status().message().find(name), std::string::npos);
    vars_ = saved;
  }
  vars_["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] = "5s";  // Go style, not stout
  EXPECT_FALSE(Read().ok());
  vars_["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] = "5secs";
  for (const char* endpoint : {"10.0.0.5", "10.0.0.5:", ":5051", "10.0.0.5:x", "h:70000"}) {
    vars_["MESOS_AGENT_ENDPOINT"] = endpoint;
    EXPECT_FALSE(Read().ok()) << endpoint;
  }
  vars_["MESOS_AGENT_ENDPOINT"] = "10.0.0.5:5051";
  vars_["MESOS_CHECKPOINT"] = "true";
  EXPECT_FALSE(Read().ok());
}

}  // namespace
}  // namespace mc::refexec
