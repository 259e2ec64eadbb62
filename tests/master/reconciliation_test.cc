// The master's answers to RECONCILE: implicit, and the six explicit cases,
// for partition-aware and other frameworks, field by field.
#include "harness/master/reconciliation.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mc::master {
namespace {

using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Call;

constexpr double kNow = 1504000000.25;
constexpr int64_t kMarkedUnreachable = 1503999000123456789;

AgentRegistry Agents() {
  AgentRegistry agents;
  agents.registered = {"agent-up", "agent-2"};
  agents.unreachable = {{"agent-gone", kMarkedUnreachable}};
  return agents;
}

KnownTask Running() {
  KnownTask task;
  task.task_id = "known";
  task.agent_id = "agent-up";
  task.executor_id = "exec-1";
  task.state = mesos::v1::TASK_RUNNING;
  TaskStatus first;
  first.set_state(mesos::v1::TASK_STARTING);
  first.mutable_container_status()->mutable_container_id()->set_value("old-container");
  TaskStatus newest;
  newest.set_state(mesos::v1::TASK_RUNNING);
  newest.set_healthy(true);
  newest.mutable_check_status()->set_type(mesos::v1::CheckInfo::COMMAND);
  newest.mutable_check_status()->mutable_command()->set_exit_code(0);
  newest.set_data("dropped");
  newest.mutable_labels()->add_labels()->set_key("dropped");
  task.statuses = {first, newest};
  return task;
}

FrameworkTasks Tasks(bool partition_aware) {
  FrameworkTasks tasks;
  tasks.partition_aware = partition_aware;
  tasks.pending = {{"pending", "agent-2"}};
  tasks.known = {Running()};
  return tasks;
}

Call::Reconcile Explicit(const std::string& task, std::optional<std::string> agent = std::nullopt) {
  Call::Reconcile reconcile;
  auto* entry = reconcile.add_tasks();
  entry->mutable_task_id()->set_value(task);
  if (agent) entry->mutable_agent_id()->set_value(*agent);
  return reconcile;
}

// The fields every reconciliation answer has, whatever the case.
void ExpectReconciliationUpdate(const TaskStatus& status, const std::string& message) {
  EXPECT_EQ(status.source(), TaskStatus::SOURCE_MASTER);
  ASSERT_TRUE(status.has_reason());
  EXPECT_EQ(status.reason(), TaskStatus::REASON_RECONCILIATION);
  EXPECT_EQ(status.message(), message);
  EXPECT_EQ(status.timestamp(), kNow);
  EXPECT_FALSE(status.has_uuid());
  EXPECT_FALSE(status.has_data());
  EXPECT_FALSE(status.has_labels());
}

void ExpectFresh(const TaskStatus& status) {
  EXPECT_FALSE(status.has_executor_id());
  EXPECT_FALSE(status.has_healthy());
  EXPECT_FALSE(status.has_check_status());
  EXPECT_FALSE(status.has_container_status());
}

ReconcileAnswer Only(const std::vector<ReconcileAnswer>& answers) {
  EXPECT_EQ(answers.size(), 1u);
  return answers.empty() ? ReconcileAnswer{} : answers[0];
}

// --- Implicit ------------------------------------------------------------------

TEST(Reconcile, ImplicitAnswersEveryPendingThenEveryKnownTask) {
  auto answers = Reconcile(Tasks(false), Agents(), Call::Reconcile(), kNow);
  ASSERT_EQ(answers.size(), 2u);

  EXPECT_EQ(answers[0].reconcile_case, ReconcileCase::kPending);
  ASSERT_TRUE(answers[0].status);
  const TaskStatus& pending = *answers[0].status;
  ExpectReconciliationUpdate(pending, "Reconciliation: Latest task state");
  ExpectFresh(pending);
  EXPECT_EQ(pending.task_id().value(), "pending");
  EXPECT_EQ(pending.state(), mesos::v1::TASK_STAGING);
  EXPECT_EQ(pending.agent_id().value(), "agent-2");

  EXPECT_EQ(answers[1].reconcile_case, ReconcileCase::kKnown);
  ASSERT_TRUE(answers[1].status);
  const TaskStatus& known = *answers[1].status;
  ExpectReconciliationUpdate(known, "Reconciliation: Latest task state");
  EXPECT_EQ(known.task_id().value(), "known");
  EXPECT_EQ(known.state(), mesos::v1::TASK_RUNNING);
  EXPECT_EQ(known.agent_id().value(), "agent-up");
  EXPECT_EQ(known.executor_id().value(), "exec-1");
  EXPECT_TRUE(known.healthy());
  EXPECT_EQ(known.check_status().command().exit_code(), 0);
  EXPECT_EQ(known.container_status().container_id().value(), "old-container");
  EXPECT_FALSE(known.has_unreachable_time());
}

TEST(Reconcile, ImplicitWithNoTasksSaysNothing) {
  EXPECT_TRUE(Reconcile(FrameworkTasks{}, Agents(), Call::Reconcile(), kNow).empty());
}

TEST(Reconcile, ImplicitIgnoresAgentsInTransition) {
  AgentRegistry agents = Agents();
  agents.transitioning = {"agent-recovered"};
  EXPECT_EQ(StatusesToSend(Reconcile(Tasks(true), agents, Call::Reconcile(), kNow)).size(), 2u);
}

TEST(Reconcile, TheStatusUpdateStateWinsOverTheLatestState) {
  FrameworkTasks tasks = Tasks(false);
  tasks.known[0].state = mesos::v1::TASK_FINISHED;
  tasks.known[0].status_update_state = mesos::v1::TASK_RUNNING;
  EXPECT_EQ(Only(Reconcile(tasks, Agents(), Explicit("known"), kNow)).status->state(),
            mesos::v1::TASK_RUNNING);
}

TEST(Reconcile, ATerminalUnacknowledgedTaskAnswersItsTerminalState) {
  FrameworkTasks tasks = Tasks(false);
  tasks.known[0].state = mesos::v1::TASK_FAILED;
  tasks.known[0].status_update_state = mesos::v1::TASK_FAILED;
  auto answer = Only(Reconcile(tasks, Agents(), Explicit("known"), kNow));
  EXPECT_EQ(answer.reconcile_case, ReconcileCase::kKnown);
  EXPECT_EQ(answer.status->state(), mesos::v1::TASK_FAILED);
}

TEST(Reconcile, HealthAndCheckComeFromTheLastStoredStatusOnly) {
  FrameworkTasks tasks = Tasks(false);
  TaskStatus later;
  later.set_state(mesos::v1::TASK_KILLING);
  later.mutable_container_status()->mutable_container_id()->set_value("new-container");
  tasks.known[0].statuses.push_back(later);
  TaskStatus last;
  last.set_state(mesos::v1::TASK_KILLED);
  tasks.known[0].statuses.push_back(last);
  const TaskStatus status = *Only(Reconcile(tasks, Agents(), Explicit("known"), kNow)).status;
  EXPECT_FALSE(status.has_healthy());
  EXPECT_FALSE(status.has_check_status());
  EXPECT_EQ(status.container_status().container_id().value(), "new-container");
}

TEST(Reconcile, ATaskWithoutCustomExecutorOrStatusesHasOnlyTheBasics) {
  FrameworkTasks tasks;
  KnownTask task;
  task.task_id = "t";
  task.agent_id = "agent-up";
  tasks.known = {task};
  const TaskStatus status = *Only(Reconcile(tasks, Agents(), Call::Reconcile(), kNow)).status;
  EXPECT_EQ(status.state(), mesos::v1::TASK_STAGING);
  ExpectFresh(status);
}

// --- Explicit --------------------------------------------------------------------

TEST(Reconcile, Case1PendingTaskIsStagingWithItsOwnAgent) {
  for (bool pa : {false, true}) {
    auto answer = Only(Reconcile(Tasks(pa), Agents(), Explicit("pending", "agent-gone"), kNow));
    EXPECT_EQ(answer.reconcile_case, ReconcileCase::kPending);
    ExpectReconciliationUpdate(*answer.status, "Reconciliation: Latest task state");
    ExpectFresh(*answer.status);
    EXPECT_EQ(answer.status->state(), mesos::v1::TASK_STAGING);
    EXPECT_EQ(answer.status->agent_id().value(), "agent-2");
  }
}

TEST(Reconcile, PendingWinsOverKnown) {
  FrameworkTasks tasks = Tasks(false);
  tasks.pending[0].task_id = "known";
  EXPECT_EQ(Only(Reconcile(tasks, Agents(), Explicit("known"), kNow)).reconcile_case,
            ReconcileCase::kPending);
}

TEST(Reconcile, Case2KnownTaskWhateverAgentTheEntryNames) {
  for (const char* agent : {"agent-up", "agent-2", "agent-gone", "nowhere"}) {
    AgentRegistry agents = Agents();
    agents.transitioning = {"nowhere"};
    auto answer = Only(Reconcile(Tasks(true), agents, Explicit("known", agent), kNow));
    EXPECT_EQ(answer.reconcile_case, ReconcileCase::kKnown) << agent;
    EXPECT_EQ(answer.status->agent_id().value(), "agent-up");
    EXPECT_EQ(answer.status->executor_id().value(), "exec-1");
  }
}

TEST(Reconcile, Case3UnknownTaskOnARegisteredAgent) {
  for (bool pa : {false, true}) {
    AgentRegistry agents = Agents();
    agents.transitioning = {"agent-recovered"};  // does not matter: the agent is registered
    auto answer = Only(Reconcile(Tasks(pa), agents, Explicit("ghost", "agent-up"), kNow));
    EXPECT_EQ(answer.reconcile_case, ReconcileCase::kUnknownOnRegisteredAgent);
    ExpectReconciliationUpdate(*answer.status, "Reconciliation: Task is unknown to the agent");
    ExpectFresh(*answer.status);
    EXPECT_EQ(answer.status->state(), pa ? mesos::v1::TASK_UNKNOWN : mesos::v1::TASK_LOST);
    EXPECT_EQ(answer.status->task_id().value(), "ghost");
    EXPECT_EQ(answer.status->agent_id().value(), "agent-up");
    EXPECT_FALSE(answer.status->has_unreachable_time());
  }
}

TEST(Reconcile, Case4NothingWhileAgentsAreInTransition) {
  AgentRegistry agents = Agents();
  agents.transitioning = {"agent-recovered"};
  for (bool pa : {false, true}) {
    // The named agent is in transition.
    auto named = Only(Reconcile(Tasks(pa), agents, Explicit("ghost", "agent-recovered"), kNow));
    EXPECT_EQ(named.reconcile_case, ReconcileCase::kAgentsTransitioning);
    EXPECT_FALSE(named.status.has_value());
    EXPECT_EQ(named.task_id, "ghost");
    // No agent named, and some agent is in transition.
    auto unnamed = Only(Reconcile(Tasks(pa), agents, Explicit("ghost"), kNow));
    EXPECT_EQ(unnamed.reconcile_case, ReconcileCase::kAgentsTransitioning);
    EXPECT_FALSE(unnamed.status.has_value());
  }
  // A named agent that is not in transition is answered although others are.
  EXPECT_EQ(Only(Reconcile(Tasks(false), agents, Explicit("ghost", "nowhere"), kNow)).reconcile_case,
            ReconcileCase::kUnknown);
}

TEST(Reconcile, Case4WinsOverUnreachable) {
  AgentRegistry agents = Agents();
  agents.transitioning = {"agent-gone"};
  EXPECT_EQ(Only(Reconcile(Tasks(true), agents, Explicit("ghost", "agent-gone"), kNow)).reconcile_case,
            ReconcileCase::kAgentsTransitioning);
}

TEST(Reconcile, Case5UnknownTaskOnAnUnreachableAgent) {
  for (bool pa : {false, true}) {
    AgentRegistry agents = Agents();
    agents.transitioning = {"agent-recovered"};  // another agent: does not matter
    auto answer = Only(Reconcile(Tasks(pa), agents, Explicit("ghost", "agent-gone"), kNow));
    EXPECT_EQ(answer.reconcile_case, ReconcileCase::kOnUnreachableAgent);
    ExpectReconciliationUpdate(*answer.status, "Reconciliation: Task is unreachable");
    ExpectFresh(*answer.status);
    EXPECT_EQ(answer.status->state(), pa ? mesos::v1::TASK_UNREACHABLE : mesos::v1::TASK_LOST);
    EXPECT_EQ(answer.status->agent_id().value(), "agent-gone");
    EXPECT_EQ(answer.status->unreachable_time().nanoseconds(), kMarkedUnreachable);
  }
}

TEST(Reconcile, Case6UnknownTaskOnAnUnknownAgentOrNone) {
  for (bool pa : {false, true}) {
    auto named = Only(Reconcile(Tasks(pa), Agents(), Explicit("ghost", "nowhere"), kNow));
    EXPECT_EQ(named.reconcile_case, ReconcileCase::kUnknown);
    ExpectReconciliationUpdate(*named.status, "Reconciliation: Task is unknown");
    ExpectFresh(*named.status);
    EXPECT_EQ(named.status->state(), pa ? mesos::v1::TASK_UNKNOWN : mesos::v1::TASK_LOST);
    EXPECT_EQ(named.status->agent_id().value(), "nowhere");
    EXPECT_FALSE(named.status->has_unreachable_time());

    auto unnamed = Only(Reconcile(Tasks(pa), Agents(), Explicit("ghost"), kNow));
    EXPECT_EQ(unnamed.reconcile_case, ReconcileCase::kUnknown);
    EXPECT_EQ(unnamed.status->state(), pa ? mesos::v1::TASK_UNKNOWN : mesos::v1::TASK_LOST);
    EXPECT_FALSE(unnamed.status->has_agent_id());
  }
}

TEST(Reconcile, ExplicitAnswersEveryEntryInOrderRepeatsIncluded) {
  Call::Reconcile reconcile = Explicit("ghost", "agent-up");
  for (const char* task : {"known", "pending", "known"}) {
    reconcile.add_tasks()->mutable_task_id()->set_value(task);
  }
  auto answers = Reconcile(Tasks(false), Agents(), reconcile, kNow);
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0].task_id, "ghost");
  EXPECT_EQ(answers[1].task_id, "known");
  EXPECT_EQ(answers[2].task_id, "pending");
  EXPECT_EQ(answers[3].task_id, "known");
}

TEST(Reconcile, ExplicitSaysNothingAboutTasksItWasNotAsked) {
  auto answers = Reconcile(Tasks(false), Agents(), Explicit("pending"), kNow);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].task_id, "pending");
}

TEST(Reconcile, StatusesToSendSkipsCase4) {
  AgentRegistry agents = Agents();
  agents.transitioning = {"agent-recovered"};
  Call::Reconcile reconcile = Explicit("ghost");              // case 4
  reconcile.MergeFrom(Explicit("known"));                     // case 2
  reconcile.MergeFrom(Explicit("ghost", "agent-recovered"));  // case 4
  reconcile.MergeFrom(Explicit("ghost", "agent-gone"));       // case 5
  auto answers = Reconcile(Tasks(false), agents, reconcile, kNow);
  ASSERT_EQ(answers.size(), 4u);
  auto statuses = StatusesToSend(answers);
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].task_id().value(), "known");
  EXPECT_EQ(statuses[1].message(), "Reconciliation: Task is unreachable");
}

}  // namespace
}  // namespace mc::master
