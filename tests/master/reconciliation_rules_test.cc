// Every reconciliation answer the mock master makes passes the project's own
// rule engine against the Mesos 1.4 table, both as a scheduler UPDATE event
// and as a bare status, for partition-aware frameworks and others.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/expectations/table.h"
#include "harness/master/reconciliation.h"
#include "harness/rules/engine.h"

namespace mc::master {
namespace {

using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

constexpr double kNow = 1504000000.5;

FrameworkTasks Tasks(bool partition_aware) {
  FrameworkTasks tasks;
  tasks.partition_aware = partition_aware;
  tasks.pending = {{"pending", "agent-up"}};

  KnownTask running;
  running.task_id = "running";
  running.agent_id = "agent-up";
  running.executor_id = "exec-1";
  running.state = mesos::v1::TASK_RUNNING;
  TaskStatus stored;
  stored.set_state(mesos::v1::TASK_RUNNING);
  stored.set_healthy(false);
  stored.mutable_check_status()->set_type(mesos::v1::CheckInfo::TCP);
  stored.mutable_check_status()->mutable_tcp()->set_succeeded(true);
  stored.mutable_container_status()->mutable_container_id()->set_value("c1");
  running.statuses = {stored};

  KnownTask staging;
  staging.task_id = "staging";
  staging.agent_id = "agent-up";

  KnownTask failed;  // terminal, not yet acknowledged
  failed.task_id = "failed";
  failed.agent_id = "agent-up";
  failed.executor_id = "exec-1";
  failed.state = mesos::v1::TASK_FAILED;
  failed.status_update_state = mesos::v1::TASK_FAILED;

  KnownTask killing;
  killing.task_id = "killing";
  killing.agent_id = "agent-up";
  killing.state = mesos::v1::TASK_KILLED;
  killing.status_update_state = mesos::v1::TASK_KILLING;

  tasks.known = {running, staging, failed, killing};
  return tasks;
}

AgentRegistry Agents(bool transitioning) {
  AgentRegistry agents;
  agents.registered = {"agent-up"};
  agents.unreachable = {{"agent-gone", 1503990000000000000}};
  if (transitioning) agents.transitioning = {"agent-recovered"};
  return agents;
}

// Every answer the master can make to this framework: implicit, then one
// explicit entry per case (cases 4 send nothing).
std::vector<TaskStatus> EveryAnswer(bool partition_aware) {
  std::vector<TaskStatus> statuses;
  auto add = [&](const std::vector<ReconcileAnswer>& answers) {
    for (const TaskStatus& status : StatusesToSend(answers)) statuses.push_back(status);
  };
  add(Reconcile(Tasks(partition_aware), Agents(false), Call::Reconcile(), kNow));

  Call::Reconcile reconcile;
  auto entry = [&](const char* task, const char* agent) {
    auto* added = reconcile.add_tasks();
    added->mutable_task_id()->set_value(task);
    if (agent != nullptr) added->mutable_agent_id()->set_value(agent);
  };
  entry("pending", nullptr);           // 1
  entry("running", "agent-gone");      // 2
  entry("failed", nullptr);            // 2, terminal
  entry("ghost-1", "agent-up");        // 3
  entry("ghost-2", "agent-recovered"); // 4
  entry("ghost-3", "agent-gone");      // 5
  entry("ghost-4", "nowhere");         // 6 with agent
  add(Reconcile(Tasks(partition_aware), Agents(true), reconcile, kNow));

  Call::Reconcile unnamed;
  unnamed.add_tasks()->mutable_task_id()->set_value("ghost-5");  // 6 without agent
  add(Reconcile(Tasks(partition_aware), Agents(false), unnamed, kNow));
  return statuses;
}

class ReconciliationRules : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto table = ExpectationTable::Load("1.4");
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::move(*table);
    context_.mesos_version = "1.4";
    context_.partition_aware = GetParam();
    context_.task_killing_state = true;
    context_.scenario = "reconciliation";
  }

  TraceRecord Record(uint64_t number, RecordKind kind) {
    TraceRecord record;
    record.where.file = "reconciliation";
    record.where.record = number;
    record.kind = kind;
    record.hop = Hop::kMasterToScheduler;
    record.scenario = context_.scenario;
    record.context = &context_;
    return record;
  }

  // Runs `statuses` through a fresh checker, as UPDATE events or bare statuses.
  std::vector<Finding> Check(const std::vector<TaskStatus>& statuses, RecordKind kind) {
    Checker checker(*table_, CheckOptions{});
    uint64_t number = 0;
    for (const TaskStatus& status : statuses) {
      TraceRecord record = Record(++number, kind);
      Event event;
      if (kind == RecordKind::kSchedulerEvent) {
        event.set_type(Event::UPDATE);
        *event.mutable_update()->mutable_status() = status;
        record.scheduler_event = &event;
        record.status = &event.update().status();
      } else {
        record.status = &status;
      }
      checker.Observe(record);
    }
    EXPECT_EQ(checker.statuses(), statuses.size());
    return checker.TakeFindings();
  }

  static std::string Describe(const std::vector<Finding>& findings) {
    std::string text;
    for (const Finding& finding : findings) {
      text += finding.rule_id + " at " + finding.where + " task " + finding.task_id + ": " +
              finding.seen + " (expected " + finding.expected + ")\n";
    }
    return text;
  }

  std::unique_ptr<ExpectationTable> table_;
  TraceContext context_;
};

TEST_P(ReconciliationRules, EveryAnswerPassesTheEngine) {
  std::vector<TaskStatus> statuses = EveryAnswer(GetParam());
  ASSERT_EQ(statuses.size(), 5u + 6u + 1u);  // implicit 5; explicit 7 entries minus case 4; unnamed 1
  for (RecordKind kind : {RecordKind::kSchedulerEvent, RecordKind::kBareStatus}) {
    std::vector<Finding> findings = Check(statuses, kind);
    EXPECT_TRUE(findings.empty()) << Describe(findings);
  }
}

// The engine is not blind to these answers: spoiling one is reported.
TEST_P(ReconciliationRules, SpoiledAnswersAreReported) {
  std::vector<TaskStatus> statuses = EveryAnswer(GetParam());
  auto first_with = [&](const std::string& message) -> TaskStatus {
    for (const TaskStatus& status : statuses) {
      if (status.message() == message) return status;
    }
    ADD_FAILURE() << "no answer with " << message;
    return TaskStatus();
  };

  TaskStatus with_uuid = first_with("Reconciliation: Latest task state");
  with_uuid.set_uuid(std::string("\x12\x34\x56\x78\x9a\xbc\x4d\xef\x81\x23\x45\x67\x89\xab\xcd\xef", 16));
  TaskStatus without_timestamp = first_with("Reconciliation: Task is unknown to the agent");
  without_timestamp.clear_timestamp();
  TaskStatus with_data = first_with("Reconciliation: Task is unknown");
  with_data.set_data("x");
  std::vector<TaskStatus> spoiled = {with_uuid, without_timestamp, with_data};
  if (!GetParam()) {
    TaskStatus partition_aware_state = first_with("Reconciliation: Task is unknown");
    partition_aware_state.set_state(mesos::v1::TASK_UNKNOWN);
    spoiled.push_back(partition_aware_state);
  }
  for (const TaskStatus& status : spoiled) {
    EXPECT_FALSE(Check({status}, RecordKind::kSchedulerEvent).empty()) << status.DebugString();
  }
}

INSTANTIATE_TEST_SUITE_P(PartitionAwareOrNot, ReconciliationRules, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "PartitionAware" : "NotPartitionAware";
                         });

}  // namespace
}  // namespace mc::master
