#include "harness/suite/framework_runner.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>

#include <boost/program_options/parsers.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "harness/master/agent_faults.h"
#include "harness/master/mock_master.h"
#include "harness/process/child.h"
#include "harness/process/strays.h"
#include "harness/rules/catalog.h"
#include "harness/rules/engine.h"
#include "harness/suite/exit_notifier.h"
#include "harness/suite/full_stack_host.h"
#include "harness/suite/trace_check.h"
#include "harness/trace/reader.h"

namespace mc::suite {
namespace {

namespace fs = std::filesystem;
using master::MasterObservation;
using master::MockMaster;
using mesos::v1::scheduler::Call;
using mesos_conformance::Scenario;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kSlack{1500};
// A scheduler that dies of the last event is gone within this bound.
constexpr milliseconds kAliveWindow{100};
// How long a disconnected agent stays away.
constexpr milliseconds kAgentAway{500};

using Kind = MasterObservation::Kind;

class FrameworkRun {
 public:
  FrameworkRun(const Scenario& scenario, const FrameworkRunConfig& config, std::string row,
               RunResult* result)
      : scenario_(scenario), config_(config), row_(std::move(row)), result_(result) {}
  void Execute();

 private:
  milliseconds Scaled(milliseconds value) const {
    return milliseconds(static_cast<int64_t>(value.count() * config_.timeout_scale));
  }
  milliseconds Deadline(uint32_t within_ms) const {
    return Scaled(milliseconds(within_ms ? within_ms : scenario_.step_deadline_ms()));
  }
  void Find(const std::string& rule, std::string seen, std::string expected) {
    result_->findings.push_back(MakeFinding(RuleCatalog::Builtin(), rule, "scenario step",
                                            HopName(Hop::kSchedulerToMaster), result_->name, "",
                                            std::move(seen), std::move(expected)));
  }
  bool Spawn();
  // Table rows the updates the master sent stand for, for the coverage figure.
  void CollectCoveredRows();
  void StartFullStack();
  void StopFullStack();
  void Step(const mesos_conformance::Step& step);
  void ExpectLaunches(const mesos_conformance::ExpectLaunches& expect);
  void ExpectAcknowledged(const mesos_conformance::ExpectRule& expect);
  void ExpectStarted(const mesos_conformance::ExpectRule& expect);
  void ExpectReplacements(const mesos_conformance::ExpectLaunches& expect);
  void ExpectKillReturning(const mesos_conformance::ExpectRule& expect);
  // Waits for the next observation that `wanted` (or the scheduler's exit)
  // after `*from`; false at the deadline or on the exit.
  // Waits, after a disconnect or a restart, until the agent is back.
  void AwaitAgentBack(size_t from, milliseconds away);
  bool WaitForNext(size_t* from, const std::function<bool(const MasterObservation&)>& wanted,
                   Clock::time_point deadline);
  void ExpectResubscribe(const mesos_conformance::ExpectRule& expect);
  void ExpectReconcile(const mesos_conformance::ExpectRule& expect);
  bool Exited() const;

  const Scenario& scenario_;
  const FrameworkRunConfig& config_;
  std::string row_;
  RunResult* result_;
  std::string dir_;
  std::unique_ptr<MockMaster> master_;
  std::unique_ptr<FullStackHost> full_stack_;
  std::unique_ptr<process::Child> child_;
  std::unique_ptr<ExitNotifier> exit_notifier_;
  size_t disruption_ = 0;  // observations before the last failover or ERROR
  std::vector<std::string> returned_;  // tasks back from a partition
  bool stranded_ = false;
};

bool FrameworkRun::Spawn() {
  std::string port = std::to_string(master_->port());
  std::string line = absl::StrReplaceAll(config_.scheduler,
                                         {{"{master_url}", "http://127.0.0.1:" + port},
                                          {"{master}", "127.0.0.1:" + port},
                                          {"{executor}", config_.executor.path}});
  std::vector<std::string> words = boost::program_options::split_unix(line);
  if (words.empty()) {
    result_->harness_error = true;
    result_->skip_reason = "an empty --scheduler command line";
    return false;
  }
  process::ChildSpec spec;
  spec.executable = words[0];
  spec.args.assign(words.begin() + 1, words.end());
  for (const char* name : {"PATH", "HOME", "LANG"}) {
    if (const char* value = std::getenv(name)) spec.env[name] = value;
  }
  spec.env["MESOS_MASTER"] = "127.0.0.1:" + port;
  spec.env["MESOS_MASTER_URL"] = "http://127.0.0.1:" + port;
  if (!config_.executor.path.empty()) spec.env["MESOS_CONFORMANCE_EXECUTOR"] = config_.executor.path;
  spec.working_directory = dir_;
  spec.stdout_path = dir_ + "/scheduler.stdout";
  spec.stderr_path = dir_ + "/scheduler.stderr";
  auto child = process::Child::Spawn(spec);
  if (!child.ok()) {
    result_->skipped = result_->harness_error = true;
    result_->skip_reason = absl::StrCat("cannot start the scheduler: ", child.status().message());
    return false;
  }
  child_ = std::move(*child);
  exit_notifier_ = std::make_unique<ExitNotifier>(
      child_->pid(), [this] { master_->log().Add({Kind::kSchedulerExited}); });
  return true;
}

void FrameworkRun::CollectCoveredRows() {
  bool subscribed = false, partition_aware = false, task_killing = false;
  // Rows are told apart as a framework tells them: by state, source and
  // reason. A replay_row step's update is sent, not made by a fault.
  std::set<std::string> rows(result_->sent_rows.begin(), result_->sent_rows.end()), made;
  for (const MasterObservation& seen : master_->log().Snapshot()) {
    if (seen.kind == Kind::kSubscribe) {
      subscribed = true;
      partition_aware = task_killing = false;
      for (const auto& capability : seen.call.subscribe().framework_info().capabilities()) {
        using Capability = mesos::v1::FrameworkInfo::Capability;
        if (capability.type() == Capability::PARTITION_AWARE) partition_aware = true;
        if (capability.type() == Capability::TASK_KILLING_STATE) task_killing = true;
      }
    }
    if (seen.kind != Kind::kUpdateSent) continue;
    const mesos::v1::TaskStatus& status = seen.status;
    std::optional<mesos::v1::TaskStatus::Reason> reason;
    if (status.has_reason()) reason = status.reason();
    for (const mesos_conformance::Row* row : config_.table->Match(status.state(), status.source(), reason)) {
      if (row->delivery() != mesos_conformance::TO_FRAMEWORK) continue;
      if (row->audience() == (partition_aware ? mesos_conformance::NOT_PARTITION_AWARE_ONLY
                                              : mesos_conformance::PARTITION_AWARE_ONLY)) {
        continue;
      }
      rows.insert(row->id());
      if (!master::IsReplay(status)) made.insert(row->id());
    }
  }
  result_->sent_rows.assign(rows.begin(), rows.end());
  result_->made_rows.assign(made.begin(), made.end());
  result_->receivable_rows.clear();
  if (!subscribed) return;
  for (const auto& row : config_.table->proto().rows()) {
    if (row.delivery() != mesos_conformance::TO_FRAMEWORK) continue;
    if (row.audience() == (partition_aware ? mesos_conformance::NOT_PARTITION_AWARE_ONLY
                                           : mesos_conformance::PARTITION_AWARE_ONLY)) {
      continue;
    }
    if (!row.any_state() && config_.table->NeedsTaskKillingCapability(row.states(0)) && !task_killing) {
      continue;
    }
    result_->receivable_rows.push_back(row.id());
  }
}

void FrameworkRun::StartFullStack() {
  FullStackConfig stack;
  stack.executor = config_.executor;
  stack.task_kind = scenario_.emulated_tasks();
  stack.table = config_.table;
  stack.scenario = result_->name;
  stack.dir = dir_;
  if (scenario_.agent_flags().has_registration_timeout_ms()) {
    stack.registration_timeout = milliseconds(scenario_.agent_flags().registration_timeout_ms());
  }
  stack.registration_timeout = Scaled(stack.registration_timeout);
  stack.trace = master_->trace_file();
  MockMaster* master = master_.get();
  stack.relay = [master](const mesos::v1::TaskStatus& status) { master->RelayUpdate(status); };
  full_stack_ = std::make_unique<FullStackHost>(std::move(stack));
  master_->UseExecutorHost(full_stack_.get());
}

void FrameworkRun::StopFullStack() {
  if (!full_stack_) return;
  full_stack_->StopAll();
  master_->UseExecutorHost(nullptr);
  for (Finding& finding : full_stack_->TakeFindings()) {
    result_->findings.push_back(std::move(finding));
  }
  for (const std::string& error : full_stack_->TakeErrors()) {
    result_->harness_error = true;
    result_->skip_reason = error;
  }
  std::string outcomes = full_stack_->Outcomes();
  if (!outcomes.empty()) absl::StrAppend(&result_->executor_exit, "; executors: ", outcomes);
  full_stack_.reset();
}

bool FrameworkRun::Exited() const {
  for (const MasterObservation& seen : master_->log().Snapshot()) {
    if (seen.kind == Kind::kSchedulerExited) return true;
  }
  return false;
}

void FrameworkRun::ExpectLaunches(const mesos_conformance::ExpectLaunches& expect) {
  auto launched = [this] {
    size_t count = 0;
    for (const MasterObservation& seen : master_->log().Snapshot()) {
      if (seen.kind != Kind::kCall || seen.call.type() != Call::ACCEPT) continue;
      for (const auto& operation : seen.call.accept().operations()) {
        count += operation.launch().task_infos_size() +
                 operation.launch_group().task_group().tasks_size();
      }
    }
    return count;
  };
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  size_t from = 0;
  while (launched() < expect.count()) {
    auto next = master_->log().WaitFor(
        from,
        [](const MasterObservation& seen) {
          return (seen.kind == Kind::kCall && seen.call.type() == Call::ACCEPT) ||
                 seen.kind == Kind::kSchedulerExited;
        },
        deadline);
    if (!next || master_->log().At(*next).kind == Kind::kSchedulerExited) {
      Find(expect.rule(), absl::StrCat(launched(), " tasks launched"),
           absl::StrCat(expect.count(), " tasks launched on the offers"));
      stranded_ = true;
      return;
    }
    from = *next + 1;
  }
}

void FrameworkRun::ExpectAcknowledged(const mesos_conformance::ExpectRule& expect) {
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  size_t from = master_->log().Size();
  for (;;) {
    auto pending = master_->Unacknowledged();
    if (pending.empty()) return;
    auto next = master_->log().WaitFor(
        from,
        [](const MasterObservation& seen) {
          return (seen.kind == Kind::kCall && seen.call.type() == Call::ACKNOWLEDGE) ||
                 seen.kind == Kind::kUpdateSent || seen.kind == Kind::kSchedulerExited;
        },
        deadline);
    if (!next || master_->log().At(*next).kind == Kind::kSchedulerExited) {
      const auto& first = pending.front().status;
      Find(expect.rule(),
           absl::StrCat(pending.size(), " updates with a uuid unacknowledged, e.g. ",
                        mesos::v1::TaskState_Name(first.state()), " of task ",
                        first.task_id().value(), " sent ", pending.front().sends, " times"),
           "an ACKNOWLEDGE for every update with a uuid");
      return;
    }
    from = *next + 1;
  }
}

void FrameworkRun::ExpectStarted(const mesos_conformance::ExpectRule& expect) {
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  size_t from = master_->log().Size();
  for (;;) {
    std::vector<std::string> staging;
    for (const auto& [id, state] : master_->Tasks()) {
      if (state == mesos::v1::TASK_STAGING) staging.push_back(id);
    }
    if (staging.empty()) return;
    bool more = WaitForNext(
        &from, [](const MasterObservation& seen) { return seen.kind == Kind::kUpdateSent; }, deadline);
    if (!more) {
      Find(expect.rule(),
           absl::StrCat(staging.size(), " tasks still TASK_STAGING, e.g. ", staging.front()),
           "every launched task started (TASK_RUNNING or later)");
      stranded_ = true;
      return;
    }
  }
}

void FrameworkRun::AwaitAgentBack(size_t from, milliseconds away) {
  // What follows the fault (lost tasks, offers) comes once the agent is back.
  if (!WaitForNext(&from, [](const MasterObservation& seen) { return seen.kind == Kind::kAgentBack; },
                   Clock::now() + away + Scaled(kSlack)) &&
      !Exited()) {  // a scheduler that died is reported as such
    result_->harness_error = true;
    result_->skip_reason = "the mock master did not bring the agent back";
  }
}

bool FrameworkRun::WaitForNext(size_t* from,
                               const std::function<bool(const MasterObservation&)>& wanted,
                               Clock::time_point deadline) {
  auto next = master_->log().WaitFor(
      *from,
      [&wanted](const MasterObservation& seen) {
        return wanted(seen) || seen.kind == Kind::kSchedulerExited;
      },
      deadline);
  if (!next || master_->log().At(*next).kind == Kind::kSchedulerExited) return false;
  *from = *next + 1;
  return true;
}

void FrameworkRun::ExpectReplacements(const mesos_conformance::ExpectLaunches& expect) {
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  size_t from = master_->log().Size();
  auto live = [this] {
    uint32_t count = 0;
    for (const auto& [id, state] : master_->Tasks()) {
      if (!config_.table->IsTerminal(state) && state != mesos::v1::TASK_UNREACHABLE) ++count;
    }
    return count;
  };
  while (live() < expect.count()) {
    bool more = WaitForNext(
        &from,
        [](const MasterObservation& seen) {
          return seen.kind == Kind::kUpdateSent ||
                 (seen.kind == Kind::kCall && seen.call.type() == Call::ACCEPT);
        },
        deadline);
    if (!more) {
      Find(expect.rule(), absl::StrCat(live(), " tasks live after the loss"),
           absl::StrCat(expect.count(), " tasks live: a replacement for every task lost"));
      stranded_ = true;  // later steps build on the replacements
      return;
    }
  }
}

void FrameworkRun::ExpectKillReturning(const mesos_conformance::ExpectRule& expect) {
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  std::set<std::string> waiting(returned_.begin(), returned_.end());
  size_t from = 0;
  while (!waiting.empty()) {
    for (const MasterObservation& seen : master_->log().Snapshot()) {
      if (seen.kind == Kind::kCall && seen.call.type() == Call::KILL) {
        waiting.erase(seen.call.kill().task_id().value());
      }
    }
    if (waiting.empty()) return;
    bool more = WaitForNext(
        &from,
        [](const MasterObservation& seen) {
          return seen.kind == Kind::kCall && seen.call.type() == Call::KILL;
        },
        deadline);
    if (!more) {
      Find(expect.rule(),
           absl::StrCat("task ", *waiting.begin(),
                        " came back TASK_RUNNING after it was replaced, and was not killed"),
           "a KILL for every task that returns after its replacement");
      return;
    }
  }
}

void FrameworkRun::ExpectResubscribe(const mesos_conformance::ExpectRule& expect) {
  auto found = master_->log().WaitFor(
      disruption_,
      [](const MasterObservation& seen) {
        return seen.kind == Kind::kSubscribe || seen.kind == Kind::kSchedulerExited;
      },
      Clock::now() + Deadline(expect.within_ms()));
  if (!found || master_->log().At(*found).kind == Kind::kSchedulerExited) {
    Find(expect.rule(),
         absl::StrCat("no new SUBSCRIBE within ", Deadline(expect.within_ms()).count(), " ms",
                      found ? " (the scheduler exited)" : ""),
         "a SUBSCRIBE with the framework's id");
    stranded_ = true;
    return;
  }
  const Call& call = master_->log().At(*found).call;
  if (call.subscribe().framework_info().id().value() != master_->settings().master_id + "-0000") {
    Find(expect.rule(), "a SUBSCRIBE without the framework's id (a new framework)",
         "a SUBSCRIBE with the framework's id");
  }
}

void FrameworkRun::ExpectReconcile(const mesos_conformance::ExpectRule& expect) {
  size_t last_subscribe = 0;
  auto log = master_->log().Snapshot();
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].kind == Kind::kSubscribe) last_subscribe = i;
  }
  auto found = master_->log().WaitFor(
      last_subscribe,
      [](const MasterObservation& seen) {
        return seen.kind == Kind::kCall && seen.call.type() == Call::RECONCILE;
      },
      Clock::now() + Deadline(expect.within_ms()));
  if (!found) {
    Find(expect.rule(), "no RECONCILE after subscribing again", "a RECONCILE of its tasks");
  }
}

void FrameworkRun::Step(const mesos_conformance::Step& step) {
  using S = mesos_conformance::Step;
  switch (step.action_case()) {
    case S::kExpectLaunches: ExpectLaunches(step.expect_launches()); break;
    case S::kExpectAcknowledged: ExpectAcknowledged(step.expect_acknowledged()); break;
    case S::kFailOver:
      disruption_ = master_->log().Size();
      master_->FailOver();
      break;
    case S::kSendError:
      disruption_ = master_->log().Size();
      master_->SendError(step.send_error());
      break;
    case S::kStopHeartbeats:
      disruption_ = master_->log().Size();
      master_->StopHeartbeats();
      break;
    case S::kInvalidateNextAccept: master_->InvalidateNextAccept(); break;
    case S::kPartitionAgent: master_->PartitionAgent(static_cast<int>(step.partition_agent())); break;
    case S::kCrashExecutors: master_->CrashExecutors(static_cast<int>(step.crash_executors())); break;
    case S::kRepeatNextUpdate: master_->RepeatNextUpdate(); break;
    case S::kReplayRow: {
      auto replayed = master_->ReplayRow(row_);
      if (!replayed.ok()) {
        result_->skipped = true;
        result_->skip_reason = std::string(replayed.status().message());
        stranded_ = true;
      } else {
        result_->sent_rows.push_back(*replayed);
      }
      break;
    }
    case S::kExpectStarted: ExpectStarted(step.expect_started()); break;
    case S::kRemoveAgent: master_->RemoveAgent(static_cast<int>(step.remove_agent())); break;
    case S::kDisconnectAgent: {
      size_t from = master_->log().Size();
      master_->DisconnectAgent(static_cast<int>(step.disconnect_agent()), Scaled(kAgentAway));
      AwaitAgentBack(from, Scaled(kAgentAway));
      break;
    }
    case S::kRestartAgent: {
      size_t from = master_->log().Size();
      milliseconds unavailable = Scaled(milliseconds(step.restart_agent().unavailable_ms()));
      master_->RestartAgent(static_cast<int>(step.restart_agent().agent()), unavailable,
                            step.restart_agent().executors_lost());
      AwaitAgentBack(from, unavailable);
      break;
    }
    case S::kAgentFault: {
      const auto* fault = master::FindAgentFault(step.agent_fault());  // checked when loaded
      absl::Status injected = master_->InjectAgentFault(*fault, 0);
      if (!injected.ok()) {
        result_->skipped = true;
        result_->skip_reason = std::string(injected.message());
        stranded_ = true;
      }
      break;
    }
    case S::kDenyNextLaunch: {
      mesos::v1::TaskStatus::Source source;
      if (mesos::v1::TaskStatus::Source_Parse(step.deny_next_launch(), &source)) {
        master_->DenyNextLaunch(source);
      }
      break;
    }
    case S::kReleaseHeldLaunches: master_->ReleaseHeldLaunches(); break;
    case S::kReregisterAgent:
      returned_ = master_->ReregisterAgent(static_cast<int>(step.reregister_agent()));
      break;
    case S::kSendFutureReason:
      if (!master_->SendFutureReason()) {
        result_->skipped = true;
        result_->skip_reason = "no reason is newer than Mesos " + config_.table->version();
        stranded_ = true;
      }
      break;
    case S::kExpectReplacements: ExpectReplacements(step.expect_replacements()); break;
    case S::kExpectKillReturning: ExpectKillReturning(step.expect_kill_returning()); break;
    case S::kExpectResubscribe: ExpectResubscribe(step.expect_resubscribe()); break;
    case S::kExpectReconcile: ExpectReconcile(step.expect_reconcile()); break;
    case S::kExpectAlive: {
      auto status = child_->Wait(Scaled(kAliveWindow));
      if (status) {
        Find("scheduler.no-crash", absl::StrCat("the scheduler exited (", status->ToString(), ")"),
             "the scheduler keeps running");
        stranded_ = true;
      }
      break;
    }
    default: break;  // executor-suite steps mean nothing here
  }
}

void FrameworkRun::Execute() {
  dir_ = absl::StrCat(config_.work_dir, "/", result_->name);
  std::replace(dir_.begin() + config_.work_dir.size() + 1, dir_.end(), '/', '.');
  std::error_code error;
  fs::remove_all(dir_, error);
  fs::create_directories(dir_, error);
  result_->trace_path = dir_ + "/trace.jsonl";

  master::MasterSettings settings;
  settings.table = config_.table;
  settings.scenario = result_->name;
  settings.trace_path = result_->trace_path;
  if (scenario_.agent_flags().has_heartbeat_interval_ms()) {
    settings.heartbeat_interval = milliseconds(scenario_.agent_flags().heartbeat_interval_ms());
  }
  settings.heartbeat_interval = Scaled(settings.heartbeat_interval);
  if (scenario_.agent_flags().has_agents()) settings.agents = static_cast<int>(scenario_.agent_flags().agents());
  switch (scenario_.emulated_tasks()) {
    case mesos_conformance::FAILS: settings.task_outcome = master::MasterSettings::TaskOutcome::kFails; break;
    case mesos_conformance::RUNS:
    case mesos_conformance::RUNS_GRACEFULLY:
      settings.task_outcome = master::MasterSettings::TaskOutcome::kRuns;
      break;
    default: break;
  }
  auto started = MockMaster::Start(settings);
  if (!started.ok()) {
    result_->skipped = result_->harness_error = true;
    result_->skip_reason = absl::StrCat("cannot start the mock master: ", started.status().message());
    return;
  }
  master_ = std::move(*started);
  if (!config_.executor.path.empty()) StartFullStack();
  if (Spawn()) {
    for (const auto& step : scenario_.steps()) {
      if (stranded_) break;
      Step(step);
    }
    if (!stranded_ && Exited()) {
      auto status = child_->Wait(milliseconds(0));
      Find("scheduler.no-crash",
           absl::StrCat("the scheduler exited (", status ? status->ToString() : "unknown", ")"),
           "the scheduler keeps running");
    }
    child_->Signal(SIGTERM);
    auto status = child_->Wait(Scaled(kSlack));
    result_->executor_exit = status ? status->ToString() : child_->Kill().ToString();
    result_->stdout_tail = child_->StdoutTail(2048);
    result_->stderr_tail = child_->StderrTail(2048);
    exit_notifier_.reset();
    child_.reset();
  }
  StopFullStack();
  process::KillStrayChildren(kSlack);
  CollectCoveredRows();
  for (Finding& finding : master_->TakeFindings()) result_->findings.push_back(std::move(finding));
  master_.reset();
  CheckRunTrace(*config_.table, result_);
}

}  // namespace

RunResult RunFrameworkScenario(const Scenario& scenario, const FrameworkRunConfig& config,
                               const Variant& variant) {
  RunResult result;
  result.name = variant.name;
  result.summary = scenario.summary();
  auto start = Clock::now();
  FrameworkRun(scenario, config, variant.row, &result).Execute();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace mc::suite
