#include "fixtures/schedulers/reference/task_policy.h"

#include <gtest/gtest.h>

namespace mc::refsched {
namespace {

namespace v1 = mesos::v1;

v1::TaskStatus Status(v1::TaskState state, const std::string& uuid, const std::string& agent) {
  v1::TaskStatus status;
  status.mutable_task_id()->set_value("task-1");
  status.set_state(state);
  if (!uuid.empty()) status.set_uuid(uuid);
  if (!agent.empty()) status.mutable_agent_id()->set_value(agent);
  return status;
}

const std::string kUuid = std::string("\x01\x02\x03\x04\x05\x06\x47\x08\x89\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);

TEST(AcknowledgementTest, EchoesAgentTaskAndUuid) {
  auto ack = AcknowledgementFor(Status(v1::TASK_RUNNING, kUuid, "S0"), "S9", Bug::kNone);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->agent_id().value(), "S0");
  EXPECT_EQ(ack->task_id().value(), "task-1");
  EXPECT_EQ(ack->uuid(), kUuid);
}

TEST(AcknowledgementTest, FallsBackToTheAgentOfTheLaunch) {
  auto ack = AcknowledgementFor(Status(v1::TASK_RUNNING, kUuid, ""), "S9", Bug::kNone);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->agent_id().value(), "S9");
  EXPECT_FALSE(AcknowledgementFor(Status(v1::TASK_RUNNING, kUuid, ""), "", Bug::kNone));
}

TEST(AcknowledgementTest, NothingWithoutUuid) {
  EXPECT_FALSE(AcknowledgementFor(Status(v1::TASK_LOST, "", "S0"), "S0", Bug::kNone));
}

TEST(AcknowledgementTest, Bugs) {
  EXPECT_FALSE(AcknowledgementFor(Status(v1::TASK_RUNNING, kUuid, "S0"), "S0", Bug::kNoAck));
  auto ack = AcknowledgementFor(Status(v1::TASK_LOST, "", "S0"), "S0", Bug::kAckWithoutUuid);
  ASSERT_TRUE(ack);
  EXPECT_TRUE(ack->has_uuid());
  EXPECT_TRUE(ack->uuid().empty());
  ack = AcknowledgementFor(Status(v1::TASK_RUNNING, kUuid, "S0"), "S0", Bug::kWrongAckAgent);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->agent_id().value(), "another-agent");
  EXPECT_EQ(ack->uuid(), kUuid);
}

TEST(TaskStatesTest, TerminalReplacementAndActive) {
  for (v1::TaskState state : {v1::TASK_ERROR, v1::TASK_FAILED, v1::TASK_DROPPED, v1::TASK_GONE,
                              v1::TASK_GONE_BY_OPERATOR, v1::TASK_UNKNOWN, v1::TASK_LOST,
                              v1::TASK_UNREACHABLE}) {
    EXPECT_TRUE(CallsForReplacement(state)) << v1::TaskState_Name(state);
  }
  for (v1::TaskState state : {v1::TASK_FINISHED, v1::TASK_KILLED, v1::TASK_RUNNING,
                              v1::TASK_STAGING, v1::TASK_STARTING, v1::TASK_KILLING}) {
    EXPECT_FALSE(CallsForReplacement(state)) << v1::TaskState_Name(state);
  }
  EXPECT_FALSE(IsTerminal(v1::TASK_UNREACHABLE));
  EXPECT_FALSE(IsTerminal(v1::TASK_RUNNING));
  EXPECT_TRUE(IsTerminal(v1::TASK_LOST));
  EXPECT_TRUE(IsTerminal(v1::TASK_KILLED));
  EXPECT_TRUE(IsActive(v1::TASK_RUNNING));
  EXPECT_TRUE(IsActive(v1::TASK_STAGING));
  EXPECT_FALSE(IsActive(v1::TASK_KILLING));
  EXPECT_FALSE(IsActive(v1::TASK_UNREACHABLE));
}

TEST(DecideTest, ProtocolProfileNeverReplacesOrKills) {
  for (v1::TaskState state : {v1::TASK_FAILED, v1::TASK_LOST, v1::TASK_RUNNING}) {
    for (bool replaced : {false, true}) {
      UpdateDecision decision = Decide(Profile::kProtocol, Bug::kNone, {true, replaced}, state);
      EXPECT_FALSE(decision.replace);
      EXPECT_FALSE(decision.kill);
    }
  }
}

TEST(DecideTest, MarathonReplacesOnceAndKillsReturningTasks) {
  const TaskFacts live{true, false};
  const TaskFacts replaced{true, true};
  EXPECT_TRUE(Decide(Profile::kMarathon, Bug::kNone, live, v1::TASK_UNREACHABLE).replace);
  EXPECT_TRUE(Decide(Profile::kMarathon, Bug::kNone, live, v1::TASK_FAILED).replace);
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, live, v1::TASK_FINISHED).replace);
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, live, v1::TASK_KILLED).replace);
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, live, v1::TASK_RUNNING).kill);
  // Already replaced: no second replacement; back to running means a kill.
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, replaced, v1::TASK_LOST).replace);
  EXPECT_TRUE(Decide(Profile::kMarathon, Bug::kNone, replaced, v1::TASK_RUNNING).kill);
  EXPECT_TRUE(Decide(Profile::kMarathon, Bug::kNone, replaced, v1::TASK_STARTING).kill);
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, replaced, v1::TASK_KILLING).kill);
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, replaced, v1::TASK_UNREACHABLE).kill);
  // Never launched: nothing to decide.
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNone, {false, false}, v1::TASK_LOST).replace);
}

TEST(DecideTest, MarathonBugs) {
  EXPECT_FALSE(Decide(Profile::kMarathon, Bug::kNoReplace, {true, false}, v1::TASK_LOST).replace);
  EXPECT_FALSE(
      Decide(Profile::kMarathon, Bug::kNoKillReturning, {true, true}, v1::TASK_RUNNING).kill);
  EXPECT_TRUE(
      Decide(Profile::kMarathon, Bug::kNoKillReturning, {true, false}, v1::TASK_LOST).replace);
}

}  // namespace
}  // namespace mc::refsched

namespace mc::refsched {
namespace {

TEST(ReasonTest, NewerThanMesos14) {
  mesos::v1::TaskStatus status;
  EXPECT_FALSE(ReasonNewerThanRelease(status, false));
  status.set_reason(mesos::v1::TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH);
  EXPECT_FALSE(ReasonNewerThanRelease(status, false));
  status.set_reason(mesos::v1::TaskStatus::REASON_AGENT_REMOVED_BY_OPERATOR);
  EXPECT_TRUE(ReasonNewerThanRelease(status, false));
  status.clear_reason();
  EXPECT_TRUE(ReasonNewerThanRelease(status, true));
}

}  // namespace
}  // namespace mc::refsched
