#include "harness/master/reconciliation.h"

#include <map>

namespace mc::master {
namespace {

using mesos::v1::TaskState;
using mesos::v1::TaskStatus;

constexpr char kLatestState[] = "Reconciliation: Latest task state";
constexpr char kUnknownToAgent[] = "Reconciliation: Task is unknown to the agent";
constexpr char kUnreachable[] = "Reconciliation: Task is unreachable";
constexpr char kUnknown[] = "Reconciliation: Task is unknown";

// A fresh master-made update with no uuid, data or labels.
TaskStatus NewStatus(const std::string& task_id, const std::string* agent_id, TaskState state,
                     const char* message, double now) {
  TaskStatus status;
  status.mutable_task_id()->set_value(task_id);
  status.set_state(state);
  status.set_source(TaskStatus::SOURCE_MASTER);
  status.set_reason(TaskStatus::REASON_RECONCILIATION);
  status.set_message(message);
  status.set_timestamp(now);
  if (agent_id != nullptr) status.mutable_agent_id()->set_value(*agent_id);
  return status;
}

TaskStatus PendingStatus(const PendingTask& task, double now) {
  return NewStatus(task.task_id, &task.agent_id, mesos::v1::TASK_STAGING, kLatestState, now);
}

TaskStatus KnownStatus(const KnownTask& task, double now) {
  TaskStatus status = NewStatus(task.task_id, &task.agent_id,
                                task.status_update_state.value_or(task.state), kLatestState, now);
  if (task.executor_id) status.mutable_executor_id()->set_value(*task.executor_id);
  if (!task.statuses.empty()) {
    const TaskStatus& last = task.statuses.back();
    if (last.has_healthy()) status.set_healthy(last.healthy());
    if (last.has_check_status()) *status.mutable_check_status() = last.check_status();
  }
  for (auto it = task.statuses.rbegin(); it != task.statuses.rend(); ++it) {
    if (it->has_container_status()) {
      *status.mutable_container_status() = it->container_status();
      break;
    }
  }
  return status;
}

// Case 3 to 6 for a task the master does not know.
ReconcileAnswer AnswerUnknown(const FrameworkTasks& tasks, const AgentRegistry& agents,
                              const mesos::v1::scheduler::Call::Reconcile::Task& entry,
                              double now) {
  ReconcileAnswer answer;
  answer.task_id = entry.task_id().value();
  const std::string* agent = entry.has_agent_id() ? &entry.agent_id().value() : nullptr;
  TaskState unknown = tasks.partition_aware ? mesos::v1::TASK_UNKNOWN : mesos::v1::TASK_LOST;

  if (agent != nullptr && agents.registered.count(*agent) > 0) {
    answer.reconcile_case = ReconcileCase::kUnknownOnRegisteredAgent;
    answer.status = NewStatus(answer.task_id, agent, unknown, kUnknownToAgent, now);
    return answer;
  }
  bool transitioning = agent != nullptr ? agents.transitioning.count(*agent) > 0
                                        : !agents.transitioning.empty();
  if (transitioning) {
    answer.reconcile_case = ReconcileCase::kAgentsTransitioning;
    return answer;
  }
  if (agent != nullptr) {
    auto unreachable = agents.unreachable.find(*agent);
    if (unreachable != agents.unreachable.end()) {
      answer.reconcile_case = ReconcileCase::kOnUnreachableAgent;
      TaskState state =
          tasks.partition_aware ? mesos::v1::TASK_UNREACHABLE : mesos::v1::TASK_LOST;
      answer.status = NewStatus(answer.task_id, agent, state, kUnreachable, now);
      answer.status->mutable_unreachable_time()->set_nanoseconds(unreachable->second);
      return answer;
    }
  }
  answer.reconcile_case = ReconcileCase::kUnknown;
  answer.status = NewStatus(answer.task_id, agent, unknown, kUnknown, now);
  return answer;
}

}  // namespace

std::vector<ReconcileAnswer> Reconcile(const FrameworkTasks& tasks, const AgentRegistry& agents,
                                       const mesos::v1::scheduler::Call::Reconcile& reconcile,
                                       double now) {
  std::vector<ReconcileAnswer> answers;
  if (reconcile.tasks().empty()) {
    for (const PendingTask& task : tasks.pending) {
      answers.push_back({task.task_id, ReconcileCase::kPending, PendingStatus(task, now)});
    }
    for (const KnownTask& task : tasks.known) {
      answers.push_back({task.task_id, ReconcileCase::kKnown, KnownStatus(task, now)});
    }
    return answers;
  }

  std::map<std::string, const PendingTask*> pending;
  for (const PendingTask& task : tasks.pending) pending.emplace(task.task_id, &task);
  std::map<std::string, const KnownTask*> known;
  for (const KnownTask& task : tasks.known) known.emplace(task.task_id, &task);

  for (const auto& entry : reconcile.tasks()) {
    const std::string& id = entry.task_id().value();
    auto waiting = pending.find(id);
    auto launched = known.find(id);
    if (waiting != pending.end()) {
      answers.push_back({id, ReconcileCase::kPending, PendingStatus(*waiting->second, now)});
    } else if (launched != known.end()) {
      answers.push_back({id, ReconcileCase::kKnown, KnownStatus(*launched->second, now)});
    } else {
      answers.push_back(AnswerUnknown(tasks, agents, entry, now));
    }
  }
  return answers;
}

std::vector<TaskStatus> StatusesToSend(const std::vector<ReconcileAnswer>& answers) {
  std::vector<TaskStatus> statuses;
  for (const ReconcileAnswer& answer : answers) {
    if (answer.status) statuses.push_back(*answer.status);
  }
  return statuses;
}

}  // namespace mc::master
