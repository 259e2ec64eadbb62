// The mock agent: serves the v1 Executor API at /api/v1/executor and
// /slave(1)/api/v1/executor on 127.0.0.1, and behaves as a Mesos 1.4 agent does
// for one executor of one framework (shared facts executor-http-api.md §8):
// queued tasks flushed after SUBSCRIBED, ACKNOWLEDGED after each accepted
// UPDATE, duplicates re-acknowledged, updates after a terminal one dropped but
// acknowledged, unacknowledged updates replayed on re-subscribe, staging tasks
// lost across a restart, agent-made updates when the executor is gone, 503s
// while a restart recovers. Faults are injected through the same methods a
// scenario calls.
//
// Threading: all state lives on the HTTP server's thread. The public methods
// are thread-safe: they post to that thread and wait (bounded) for it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/agent/call_check.h"
#include "harness/agent/observations.h"
#include "harness/agent/settings.h"
#include "harness/agent/trace_writer.h"
#include "harness/http/server.h"
#include "harness/rules/finding.h"
#include "mesos/v1/executor/executor.pb.h"

namespace mc::agent {

class MockAgent {
 public:
  static absl::StatusOr<std::unique_ptr<MockAgent>> Start(AgentSettings settings);
  ~MockAgent();
  MockAgent(const MockAgent&) = delete;
  MockAgent& operator=(const MockAgent&) = delete;

  uint16_t port() const { return server_->port(); }
  const AgentSettings& settings() const { return settings_; }
  ObservationLog& observations() { return observations_; }

  // Scenario actions.
  void Launch(const mesos::v1::TaskInfo& task);
  void LaunchGroup(const mesos::v1::TaskGroupInfo& group);
  void Kill(const std::string& task_id, std::optional<int64_t> grace_nanos);
  void SendMessage(const std::string& data);
  void Shutdown();
  void BreakStream();
  // Simulates an agent restart: connections drop, every call gets 503 for
  // `unavailable`, then executors may re-subscribe until the re-registration
  // timeout, after which tasks of an executor that did not are lost.
  void Restart(std::chrono::milliseconds unavailable);
  void DropAcks(uint32_t count);
  void DelayAcks(std::chrono::milliseconds delay);
  void RepeatNextEvent();
  // Queues `task` and kills it before delivery: the agent answers TASK_KILLED.
  void KillBeforeDelivery(const mesos::v1::TaskInfo& task);
  // The executor process is gone: tasks left non-terminal fail (agent-made updates).
  void ExecutorTerminated(const std::string& how);
  // The executor missed the registration timeout: its container is destroyed.
  void RegistrationTimedOut();

  // Tasks not yet terminal, by the agent's view.
  std::vector<std::string> LiveTasks();
  // The agent's own findings (refused calls, wrong ids...), taken once.
  std::vector<Finding> TakeFindings();
  // Whether the agent already found a required-level fault.
  bool HasRequiredFindings();
  // Whether the executor's event stream is up.
  bool StreamOpen();

 private:
  enum class Phase { kRegistering, kRunning, kTerminating, kTerminated };
  struct Task {
    mesos::v1::TaskInfo info;
    mesos::v1::TaskState state = mesos::v1::TASK_STAGING;
    bool delivered = false;
    bool terminal = false;
  };

  explicit MockAgent(AgentSettings settings);
  // Runs `work` on the server thread and waits for it (bounded). False if the
  // agent did not get to it in time: the work may still run later, so it must
  // not capture the caller's locals by reference.
  bool RunOnAgent(std::function<void()> work);
  // Runs `query` on the server thread and returns its result, or `fallback`
  // if the agent did not answer in time.
  template <typename T>
  T AskAgent(std::function<T()> query, T fallback);

  void Handle(const http::Request& request, http::Responder& responder);
  void OnSubscribe(const mesos::v1::executor::Call& call, Encoding encoding,
                   http::Responder& responder);
  void OnUpdate(const mesos::v1::executor::Call::Update& update, const std::string& where);
  void OnMessage(const mesos::v1::executor::Call::Message& message);
  void Send(const mesos::v1::executor::Event& event);
  void SendAcknowledged(const mesos::v1::TaskID& task_id, const std::string& uuid);
  void Deliver(const std::string& task_id);
  void DeliverQueued();
  // A kill before delivery: TASK_KILLED (KILLED_DURING_LAUNCH) for the task,
  // or for its whole group if it was queued in one.
  void KillQueued(const std::string& task_id);
  // An update the agent makes itself, as the framework would receive it.
  void AgentUpdate(Task* task, mesos::v1::TaskState state, mesos::v1::TaskStatus::Reason reason,
                   const std::string& message);
  void Forward(const mesos::v1::TaskStatus& status);
  bool HasCapability(const std::string& name) const;
  void Report(const std::string& rule, const std::string& where, const std::string& task,
              const std::string& seen, const std::string& expected);
  mesos::v1::executor::Event::Subscribed SubscribedInfo() const;

  AgentSettings settings_;
  ObservationLog observations_;

  // State below is used on the server thread only.
  TraceWriter trace_;
  Phase phase_ = Phase::kRegistering;
  bool recovering_ = false;
  bool recovering_executors_ = false;
  bool restarted_ = false;
  uint64_t recovery_timer_ = 0;
  uint64_t reregistration_timer_ = 0;
  std::shared_ptr<http::Stream> stream_;
  Encoding stream_encoding_ = Encoding::kJson;
  std::map<std::string, Task> tasks_;
  std::vector<std::string> launch_order_;
  std::vector<std::vector<std::string>> queued_groups_;
  std::set<std::string> seen_uuids_;
  uint32_t drop_acks_ = 0;
  std::chrono::milliseconds ack_delay_{0};
  bool repeat_next_event_ = false;
  uint64_t calls_ = 0;
  std::mt19937_64 rng_;
  std::vector<Finding> findings_;  // guarded by running on the server thread

  // Last: the server's thread calls into everything above.
  std::unique_ptr<http::Server> server_;
};

}  // namespace mc::agent
