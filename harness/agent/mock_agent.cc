#include "harness/agent/mock_agent.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "harness/expectations/table.h"
#include "harness/http/ask.h"
#include "harness/rules/catalog.h"
#include "harness/wire/duration.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"
#include "harness/wire/uuid.h"

namespace mc::agent {
namespace {

using mesos::v1::TaskState;
using mesos::v1::TaskStatus;
using mesos::v1::executor::Call;
using mesos::v1::executor::Event;

bool IsExecutorPath(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  return path == "/api/v1/executor" || path == "/slave(1)/api/v1/executor";
}

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::unique_ptr<MockAgent>> MockAgent::Start(AgentSettings settings) {
  if (settings.table == nullptr) return absl::InvalidArgumentError("the agent needs a table");
  std::unique_ptr<MockAgent> agent(new MockAgent(std::move(settings)));
  MockAgent* self = agent.get();
  auto server = http::Server::Start(
      [self](const http::Request& request, http::Responder& responder) {
        self->Handle(request, responder);
      });
  if (!server.ok()) return server.status();
  agent->server_ = std::move(*server);
  agent->trace_.Context(agent->settings_.table->version(), agent->settings_.framework_capabilities);
  return agent;
}

MockAgent::MockAgent(AgentSettings settings)
    : settings_(std::move(settings)),
      trace_(settings_.trace_file ? TraceWriter(settings_.trace_file, settings_.scenario)
                                  : TraceWriter(settings_.trace_path, settings_.scenario)),
      rng_(std::hash<std::string>()(settings_.scenario)) {}

MockAgent::~MockAgent() {
  if (server_) server_->Stop();  // joins the server thread before the state goes
  trace_.Flush();
}

bool MockAgent::RunOnAgent(std::function<void()> work) {
  return http::Run(*server_, std::move(work), "mock agent");
}

template <typename T>
T MockAgent::AskAgent(std::function<T()> query, T fallback) {
  return http::Ask<T>(*server_, std::move(query), std::move(fallback), "mock agent");
}

bool MockAgent::HasCapability(const std::string& name) const {
  for (const std::string& capability : settings_.framework_capabilities) {
    if (capability == name) return true;
  }
  return false;
}

void MockAgent::Report(const std::string& rule, const std::string& where, const std::string& task,
                       const std::string& seen, const std::string& expected) {
  findings_.push_back(MakeFinding(RuleCatalog::Builtin(), rule, where, HopName(Hop::kExecutorToAgent),
                                  settings_.scenario, task, seen, expected));
}

void MockAgent::Handle(const http::Request& request, http::Responder& responder) {
  ++calls_;
  std::string where = absl::StrCat("executor call #", calls_);
  if (!IsExecutorPath(request.target)) {
    responder.Respond(404);
    Report("executor.call-accepted", where, "",
           absl::StrCat(request.method, " ", request.target, ": HTTP 404"),
           "POST /api/v1/executor or /slave(1)/api/v1/executor");
    return;
  }
  AgentView view;
  view.recovering = recovering_;
  view.recovering_executors = recovering_executors_;
  view.framework_id = settings_.framework_id;
  view.executor_id = settings_.executor_id;
  view.executor_subscribed = phase_ != Phase::kRegistering;
  view.tolerate_missing_subscribe = settings_.tolerate_missing_subscribe;
  CallVerdict verdict = CheckExecutorCall(request, view);

  if (verdict.status >= 400) {
    responder.Respond(verdict.status, verdict.reason, {{"Content-Type", "text/plain"}});
    std::string answer = absl::StrCat(verdict.status, " ", verdict.reason);
    if (!verdict.rule.empty()) {
      Report(verdict.rule, where, "",
             absl::StrCat(verdict.decoded ? Call::Type_Name(verdict.call.type()) : "a call",
                          " answered HTTP ", answer),
             "a call a Mesos 1.4 agent accepts");
    }
    if (verdict.decoded) trace_.Record(Hop::kExecutorToAgent, verdict.call, answer);
    Observation refused{Observation::Kind::kRefused, verdict.call, verdict.status, verdict.reason,
                        std::chrono::steady_clock::now()};
    observations_.Add(std::move(refused));
    return;
  }
  if (!verdict.tolerated.empty()) {
    Report(verdict.rule, where, "", absl::StrCat("SUBSCRIBE refused by a 1.4 agent: ", verdict.tolerated),
           "SUBSCRIBE with a subscribe object (the mock accepted it to go on)");
  }
  trace_.Record(Hop::kExecutorToAgent, verdict.call);
  const Call& call = verdict.call;
  switch (call.type()) {
    case Call::SUBSCRIBE:
      OnSubscribe(call, verdict.response_encoding, responder);
      break;
    case Call::UPDATE:
      responder.Respond(202);
      observations_.Add({Observation::Kind::kUpdate, call, 202, "", std::chrono::steady_clock::now()});
      OnUpdate(call.update(), where);
      break;
    default:
      responder.Respond(202);
      observations_.Add({Observation::Kind::kMessage, call, 202, "", std::chrono::steady_clock::now()});
      OnMessage(call.message());
      break;
  }
  trace_.Flush();
}

Event::Subscribed MockAgent::SubscribedInfo() const {
  Event::Subscribed subscribed;
  auto* executor = subscribed.mutable_executor_info();
  executor->mutable_executor_id()->set_value(settings_.executor_id);
  executor->mutable_framework_id()->set_value(settings_.framework_id);
  executor->set_type(mesos::v1::ExecutorInfo::CUSTOM);
  executor->mutable_command()->set_value("executor-under-test");
  auto* framework = subscribed.mutable_framework_info();
  framework->set_user(settings_.user);
  framework->set_name(settings_.framework_name);
  framework->mutable_id()->set_value(settings_.framework_id);
  framework->set_checkpoint(settings_.checkpoint);
  for (const std::string& name : settings_.framework_capabilities) {
    mesos::v1::FrameworkInfo::Capability::Type type;
    if (mesos::v1::FrameworkInfo::Capability::Type_Parse(name, &type)) {
      framework->add_capabilities()->set_type(type);
    }
  }
  auto* agent = subscribed.mutable_agent_info();
  agent->set_hostname(settings_.hostname);
  agent->mutable_id()->set_value(settings_.agent_id);
  agent->set_port(server_->port());
  subscribed.mutable_container_id()->set_value(settings_.container_id);
  return subscribed;
}

void MockAgent::OnSubscribe(const Call& call, Encoding encoding, http::Responder& responder) {
  if (stream_) stream_->Close(/*abort=*/true);
  stream_ = responder.StartStream({{"Content-Type", std::string(MediaType(encoding))}});
  stream_encoding_ = encoding;
  stream_->OnClosed([this] {
    observations_.Add({Observation::Kind::kStreamClosed, {}, 0, "", std::chrono::steady_clock::now()});
  });
  if (phase_ == Phase::kTerminating || phase_ == Phase::kTerminated) {
    Event shutdown;
    shutdown.set_type(Event::SHUTDOWN);
    Send(shutdown);
    stream_->Close();
    return;
  }
  bool first = phase_ == Phase::kRegistering;
  bool anything_queued = false;
  for (const auto& [id, task] : tasks_) anything_queued |= !task.delivered && !task.terminal;
  observations_.Add({Observation::Kind::kSubscribe, call, 200, "", std::chrono::steady_clock::now()});
  if (first && !anything_queued && !recovering_executors_) {
    // Launched for tasks that were all killed before delivery: the agent shuts
    // the executor down instead of subscribing it.
    phase_ = Phase::kTerminating;
    Event shutdown;
    shutdown.set_type(Event::SHUTDOWN);
    Send(shutdown);
    return;
  }
  phase_ = Phase::kRunning;

  Event subscribed;
  subscribed.set_type(Event::SUBSCRIBED);
  *subscribed.mutable_subscribed() = SubscribedInfo();
  Send(subscribed);

  for (const Call::Update& update : call.subscribe().unacknowledged_updates()) {
    OnUpdate(update, "an unacknowledged update in SUBSCRIBE");
  }
  if (recovering_executors_) {
    std::set<std::string> unacknowledged;
    for (const mesos::v1::TaskInfo& task : call.subscribe().unacknowledged_tasks()) {
      unacknowledged.insert(task.task_id().value());
    }
    bool partition_aware = HasCapability("PARTITION_AWARE");
    for (auto& [id, task] : tasks_) {
      if (task.delivered && !task.terminal && task.state == mesos::v1::TASK_STAGING &&
          !unacknowledged.count(id)) {
        AgentUpdate(&task, partition_aware ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST,
                    TaskStatus::REASON_AGENT_RESTARTED, "Task launched during agent restart");
      }
    }
    recovering_executors_ = false;
    server_->Cancel(reregistration_timer_);
  }
  DeliverQueued();
}

void MockAgent::OnUpdate(const Call::Update& update, const std::string& where) {
  TaskStatus status = update.status();
  const std::string& task_id = status.task_id().value();
  if (status.has_agent_id() && status.agent_id().value() != settings_.agent_id) {
    Report("executor.update-agent-id", where, task_id,
           absl::StrCat("status.agent_id \"", status.agent_id().value(), "\""),
           absl::StrCat("unset or \"", settings_.agent_id, "\"; the agent drops this update silently"));
    return;
  }
  const std::string& uuid = status.uuid();
  bool duplicate = !seen_uuids_.insert(uuid).second;
  auto it = tasks_.find(task_id);
  if (!duplicate) {
    if (it == tasks_.end() || !it->second.delivered) {
      Report("executor.update-known-task", where, task_id,
             absl::StrCat(mesos::v1::TaskState_Name(status.state()), " for a task ",
                          it == tasks_.end() ? "this executor was never given" : "not yet delivered"),
             "updates only for tasks the agent launched on this executor");
    } else if (!it->second.terminal) {
      Task& task = it->second;
      if (!status.has_agent_id()) status.mutable_agent_id()->set_value(settings_.agent_id);
      if (!status.has_timestamp()) status.set_timestamp(Now());
      task.state = status.state();
      task.terminal = settings_.table->IsTerminal(status.state());
      Forward(status);
    }
  }
  SendAcknowledged(status.task_id(), uuid);
}

void MockAgent::OnMessage(const Call::Message&) {
  // Forwarded to the framework in a full stack; here the observation is the point.
}

void MockAgent::Send(const Event& event) {
  if (!stream_ || stream_->closed()) return;  // Mesos drops events while disconnected
  std::string payload = stream_encoding_ == Encoding::kJson ? mesos_json::Print(event)
                                                             : event.SerializeAsString();
  std::string record = recordio::Encode(payload);
  int copies = repeat_next_event_ ? 2 : 1;
  repeat_next_event_ = false;
  for (int i = 0; i < copies; ++i) {
    stream_->Write(record);
    trace_.Record(Hop::kAgentToExecutor, event);
  }
}

void MockAgent::SendAcknowledged(const mesos::v1::TaskID& task_id, const std::string& uuid) {
  if (drop_acks_ > 0) {
    --drop_acks_;
    return;
  }
  Event ack;
  ack.set_type(Event::ACKNOWLEDGED);
  *ack.mutable_acknowledged()->mutable_task_id() = task_id;
  ack.mutable_acknowledged()->set_uuid(uuid);
  if (ack_delay_.count() > 0) {
    server_->PostAfter(ack_delay_, [this, ack] { Send(ack); });
  } else {
    Send(ack);
  }
}

void MockAgent::Deliver(const std::string& task_id) {
  Task& task = tasks_.at(task_id);
  task.delivered = true;
  Event launch;
  launch.set_type(Event::LAUNCH);
  *launch.mutable_launch()->mutable_task() = task.info;
  Send(launch);
}

void MockAgent::DeliverQueued() {
  if (phase_ != Phase::kRunning || !stream_ || stream_->closed()) return;
  std::set<std::string> grouped;
  for (const auto& group : queued_groups_) {
    Event launch;
    launch.set_type(Event::LAUNCH_GROUP);
    for (const std::string& id : group) {
      grouped.insert(id);
      Task& task = tasks_.at(id);
      if (task.terminal) continue;
      task.delivered = true;
      *launch.mutable_launch_group()->mutable_task_group()->add_tasks() = task.info;
    }
    if (launch.launch_group().task_group().tasks_size() > 0) Send(launch);
  }
  queued_groups_.clear();
  for (const std::string& id : launch_order_) {
    const Task& task = tasks_.at(id);
    if (!task.delivered && !task.terminal && !grouped.count(id)) Deliver(id);
  }
}

void MockAgent::AgentUpdate(Task* task, TaskState state, TaskStatus::Reason reason,
                            const std::string& message) {
  TaskStatus status;
  *status.mutable_task_id() = task->info.task_id();
  status.set_state(state);
  status.set_source(TaskStatus::SOURCE_AGENT);
  status.set_reason(reason);
  status.set_message(message);
  status.mutable_agent_id()->set_value(settings_.agent_id);
  status.mutable_executor_id()->set_value(settings_.executor_id);
  status.set_timestamp(Now());
  status.set_uuid(uuid::Random(rng_));
  task->state = state;
  task->terminal = settings_.table->IsTerminal(state);
  Forward(status);
}

void MockAgent::Forward(const TaskStatus& status) {
  if (settings_.forward) {
    settings_.forward(status);  // the master sends it on, and traces it
    return;
  }
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::UPDATE);
  *event.mutable_update()->mutable_status() = status;
  // An executor's update was checked when it arrived; its forwarded copy only
  // shows what the framework receives.
  trace_.Record(Hop::kMasterToScheduler, event, "",
                status.source() == TaskStatus::SOURCE_EXECUTOR);
}

void MockAgent::Launch(const mesos::v1::TaskInfo& task) {
  RunOnAgent([this, task] {
    const std::string& id = task.task_id().value();
    tasks_[id].info = task;
    launch_order_.push_back(id);
    DeliverQueued();
  });
}

void MockAgent::LaunchGroup(const mesos::v1::TaskGroupInfo& group) {
  RunOnAgent([this, group] {
    std::vector<std::string> ids;
    for (const mesos::v1::TaskInfo& task : group.tasks()) {
      ids.push_back(task.task_id().value());
      tasks_[ids.back()].info = task;
      launch_order_.push_back(ids.back());
    }
    queued_groups_.push_back(std::move(ids));
    DeliverQueued();
  });
}

void MockAgent::Kill(const std::string& task_id, std::optional<int64_t> grace_nanos) {
  RunOnAgent([this, task_id, grace_nanos] {
    auto it = tasks_.find(task_id);
    if (it == tasks_.end() || it->second.terminal) return;
    if (!it->second.delivered) {
      KillQueued(task_id);
      return;
    }
    Event kill;
    kill.set_type(Event::KILL);
    *kill.mutable_kill()->mutable_task_id() = it->second.info.task_id();
    if (grace_nanos) {
      kill.mutable_kill()->mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(*grace_nanos);
    }
    Send(kill);
  });
}

void MockAgent::KillQueued(const std::string& task_id) {
  // A queued task group goes as a whole (Slave::killTask).
  for (auto group = queued_groups_.begin(); group != queued_groups_.end(); ++group) {
    if (std::find(group->begin(), group->end(), task_id) == group->end()) continue;
    std::string message = phase_ == Phase::kRunning
                              ? "Killed before delivery to the executor"
                              : "A task within the task group was killed before delivery to the executor";
    for (const std::string& id : *group) {
      Task& task = tasks_.at(id);
      if (!task.terminal) {
        AgentUpdate(&task, mesos::v1::TASK_KILLED, TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH, message);
      }
    }
    queued_groups_.erase(group);
    return;
  }
  AgentUpdate(&tasks_.at(task_id), mesos::v1::TASK_KILLED,
              TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH, "Killed before delivery to the executor");
}

void MockAgent::SendMessage(const std::string& data) {
  RunOnAgent([this, data] {
    Event message;
    message.set_type(Event::MESSAGE);
    message.mutable_message()->set_data(data);
    Send(message);
  });
}

void MockAgent::Shutdown() {
  RunOnAgent([this] {
    phase_ = Phase::kTerminating;
    Event shutdown;
    shutdown.set_type(Event::SHUTDOWN);
    Send(shutdown);
  });
}

void MockAgent::BreakStream() {
  RunOnAgent([this] {
    if (stream_) stream_->Close(/*abort=*/true);
    stream_.reset();
  });
}

void MockAgent::Restart(std::chrono::milliseconds unavailable) {
  RunOnAgent([this, unavailable] {
    if (stream_) stream_->Close(/*abort=*/true);
    stream_.reset();
    server_->DropAllConnections();
    recovering_ = true;
    restarted_ = true;
    // A second restart starts recovery over: the first one's timers go.
    server_->Cancel(recovery_timer_);
    server_->Cancel(reregistration_timer_);
    recovery_timer_ = server_->PostAfter(unavailable, [this] {
      recovering_ = false;
      recovering_executors_ = true;
      reregistration_timer_ = server_->PostAfter(settings_.reregistration_timeout, [this] {
        if (!recovering_executors_) return;
        recovering_executors_ = false;
        phase_ = Phase::kTerminated;
        bool partition_aware = HasCapability("PARTITION_AWARE");
        std::string message = absl::StrCat("Executor did not re-register within ",
                                           duration::Format(settings_.reregistration_timeout));
        for (auto& [id, task] : tasks_) {
          if (task.terminal) continue;
          AgentUpdate(&task, partition_aware ? mesos::v1::TASK_GONE : mesos::v1::TASK_LOST,
                      TaskStatus::REASON_EXECUTOR_REREGISTRATION_TIMEOUT, message);
        }
      });
    });
  });
}

void MockAgent::DropAcks(uint32_t count) {
  RunOnAgent([this, count] { drop_acks_ += count; });
}

void MockAgent::DelayAcks(std::chrono::milliseconds delay) {
  RunOnAgent([this, delay] { ack_delay_ = delay; });
}

void MockAgent::RepeatNextEvent() {
  RunOnAgent([this] { repeat_next_event_ = true; });
}

void MockAgent::KillBeforeDelivery(const mesos::v1::TaskInfo& task) {
  RunOnAgent([this, task] {
    Task& record = tasks_[task.task_id().value()];
    record.info = task;
    AgentUpdate(&record, mesos::v1::TASK_KILLED, TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH,
                "Killed before delivery to the executor");
  });
}

void MockAgent::ExecutorTerminated(const std::string& how) {
  RunOnAgent([this, how] {
    if (phase_ == Phase::kTerminated && !recovering_executors_) {
      // Tasks were already settled (re-registration timeout).
    }
    phase_ = Phase::kTerminated;
    if (stream_) stream_->Close(/*abort=*/true);
    for (auto& [id, task] : tasks_) {
      if (task.terminal) continue;
      AgentUpdate(&task, mesos::v1::TASK_FAILED, TaskStatus::REASON_EXECUTOR_TERMINATED,
                  "Executor terminated");
    }
    trace_.Flush();
  });
}

void MockAgent::RegistrationTimedOut() {
  RunOnAgent([this] {
    if (phase_ != Phase::kRegistering) return;
    phase_ = Phase::kTerminated;
    std::string message = absl::StrCat("Executor did not register within ",
                                       duration::Format(settings_.registration_timeout));
    Report("executor.subscribe-timely", "agent", "", "no SUBSCRIBE: " + message,
           "SUBSCRIBE within the registration timeout");
    for (auto& [id, task] : tasks_) {
      if (task.terminal) continue;
      AgentUpdate(&task, mesos::v1::TASK_FAILED, TaskStatus::REASON_EXECUTOR_REGISTRATION_TIMEOUT,
                  message);
    }
  });
}

std::vector<std::string> MockAgent::LiveTasks() {
  return AskAgent<std::vector<std::string>>(
      [this] {
        std::vector<std::string> live;
        for (const auto& [id, task] : tasks_) {
          if (!task.terminal) live.push_back(id);
        }
        return live;
      },
      {});
}

bool MockAgent::StreamOpen() {
  return AskAgent<bool>([this] { return stream_ && !stream_->closed(); }, false);
}

bool MockAgent::HasRequiredFindings() {
  return AskAgent<bool>(
      [this] {
        for (const Finding& finding : findings_) {
          if (finding.level == mesos_conformance::REQUIRED) return true;
        }
        return false;
      },
      true);
}

std::vector<Finding> MockAgent::TakeFindings() {
  return AskAgent<std::vector<Finding>>(
      [this] {
        std::vector<Finding> taken = std::move(findings_);
        findings_.clear();
        trace_.Flush();
        return taken;
      },
      {});
}

}  // namespace mc::agent
