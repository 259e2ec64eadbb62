// The master's answers to a scheduler's RECONCILE call, as Mesos 1.4 makes
// them (Master::_reconcileTasks; shared facts reasons-notes.md §3a and §6,
// scheduler-http-api.md §8). Pure functions over a snapshot of the master.
//
// Every answer is a fresh TaskStatus: source SOURCE_MASTER, reason
// REASON_RECONCILIATION, a "Reconciliation: ..." message, the given timestamp,
// and no uuid, data or labels. Answers never change the master's state and are
// never acknowledged. A KILL for a task the master does not know is answered
// the same way, as an explicit reconciliation of that one task.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::master {

// A task the master holds back before sending it to its agent (launch
// authorization in flight).
struct PendingTask {
  std::string task_id;
  std::string agent_id;  // TaskInfo.agent_id
};

// A task in the master's framework->tasks: launched, not unreachable, and not
// completed (a terminal task stays here until its terminal update is acknowledged).
struct KnownTask {
  std::string task_id;
  std::string agent_id;
  std::optional<std::string> executor_id;  // set for tasks with a custom executor
  mesos::v1::TaskState state = mesos::v1::TASK_STAGING;  // Task.state: the latest the agent knows
  // The state of the oldest update forwarded but not yet acknowledged; unset
  // when every forwarded update is acknowledged. Wins over `state`.
  std::optional<mesos::v1::TaskState> status_update_state;
  // The statuses the master stored for the task, oldest first (Mesos keeps
  // the latest per state). Answers copy healthy and check_status from the last
  // one, and container_status from the latest one that has it.
  std::vector<mesos::v1::TaskStatus> statuses;
};

// The framework's tasks as the master sees them.
struct FrameworkTasks {
  bool partition_aware = false;
  std::vector<PendingTask> pending;
  std::vector<KnownTask> known;
};

// The master's agents.
struct AgentRegistry {
  std::set<std::string> registered;
  // Agents marked unreachable, with the registry time of the marking in
  // nanoseconds since the epoch (it becomes the answer's unreachable_time).
  std::map<std::string, int64_t> unreachable;
  // Agents in transition: recovered from the registry after a master failover
  // and not yet re-registered (also, briefly, agents being re-registered,
  // removed or marked unreachable).
  std::set<std::string> transitioning;
};

// Which rule of _reconcileTasks produced an answer (the numbers of reasons-notes.md §3a).
enum class ReconcileCase {
  kPending = 1,                // TASK_STAGING
  kKnown = 2,                  // the task's latest state
  kUnknownOnRegisteredAgent = 3,  // TASK_LOST / TASK_UNKNOWN (PA)
  kAgentsTransitioning = 4,    // nothing is sent
  kOnUnreachableAgent = 5,     // TASK_LOST / TASK_UNREACHABLE (PA), with unreachable_time
  kUnknown = 6,                // TASK_LOST / TASK_UNKNOWN (PA)
};

struct ReconcileAnswer {
  std::string task_id;
  ReconcileCase reconcile_case = ReconcileCase::kUnknown;
  std::optional<mesos::v1::TaskStatus> status;  // what the master sends; nullopt for case 4
};

// Answers `reconcile` at time `now` (seconds since the epoch). An empty task
// list is implicit reconciliation: one answer per pending task (case 1) and
// per known task (case 2), in that order, nothing about other tasks. Otherwise
// one answer per listed entry, in order, repeats included: pending wins over
// known (whatever agent_id the entry gives), then cases 3, 4, 5 and 6 are
// tried in that order on the entry's agent_id.
std::vector<ReconcileAnswer> Reconcile(const FrameworkTasks& tasks, const AgentRegistry& agents,
                                       const mesos::v1::scheduler::Call::Reconcile& reconcile,
                                       double now);

// The statuses of `answers` that go out, in order (case 4 sends nothing).
std::vector<mesos::v1::TaskStatus> StatusesToSend(const std::vector<ReconcileAnswer>& answers);

}  // namespace mc::master
