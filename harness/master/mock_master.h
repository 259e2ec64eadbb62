// The mock master: serves the v1 Scheduler API at /api/v1/scheduler and
// /master/api/v1/scheduler on 127.0.0.1 and behaves as a Mesos 1.4 master with
// simulated agents does for one framework (shared facts scheduler-http-api.md):
// SUBSCRIBE answered with a RecordIO stream and a Mesos-Stream-Id, SUBSCRIBED,
// heartbeats, offers from every agent, ACCEPT with LAUNCH run by an emulated
// command executor, status updates delivered through each agent's status
// update manager (one in flight per task, retried until acknowledged),
// reconciliation, kills. Faults are injected through the same methods a
// scenario calls.
//
// Threading: all state lives on the HTTP server's thread; the public methods
// are thread-safe (they post to it and wait, bounded).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/expectations.pb.h"
#include "conformance/faults.pb.h"
#include "harness/agent/trace_writer.h"
#include "harness/common/event_log.h"
#include "harness/http/server.h"
#include "harness/master/call_check.h"
#include "harness/master/executor_host.h"
#include "harness/master/master_settings.h"
#include "harness/master/status_update_manager.h"
#include "harness/rules/finding.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::master {

struct MasterObservation {
  enum class Kind {
    kSubscribe,        // an accepted SUBSCRIBE
    kCall,             // any other accepted call
    kRefused,          // a call the master refused
    kUpdateSent,       // an UPDATE event went out (status holds it)
    kStreamClosed,
    kSchedulerExited,  // added by the runner
    kAgentBack,        // a restarted or disconnected agent registered again
  };
  Kind kind;
  mesos::v1::scheduler::Call call;
  mesos::v1::TaskStatus status;
  int http_status = 0;
  std::string reason;
};

using MasterLog = EventLog<MasterObservation>;

// The message of an update a replay_row step sent: a table row replayed, not
// made by a fault.
inline constexpr char kReplayMessagePrefix[] = "mesos-conformance replays ";
bool IsReplay(const mesos::v1::TaskStatus& status);

class MockMaster {
 public:
  static absl::StatusOr<std::unique_ptr<MockMaster>> Start(MasterSettings settings);
  ~MockMaster();
  MockMaster(const MockMaster&) = delete;
  MockMaster& operator=(const MockMaster&) = delete;

  uint16_t port() const { return server_->port(); }
  MasterLog& log() { return log_; }
  const MasterSettings& settings() const { return settings_; }

  // Faults.
  void FailOver();                       // the stream closes; the framework must come back
  void SendError(const std::string& message);
  void StopHeartbeats();
  void InvalidateNextAccept();           // the next ACCEPT's offers expired in flight
  void PartitionAgent(int agent);        // marked unreachable (TASK_UNREACHABLE / TASK_LOST)
  void CrashExecutors(int agent);        // running tasks fail: EXECUTOR_TERMINATED
  void RepeatNextUpdate();
  // The agent leaves the registry (it unregistered): TASK_LOST, AGENT_REMOVED.
  void RemoveAgent(int agent);
  // The agent's socket closes; it comes back after `back_after`. Tasks of a
  // framework that does not checkpoint are lost (AGENT_DISCONNECTED).
  void DisconnectAgent(int agent, std::chrono::milliseconds back_after);
  // The agent restarts. A checkpointing framework's executors recover, unless
  // `executors_lost`: then their tasks end EXECUTOR_REREGISTRATION_TIMEOUT.
  void RestartAgent(int agent, std::chrono::milliseconds unavailable, bool executors_lost);
  // A fault of the agent catalogue (fixtures/faults/agent.textpb) on `agent`,
  // made as the table's Mesos version makes it: at once on its first live
  // emulated task, or on the next ACCEPT's tasks. An error if the version has
  // no such update for this framework or no task is live.
  absl::Status InjectAgentFault(const mesos_conformance::AgentFault& fault, int agent);
  // Launches held by a fault go on now (unless their tasks were killed).
  void ReleaseHeldLaunches();
  // The next ACCEPT's tasks fail authorization, on the master or on the agent.
  void DenyNextLaunch(mesos::v1::TaskStatus::Source where);
  // An unreachable agent re-registers: in 1.4 the master tells frameworks
  // nothing; its tasks run on and each sends TASK_RUNNING again.
  // Every live emulated task gets a TASK_RUNNING update (with a uuid) whose
  // reason is newer than the table's release: in protobuf a number the
  // framework cannot name, in JSON the later release's name. False if no
  // reason is newer.
  bool SendFutureReason();
  // Load: `per_task` executor updates (TASK_RUNNING, with a uuid) queued for
  // every live emulated task; the status update manager sends one per task at
  // a time, the next when the framework acknowledges.
  void SendRunningUpdates(int per_task);
  // Returns the tasks that came back.
  std::vector<std::string> ReregisterAgent(int agent);
  // Sends the update of table row `row_id` (or of its sibling row for the
  // framework's partition awareness) for every live task, as Mesos makes it:
  // agent-made rows with a uuid through the status update manager, master-made
  // ones without. Returns the row replayed.
  absl::StatusOr<std::string> ReplayRow(const std::string& row_id);

  // Full stack: an update from a mock agent (its executor's or its own), to be
  // delivered to the scheduler through the agent's status update manager.
  // Returns at once; safe from any thread.
  void RelayUpdate(const mesos::v1::TaskStatus& status);
  // Full stack: from now on tasks with a custom ExecutorInfo run on `host`
  // (null: emulated again). The host must outlive its use.
  void UseExecutorHost(ExecutorHost* host);
  // The run's trace, for the mock agents of the full stack to share.
  std::shared_ptr<agent::TraceFile> trace_file() const { return trace_.file(); }

  // Tasks the framework launched, by id, with the latest state the master knows.
  std::map<std::string, mesos::v1::TaskState> Tasks();
  std::vector<Finding> TakeFindings();
  // Updates with a uuid the framework has not acknowledged yet.
  std::vector<UnacknowledgedUpdate> Unacknowledged();

 private:
  struct Agent {
    std::string id;
    std::string hostname;
    bool unreachable = false;
    bool removed = false;
    bool disconnected = false;
    int64_t unreachable_since = 0;
    bool Offerable() const { return !unreachable && !removed && !disconnected; }
  };
  // An agent fault and its row in the table, for a framework that is not
  // partition-aware (the sibling row serves one that is).
  struct ResolvedFault {
    mesos_conformance::AgentFault fault;
    const mesos_conformance::Row* row;
  };
  struct Task {
    mesos::v1::TaskInfo info;
    int agent = 0;
    mesos::v1::TaskState state = mesos::v1::TASK_STAGING;
    std::vector<mesos::v1::TaskStatus> statuses;
    bool on_real_executor = false;  // full stack
    // Its launch never reached the agent: ended by this fault when the agent
    // registers again.
    std::shared_ptr<const ResolvedFault> lost_launch;
    // Its launch is held (HELD_* moments): a KILL meanwhile makes this fault's update.
    std::shared_ptr<const ResolvedFault> held;
    bool killed_while_held = false;
    std::vector<std::string> group;  // its LAUNCH_GROUP's tasks, itself included
    std::optional<mesos::v1::CheckStatusInfo> check_result;  // the latest, of TaskInfo.check
  };

  explicit MockMaster(MasterSettings settings);
  void RunOnMaster(std::function<void()> work);
  void Handle(const http::Request& request, http::Responder& responder);
  void OnSubscribe(const mesos::v1::scheduler::Call& call, Encoding encoding,
                   http::Responder& responder);
  void OnCall(const mesos::v1::scheduler::Call& call);
  void OnAccept(const mesos::v1::scheduler::Call::Accept& accept);
  void OnKill(const mesos::v1::scheduler::Call::Kill& kill);
  void OnReconcile(const mesos::v1::scheduler::Call::Reconcile& reconcile);
  void OnAcknowledge(const mesos::v1::scheduler::Call::Acknowledge& acknowledge);
  void Send(const mesos::v1::scheduler::Event& event, bool forwarded = false,
            const std::string& injected = "");
  void SendOffers();
  void Heartbeat();
  void RunTask(const mesos::v1::TaskInfo& info, int agent);
  // Why the master's validation refuses the task (TASK_INVALID, or for a task
  // of a group TASK_GROUP_INVALID for the whole group); empty if it passes.
  std::string TaskProblem(const mesos::v1::TaskInfo& task, bool in_group) const;
  // An ACCEPT's task that fails authorization on the master or the agent.
  void Deny(const mesos::v1::TaskInfo& info, int agent, mesos::v1::TaskStatus::Source where,
            bool group);
  // An update from an agent (executor- or agent-made), delivered reliably.
  void AgentUpdate(const std::string& task_id, mesos::v1::TaskState state,
                   mesos::v1::TaskStatus::Source source,
                   std::optional<mesos::v1::TaskStatus::Reason> reason, const std::string& message,
                   bool with_executor_id = true, std::optional<bool> healthy = std::nullopt);
  // The emulated command executor's first check and health check results
  // (TASK_RUNNING with TASK_CHECK_STATUS_UPDATED, TASK_HEALTH_CHECK_STATUS_UPDATED).
  void ReportChecks(const std::string& task_id);
  // An update the master makes itself: no uuid, never retried.
  void MasterUpdate(const std::string& task_id, const std::string& agent_id,
                    mesos::v1::TaskState state, mesos::v1::TaskStatus::Reason reason,
                    const std::string& message, std::optional<int64_t> unreachable_time = {});
  void SendUpdate(const mesos::v1::TaskStatus& status);
  void Enqueue(const mesos::v1::TaskStatus& status);
  void Remember(Task* task, const mesos::v1::TaskStatus& status);
  void ArmRetryTimer();  // at the earliest retry deadline
  void RetryBy(std::chrono::steady_clock::time_point deadline);
  void RescindOffers(int agent);
  // The agent's socket closes: offers rescinded; a framework that does not
  // checkpoint loses its tasks there (TASK_LOST, AGENT_DISCONNECTED).
  void Disconnect(int agent);
  // A disconnected agent registers again.
  void ComeBack(int agent);
  // The agent leaves the registry: its tasks are lost (REASON_AGENT_REMOVED).
  void Remove(int agent);
  // Non-terminal tasks on `agent`, emulated ones only when `emulated_only`.
  std::vector<std::string> LiveTasks(int agent, bool emulated_only = false) const;
  bool PartitionAware() const;
  bool HasCapability(mesos::v1::FrameworkInfo::Capability::Type type) const;
  void Report(const std::string& rule, const std::string& task, const std::string& seen,
              const std::string& expected);
  absl::StatusOr<std::string> ReplayRowOnMaster(const std::string& row_id);
  // `row`, or its sibling for this framework's partition awareness.
  absl::StatusOr<const mesos_conformance::Row*> RowForFramework(
      const mesos_conformance::Row* row) const;
  // An update of `row` for the task, with the optional fields Mesos sets for
  // it; `executor_id` decides where the row says it may be set.
  void SendRowUpdate(const mesos_conformance::Row& row, const std::string& task_id,
                     const std::string& message, std::optional<bool> executor_id = {});
  // The fault's update for the task; `message` replaces the fault's own.
  absl::Status SendFaultUpdate(const ResolvedFault& resolved, const std::string& task_id,
                               const std::string& message = "");
  // `group`: every task of its LAUNCH_GROUP, or empty.
  void FailLaunch(const mesos::v1::TaskInfo& info, int agent,
                  const std::shared_ptr<const ResolvedFault>& fault,
                  const std::vector<std::string>& group);
  // A KILL for a held task: killed before delivery, with its group on the agent.
  void KillHeld(const std::string& task_id);
  // The agent registers again: the master names the tasks it has there.
  void ReconcileAgent(int agent);
  // A held launch goes on, unless the task was killed meanwhile.
  void ReleaseHeld(const std::string& task_id);

  MasterSettings settings_;
  MasterLog log_;
  ExecutorHost* executor_host_ = nullptr;  // server thread only

  // State below is used on the server thread only.
  agent::TraceWriter trace_;
  std::string framework_id_;
  std::string stream_id_;
  bool connected_ = false;
  bool disconnected_by_fault_ = false;  // the mock closed the stream (failover, ERROR)
  mesos::v1::FrameworkInfo framework_;
  std::shared_ptr<http::Stream> stream_;
  Encoding encoding_ = Encoding::kJson;
  std::vector<Agent> agents_;
  std::map<std::string, int> offers_;          // outstanding offer id -> agent
  std::set<int> offered_agents_;
  std::map<std::string, Task> tasks_;
  StatusUpdateManager updates_;
  uint64_t retry_timer_ = 0;
  std::optional<std::chrono::steady_clock::time_point> retry_at_;  // when retry_timer_ fires
  uint64_t heartbeat_timer_ = 0;
  bool heartbeats_ = true;
  bool suppressed_ = false;
  bool invalidate_next_accept_ = false;
  bool repeat_next_update_ = false;
  std::optional<mesos::v1::TaskStatus::Source> deny_next_launch_;
  std::shared_ptr<const ResolvedFault> next_launch_fault_;
  uint64_t next_offer_ = 1;
  std::mt19937_64 rng_;
  std::vector<Finding> findings_;
  // Uuids of executor-made updates relayed from a real executor: checked on
  // the executor's hop already.
  std::set<std::string> relayed_uuids_;
  // Uuids of updates the mock makes outside the table on purpose (a fault).
  std::set<std::string> injected_uuids_;

  // Last: the server's thread calls into everything above.
  std::unique_ptr<http::Server> server_;
};

}  // namespace mc::master
