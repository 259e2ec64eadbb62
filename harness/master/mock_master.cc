#include "harness/master/mock_master.h"

#include <algorithm>
#include <utility>


#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/expectations/table.h"
#include "harness/http/ask.h"
#include "harness/master/executor_host.h"
#include "harness/master/reconciliation.h"
#include "harness/rules/catalog.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"
#include "harness/wire/uuid.h"

namespace mc::master {
namespace {

using mesos::v1::TaskState;
using mesos::v1::TaskStatus;
using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kLoopbackIp = 0x0100007f;  // 127.0.0.1 in network byte order

bool IsSchedulerPath(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  return path == "/api/v1/scheduler" || path == "/master/api/v1/scheduler";
}

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}


// A command task runs under the command executor, whose id is the task's.
mesos::v1::ExecutorID ExecutorIdOf(const mesos::v1::TaskInfo& task) {
  if (task.has_executor()) return task.executor().executor_id();
  mesos::v1::ExecutorID id;
  id.set_value(task.task_id().value());
  return id;
}

// A check's status of `type`: its result sub-message, empty before the first
// result, else a passing one (exit code 0, HTTP 200, TCP connected).
mesos::v1::CheckStatusInfo CheckStatusOf(mesos::v1::CheckInfo::Type type, bool passed) {
  mesos::v1::CheckStatusInfo status;
  status.set_type(type);
  switch (type) {
    case mesos::v1::CheckInfo::COMMAND: {
      auto* command = status.mutable_command();
      if (passed) command->set_exit_code(0);
      break;
    }
    case mesos::v1::CheckInfo::HTTP: {
      auto* http = status.mutable_http();
      if (passed) http->set_status_code(200);
      break;
    }
    case mesos::v1::CheckInfo::TCP: {
      auto* tcp = status.mutable_tcp();
      if (passed) tcp->set_succeeded(true);
      break;
    }
    default: break;
  }
  return status;
}

void AddScalar(mesos::v1::Offer* offer, const char* name, double value) {
  auto* resource = offer->add_resources();
  resource->set_name(name);
  resource->set_type(mesos::v1::Value::SCALAR);
  resource->mutable_scalar()->set_value(value);
  resource->set_role("*");
  resource->mutable_allocation_info()->set_role("*");
}

}  // namespace

bool IsReplay(const TaskStatus& status) {
  return absl::StartsWith(status.message(), kReplayMessagePrefix);
}

absl::StatusOr<std::unique_ptr<MockMaster>> MockMaster::Start(MasterSettings settings) {
  if (settings.table == nullptr) return absl::InvalidArgumentError("the master needs a table");
  std::unique_ptr<MockMaster> master(new MockMaster(std::move(settings)));
  MockMaster* self = master.get();
  auto server = http::Server::Start(
      [self](const http::Request& request, http::Responder& responder) {
        self->Handle(request, responder);
      });
  if (!server.ok()) return server.status();
  master->server_ = std::move(*server);
  master->trace_.Context(master->settings_.table->version(), {});
  return master;
}

MockMaster::MockMaster(MasterSettings settings)
    : settings_(std::move(settings)),
      trace_(settings_.trace_path, settings_.scenario),
      updates_(RetryPolicy{settings_.update_retry_initial, settings_.update_retry_max}),
      rng_(std::hash<std::string>()(settings_.scenario) + 1) {
  framework_id_ = settings_.master_id + "-0000";
  for (int i = 0; i < settings_.agents; ++i) {
    agents_.push_back({absl::StrCat(settings_.master_id, "-S", i), absl::StrCat("agent-", i)});
  }
}

MockMaster::~MockMaster() {
  if (server_) server_->Stop();  // joins the server thread before the state goes
  trace_.Flush();
}

void MockMaster::RunOnMaster(std::function<void()> work) {
  http::Run(*server_, std::move(work), "mock master");
}

bool MockMaster::HasCapability(mesos::v1::FrameworkInfo::Capability::Type type) const {
  for (const auto& capability : framework_.capabilities()) {
    if (capability.type() == type) return true;
  }
  return false;
}

bool MockMaster::PartitionAware() const {
  return HasCapability(mesos::v1::FrameworkInfo::Capability::PARTITION_AWARE);
}

void MockMaster::Report(const std::string& rule, const std::string& task, const std::string& seen,
                        const std::string& expected) {
  findings_.push_back(MakeFinding(RuleCatalog::Builtin(), rule, "scheduler call",
                                  HopName(Hop::kSchedulerToMaster), settings_.scenario, task, seen,
                                  expected));
}

void MockMaster::Handle(const http::Request& request, http::Responder& responder) {
  if (!IsSchedulerPath(request.target)) {
    responder.Respond(404);
    Report("scheduler.call-accepted", "", absl::StrCat(request.method, " ", request.target),
           "POST /api/v1/scheduler or /master/api/v1/scheduler");
    return;
  }
  MasterView view;
  view.frameworks[framework_id_] = {connected_, stream_id_};
  SchedulerCallVerdict verdict = CheckSchedulerCall(request, view);
  if (verdict.status >= 400) {
    responder.Respond(verdict.status, verdict.reason, {{"Content-Type", "text/plain"}});
    std::string answer = absl::StrCat(verdict.status, " ", verdict.reason);
    // Calls racing a disconnect the mock caused get Mesos's 403, through no fault
    // of the scheduler.
    bool raced_a_fault = verdict.status == 403 && disconnected_by_fault_;
    if (!verdict.rule.empty() && !raced_a_fault) {
      Report(verdict.rule, "",
             absl::StrCat(verdict.decoded ? Call::Type_Name(verdict.call.type()) : "a call",
                          " answered HTTP ", answer,
                          verdict.detail.empty() ? "" : " (" + verdict.detail + ")"),
             "a call a Mesos 1.4 master accepts");
    }
    if (verdict.decoded) trace_.Record(Hop::kSchedulerToMaster, verdict.call, answer);
    log_.Add({MasterObservation::Kind::kRefused, verdict.call, {}, verdict.status, verdict.reason});
    return;
  }
  trace_.Record(Hop::kSchedulerToMaster, verdict.call);
  if (verdict.call.type() == Call::SUBSCRIBE) {
    OnSubscribe(verdict.call, verdict.response_encoding, responder);
  } else {
    responder.Respond(202);
    log_.Add({MasterObservation::Kind::kCall, verdict.call});
    OnCall(verdict.call);
  }
  trace_.Flush();
}

void MockMaster::OnSubscribe(const Call& call, Encoding encoding, http::Responder& responder) {
  if (stream_ && !stream_->closed()) {
    Event error;
    error.set_type(Event::ERROR);
    error.mutable_error()->set_message("Framework failed over");
    Send(error);
    stream_->Close(/*abort=*/true);
  }
  std::mt19937_64& rng = rng_;
  stream_id_ = uuid::ToText(uuid::Random(rng));
  stream_ = responder.StartStream({{"Content-Type", std::string(MediaType(encoding))},
                                   {"Mesos-Stream-Id", stream_id_}});
  encoding_ = encoding;
  connected_ = true;
  disconnected_by_fault_ = false;
  stream_->OnClosed([this] { log_.Add({MasterObservation::Kind::kStreamClosed}); });
  framework_ = call.subscribe().framework_info();
  framework_.mutable_id()->set_value(framework_id_);
  // What the framework declared decides what the rest of the trace may hold.
  std::vector<std::string> capabilities;
  for (const auto& capability : framework_.capabilities()) {
    capabilities.push_back(mesos::v1::FrameworkInfo::Capability::Type_Name(capability.type()));
  }
  trace_.Context(settings_.table->version(), capabilities);
  log_.Add({MasterObservation::Kind::kSubscribe, call});
  offers_.clear();
  offered_agents_.clear();
  suppressed_ = false;

  Event subscribed;
  subscribed.set_type(Event::SUBSCRIBED);
  auto* info = subscribed.mutable_subscribed();
  info->mutable_framework_id()->set_value(framework_id_);
  info->set_heartbeat_interval_seconds(
      std::chrono::duration<double>(settings_.heartbeat_interval).count());
  auto* master = info->mutable_master_info();
  master->set_id(settings_.master_id);
  master->set_ip(kLoopbackIp);
  master->set_port(server_->port());
  master->set_pid(absl::StrCat("master@127.0.0.1:", server_->port()));
  master->set_hostname("127.0.0.1");
  master->set_version("1.4.0");
  Send(subscribed);
  Heartbeat();
  // Agents re-send what is unacknowledged when they meet the (new) master.
  for (const UpdateToSend& update : updates_.ResendAll(Clock::now())) SendUpdate(update.status);
  ArmRetryTimer();
  SendOffers();
}

void MockMaster::OnCall(const Call& call) {
  switch (call.type()) {
    case Call::ACCEPT: OnAccept(call.accept()); break;
    case Call::DECLINE:
      for (const auto& id : call.decline().offer_ids()) offers_.erase(id.value());
      offered_agents_.clear();
      server_->PostAfter(settings_.reoffer_delay, [this] { SendOffers(); });
      break;
    case Call::REVIVE:
      suppressed_ = false;
      SendOffers();
      break;
    case Call::SUPPRESS: suppressed_ = true; break;
    case Call::KILL: OnKill(call.kill()); break;
    case Call::RECONCILE: OnReconcile(call.reconcile()); break;
    case Call::ACKNOWLEDGE: OnAcknowledge(call.acknowledge()); break;
    case Call::TEARDOWN:
      connected_ = false;
      if (stream_) stream_->Close();
      break;
    default: break;  // MESSAGE, SHUTDOWN, REQUEST, inverse offers: recorded in the trace
  }
}

void MockMaster::SendOffers() {
  if (!connected_ || suppressed_) return;
  Event event;
  event.set_type(Event::OFFERS);
  for (int i = 0; i < static_cast<int>(agents_.size()); ++i) {
    if (!agents_[i].Offerable() || offered_agents_.count(i)) continue;
    double cpus = settings_.agent_cpus, mem = settings_.agent_mem;
    for (const auto& [id, task] : tasks_) {
      if (task.agent != i || settings_.table->IsTerminal(task.state)) continue;
      for (const auto& resource : task.info.resources()) {
        if (resource.name() == "cpus") cpus -= resource.scalar().value();
        if (resource.name() == "mem") mem -= resource.scalar().value();
      }
    }
    mesos::v1::Offer* offer = event.mutable_offers()->add_offers();
    std::string id = absl::StrCat(settings_.master_id, "-O", next_offer_++);
    offer->mutable_id()->set_value(id);
    offer->mutable_framework_id()->set_value(framework_id_);
    offer->mutable_agent_id()->set_value(agents_[i].id);
    offer->set_hostname(agents_[i].hostname);
    auto* url = offer->mutable_url();
    url->set_scheme("http");
    url->mutable_address()->set_hostname(agents_[i].hostname);
    url->mutable_address()->set_ip("127.0.0.1");
    url->mutable_address()->set_port(5051);
    url->set_path("/slave(1)");
    AddScalar(offer, "cpus", std::max(cpus, 0.0));
    AddScalar(offer, "mem", std::max(mem, 0.0));
    AddScalar(offer, "disk", 10240);
    offer->mutable_allocation_info()->set_role("*");
    offers_[id] = i;
    offered_agents_.insert(i);
  }
  if (event.offers().offers_size() > 0) Send(event);
}

void MockMaster::OnAccept(const Call::Accept& accept) {
  std::string invalid;
  int agent = -1;
  for (const auto& id : accept.offer_ids()) {
    auto it = offers_.find(id.value());
    if (it == offers_.end() || invalidate_next_accept_) {
      invalid = absl::StrCat("Offer ", id.value(), " is no longer valid");
    } else {
      agent = it->second;
    }
  }
  invalidate_next_accept_ = false;
  std::optional<TaskStatus::Source> deny = deny_next_launch_;
  deny_next_launch_.reset();
  std::shared_ptr<const ResolvedFault> launch_fault = std::exchange(next_launch_fault_, nullptr);
  for (const auto& id : accept.offer_ids()) {
    auto it = offers_.find(id.value());
    if (it != offers_.end()) {
      offered_agents_.erase(it->second);
      offers_.erase(it);
    }
  }
  for (const auto& operation : accept.operations()) {
    std::vector<mesos::v1::TaskInfo> launched;
    bool group = operation.type() == mesos::v1::Offer::Operation::LAUNCH_GROUP;
    if (operation.type() == mesos::v1::Offer::Operation::LAUNCH) {
      launched.assign(operation.launch().task_infos().begin(), operation.launch().task_infos().end());
    } else if (operation.type() == mesos::v1::Offer::Operation::LAUNCH_GROUP) {
      launched.assign(operation.launch_group().task_group().tasks().begin(),
                      operation.launch_group().task_group().tasks().end());
    }
    std::vector<std::string> members;  // of the task group
    std::string group_problem;         // the first of its tasks' problems
    if (group) {
      for (const auto& task : launched) {
        members.push_back(task.task_id().value());
        if (group_problem.empty()) group_problem = TaskProblem(task, /*in_group=*/true);
      }
    }
    for (mesos::v1::TaskInfo& task : launched) {
      const std::string& id = task.task_id().value();
      if (!invalid.empty() || agent < 0) {
        MasterUpdate(id, task.agent_id().value(),
                     PartitionAware() ? mesos::v1::TASK_DROPPED : mesos::v1::TASK_LOST,
                     TaskStatus::REASON_INVALID_OFFERS,
                     "Task launched with invalid offers: " + invalid);
        continue;
      }
      if (!group_problem.empty()) {  // the whole group fails
        MasterUpdate(id, agents_[agent].id, mesos::v1::TASK_ERROR,
                     TaskStatus::REASON_TASK_GROUP_INVALID, "Task group is invalid: " + group_problem);
        continue;
      }
      if (std::string problem = TaskProblem(task, group); !problem.empty()) {
        MasterUpdate(id, agents_[agent].id, mesos::v1::TASK_ERROR, TaskStatus::REASON_TASK_INVALID,
                     problem);
        continue;
      }
      // A group's tasks run under the group's (default) executor.
      if (group) *task.mutable_executor() = operation.launch_group().executor();
      if (deny) {
        Deny(task, agent, *deny, group);
        continue;
      }
      if (launch_fault) {
        FailLaunch(task, agent, launch_fault, members);
        continue;
      }
      RunTask(task, agent);
    }
  }
  server_->PostAfter(settings_.reoffer_delay, [this] { SendOffers(); });
}

std::string MockMaster::TaskProblem(const mesos::v1::TaskInfo& task, bool in_group) const {
  const std::string& id = task.task_id().value();
  if (tasks_.count(id)) return "Task has duplicate ID: " + id;
  if (in_group) {
    if (task.has_executor()) return "Task '" + id + "' of a task group must not have an ExecutorInfo";
    if (!task.has_command()) return "Task '" + id + "' of a task group must have a CommandInfo";
    return "";
  }
  if (task.has_executor() && task.has_command()) {
    return "Task should have at most one of CommandInfo or ExecutorInfo present";
  }
  if (!task.has_executor() && !task.has_command()) {
    return "Task should have at least one of CommandInfo or ExecutorInfo present";
  }
  return "";
}

void MockMaster::RunTask(const mesos::v1::TaskInfo& info, int agent) {
  Task& task = tasks_[info.task_id().value()];
  task.info = info;
  task.agent = agent;
  const std::string& id = info.task_id().value();
  if (info.has_executor() && info.executor().type() != mesos::v1::ExecutorInfo::DEFAULT &&
      executor_host_ != nullptr) {
    task.on_real_executor = true;
    executor_host_->Launch(agents_[agent].id, framework_, info);
    return;
  }
  AgentUpdate(id, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR, std::nullopt, "");
  switch (settings_.task_outcome) {
    case MasterSettings::TaskOutcome::kFinishes:
      AgentUpdate(id, mesos::v1::TASK_FINISHED, TaskStatus::SOURCE_EXECUTOR, std::nullopt,
                  "Command exited with status 0");
      break;
    case MasterSettings::TaskOutcome::kFails:
      AgentUpdate(id, mesos::v1::TASK_FAILED, TaskStatus::SOURCE_EXECUTOR, std::nullopt,
                  "Command exited with status 1");
      break;
    case MasterSettings::TaskOutcome::kRuns: ReportChecks(id); break;
  }
}

void MockMaster::ReportChecks(const std::string& task_id) {
  Task& task = tasks_.at(task_id);
  if (task.info.has_check()) {
    task.check_result = CheckStatusOf(task.info.check().type(), true);
    AgentUpdate(task_id, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR,
                TaskStatus::REASON_TASK_CHECK_STATUS_UPDATED, "");
  }
  if (task.info.has_health_check()) {
    AgentUpdate(task_id, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR,
                TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, "", true, /*healthy=*/true);
  }
}

void MockMaster::OnKill(const Call::Kill& kill) {
  auto it = tasks_.find(kill.task_id().value());
  if (it == tasks_.end()) {
    mesos::v1::scheduler::Call::Reconcile reconcile;
    auto* entry = reconcile.add_tasks();
    *entry->mutable_task_id() = kill.task_id();
    if (kill.has_agent_id()) *entry->mutable_agent_id() = kill.agent_id();
    OnReconcile(reconcile);
    return;
  }
  if (settings_.table->IsTerminal(it->second.state)) return;
  if (it->second.held) {
    KillHeld(it->first);
    return;
  }
  if (it->second.on_real_executor) {
    executor_host_->Kill(it->first);
    return;
  }
  for (const auto& capability : framework_.capabilities()) {
    if (capability.type() == mesos::v1::FrameworkInfo::Capability::TASK_KILLING_STATE) {
      AgentUpdate(it->first, mesos::v1::TASK_KILLING, TaskStatus::SOURCE_EXECUTOR, std::nullopt, "");
    }
  }
  AgentUpdate(it->first, mesos::v1::TASK_KILLED, TaskStatus::SOURCE_EXECUTOR, std::nullopt,
              "Command terminated with signal Terminated");
}

void MockMaster::OnReconcile(const Call::Reconcile& reconcile) {
  FrameworkTasks tasks;
  tasks.partition_aware = PartitionAware();
  AgentRegistry registry;
  for (const Agent& agent : agents_) {
    if (agent.removed) continue;
    if (agent.unreachable) {
      registry.unreachable[agent.id] = agent.unreachable_since;
    } else {
      registry.registered.insert(agent.id);
    }
  }
  std::set<std::string> unacknowledged;
  std::map<std::string, TaskState> oldest_unacknowledged;
  for (const UnacknowledgedUpdate& update : updates_.Unacknowledged()) {
    oldest_unacknowledged.emplace(update.status.task_id().value(), update.status.state());
  }
  for (const auto& [id, task] : tasks_) {
    if (agents_[task.agent].unreachable || agents_[task.agent].removed) continue;
    if (task.held && task.held->fault.moment() == mesos_conformance::AgentFault::HELD_IN_MASTER) {
      tasks.pending.push_back({id, agents_[task.agent].id});
      continue;
    }
    bool completed = settings_.table->IsTerminal(task.state) && !oldest_unacknowledged.count(id);
    if (completed) continue;
    KnownTask known;
    known.task_id = id;
    known.agent_id = agents_[task.agent].id;
    if (task.info.has_executor()) known.executor_id = task.info.executor().executor_id().value();
    known.state = task.state;
    auto oldest = oldest_unacknowledged.find(id);
    if (oldest != oldest_unacknowledged.end()) known.status_update_state = oldest->second;
    known.statuses = task.statuses;
    tasks.known.push_back(std::move(known));
  }
  for (const TaskStatus& status : StatusesToSend(Reconcile(tasks, registry, reconcile, Now()))) {
    SendUpdate(status);
  }
}

void MockMaster::OnAcknowledge(const Call::Acknowledge& acknowledge) {
  const std::string& task_id = acknowledge.task_id().value();
  auto task = tasks_.find(task_id);
  if (task != tasks_.end() && acknowledge.agent_id().value() != agents_[task->second.agent].id) {
    // The master hands an ack to the agent it names; that agent has no such
    // update, so the one that has it keeps retrying.
    Report("scheduler.acknowledges", task_id,
           absl::StrCat("ACKNOWLEDGE with agent_id \"", acknowledge.agent_id().value(),
                        "\" for a task on agent \"", agents_[task->second.agent].id, "\""),
           "the agent_id of the update acknowledged; Mesos drops this ack");
    return;
  }
  AckResult result = updates_.Acknowledge(framework_id_, task_id, acknowledge.uuid(), Clock::now());
  if (result.next) {
    SendUpdate(result.next->status);
    RetryBy(Clock::now() + settings_.update_retry_initial);
  }
}

void MockMaster::Send(const Event& event, bool forwarded, const std::string& injected) {
  if (!stream_ || stream_->closed()) return;
  std::string payload =
      encoding_ == Encoding::kJson ? mesos_json::Print(event) : event.SerializeAsString();
  stream_->Write(recordio::Encode(payload));
  trace_.Record(Hop::kMasterToScheduler, event, "", forwarded, injected);
}

void MockMaster::Heartbeat() {
  server_->Cancel(heartbeat_timer_);
  if (!connected_) return;
  if (heartbeats_) {
    Event heartbeat;
    heartbeat.set_type(Event::HEARTBEAT);
    Send(heartbeat);
  }
  heartbeat_timer_ = server_->PostAfter(settings_.heartbeat_interval, [this] { Heartbeat(); });
}

void MockMaster::AgentUpdate(const std::string& task_id, TaskState state,
                             TaskStatus::Source source,
                             std::optional<TaskStatus::Reason> reason, const std::string& message,
                             bool with_executor_id, std::optional<bool> healthy) {
  Task& task = tasks_.at(task_id);
  TaskStatus status;
  status.mutable_task_id()->set_value(task_id);
  status.set_state(state);
  status.set_source(source);
  if (reason) status.set_reason(*reason);
  if (!message.empty() || source != TaskStatus::SOURCE_EXECUTOR) status.set_message(message);
  status.mutable_agent_id()->set_value(agents_[task.agent].id);
  if (with_executor_id) *status.mutable_executor_id() = ExecutorIdOf(task.info);
  if (healthy) status.set_healthy(*healthy);
  if (source == TaskStatus::SOURCE_EXECUTOR && task.info.has_check()) {
    // The command executor puts the check's latest result on every update
    // (before the first result, an empty one of the check's type).
    *status.mutable_check_status() =
        task.check_result ? *task.check_result : CheckStatusOf(task.info.check().type(), false);
  }
  status.set_timestamp(Now());
  status.set_uuid(uuid::Random(rng_));
  task.state = state;
  Remember(&task, status);
  Enqueue(status);
}

void MockMaster::Remember(Task* task, const TaskStatus& status) {
  // Mesos keeps the latest status per state.
  auto& statuses = task->statuses;
  statuses.erase(std::remove_if(statuses.begin(), statuses.end(),
                                [&status](const TaskStatus& kept) { return kept.state() == status.state(); }),
                 statuses.end());
  statuses.push_back(status);
}

bool MockMaster::SendFutureReason() {
  return http::Ask<bool>(*server_, [this] {
    const auto* reasons = TaskStatus::Reason_descriptor();
    std::optional<TaskStatus::Reason> future;
    for (int i = 0; i < reasons->value_count() && !future; ++i) {
      int number = reasons->value(i)->number();
      if (!settings_.table->KnowsReason(number)) future = static_cast<TaskStatus::Reason>(number);
    }
    if (!future) return false;
    for (int agent = 0; agent < static_cast<int>(agents_.size()); ++agent) {
      for (const std::string& id : LiveTasks(agent, /*emulated_only=*/true)) {
        Task& task = tasks_.at(id);
        TaskStatus status;
        status.mutable_task_id()->set_value(id);
        status.set_state(task.state);
        status.set_source(TaskStatus::SOURCE_EXECUTOR);
        status.set_reason(*future);
        status.mutable_agent_id()->set_value(agents_[agent].id);
        *status.mutable_executor_id() = ExecutorIdOf(task.info);
        status.set_timestamp(Now());
        status.set_uuid(uuid::Random(rng_));
        injected_uuids_.insert(status.uuid());
        Remember(&task, status);
        Enqueue(status);
      }
    }
    return true;
  }, false, "mock master");
}

void MockMaster::SendRunningUpdates(int per_task) {
  RunOnMaster([this, per_task] {
    for (int agent = 0; agent < static_cast<int>(agents_.size()); ++agent) {
      for (const std::string& id : LiveTasks(agent, /*emulated_only=*/true)) {
        for (int i = 0; i < per_task; ++i) {
          AgentUpdate(id, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR, std::nullopt, "");
        }
      }
    }
  });
}

void MockMaster::Enqueue(const TaskStatus& status) {
  auto outcome = updates_.Enqueue(framework_id_, status, Clock::now());
  if (outcome.ok() && *outcome == EnqueueOutcome::kSendNow) {
    SendUpdate(status);
    RetryBy(Clock::now() + settings_.update_retry_initial);
  }
}

void MockMaster::UseExecutorHost(ExecutorHost* host) {
  RunOnMaster([this, host] { executor_host_ = host; });
}

void MockMaster::RelayUpdate(const TaskStatus& status) {
  server_->Post([this, status] {
    auto it = tasks_.find(status.task_id().value());
    if (it == tasks_.end()) return;
    // An agent the master cut off is not heard; a task the master already
    // ended (LOST with its agent) gets nothing after that.
    if (!agents_[it->second.agent].Offerable() || settings_.table->IsTerminal(it->second.state)) return;
    it->second.state = status.state();
    Remember(&it->second, status);
    if (status.source() == TaskStatus::SOURCE_EXECUTOR) relayed_uuids_.insert(status.uuid());
    Enqueue(status);
  });
}

void MockMaster::MasterUpdate(const std::string& task_id, const std::string& agent_id,
                              TaskState state, TaskStatus::Reason reason,
                              const std::string& message, std::optional<int64_t> unreachable_time) {
  TaskStatus status;
  status.mutable_task_id()->set_value(task_id);
  status.set_state(state);
  status.set_source(TaskStatus::SOURCE_MASTER);
  status.set_reason(reason);
  status.set_message(message);
  status.mutable_agent_id()->set_value(agent_id);
  status.set_timestamp(Now());
  if (unreachable_time) status.mutable_unreachable_time()->set_nanoseconds(*unreachable_time);
  auto it = tasks_.find(task_id);
  if (it != tasks_.end()) {
    it->second.state = state;
    if (it->second.info.has_executor()) *status.mutable_executor_id() = ExecutorIdOf(it->second.info);
  }
  SendUpdate(status);
}

void MockMaster::SendUpdate(const TaskStatus& status) {
  Event event;
  event.set_type(Event::UPDATE);
  *event.mutable_update()->mutable_status() = status;
  int copies = repeat_next_update_ ? 2 : 1;
  repeat_next_update_ = false;
  bool forwarded = status.has_uuid() && relayed_uuids_.count(status.uuid()) > 0;
  std::string injected = status.has_uuid() && injected_uuids_.count(status.uuid()) > 0
                             ? "a reason newer than Mesos " + settings_.table->version()
                             : "";
  for (int i = 0; i < copies; ++i) {
    Send(event, forwarded, injected);
    log_.Add({MasterObservation::Kind::kUpdateSent, {}, status});
  }
}

void MockMaster::ArmRetryTimer() {
  server_->Cancel(retry_timer_);
  retry_at_.reset();
  if (auto next = updates_.NextDeadline()) RetryBy(*next);
}

void MockMaster::RetryBy(Clock::time_point deadline) {
  // Scanning every stream for the earliest deadline on each update would be
  // quadratic under load: the timer only ever moves earlier here.
  if (retry_at_ && *retry_at_ <= deadline) return;
  server_->Cancel(retry_timer_);
  retry_at_ = deadline;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  retry_timer_ = server_->PostAfter(std::max(delay, std::chrono::milliseconds(0)), [this] {
    retry_at_.reset();
    if (connected_) {
      for (const UpdateToSend& update : updates_.Due(Clock::now())) SendUpdate(update.status);
    }
    ArmRetryTimer();
  });
}

void MockMaster::FailOver() {
  RunOnMaster([this] {
    connected_ = false;
    disconnected_by_fault_ = true;
    if (stream_) stream_->Close(/*abort=*/true);
    offers_.clear();
    offered_agents_.clear();
  });
}

void MockMaster::SendError(const std::string& message) {
  RunOnMaster([this, message] {
    Event error;
    error.set_type(Event::ERROR);
    error.mutable_error()->set_message(message);
    Send(error);
    connected_ = false;
    disconnected_by_fault_ = true;
    if (stream_) stream_->Close();
  });
}

void MockMaster::StopHeartbeats() {
  RunOnMaster([this] { heartbeats_ = false; });
}

void MockMaster::InvalidateNextAccept() {
  RunOnMaster([this] { invalidate_next_accept_ = true; });
}

void MockMaster::RepeatNextUpdate() {
  RunOnMaster([this] { repeat_next_update_ = true; });
}

void MockMaster::PartitionAgent(int agent) {
  RunOnMaster([this, agent] {
    Agent& marked = agents_.at(agent);
    marked.unreachable = true;
    marked.unreachable_since = static_cast<int64_t>(Now() * 1e9);
    updates_.DropAgent(marked.id);
    RescindOffers(agent);
    for (auto& [id, task] : tasks_) {
      if (task.agent != agent || settings_.table->IsTerminal(task.state)) continue;
      MasterUpdate(id, marked.id, PartitionAware() ? mesos::v1::TASK_UNREACHABLE : mesos::v1::TASK_LOST,
                   TaskStatus::REASON_AGENT_REMOVED,
                   absl::StrCat("Agent ", marked.hostname, " is unreachable: health check timed out"),
                   marked.unreachable_since);
    }
  });
}

void MockMaster::CrashExecutors(int agent) {
  RunOnMaster([this, agent] {
    if (executor_host_ != nullptr) executor_host_->CrashExecutors(agents_.at(agent).id);
    for (auto& [id, task] : tasks_) {
      if (task.agent != agent || task.on_real_executor || settings_.table->IsTerminal(task.state)) continue;
      AgentUpdate(id, mesos::v1::TASK_FAILED, TaskStatus::SOURCE_AGENT,
                  TaskStatus::REASON_EXECUTOR_TERMINATED, "Executor terminated");
    }
  });
}

void MockMaster::Deny(const mesos::v1::TaskInfo& info, int agent, TaskStatus::Source where,
                      bool group) {
  const std::string& id = info.task_id().value();
  TaskStatus::Reason reason =
      group ? TaskStatus::REASON_TASK_GROUP_UNAUTHORIZED : TaskStatus::REASON_TASK_UNAUTHORIZED;
  std::string message =
      absl::StrCat("Task '", id, "' is not authorized to launch as user '", framework_.user(), "'");
  if (where == TaskStatus::SOURCE_MASTER) {
    MasterUpdate(id, agents_[agent].id, mesos::v1::TASK_ERROR, reason, message);
    return;
  }
  Task& task = tasks_[id];
  task.info = info;
  task.agent = agent;
  // Never launched: no executor yet.
  AgentUpdate(id, mesos::v1::TASK_ERROR, TaskStatus::SOURCE_AGENT, reason, message,
              /*with_executor_id=*/false);
}

std::vector<std::string> MockMaster::LiveTasks(int agent, bool emulated_only) const {
  std::vector<std::string> live;
  for (const auto& [id, task] : tasks_) {
    if (task.agent != agent || settings_.table->IsTerminal(task.state)) continue;
    if (emulated_only && task.on_real_executor) continue;
    live.push_back(id);
  }
  return live;
}

void MockMaster::RescindOffers(int agent) {
  for (auto it = offers_.begin(); it != offers_.end();) {
    if (it->second != agent) {
      ++it;
      continue;
    }
    Event rescind;
    rescind.set_type(Event::RESCIND);
    rescind.mutable_rescind()->mutable_offer_id()->set_value(it->first);
    Send(rescind);
    it = offers_.erase(it);
  }
  offered_agents_.erase(agent);
}

void MockMaster::RemoveAgent(int agent) {
  RunOnMaster([this, agent] { Remove(agent); });
}

void MockMaster::Remove(int agent) {
  Agent& removed = agents_.at(agent);
  removed.removed = true;
  RescindOffers(agent);
  updates_.DropAgent(removed.id);
  // Always TASK_LOST, whatever the framework's partition awareness.
  for (const std::string& id : LiveTasks(agent)) {
    MasterUpdate(id, removed.id, mesos::v1::TASK_LOST, TaskStatus::REASON_AGENT_REMOVED,
                 absl::StrCat("Agent ", removed.hostname, " removed: the agent unregistered"));
  }
  if (executor_host_ != nullptr) executor_host_->CrashExecutors(removed.id);
}

void MockMaster::Disconnect(int agent) {
  Agent& gone = agents_.at(agent);
  gone.disconnected = true;
  RescindOffers(agent);
  if (framework_.checkpoint()) return;
  // The master forgets a framework that cannot recover on that agent.
  updates_.DropAgent(gone.id);
  for (const std::string& id : LiveTasks(agent)) {
    MasterUpdate(id, gone.id, mesos::v1::TASK_LOST, TaskStatus::REASON_AGENT_DISCONNECTED,
                 absl::StrCat("Agent ", gone.hostname, " disconnected"));
  }
  if (executor_host_ != nullptr) executor_host_->CrashExecutors(gone.id);
}

void MockMaster::DisconnectAgent(int agent, std::chrono::milliseconds back_after) {
  RunOnMaster([this, agent, back_after] {
    Disconnect(agent);
    server_->PostAfter(back_after, [this, agent] { ComeBack(agent); });
  });
}

void MockMaster::ComeBack(int agent) {
  agents_.at(agent).disconnected = false;
  ReconcileAgent(agent);
  SendOffers();
  log_.Add({MasterObservation::Kind::kAgentBack});
}

void MockMaster::RestartAgent(int agent, std::chrono::milliseconds unavailable, bool executors_lost) {
  RunOnMaster([this, agent, unavailable, executors_lost] {
    // Its socket closes first.
    Disconnect(agent);
    if (framework_.checkpoint() && executor_host_ != nullptr) {
      executor_host_->RestartAgent(agents_.at(agent).id, unavailable);
    }
    server_->PostAfter(unavailable, [this, agent, executors_lost] {
      if (framework_.checkpoint() && executors_lost) {
        for (const std::string& id : LiveTasks(agent, /*emulated_only=*/true)) {
          if (tasks_.at(id).lost_launch) continue;  // never reached the agent: reconciled
          AgentUpdate(id, PartitionAware() ? mesos::v1::TASK_GONE : mesos::v1::TASK_LOST,
                      TaskStatus::SOURCE_AGENT, TaskStatus::REASON_EXECUTOR_REREGISTRATION_TIMEOUT,
                      "Executor did not re-register within 2secs");
        }
      }
      ComeBack(agent);
    });
  });
}

void MockMaster::DenyNextLaunch(TaskStatus::Source where) {
  RunOnMaster([this, where] { deny_next_launch_ = where; });
}

std::vector<std::string> MockMaster::ReregisterAgent(int agent) {
  return http::Ask<std::vector<std::string>>(*server_, [this, agent] {
    std::vector<std::string> returned;
    Agent& back = agents_.at(agent);
    back.unreachable = false;
    back.removed = false;
    back.disconnected = false;
    ReconcileAgent(agent);
    for (auto& [id, task] : tasks_) {
      if (task.agent != agent || task.on_real_executor) continue;
      if (task.state != mesos::v1::TASK_UNREACHABLE && task.state != mesos::v1::TASK_LOST) continue;
      // It never stopped; its executor's next update says so.
      AgentUpdate(id, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR, std::nullopt, "");
      returned.push_back(id);
    }
    SendOffers();
    return returned;
  }, {}, "mock master");
}

absl::StatusOr<std::string> MockMaster::ReplayRow(const std::string& row_id) {
  return http::Ask<absl::StatusOr<std::string>>(
      *server_, [this, row_id] { return ReplayRowOnMaster(row_id); },
      absl::DeadlineExceededError("the mock master did not answer"), "mock master");
}

absl::StatusOr<const mesos_conformance::Row*> MockMaster::RowForFramework(
    const mesos_conformance::Row* row) const {
  auto fits = [this](const mesos_conformance::Row& candidate) {
    switch (candidate.audience()) {
      case mesos_conformance::PARTITION_AWARE_ONLY: return PartitionAware();
      case mesos_conformance::NOT_PARTITION_AWARE_ONLY: return !PartitionAware();
      default: return true;
    }
  };
  if (!fits(*row)) {
    // The sibling: same source and reason for the other audience, from the same
    // code site if there is one.
    const mesos_conformance::Row* sibling = nullptr;
    for (const auto& candidate : settings_.table->proto().rows()) {
      if (&candidate == row || !fits(candidate) || candidate.source() != row->source() ||
          candidate.has_reason() != row->has_reason() || candidate.reason() != row->reason() ||
          candidate.delivery() != mesos_conformance::TO_FRAMEWORK) {
        continue;
      }
      if (sibling == nullptr || candidate.generated_at() == row->generated_at()) sibling = &candidate;
    }
    if (sibling == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "row ", row->id(), " is only for frameworks that are ",
          PartitionAware() ? "not partition-aware" : "partition-aware"));
    }
    row = sibling;
  }
  if (!row->any_state() && settings_.table->NeedsTaskKillingCapability(row->states(0)) &&
      !HasCapability(mesos::v1::FrameworkInfo::Capability::TASK_KILLING_STATE)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "row ", row->id(), " reaches only frameworks with TASK_KILLING_STATE"));
  }
  return row;
}

void MockMaster::SendRowUpdate(const mesos_conformance::Row& row, const std::string& task_id,
                               const std::string& message, std::optional<bool> executor_id) {
  Task& task = tasks_.at(task_id);
  auto presence = [&row](const std::string& field) {
    for (const auto& rule : row.fields()) {
      if (rule.field() == field) return rule.presence();
    }
    return mesos_conformance::MAY;
  };
  // The row's optional fields, as Mesos sets them for this kind of update.
  TaskStatus status;
  status.mutable_task_id()->set_value(task_id);
  status.set_state(row.any_state() ? task.state : row.states(0));
  status.set_source(row.source());
  if (row.has_reason()) status.set_reason(row.reason());
  status.set_message(message);
  if (presence("agent_id") != mesos_conformance::NEVER) {
    status.mutable_agent_id()->set_value(agents_[task.agent].id);
  }
  if (presence("executor_id") == mesos_conformance::ALWAYS ||
      (presence("executor_id") == mesos_conformance::MAY &&
       executor_id.value_or(task.info.has_executor()))) {
    *status.mutable_executor_id() = ExecutorIdOf(task.info);
  }
  if (presence("healthy") == mesos_conformance::ALWAYS) status.set_healthy(true);
  if (presence("check_status") == mesos_conformance::ALWAYS) {
    status.mutable_check_status()->set_type(mesos::v1::CheckInfo::COMMAND);
    status.mutable_check_status()->mutable_command()->set_exit_code(0);
  }
  if (presence("unreachable_time") == mesos_conformance::ALWAYS) {
    status.mutable_unreachable_time()->set_nanoseconds(static_cast<int64_t>(Now() * 1e9));
  }
  status.set_timestamp(Now());
  task.state = status.state();
  if (row.uuid()) {
    status.set_uuid(uuid::Random(rng_));
    Remember(&task, status);
    Enqueue(status);
  } else {
    SendUpdate(status);
  }
}

absl::StatusOr<std::string> MockMaster::ReplayRowOnMaster(const std::string& row_id) {
  const mesos_conformance::Row* named = settings_.table->FindRow(row_id);
  if (named == nullptr) return absl::NotFoundError("no row " + row_id);
  auto row = RowForFramework(named);
  if (!row.ok()) return row.status();
  int replayed = 0;
  for (auto& [id, task] : tasks_) {
    if (settings_.table->IsTerminal(task.state)) continue;
    SendRowUpdate(**row, id, absl::StrCat(kReplayMessagePrefix, (*row)->id(), ": ", (*row)->trigger()));
    ++replayed;
  }
  if (replayed == 0) return absl::FailedPreconditionError("no live task to replay the row on");
  return (*row)->id();
}

absl::Status MockMaster::InjectAgentFault(const mesos_conformance::AgentFault& fault, int agent) {
  return http::Ask<absl::Status>(*server_, [this, fault, agent]() -> absl::Status {
    const mesos_conformance::Row* named = nullptr;
    for (const auto* candidate : settings_.table->Match(fault.state(), fault.source(), fault.reason())) {
      if (candidate->delivery() == mesos_conformance::TO_FRAMEWORK) {
        named = candidate;
        break;
      }
    }
    if (named == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Mesos ", settings_.table->version(), " has no ", mesos::v1::TaskState_Name(fault.state()),
          " ", TaskStatus::Reason_Name(fault.reason()), " from ",
          TaskStatus::Source_Name(fault.source())));
    }
    auto resolved = std::make_shared<const ResolvedFault>(ResolvedFault{fault, named});
    if (fault.moment() != mesos_conformance::AgentFault::RUNNING_TASK) {
      next_launch_fault_ = resolved;  // the framework may not have subscribed yet
      return absl::OkStatus();
    }
    std::vector<std::string> live = LiveTasks(agent, /*emulated_only=*/true);
    if (live.empty()) return absl::FailedPreconditionError("no live task for the fault");
    return SendFaultUpdate(*resolved, live.front());
  }, absl::DeadlineExceededError("the mock master did not answer"), "mock master");
}

absl::Status MockMaster::SendFaultUpdate(const ResolvedFault& resolved, const std::string& task_id,
                                         const std::string& message) {
  auto row = RowForFramework(resolved.row);
  if (!row.ok()) return row.status();
  std::optional<bool> executor_id;
  if (resolved.fault.has_executor_id()) executor_id = resolved.fault.executor_id();
  SendRowUpdate(**row, task_id, message.empty() ? resolved.fault.message() : message, executor_id);
  return absl::OkStatus();
}

void MockMaster::FailLaunch(const mesos::v1::TaskInfo& info, int agent,
                            const std::shared_ptr<const ResolvedFault>& fault,
                            const std::vector<std::string>& group) {
  if (!RowForFramework(fault->row).ok()) {
    RunTask(info, agent);  // this release has no such update for this framework
    return;
  }
  using Moment = mesos_conformance::AgentFault;
  Agent& target = agents_.at(agent);
  if (fault->fault.moment() == Moment::AGENT_REMOVED_DURING_LAUNCH && !target.removed) {
    Remove(agent);
  }
  if (fault->fault.moment() == Moment::AGENT_DISCONNECTED_DURING_LAUNCH && !target.disconnected) {
    Disconnect(agent);
    server_->PostAfter(settings_.agent_away, [this, agent] { ComeBack(agent); });
  }
  Task& task = tasks_[info.task_id().value()];
  task.info = info;
  task.agent = agent;
  if (fault->fault.moment() == Moment::LOST_LAUNCH) {
    task.lost_launch = fault;  // STAGING until the agent registers again
    return;
  }
  if (fault->fault.moment() == Moment::HELD_IN_MASTER ||
      fault->fault.moment() == Moment::HELD_ON_AGENT) {
    task.held = fault;
    task.group = group;
    if (fault->fault.hold_ms() > 0) {
      server_->PostAfter(milliseconds(fault->fault.hold_ms()),
                         [this, id = info.task_id().value()] { ReleaseHeld(id); });
    }
    return;
  }
  (void)SendFaultUpdate(*fault, info.task_id().value());
}

void MockMaster::ReleaseHeld(const std::string& task_id) {
  auto it = tasks_.find(task_id);
  if (it == tasks_.end() || !it->second.held) return;
  std::shared_ptr<const ResolvedFault> held = std::exchange(it->second.held, nullptr);
  if (settings_.table->IsTerminal(it->second.state)) return;
  for (const std::string& member : it->second.group) {
    if (tasks_.count(member) && tasks_.at(member).killed_while_held) {
      // The group is not launched without it.
      (void)SendFaultUpdate(*held, task_id,
                            "A task within the task group was killed before delivery to the agent");
      return;
    }
  }
  RunTask(it->second.info, it->second.agent);
}

void MockMaster::ReleaseHeldLaunches() {
  RunOnMaster([this] {
    std::vector<std::string> held;
    for (const auto& [id, task] : tasks_) {
      if (task.held) held.push_back(id);
    }
    for (const std::string& id : held) ReleaseHeld(id);
  });
}

void MockMaster::KillHeld(const std::string& task_id) {
  Task& task = tasks_.at(task_id);
  std::shared_ptr<const ResolvedFault> held = std::exchange(task.held, nullptr);
  task.killed_while_held = true;
  (void)SendFaultUpdate(*held, task_id);  // the row exists: checked at launch
  if (held->fault.moment() != mesos_conformance::AgentFault::HELD_ON_AGENT) return;
  // The agent kills every task of a group queued for its executor.
  for (const std::string& member : task.group) {
    auto sibling = tasks_.find(member);
    if (sibling == tasks_.end() || !sibling->second.held) continue;
    sibling->second.held.reset();
    sibling->second.killed_while_held = true;
    (void)SendFaultUpdate(*held, member,
                          "A task within the task group was killed before delivery to the executor");
  }
}

void MockMaster::ReconcileAgent(int agent) {
  // The master names its tasks on the agent; those the agent never got end there.
  for (auto& [id, task] : tasks_) {
    if (task.agent != agent || !task.lost_launch || settings_.table->IsTerminal(task.state)) continue;
    (void)SendFaultUpdate(*task.lost_launch, id);  // the row exists: checked at launch
  }
}

std::map<std::string, TaskState> MockMaster::Tasks() {
  return http::Ask<std::map<std::string, TaskState>>(
      *server_,
      [this] {
        std::map<std::string, TaskState> states;
        for (const auto& [id, task] : tasks_) states[id] = task.state;
        return states;
      },
      {}, "mock master");
}

std::vector<UnacknowledgedUpdate> MockMaster::Unacknowledged() {
  return http::Ask<std::vector<UnacknowledgedUpdate>>(
      *server_, [this] { return updates_.Unacknowledged(); }, {}, "mock master");
}

std::vector<Finding> MockMaster::TakeFindings() {
  return http::Ask<std::vector<Finding>>(
      *server_,
      [this] {
        std::vector<Finding> taken = std::move(findings_);
        findings_.clear();
        trace_.Flush();
        return taken;
      },
      {}, "mock master");
}

}  // namespace mc::master
