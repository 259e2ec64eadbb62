// End-to-end tests of mc-reference-executor against the in-test FakeAgent, in
// both codecs: the main paths of the behaviour contract, then a few --bug
// variants showing their misbehaviour on the wire.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "harness/wire/content_type.h"
#include "harness/wire/uuid.h"
#include "tests/reference_executor/executor_process.h"
#include "tests/reference_executor/fake_agent.h"

namespace mc::refexec::testing {
namespace {

namespace v1 = mesos::v1;
using std::chrono::milliseconds;
using v1::executor::Call;
using namespace std::chrono_literals;

// Bound for anything that should happen promptly.
constexpr milliseconds kWait = 10s;

struct ExecutorSetup {
  bool checkpoint = false;
  bool killing_capability = false;
  bool auto_acknowledge = true;
  std::string bug;
  std::string shutdown_grace = "2secs";
  std::string recovery_timeout = "10secs";
  std::string backoff_max = "200ms";
};

class ReferenceExecutorTest : public ::testing::TestWithParam<Encoding> {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "mc-refexec-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    sandbox_ = root_ + "/sandbox";
    std::filesystem::create_directory(sandbox_);
  }

  void TearDown() override {
    if (HasFailure() && executor_) std::cerr << "executor log:\n" << executor_->log();
    for (const auto& [name, fd] : fifos_) close(fd);
    executor_.reset();
    agent_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  std::string codec() const { return GetParam() == Encoding::kJson ? "json" : "protobuf"; }

  std::map<std::string, std::string> Environment(const ExecutorSetup& setup) const {
    std::map<std::string, std::string> env = {
        {"PATH", "/usr/local/bin:/usr/bin:/bin"},
        {"MESOS_FRAMEWORK_ID", "framework-1"},
        {"MESOS_EXECUTOR_ID", "executor-1"},
        {"MESOS_DIRECTORY", sandbox_},
        {"MESOS_SANDBOX", sandbox_},
        {"MESOS_AGENT_ENDPOINT", "127.0.0.1:" + std::to_string(agent_->port())},
        {"MESOS_SLAVE_PID", "slave(1)@127.0.0.1:" + std::to_string(agent_->port())},
        {"MESOS_CHECKPOINT", setup.checkpoint ? "1" : "0"},
        {"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", setup.shutdown_grace},
    };
    if (setup.checkpoint) {
      env["MESOS_RECOVERY_TIMEOUT"] = setup.recovery_timeout;
      env["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = setup.backoff_max;
    }
    return env;
  }

  void Start(const ExecutorSetup& setup = {}) {
    agent_ = std::make_unique<FakeAgent>(
        FakeAgent::Config{setup.killing_capability, setup.auto_acknowledge});
    std::vector<std::string> args = {MC_REFERENCE_EXECUTOR_PATH, "--codec=" + codec()};
    if (!setup.bug.empty()) args.push_back("--bug=" + setup.bug);
    executor_ = ExecutorProcess::Start(args, Environment(setup), root_ + "/executor.log");
    ASSERT_NE(executor_, nullptr);
  }

  // Starts and waits for the first accepted SUBSCRIBE.
  void StartSubscribed(const ExecutorSetup& setup = {}) {
    Start(setup);
    ASSERT_TRUE(WaitForSubscribes(1)) << "no SUBSCRIBE";
  }

  bool WaitForSubscribes(size_t count) {
    return agent_->WaitFor(
        [count](const std::vector<RecordedCall>& calls) {
          return CallsOfType(calls, Call::SUBSCRIBE).size() >= count;
        },
        kWait);
  }

  bool WaitForState(const std::string& task_id, v1::TaskState state,
                    milliseconds timeout = kWait) {
    return agent_->WaitFor(
        [&](const std::vector<RecordedCall>& calls) { return HasState(calls, task_id, state); },
        timeout);
  }

  bool WaitForStates(const std::string& task_id, size_t count, milliseconds timeout = kWait) {
    return agent_->WaitFor(
        [&](const std::vector<RecordedCall>& calls) {
          return StatesOf(calls, task_id).size() >= count;
        },
        timeout);
  }

  std::vector<v1::TaskState> States(const std::string& task_id) {
    return StatesOf(agent_->calls(), task_id);
  }

  // A FIFO `name` in the sandbox that a task writes a line into once it is
  // ready (e.g. has set its traps); WaitReady reads it with a deadline.
  void MakeReadyFifo(const std::string& name) {
    const std::string path = sandbox_ + "/" + name;
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(fd, 0);
    fifos_[name] = fd;
  }

  bool WaitReady(const std::string& name, milliseconds timeout = kWait) {
    const int fd = fifos_.at(name);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd ready{fd, POLLIN, 0};
      if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
      char byte;
      if (read(fd, &byte, 1) == 1) return true;
    }
  }

  std::string ReadSandboxFile(const std::string& name) {
    std::ifstream in(sandbox_ + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string root_;
  std::string sandbox_;
  std::unique_ptr<FakeAgent> agent_;
  std::unique_ptr<ExecutorProcess> executor_;
  std::map<std::string, int> fifos_;
};

// --- The main paths ---------------------------------------------------------

TEST_P(ReferenceExecutorTest, SubscribesWithTheExactMediaTypeAndIds) {
  StartSubscribed();
  const RecordedCall subscribe = agent_->calls().front();
  EXPECT_EQ(subscribe.content_type, MediaType(GetParam()));
  EXPECT_EQ(subscribe.accept, MediaType(GetParam()));
  ASSERT_TRUE(subscribe.decoded);
  EXPECT_EQ(subscribe.call.type(), Call::SUBSCRIBE);
  EXPECT_TRUE(subscribe.call.has_subscribe());
  EXPECT_EQ(subscribe.call.framework_id().value(), "framework-1");
  EXPECT_EQ(subscribe.call.executor_id().value(), "executor-1");
  EXPECT_EQ(subscribe.call.subscribe().unacknowledged_updates_size(), 0);
}

TEST_P(ReferenceExecutorTest, SuccessfulCommandIsRunningThenFinished) {
  StartSubscribed();
  agent_->Launch("task-1", "echo hello; exit 0");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_FINISHED));
  EXPECT_EQ(States("task-1"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_FINISHED}));

  std::set<std::string> uuids;
  const std::vector<RecordedCall> calls = agent_->calls();
  for (const RecordedCall& call : calls) {
    if (!call.decoded || call.call.type() != Call::UPDATE) continue;
    EXPECT_EQ(call.content_type, MediaType(GetParam()));
    EXPECT_EQ(call.answered, 202);
    EXPECT_NE(call.connection, calls.front().connection) << "UPDATE on the SUBSCRIBE connection";
    const v1::TaskStatus& status = call.call.update().status();
    EXPECT_EQ(uuid::Validate(status.uuid()), uuid::Check::kValid);
    EXPECT_EQ(status.uuid()[6] & 0xf0, 0x40) << "not a version 4 uuid";
    uuids.insert(status.uuid());
    EXPECT_EQ(status.source(), v1::TaskStatus::SOURCE_EXECUTOR);
    EXPECT_TRUE(status.has_source());
    EXPECT_EQ(status.executor_id().value(), "executor-1");
    EXPECT_FALSE(status.has_agent_id());
    EXPECT_GT(status.timestamp(), 1e9);
  }
  EXPECT_EQ(uuids.size(), 2u);
  EXPECT_EQ(ReadSandboxFile("task-1.stdout"), "hello\n");
}

TEST_P(ReferenceExecutorTest, FailingCommandIsFailedWithItsStatus) {
  StartSubscribed();
  agent_->Launch("task-1", "echo oops >&2; exit 3");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_FAILED));
  const std::vector<v1::TaskStatus> statuses = StatusesOf(agent_->calls(), "task-1");
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].state(), v1::TASK_RUNNING);
  EXPECT_EQ(statuses[1].message(), "Command exited with status 3");
  EXPECT_FALSE(statuses[1].has_reason());
  EXPECT_EQ(ReadSandboxFile("task-1.stderr"), "oops\n");
}

TEST_P(ReferenceExecutorTest, CommandFromTheLabelWhenDataIsEmpty) {
  StartSubscribed();
  v1::TaskInfo task = FakeAgent::Task("task-1", "");
  v1::Label* label = task.mutable_labels()->add_labels();
  label->set_key("mesos-conformance.command");
  label->set_value("exit 0");
  agent_->LaunchTask(task);
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_FINISHED));
}

TEST_P(ReferenceExecutorTest, TaskWithoutCommandIsInvalid) {
  StartSubscribed();
  agent_->Launch("task-1", "");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_FAILED));
  const std::vector<v1::TaskStatus> statuses = StatusesOf(agent_->calls(), "task-1");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].reason(), v1::TaskStatus::REASON_TASK_INVALID);
}

TEST_P(ReferenceExecutorTest, LaunchGroupRunsEveryTask) {
  StartSubscribed();
  agent_->LaunchGroup({FakeAgent::Task("a", "exit 0"), FakeAgent::Task("b", "exit 4")});
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  ASSERT_TRUE(WaitForState("b", v1::TASK_FAILED));
  EXPECT_EQ(States("a").front(), v1::TASK_RUNNING);
  EXPECT_EQ(States("b").front(), v1::TASK_RUNNING);
}

TEST_P(ReferenceExecutorTest, KillWithCapabilityReportsKillingThenKilled) {
  ExecutorSetup setup;
  setup.killing_capability = true;
  StartSubscribed(setup);
  agent_->Launch("task-1", "sleep 100");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_RUNNING));
  agent_->Kill("task-1");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_KILLED));
  EXPECT_EQ(States("task-1"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_KILLING,
                                                         v1::TASK_KILLED}));
}

TEST_P(ReferenceExecutorTest, KillWithoutCapabilityReportsOnlyKilled) {
  StartSubscribed();
  agent_->Launch("task-1", "sleep 100");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_RUNNING));
  agent_->Kill("task-1");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_KILLED));
  EXPECT_EQ(States("task-1"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_KILLED}));
}

TEST_P(ReferenceExecutorTest, KillEscalatesToSigkillAfterTheGracePeriod) {
  StartSubscribed();
  // Ignoring SIGTERM (the disposition is inherited by sleep) forces a SIGKILL.
  MakeReadyFifo("ready");
  agent_->Launch("task-1", "trap '' TERM; echo > ready; sleep 100");
  ASSERT_TRUE(WaitReady("ready"));
  const auto killed_at = std::chrono::steady_clock::now();
  agent_->Kill("task-1", std::chrono::milliseconds(400));
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_KILLED));
  const std::vector<RecordedCall> calls = agent_->calls();
  EXPECT_GE(calls.back().at - killed_at, 400ms);
  const std::vector<v1::TaskStatus> statuses = StatusesOf(calls, "task-1");
  EXPECT_EQ(statuses.back().message(), "Task killed: Command terminated by signal 9");
}

TEST_P(ReferenceExecutorTest, KillSendsSigtermFirst) {
  StartSubscribed();
  MakeReadyFifo("ready");
  agent_->Launch("a", "trap 'echo term; exit 0' TERM; echo > ready; sleep 100 & wait");
  ASSERT_TRUE(WaitReady("ready"));
  agent_->Kill("a", std::chrono::seconds(5));
  ASSERT_TRUE(WaitForState("a", v1::TASK_KILLED));
  EXPECT_EQ(ReadSandboxFile("a.stdout"), "term\n");
  // A killed task is TASK_KILLED whatever its command's exit status.
  EXPECT_EQ(StatusesOf(agent_->calls(), "a").back().message(),
            "Task killed: Command exited with status 0");
}

TEST_P(ReferenceExecutorTest, KillOfAnUnknownTaskIsIgnored) {
  StartSubscribed();
  agent_->Kill("nobody");
  agent_->Launch("task-1", "exit 0");
  ASSERT_TRUE(WaitForState("task-1", v1::TASK_FINISHED));
  EXPECT_TRUE(StatusesOf(agent_->calls(), "nobody").empty());
}

TEST_P(ReferenceExecutorTest, MessageIsEchoed) {
  StartSubscribed();
  agent_->Message(std::string("ping\0\xff", 6));
  ASSERT_TRUE(agent_->WaitFor(
      [](const std::vector<RecordedCall>& calls) {
        return !CallsOfType(calls, Call::MESSAGE).empty();
      },
      kWait));
  const Call echo = CallsOfType(agent_->calls(), Call::MESSAGE).front();
  EXPECT_EQ(echo.message().data(), std::string("ping\0\xff", 6));
}

TEST_P(ReferenceExecutorTest, HealthCheckResultIsReported) {
  StartSubscribed();
  v1::TaskInfo task = FakeAgent::Task("task-1", "sleep 100");
  v1::HealthCheck* check = task.mutable_health_check();
  check->set_type(v1::HealthCheck::COMMAND);
  check->mutable_command()->set_value("test -e healthy");
  check->set_delay_seconds(0);
  check->set_interval_seconds(0.1);
  check->set_timeout_seconds(5);
  std::ofstream(sandbox_ + "/healthy").put('\n');
  agent_->LaunchTask(task);
  ASSERT_TRUE(WaitForStates("task-1", 2));
  v1::TaskStatus health = StatusesOf(agent_->calls(), "task-1")[1];
  EXPECT_EQ(health.state(), v1::TASK_RUNNING);
  EXPECT_EQ(health.reason(), v1::TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
  EXPECT_TRUE(health.healthy());

  std::filesystem::remove(sandbox_ + "/healthy");
  ASSERT_TRUE(WaitForStates("task-1", 3));
  health = StatusesOf(agent_->calls(), "task-1")[2];
  EXPECT_EQ(health.reason(), v1::TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
  EXPECT_TRUE(health.has_healthy());
  EXPECT_FALSE(health.healthy());
}

TEST_P(ReferenceExecutorTest, ShutdownKillsEveryTaskAndExitsZero) {
  ExecutorSetup setup;
  setup.shutdown_grace = "4secs";
  StartSubscribed(setup);
  MakeReadyFifo("ready");
  agent_->Launch("a", "sleep 100");
  agent_->Launch("b", "trap '' TERM; echo > ready; sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  ASSERT_TRUE(WaitReady("ready"));
  const auto start = std::chrono::steady_clock::now();
  agent_->Shutdown();
  EXPECT_EQ(executor_->WaitExit(kWait), 0);
  // b ignores SIGTERM: SIGKILL comes at half of the grace period.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_EQ(States("a").back(), v1::TASK_KILLED);
  EXPECT_EQ(States("b").back(), v1::TASK_KILLED);
}

TEST_P(ReferenceExecutorTest, SigtermShutsDownLikeShutdown) {
  StartSubscribed();
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  ::kill(executor_->pid(), SIGTERM);
  EXPECT_EQ(executor_->WaitExit(kWait), 0);
  EXPECT_EQ(States("a").back(), v1::TASK_KILLED);
}

TEST_P(ReferenceExecutorTest, DisconnectWithoutCheckpointExitsOne) {
  StartSubscribed();
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  const auto start = std::chrono::steady_clock::now();
  agent_->DropStream();
  EXPECT_EQ(executor_->WaitExit(kWait), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(CallsOfType(agent_->calls(), Call::SUBSCRIBE).size(), 1u);
}

TEST_P(ReferenceExecutorTest, DisconnectWithCheckpointResubscribesWithUnacknowledged) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.auto_acknowledge = false;
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  const v1::TaskStatus running = StatusesOf(agent_->calls(), "a").front();

  const auto dropped_at = std::chrono::steady_clock::now();
  agent_->DropStream();
  ASSERT_TRUE(WaitForSubscribes(2));
  const std::vector<RecordedCall> calls = agent_->calls();
  EXPECT_LE(calls.back().at - dropped_at, 1s) << "later than MESOS_SUBSCRIPTION_BACKOFF_MAX";
  const Call resubscribe = CallsOfType(calls, Call::SUBSCRIBE).back();
  ASSERT_EQ(resubscribe.subscribe().unacknowledged_updates_size(), 1);
  EXPECT_EQ(resubscribe.subscribe().unacknowledged_updates(0).status().uuid(), running.uuid());
  ASSERT_EQ(resubscribe.subscribe().unacknowledged_tasks_size(), 1);
  EXPECT_EQ(resubscribe.subscribe().unacknowledged_tasks(0).task_id().value(), "a");

  // Once acknowledged, the update and the task are forgotten.
  agent_->Acknowledge(running);
  agent_->Message("sync");  // the echo proves the ACKNOWLEDGED before it was handled
  ASSERT_TRUE(agent_->WaitFor(
      [](const std::vector<RecordedCall>& calls) {
        return !CallsOfType(calls, Call::MESSAGE).empty();
      },
      kWait));
  agent_->DropStream();
  ASSERT_TRUE(WaitForSubscribes(3));
  const Call third = CallsOfType(agent_->calls(), Call::SUBSCRIBE).back();
  EXPECT_EQ(third.subscribe().unacknowledged_updates_size(), 0);
  EXPECT_EQ(third.subscribe().unacknowledged_tasks_size(), 0);
}

TEST_P(ReferenceExecutorTest, UpdateWhileDisconnectedGoesIntoTheNextSubscribe) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.backoff_max = "1secs";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 0.2");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  agent_->DropStream();
  ASSERT_TRUE(WaitForSubscribes(2));
  bool finished_carried = false;
  const Call resubscribe = CallsOfType(agent_->calls(), Call::SUBSCRIBE).back();
  for (const auto& update : resubscribe.subscribe().unacknowledged_updates()) {
    finished_carried |= update.status().state() == v1::TASK_FINISHED;
  }
  // The task may also have finished after the SUBSCRIBE went out; then the
  // update follows as a call.
  EXPECT_TRUE(finished_carried || WaitForState("a", v1::TASK_FINISHED));
}

TEST_P(ReferenceExecutorTest, CheckpointingExecutorGivesUpAfterTheRecoveryTimeout) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.recovery_timeout = "1secs";
  setup.backoff_max = "100ms";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  const auto start = std::chrono::steady_clock::now();
  agent_->StopListening();
  EXPECT_EQ(executor_->WaitExit(kWait), 1);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 4s);
}

TEST_P(ReferenceExecutorTest, NoAgentAtAllExitsOne) {
  ExecutorSetup setup;
  Start(setup);
  agent_->StopListening();  // the executor may or may not have connected yet
  EXPECT_EQ(executor_->WaitExit(kWait), 1);
}

// --- Bad usage ----------------------------------------------------------------

TEST_P(ReferenceExecutorTest, UnknownBugExitsTwo) {
  ExecutorSetup setup;
  setup.bug = "no-such-bug";
  Start(setup);
  EXPECT_EQ(executor_->WaitExit(kWait), 2);
}

TEST_P(ReferenceExecutorTest, MissingEnvironmentExitsTwo) {
  agent_ = std::make_unique<FakeAgent>(FakeAgent::Config{});
  std::map<std::string, std::string> env = Environment(ExecutorSetup{});
  env.erase("MESOS_EXECUTOR_ID");
  executor_ = ExecutorProcess::Start({MC_REFERENCE_EXECUTOR_PATH}, env, root_ + "/executor.log");
  ASSERT_NE(executor_, nullptr);
  EXPECT_EQ(executor_->WaitExit(kWait), 2);
  EXPECT_NE(executor_->log().find("MESOS_EXECUTOR_ID"), std::string::npos);
}

// --- Known-bad variants ---------------------------------------------------------

TEST_P(ReferenceExecutorTest, BugSubscribeWithoutBody) {
  ExecutorSetup setup;
  setup.bug = "subscribe-without-body";
  StartSubscribed(setup);
  EXPECT_FALSE(CallsOfType(agent_->calls(), Call::SUBSCRIBE).front().has_subscribe());
}

TEST_P(ReferenceExecutorTest, BugContentTypeParameter) {
  ExecutorSetup setup;
  setup.bug = "content-type-parameter";
  Start(setup);
  ASSERT_TRUE(agent_->WaitFor([](const std::vector<RecordedCall>& calls) { return !calls.empty(); },
                              kWait));
  const RecordedCall call = agent_->calls().front();
  EXPECT_EQ(call.content_type, std::string(MediaType(GetParam())) + "; charset=utf-8");
  EXPECT_EQ(call.answered, 415);
  EXPECT_EQ(executor_->WaitExit(kWait), 1);  // refused, not checkpointing
}

TEST_P(ReferenceExecutorTest, BugNoUuid) {
  ExecutorSetup setup;
  setup.bug = "no-uuid";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  for (const v1::TaskStatus& status : StatusesOf(agent_->calls(), "a")) {
    EXPECT_FALSE(status.has_uuid());
  }
}

TEST_P(ReferenceExecutorTest, BugTextUuid) {
  ExecutorSetup setup;
  setup.bug = "text-uuid";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  for (const v1::TaskStatus& status : StatusesOf(agent_->calls(), "a")) {
    EXPECT_EQ(status.uuid().size(), 36u);
    EXPECT_EQ(uuid::Validate(status.uuid()), uuid::Check::kWrongSize);
  }
}

TEST_P(ReferenceExecutorTest, BugReuseUuid) {
  ExecutorSetup setup;
  setup.bug = "reuse-uuid";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  const std::vector<v1::TaskStatus> statuses = StatusesOf(agent_->calls(), "a");
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].uuid(), statuses[1].uuid());
}

TEST_P(ReferenceExecutorTest, BugNoSource) {
  ExecutorSetup setup;
  setup.bug = "no-source";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  for (const v1::TaskStatus& status : StatusesOf(agent_->calls(), "a")) {
    EXPECT_FALSE(status.has_source());
  }
}

TEST_P(ReferenceExecutorTest, BugStaging) {
  ExecutorSetup setup;
  setup.bug = "staging";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED));
  EXPECT_EQ(States("a"), (std::vector<v1::TaskState>{v1::TASK_STAGING, v1::TASK_RUNNING,
                                                    v1::TASK_FINISHED}));
}

TEST_P(ReferenceExecutorTest, BugNoGraceKillsWithoutSigterm) {
  ExecutorSetup setup;
  setup.bug = "no-grace";
  StartSubscribed(setup);
  // A SIGTERM would make the shell write the marker; SIGKILL never lets it.
  MakeReadyFifo("ready");
  agent_->Launch("a", "trap 'echo term; exit 0' TERM; echo > ready; sleep 100 & wait");
  ASSERT_TRUE(WaitReady("ready"));
  agent_->Kill("a", std::chrono::seconds(5));
  ASSERT_TRUE(WaitForState("a", v1::TASK_KILLED, 2s));
  EXPECT_EQ(ReadSandboxFile("a.stdout"), "");
  EXPECT_EQ(StatusesOf(agent_->calls(), "a").back().message(),
            "Task killed: Command terminated by signal 9");
}

TEST_P(ReferenceExecutorTest, BugForgetUnacked) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.auto_acknowledge = false;
  setup.bug = "forget-unacked";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  agent_->DropStream();
  ASSERT_TRUE(WaitForSubscribes(2));
  const Call resubscribe = CallsOfType(agent_->calls(), Call::SUBSCRIBE).back();
  EXPECT_TRUE(resubscribe.has_subscribe());
  EXPECT_EQ(resubscribe.subscribe().unacknowledged_updates_size(), 0);
  EXPECT_EQ(resubscribe.subscribe().unacknowledged_tasks_size(), 0);
}

TEST_P(ReferenceExecutorTest, BugCrashOnMessage) {
  ExecutorSetup setup;
  setup.bug = "crash-on-message";
  StartSubscribed(setup);
  agent_->Message("boom");
  EXPECT_EQ(executor_->WaitExit(kWait), 3);
}

TEST_P(ReferenceExecutorTest, BugSlowShutdownKeepsRunning) {
  ExecutorSetup setup;
  setup.bug = "slow-shutdown";
  setup.shutdown_grace = "1secs";
  StartSubscribed(setup);
  agent_->Shutdown();
  EXPECT_EQ(executor_->WaitExit(1500ms), std::nullopt);
}

TEST_P(ReferenceExecutorTest, BugWrongFrameworkId) {
  ExecutorSetup setup;
  setup.bug = "wrong-framework-id";
  StartSubscribed(setup);
  EXPECT_NE(CallsOfType(agent_->calls(), Call::SUBSCRIBE).front().framework_id().value(),
            "framework-1");
}

TEST_P(ReferenceExecutorTest, BugLateSubscribe) {
  ExecutorSetup setup;
  setup.bug = "late-subscribe";
  Start(setup);
  EXPECT_FALSE(agent_->WaitFor(
      [](const std::vector<RecordedCall>& calls) { return !calls.empty(); }, 1s));
}

TEST_P(ReferenceExecutorTest, BugKillingWithoutCapability) {
  ExecutorSetup setup;
  setup.bug = "killing-without-capability";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  agent_->Kill("a");
  ASSERT_TRUE(WaitForState("a", v1::TASK_KILLED));
  EXPECT_EQ(States("a"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_KILLING,
                                                    v1::TASK_KILLED}));
}

TEST_P(ReferenceExecutorTest, BugUpdateAfterTerminal) {
  ExecutorSetup setup;
  setup.bug = "update-after-terminal";
  StartSubscribed(setup);
  agent_->Launch("a", "exit 0");
  ASSERT_TRUE(WaitForStates("a", 3));
  EXPECT_EQ(States("a"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_FINISHED,
                                                    v1::TASK_RUNNING}));
}

TEST_P(ReferenceExecutorTest, BugWrongExecutorAndAgentIds) {
  for (const char* bug : {"wrong-executor-id", "wrong-agent-id"}) {
    ExecutorSetup setup;
    setup.bug = bug;
    StartSubscribed(setup);
    agent_->Launch("a", "exit 0");
    ASSERT_TRUE(WaitForState("a", v1::TASK_FINISHED)) << bug;
    const v1::TaskStatus status = StatusesOf(agent_->calls(), "a").front();
    if (std::string(bug) == "wrong-executor-id") {
      EXPECT_EQ(status.executor_id().value(), "someone-else");
      EXPECT_FALSE(status.has_agent_id());
    } else {
      EXPECT_EQ(status.executor_id().value(), "executor-1");
      EXPECT_EQ(status.agent_id().value(), "another-agent");
    }
    executor_.reset();
    agent_.reset();
  }
}

TEST_P(ReferenceExecutorTest, BugFinishAsFailedAndNoRunning) {
  for (const char* bug : {"finish-as-failed", "no-running"}) {
    ExecutorSetup setup;
    setup.bug = bug;
    StartSubscribed(setup);
    agent_->Launch("a", "exit 0");
    const bool failed = std::string(bug) == "finish-as-failed";
    ASSERT_TRUE(WaitForState("a", failed ? v1::TASK_FAILED : v1::TASK_FINISHED)) << bug;
    EXPECT_EQ(States("a"),
              failed ? (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_FAILED})
                     : (std::vector<v1::TaskState>{v1::TASK_FINISHED}));
    executor_.reset();
    agent_.reset();
  }
}

TEST_P(ReferenceExecutorTest, BugReasons) {
  const std::pair<const char*, v1::TaskStatus::Reason> cases[] = {
      {"reserved-reason", v1::TaskStatus::REASON_AGENT_RESTARTED},
      {"deprecated-reason", v1::TaskStatus::REASON_COMMAND_EXECUTOR_FAILED},
      {"unrecommended-reason", v1::TaskStatus::REASON_TASK_UNKNOWN},
  };
  for (const auto& [bug, reason] : cases) {
    ExecutorSetup setup;
    setup.bug = bug;
    StartSubscribed(setup);
    agent_->Launch("a", "exit 1");
    ASSERT_TRUE(WaitForState("a", v1::TASK_FAILED)) << bug;
    const v1::TaskStatus failed = StatusesOf(agent_->calls(), "a").back();
    EXPECT_TRUE(failed.has_reason()) << bug;
    EXPECT_EQ(failed.reason(), reason) << bug;
    EXPECT_FALSE(StatusesOf(agent_->calls(), "a").front().has_reason()) << bug;
    executor_.reset();
    agent_.reset();
  }
}

TEST_P(ReferenceExecutorTest, BugKillReportsFailed) {
  ExecutorSetup setup;
  setup.bug = "kill-reports-failed";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  agent_->Kill("a");
  ASSERT_TRUE(WaitForState("a", v1::TASK_FAILED));
  EXPECT_EQ(States("a"), (std::vector<v1::TaskState>{v1::TASK_RUNNING, v1::TASK_FAILED}));
}

TEST_P(ReferenceExecutorTest, BugIgnoreKill) {
  ExecutorSetup setup;
  setup.bug = "ignore-kill";
  StartSubscribed(setup);
  agent_->Launch("a", "sleep 100");
  ASSERT_TRUE(WaitForState("a", v1::TASK_RUNNING));
  agent_->Kill("a", std::chrono::milliseconds(100));
  EXPECT_FALSE(WaitForStates("a", 2, 1s));
}

TEST_P(ReferenceExecutorTest, BugNoResubscribe) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.bug = "no-resubscribe";
  StartSubscribed(setup);
  agent_->DropStream();
  EXPECT_EQ(executor_->WaitExit(kWait), 1);
  EXPECT_EQ(CallsOfType(agent_->calls(), Call::SUBSCRIBE).size(), 1u);
}

TEST_P(ReferenceExecutorTest, BugNeverGiveUp) {
  ExecutorSetup setup;
  setup.checkpoint = true;
  setup.recovery_timeout = "300ms";
  setup.backoff_max = "100ms";
  setup.bug = "never-give-up";
  StartSubscribed(setup);
  agent_->StopListening();
  EXPECT_EQ(executor_->WaitExit(1500ms), std::nullopt);
}

TEST_P(ReferenceExecutorTest, BugLingerWithoutCheckpoint) {
  ExecutorSetup setup;
  setup.bug = "linger-without-checkpoint";
  StartSubscribed(setup);
  agent_->DropStream();
  EXPECT_TRUE(WaitForSubscribes(2));
  EXPECT_EQ(executor_->WaitExit(0ms), std::nullopt);
}

std::string CodecName(const ::testing::TestParamInfo<Encoding>& info) {
  return info.param == Encoding::kJson ? "Json" : "Protobuf";
}

INSTANTIATE_TEST_SUITE_P(Codecs, ReferenceExecutorTest,
                         ::testing::Values(Encoding::kJson, Encoding::kProtobuf), CodecName);

}  // namespace
}  // namespace mc::refexec::testing
