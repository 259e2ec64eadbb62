#include "fixtures/schedulers/reference/options.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mc::refsched {
namespace {

absl::StatusOr<Options> Parse(std::vector<std::string> args,
                              std::map<std::string, std::string> env = {}) {
  return ParseOptions(args, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(MasterUrlTest, AddsTheSchedulerPathAndDefaultPort) {
  auto address = ParseMasterUrl("http://127.0.0.1:5051");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 5051);
  EXPECT_EQ(address->path, "/api/v1/scheduler");

  address = ParseMasterUrl("master.example");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "master.example");
  EXPECT_EQ(address->port, 5050);

  address = ParseMasterUrl("http://h:1/master/");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->path, "/master/api/v1/scheduler");

  address = ParseMasterUrl("http://h:1/master/api/v1/scheduler");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->path, "/master/api/v1/scheduler");
}

TEST(MasterUrlTest, RefusesWhatItCannotUse) {
  EXPECT_FALSE(ParseMasterUrl("https://h:1").ok());
  EXPECT_FALSE(ParseMasterUrl("http://:1").ok());
  EXPECT_FALSE(ParseMasterUrl("http://h:0").ok());
  EXPECT_FALSE(ParseMasterUrl("http://h:99999").ok());
  EXPECT_FALSE(ParseMasterUrl("http://h:x").ok());
}

TEST(OptionsTest, Defaults) {
  auto options = Parse({"--master", "http://127.0.0.1:9"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->encoding, Encoding::kProtobuf);
  EXPECT_EQ(options->tasks, 2);
  EXPECT_EQ(options->command, "exit 0");
  EXPECT_TRUE(options->executor.empty());
  EXPECT_TRUE(options->checkpoint);
  EXPECT_FALSE(options->partition_aware);
  EXPECT_FALSE(options->task_killing_state);
  EXPECT_EQ(options->profile, Profile::kProtocol);
  EXPECT_EQ(options->bug, Bug::kNone);
  EXPECT_FALSE(options->quiet);
  EXPECT_EQ(options->give_up, std::chrono::seconds(60));
  EXPECT_FALSE(options->task_groups);
}

TEST(OptionsTest, TaskGroupsAndNotWithACustomExecutor) {
  auto options = Parse({"--master", "http://h:1", "--task-groups", "--kill-on-launch"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->task_groups);
  EXPECT_TRUE(options->kill_on_launch);

  options = Parse({"--master", "http://h:1", "--task-groups", "--executor", "/bin/x"});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("--executor"), std::string::npos)
      << options.status();
  EXPECT_FALSE(Parse({"--executor=/bin/x", "--master", "http://h:1", "--task-groups"}).ok());
  EXPECT_NE(Usage().find("--task-groups"), std::string::npos);
}

TEST(OptionsTest, EveryFlagInBothSpellings) {
  auto options = Parse({"--master=http://h:7", "--codec", "json", "--tasks=5", "--command",
                        "sleep 1", "--executor=/bin/x", "--no-checkpoint", "--partition-aware",
                        "--task-killing-state", "--profile", "marathon", "--bug=no-ack",
                        "--quiet", "--give-up", "1.5"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->master.host, "h");
  EXPECT_EQ(options->master.port, 7);
  EXPECT_EQ(options->encoding, Encoding::kJson);
  EXPECT_EQ(options->tasks, 5);
  EXPECT_EQ(options->command, "sleep 1");
  EXPECT_EQ(options->executor, "/bin/x");
  EXPECT_FALSE(options->checkpoint);
  EXPECT_TRUE(options->partition_aware);
  EXPECT_TRUE(options->task_killing_state);
  EXPECT_EQ(options->profile, Profile::kMarathon);
  EXPECT_EQ(options->bug, Bug::kNoAck);
  EXPECT_TRUE(options->quiet);
  EXPECT_EQ(options->give_up, std::chrono::milliseconds(1500));
}

TEST(OptionsTest, MasterFromTheEnvironmentUnlessGiven) {
  auto options = Parse({}, {{"MESOS_MASTER_URL", "http://e:1"}});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->master.host, "e");
  options = Parse({"--master", "http://f:2"}, {{"MESOS_MASTER_URL", "http://e:1"}});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->master.host, "f");
}

TEST(OptionsTest, RefusesBadUsage) {
  EXPECT_FALSE(Parse({}).ok());  // no master anywhere
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--codec", "xml"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--tasks", "-1"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--bug", "no-such-bug"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--profile", "chronos"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--give-up", "0"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "--tasks"}).ok());
  EXPECT_FALSE(Parse({"--master", "http://h:1", "extra"}).ok());
  EXPECT_TRUE(Parse({"--help"})->help);
}

TEST(OptionsTest, UsageListsEveryBug) {
  const std::string usage = Usage();
  for (const BugInfo& bug : AllBugs()) {
    EXPECT_NE(usage.find(std::string(bug.name)), std::string::npos) << bug.name;
  }
}

}  // namespace
}  // namespace mc::refsched
