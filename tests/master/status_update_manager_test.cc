// The agent's reliable delivery of status updates: one update in flight per
// task, retries with doubling backoff, acks matched by uuid.
#include "harness/master/status_update_manager.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "harness/wire/uuid.h"

namespace mc::master {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using Time = UpdateClock::time_point;

const Time kStart = Time() + std::chrono::hours(1);
const RetryPolicy kFast{milliseconds(200), seconds(2)};

class StatusUpdateManagerTest : public ::testing::Test {
 protected:
  mesos::v1::TaskStatus Status(const std::string& task, mesos::v1::TaskState state,
                               const std::string& agent = "agent-1") {
    mesos::v1::TaskStatus status;
    status.mutable_task_id()->set_value(task);
    status.mutable_agent_id()->set_value(agent);
    status.set_state(state);
    status.set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
    status.set_uuid(uuid::Random(rng_));
    return status;
  }

  EnqueueOutcome Enqueue(StatusUpdateManager& manager, const mesos::v1::TaskStatus& status,
                         Time now = kStart, const std::string& framework = "fw") {
    auto outcome = manager.Enqueue(framework, status, now);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *outcome : EnqueueOutcome::kDuplicate;
  }

  std::mt19937_64 rng_{1};
};

TEST_F(StatusUpdateManagerTest, OnlyTheFirstUpdateOfATaskGoesOutAtOnce) {
  StatusUpdateManager manager(kFast);
  auto starting = Status("t1", mesos::v1::TASK_STARTING);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  auto finished = Status("t1", mesos::v1::TASK_FINISHED);
  EXPECT_EQ(Enqueue(manager, starting), EnqueueOutcome::kSendNow);
  EXPECT_EQ(Enqueue(manager, running), EnqueueOutcome::kQueued);
  EXPECT_EQ(Enqueue(manager, finished), EnqueueOutcome::kQueued);

  auto pending = manager.Unacknowledged();
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_TRUE(pending[0].in_flight);
  EXPECT_EQ(pending[0].sends, 1u);
  EXPECT_EQ(pending[0].next_retry, kStart + milliseconds(200));
  EXPECT_EQ(pending[0].status.uuid(), starting.uuid());
  EXPECT_EQ(pending[0].agent_id, "agent-1");
  EXPECT_EQ(pending[0].framework_id, "fw");
  EXPECT_FALSE(pending[1].in_flight);
  EXPECT_EQ(pending[1].sends, 0u);
  EXPECT_FALSE(pending[1].next_retry.has_value());
  EXPECT_EQ(pending[2].status.uuid(), finished.uuid());
}

TEST_F(StatusUpdateManagerTest, AnAckOfTheUpdateInFlightReleasesTheNextOne) {
  StatusUpdateManager manager(kFast);
  auto starting = Status("t1", mesos::v1::TASK_STARTING);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  Enqueue(manager, starting);
  Enqueue(manager, running);

  Time later = kStart + milliseconds(50);
  AckResult ack = manager.Acknowledge("fw", "t1", starting.uuid(), later);
  EXPECT_EQ(ack.outcome, AckOutcome::kAccepted);
  EXPECT_FALSE(ack.stream_ended);
  ASSERT_TRUE(ack.next.has_value());
  EXPECT_EQ(ack.next->status.uuid(), running.uuid());
  EXPECT_EQ(ack.next->attempt, 1u);
  EXPECT_EQ(ack.next->framework_id, "fw");
  EXPECT_EQ(manager.NextDeadline(), later + milliseconds(200));

  ack = manager.Acknowledge("fw", "t1", running.uuid(), later);
  EXPECT_EQ(ack.outcome, AckOutcome::kAccepted);
  EXPECT_FALSE(ack.next.has_value());
  EXPECT_FALSE(manager.NextDeadline().has_value());
  EXPECT_TRUE(manager.Unacknowledged().empty());
  EXPECT_FALSE(manager.Ended("fw", "t1"));  // TASK_RUNNING ends nothing
}

TEST_F(StatusUpdateManagerTest, AcksThatDoNotMatchTheUpdateInFlightAreIgnored) {
  StatusUpdateManager manager(kFast);
  auto starting = Status("t1", mesos::v1::TASK_STARTING);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  Enqueue(manager, starting);
  Enqueue(manager, running);

  // The queued update has not been sent: acking it changes nothing.
  EXPECT_EQ(manager.Acknowledge("fw", "t1", running.uuid(), kStart).outcome,
            AckOutcome::kNotInFlight);
  EXPECT_EQ(manager.Acknowledge("fw", "t1", uuid::Random(rng_), kStart).outcome,
            AckOutcome::kUnknownUuid);
  EXPECT_EQ(manager.Acknowledge("fw", "t2", starting.uuid(), kStart).outcome,
            AckOutcome::kUnknownTask);
  EXPECT_EQ(manager.Acknowledge("other-fw", "t1", starting.uuid(), kStart).outcome,
            AckOutcome::kUnknownTask);
  EXPECT_EQ(manager.Unacknowledged().size(), 2u);
  EXPECT_TRUE(manager.Unacknowledged()[0].in_flight);
  EXPECT_EQ(manager.Unacknowledged()[0].status.uuid(), starting.uuid());

  ASSERT_EQ(manager.Acknowledge("fw", "t1", starting.uuid(), kStart).outcome,
            AckOutcome::kAccepted);
  // A repeated (stale) ack of the first update is a duplicate; it must not pop the second.
  AckResult stale = manager.Acknowledge("fw", "t1", starting.uuid(), kStart);
  EXPECT_EQ(stale.outcome, AckOutcome::kDuplicate);
  EXPECT_FALSE(stale.next.has_value());
  ASSERT_EQ(manager.Unacknowledged().size(), 1u);
  EXPECT_EQ(manager.Unacknowledged()[0].status.uuid(), running.uuid());
}

TEST_F(StatusUpdateManagerTest, TheSameUuidEnqueuedAgainIsADuplicate) {
  StatusUpdateManager manager(kFast);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  auto killed = Status("t1", mesos::v1::TASK_KILLED);
  Enqueue(manager, running);
  Enqueue(manager, killed);
  EXPECT_EQ(Enqueue(manager, running), EnqueueOutcome::kDuplicate);  // in flight
  EXPECT_EQ(Enqueue(manager, killed), EnqueueOutcome::kDuplicate);   // queued
  manager.Acknowledge("fw", "t1", running.uuid(), kStart);
  EXPECT_EQ(Enqueue(manager, running), EnqueueOutcome::kDuplicate);  // acknowledged
  EXPECT_EQ(manager.Unacknowledged().size(), 1u);
}

TEST_F(StatusUpdateManagerTest, RetriesDoubleUpToTheCap) {
  StatusUpdateManager manager(kFast);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  Enqueue(manager, running);
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(200));
  EXPECT_TRUE(manager.Due(kStart + milliseconds(199)).empty());

  Time now = kStart;
  uint32_t attempt = 1;
  for (int interval : {200, 400, 800, 1600, 2000, 2000, 2000}) {
    ASSERT_EQ(manager.NextDeadline(), now + milliseconds(interval));
    now += milliseconds(interval);
    std::vector<UpdateToSend> due = manager.Due(now);
    ASSERT_EQ(due.size(), 1u) << interval;
    EXPECT_EQ(due[0].status.uuid(), running.uuid());
    EXPECT_EQ(due[0].attempt, ++attempt);
    EXPECT_TRUE(manager.Due(now).empty());  // not due twice
  }
}

TEST_F(StatusUpdateManagerTest, DefaultsAreMesosTenSecondsToTenMinutes) {
  StatusUpdateManager manager;
  Enqueue(manager, Status("t1", mesos::v1::TASK_RUNNING));
  Time now = kStart;
  for (int interval : {10, 20, 40, 80, 160, 320, 600, 600}) {
    ASSERT_EQ(manager.NextDeadline(), now + seconds(interval));
    now += seconds(interval);
    ASSERT_EQ(manager.Due(now).size(), 1u);
  }
  EXPECT_EQ(manager.NextDeadline(), now + minutes(10));
}

TEST_F(StatusUpdateManagerTest, ALateTimerCountsTheNextRetryFromWhenItFired) {
  StatusUpdateManager manager(kFast);
  Enqueue(manager, Status("t1", mesos::v1::TASK_RUNNING));
  Time late = kStart + milliseconds(950);
  ASSERT_EQ(manager.Due(late).size(), 1u);  // one send, however many deadlines passed
  EXPECT_EQ(manager.NextDeadline(), late + milliseconds(400));
}

TEST_F(StatusUpdateManagerTest, EachUpdateStartsItsOwnBackoff) {
  StatusUpdateManager manager(kFast);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  auto finished = Status("t1", mesos::v1::TASK_FINISHED);
  Enqueue(manager, running);
  Enqueue(manager, finished);
  Time now = kStart;
  for (int interval : {200, 400, 800}) {
    now += milliseconds(interval);
    ASSERT_EQ(manager.Due(now).size(), 1u);
  }
  AckResult ack = manager.Acknowledge("fw", "t1", running.uuid(), now);
  ASSERT_TRUE(ack.next.has_value());
  EXPECT_EQ(ack.next->attempt, 1u);
  EXPECT_EQ(manager.NextDeadline(), now + milliseconds(200));
  auto due = manager.Due(now + milliseconds(200));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].status.uuid(), finished.uuid());
  EXPECT_EQ(due[0].attempt, 2u);
}

TEST_F(StatusUpdateManagerTest, AnAcknowledgedTerminalUpdateEndsTheStream) {
  StatusUpdateManager manager(kFast);
  auto running = Status("t1", mesos::v1::TASK_RUNNING);
  auto failed = Status("t1", mesos::v1::TASK_FAILED);
  Enqueue(manager, running);
  Enqueue(manager, failed);
  // Anything after a terminal update is dropped, even before the terminal one is acked.
  EXPECT_EQ(Enqueue(manager, Status("t1", mesos::v1::TASK_RUNNING)), EnqueueOutcome::kAfterTerminal);
  manager.Acknowledge("fw", "t1", running.uuid(), kStart);
  EXPECT_FALSE(manager.Ended("fw", "t1"));

  AckResult ack = manager.Acknowledge("fw", "t1", failed.uuid(), kStart);
  EXPECT_EQ(ack.outcome, AckOutcome::kAccepted);
  EXPECT_TRUE(ack.stream_ended);
  EXPECT_FALSE(ack.next.has_value());
  EXPECT_TRUE(manager.Ended("fw", "t1"));
  EXPECT_FALSE(manager.NextDeadline().has_value());
  EXPECT_TRUE(manager.Due(kStart + minutes(60)).empty());
  EXPECT_EQ(Enqueue(manager, Status("t1", mesos::v1::TASK_FINISHED)), EnqueueOutcome::kAfterTerminal);
  EXPECT_EQ(manager.Acknowledge("fw", "t1", failed.uuid(), kStart).outcome, AckOutcome::kDuplicate);
  EXPECT_TRUE(manager.Unacknowledged().empty());
}

TEST_F(StatusUpdateManagerTest, EveryTerminalStateEndsTheStreamAndNoOtherDoes) {
  const mesos::v1::TaskState terminal[] = {
      mesos::v1::TASK_FINISHED, mesos::v1::TASK_FAILED, mesos::v1::TASK_KILLED,
      mesos::v1::TASK_LOST,     mesos::v1::TASK_ERROR,  mesos::v1::TASK_DROPPED,
      mesos::v1::TASK_GONE,     mesos::v1::TASK_GONE_BY_OPERATOR};
  const mesos::v1::TaskState live[] = {
      mesos::v1::TASK_STAGING, mesos::v1::TASK_STARTING,    mesos::v1::TASK_RUNNING,
      mesos::v1::TASK_KILLING, mesos::v1::TASK_UNREACHABLE, mesos::v1::TASK_UNKNOWN};
  StatusUpdateManager manager(kFast);
  int task = 0;
  for (mesos::v1::TaskState state : terminal) {
    auto status = Status("task-" + std::to_string(++task), state);
    Enqueue(manager, status);
    EXPECT_TRUE(manager.Acknowledge("fw", status.task_id().value(), status.uuid(), kStart).stream_ended)
        << mesos::v1::TaskState_Name(state);
  }
  for (mesos::v1::TaskState state : live) {
    auto status = Status("task-" + std::to_string(++task), state);
    Enqueue(manager, status);
    EXPECT_FALSE(manager.Acknowledge("fw", status.task_id().value(), status.uuid(), kStart).stream_ended)
        << mesos::v1::TaskState_Name(state);
    EXPECT_EQ(Enqueue(manager, Status(status.task_id().value(), mesos::v1::TASK_RUNNING)),
              EnqueueOutcome::kSendNow);
  }
}

TEST_F(StatusUpdateManagerTest, TasksAreIndependent) {
  StatusUpdateManager manager(kFast);
  std::vector<mesos::v1::TaskStatus> firsts, seconds_;
  for (int i = 0; i < 50; ++i) {
    std::string task = "task-" + std::to_string(i);
    firsts.push_back(Status(task, mesos::v1::TASK_RUNNING, i % 2 ? "agent-1" : "agent-2"));
    seconds_.push_back(Status(task, mesos::v1::TASK_FINISHED, i % 2 ? "agent-1" : "agent-2"));
    // Every task's first update goes out at once, whatever the others do.
    EXPECT_EQ(Enqueue(manager, firsts.back(), kStart + milliseconds(i)), EnqueueOutcome::kSendNow);
    EXPECT_EQ(Enqueue(manager, seconds_.back(), kStart + milliseconds(i)), EnqueueOutcome::kQueued);
  }
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(200));
  EXPECT_EQ(manager.Due(kStart + milliseconds(209)).size(), 10u);
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(210));

  AckResult ack = manager.Acknowledge("fw", "task-7", firsts[7].uuid(), kStart + milliseconds(300));
  ASSERT_TRUE(ack.next.has_value());
  EXPECT_EQ(ack.next->status.uuid(), seconds_[7].uuid());
  EXPECT_EQ(manager.Unacknowledged().size(), 99u);
  // Another task's uuid does not acknowledge this one's update.
  EXPECT_EQ(manager.Acknowledge("fw", "task-8", firsts[9].uuid(), kStart).outcome,
            AckOutcome::kUnknownUuid);
  // The same task id under another framework is another stream.
  auto other = Status("task-7", mesos::v1::TASK_RUNNING);
  EXPECT_EQ(Enqueue(manager, other, kStart, "fw-2"), EnqueueOutcome::kSendNow);
  EXPECT_EQ(manager.Acknowledge("fw-2", "task-7", other.uuid(), kStart).outcome, AckOutcome::kAccepted);
  EXPECT_EQ(manager.Unacknowledged().size(), 99u);
}

TEST_F(StatusUpdateManagerTest, DroppingAnAgentForgetsItsTasksOnly) {
  StatusUpdateManager manager(kFast);
  auto a1 = Status("t1", mesos::v1::TASK_RUNNING, "agent-a");
  Enqueue(manager, a1);
  Enqueue(manager, Status("t1", mesos::v1::TASK_FINISHED, "agent-a"));
  Enqueue(manager, Status("t2", mesos::v1::TASK_RUNNING, "agent-a"), kStart + milliseconds(10));
  auto b = Status("t3", mesos::v1::TASK_RUNNING, "agent-b");
  Enqueue(manager, b, kStart + milliseconds(20));

  EXPECT_EQ(manager.DropAgent("agent-a"), 3u);
  EXPECT_EQ(manager.DropAgent("agent-a"), 0u);
  EXPECT_EQ(manager.DropAgent("agent-unknown"), 0u);
  auto pending = manager.Unacknowledged();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].status.uuid(), b.uuid());
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(220));
  EXPECT_EQ(manager.Acknowledge("fw", "t1", a1.uuid(), kStart).outcome, AckOutcome::kUnknownTask);
  auto due = manager.Due(kStart + minutes(1));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].status.task_id().value(), "t3");
}

TEST_F(StatusUpdateManagerTest, ResendAllSendsEveryUpdateInFlightAndRestartsTheBackoff) {
  StatusUpdateManager manager(kFast);
  Enqueue(manager, Status("t1", mesos::v1::TASK_RUNNING));
  Enqueue(manager, Status("t1", mesos::v1::TASK_FINISHED));
  Enqueue(manager, Status("t2", mesos::v1::TASK_RUNNING));
  Time now = kStart + milliseconds(200);
  ASSERT_EQ(manager.Due(now).size(), 2u);
  now += milliseconds(100);
  auto resent = manager.ResendAll(now);
  ASSERT_EQ(resent.size(), 2u);
  EXPECT_EQ(resent[0].attempt, 3u);
  EXPECT_EQ(resent[0].status.state(), mesos::v1::TASK_RUNNING);
  EXPECT_EQ(manager.NextDeadline(), now + milliseconds(200));
}

TEST_F(StatusUpdateManagerTest, RefusesUpdatesItCannotTrack) {
  StatusUpdateManager manager(kFast);
  auto no_uuid = Status("t1", mesos::v1::TASK_RUNNING);
  no_uuid.clear_uuid();
  auto text_uuid = Status("t1", mesos::v1::TASK_RUNNING);
  text_uuid.set_uuid(uuid::ToText(text_uuid.uuid()));
  auto no_agent = Status("t1", mesos::v1::TASK_RUNNING);
  no_agent.clear_agent_id();
  auto no_task = Status("t1", mesos::v1::TASK_RUNNING);
  no_task.clear_task_id();
  for (const auto& status : {no_uuid, text_uuid, no_agent, no_task}) {
    auto outcome = manager.Enqueue("fw", status, kStart);
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(manager.Unacknowledged().empty());
  EXPECT_FALSE(manager.NextDeadline().has_value());
}

TEST_F(StatusUpdateManagerTest, APolicyOutOfOrderIsClamped) {
  StatusUpdateManager manager(RetryPolicy{milliseconds(500), milliseconds(100)});
  Enqueue(manager, Status("t1", mesos::v1::TASK_RUNNING));
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(500));
  manager.Due(kStart + milliseconds(500));
  EXPECT_EQ(manager.NextDeadline(), kStart + milliseconds(1000));  // capped at 500

  StatusUpdateManager zero(RetryPolicy{milliseconds(0), milliseconds(0)});
  Enqueue(zero, Status("t2", mesos::v1::TASK_RUNNING));
  ASSERT_TRUE(zero.NextDeadline().has_value());
  EXPECT_GT(*zero.NextDeadline(), kStart);
}

TEST(OutcomeNames, AreReadable) {
  EXPECT_STREQ(EnqueueOutcomeName(EnqueueOutcome::kAfterTerminal), "after the terminal update");
  EXPECT_STREQ(AckOutcomeName(AckOutcome::kNotInFlight), "not yet sent");
  EXPECT_STREQ(AckOutcomeName(AckOutcome::kDuplicate), "already acknowledged");
}

}  // namespace
}  // namespace mc::master
