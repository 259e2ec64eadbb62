#include "harness/suite/scenario_runner.h"

#include "harness/suite/exit_notifier.h"
#include "harness/suite/trace_check.h"
#include "harness/suite/file_wait.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/agent/mock_agent.h"
#include "harness/process/child.h"
#include "harness/process/strays.h"
#include "harness/rules/catalog.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc::suite {
namespace {

namespace fs = std::filesystem;
using agent::MockAgent;
using agent::Observation;
using mesos_conformance::Scenario;
using mesos_conformance::Step;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Room for the harness's own latency on top of a Mesos deadline.
constexpr milliseconds kSlack{1500};
constexpr milliseconds kAliveWindow{300};
constexpr milliseconds kExitGrace{500};

class Run {
 public:
  Run(const Scenario& scenario, bool checkpoint, const RunConfig& config, RunResult* result)
      : scenario_(scenario), checkpoint_(checkpoint), config_(config), result_(result) {}

  void Execute();

 private:
  milliseconds Scaled(milliseconds value) const {
    return milliseconds(static_cast<int64_t>(value.count() * config_.timeout_scale));
  }
  milliseconds Deadline(uint32_t within_ms) const {
    return Scaled(milliseconds(within_ms ? within_ms : scenario_.step_deadline_ms()));
  }
  agent::AgentSettings Settings() const;
  void Find(const std::string& rule, const std::string& task, std::string seen,
            std::string expected);
  bool SpawnExecutor();
  bool AwaitFirstSubscribe();
  void Step(const mesos_conformance::Step& step);
  void ExpectState(const mesos_conformance::ExpectState& expect);
  void ExpectSubscribe(const mesos_conformance::ExpectSubscribe& expect);
  void ExpectExit(milliseconds within, const std::string& rule);
  void Launch(const mesos_conformance::Launch& launch);
  void ExecutorGone(const process::ExitStatus& status);
  void TearDown();
  std::string SeenStates(const std::string& task_id) const;
  // Whether a required-level fault was found already: an exit that follows one
  // is not reported again as a crash.
  bool HasRequiredFinding();

  const Scenario& scenario_;
  bool checkpoint_;
  const RunConfig& config_;
  RunResult* result_;
  std::string dir_, sandbox_;
  std::unique_ptr<MockAgent> agent_;
  std::unique_ptr<process::Child> child_;
  std::unique_ptr<ExitNotifier> exit_notifier_;  // after child_: stops before it goes
  std::set<std::string> missed_tasks_;  // tasks with a missed expectation: no cascades
  bool executor_gone_ = false;
  bool stranded_ = false;  // the executor lost its connection for good
  bool exit_expected_ = false;  // the scenario ends the executor (SHUTDOWN, crash...)
  size_t disruption_ = 0;  // observations before the last stream break or restart
};

agent::AgentSettings Run::Settings() const {
  agent::AgentSettings settings;
  settings.checkpoint = checkpoint_;
  settings.scenario = result_->name;
  settings.table = config_.table;
  settings.trace_path = result_->trace_path;
  for (const std::string& capability : scenario_.framework_capabilities()) {
    settings.framework_capabilities.push_back(capability);
  }
  const auto& flags = scenario_.agent_flags();
  auto pick = [&](bool has, uint32_t value, milliseconds fallback) {
    return Scaled(has ? milliseconds(value) : fallback);
  };
  settings.registration_timeout =
      pick(flags.has_registration_timeout_ms(), flags.registration_timeout_ms(),
           settings.registration_timeout);
  settings.reregistration_timeout =
      pick(flags.has_reregistration_timeout_ms(), flags.reregistration_timeout_ms(),
           settings.reregistration_timeout);
  settings.shutdown_grace_period =
      pick(flags.has_shutdown_grace_period_ms(), flags.shutdown_grace_period_ms(),
           settings.shutdown_grace_period);
  settings.recovery_timeout = pick(flags.has_recovery_timeout_ms(), flags.recovery_timeout_ms(),
                                   settings.recovery_timeout);
  settings.subscription_backoff_max =
      pick(flags.has_subscription_backoff_max_ms(), flags.subscription_backoff_max_ms(),
           settings.subscription_backoff_max);
  return settings;
}

void Run::Find(const std::string& rule, const std::string& task, std::string seen,
               std::string expected) {
  result_->findings.push_back(MakeFinding(RuleCatalog::Builtin(), rule, "scenario step",
                                          HopName(Hop::kExecutorToAgent), result_->name, task,
                                          std::move(seen), std::move(expected)));
}

bool Run::HasRequiredFinding() {
  for (const Finding& finding : result_->findings) {
    if (finding.level == mesos_conformance::REQUIRED) return true;
  }
  return agent_->HasRequiredFindings();
}

std::string Run::SeenStates(const std::string& task_id) const {
  std::vector<std::string> states;
  for (const Observation& seen : agent_->observations().Snapshot()) {
    if (seen.kind == Observation::Kind::kUpdate &&
        seen.call.update().status().task_id().value() == task_id) {
      states.push_back(mesos::v1::TaskState_Name(seen.call.update().status().state()));
    }
  }
  return states.empty() ? "no update at all" : "updates " + absl::StrJoin(states, ", ");
}

void Run::Launch(const mesos_conformance::Launch& launch) {
  std::string agent_id = agent_->settings().agent_id;
  if (launch.group_task_ids_size() == 0) {
    agent_->Launch(config_.tasks.Build(launch.task_id(), launch, agent_id, sandbox_));
    return;
  }
  mesos::v1::TaskGroupInfo group;
  *group.add_tasks() = config_.tasks.Build(launch.task_id(), launch, agent_id, sandbox_);
  for (const std::string& id : launch.group_task_ids()) {
    *group.add_tasks() = config_.tasks.Build(id, launch, agent_id, sandbox_);
  }
  agent_->LaunchGroup(group);
}

bool Run::SpawnExecutor() {
  process::ChildSpec spec;
  spec.executable = config_.executor.path;
  spec.args = config_.executor.args;
  spec.env = agent::ExecutorEnvironment(agent_->settings(), agent_->port(), sandbox_);
  spec.working_directory = sandbox_;
  spec.stdout_path = dir_ + "/executor.stdout";
  spec.stderr_path = dir_ + "/executor.stderr";
  auto child = process::Child::Spawn(spec);
  if (!child.ok()) {
    result_->skipped = result_->harness_error = true;
    result_->skip_reason = absl::StrCat("cannot start the executor: ", child.status().message());
    return false;
  }
  child_ = std::move(*child);
  exit_notifier_ = std::make_unique<ExitNotifier>(child_->pid(), [this] {
    agent_->observations().Add(
        {Observation::Kind::kExecutorExited, {}, 0, "", Clock::now()});
  });
  return true;
}

bool Run::AwaitFirstSubscribe() {
  auto deadline = Clock::now() + agent_->settings().registration_timeout;
  auto seen = agent_->observations().WaitFor(
      0,
      [](const Observation& o) {
        return o.kind == Observation::Kind::kSubscribe ||
               o.kind == Observation::Kind::kExecutorExited;
      },
      deadline);
  if (seen && agent_->observations().At(*seen).kind == Observation::Kind::kSubscribe) return true;
  if (seen) {
    // It exited before subscribing: the agent fails its tasks (EXECUTOR_TERMINATED).
    auto status = child_->Wait(milliseconds(0));
    if (!scenario_.expect_exit() && !HasRequiredFinding()) {
      Find("executor.no-crash", "",
           absl::StrCat("the executor exited before subscribing (",
                        status ? status->ToString() : "unknown", ")"),
           "the executor subscribes and runs until it is told to shut down");
    }
    ExecutorGone(status ? *status : child_->Kill());
    return false;
  }
  agent_->RegistrationTimedOut();
  if (child_->Running()) ExecutorGone(child_->Kill());
  return false;
}

void Run::ExecutorGone(const process::ExitStatus& status) {
  if (executor_gone_) return;
  executor_gone_ = true;
  result_->executor_exit = status.ToString();
  agent_->ExecutorTerminated(status.ToString());
}

void Run::ExpectState(const mesos_conformance::ExpectState& expect) {
  if (missed_tasks_.count(expect.task_id())) return;  // one miss per task explains the rest
  std::set<std::string> wanted(expect.states().begin(), expect.states().end());
  auto matches = [&](const Observation& seen) {
    if (seen.kind == Observation::Kind::kExecutorExited) return true;
    if (seen.kind != Observation::Kind::kUpdate) return false;
    const mesos::v1::TaskStatus& status = seen.call.update().status();
    if (status.task_id().value() != expect.task_id()) return false;
    if (!wanted.count(mesos::v1::TaskState_Name(status.state()))) return false;
    if (expect.has_reason() &&
        (!status.has_reason() ||
         mesos::v1::TaskStatus::Reason_Name(status.reason()) != expect.reason())) {
      return false;
    }
    return !expect.has_healthy() || (status.has_healthy() && status.healthy() == expect.healthy());
  };
  auto deadline = Clock::now() + Deadline(expect.within_ms());
  auto found = agent_->observations().WaitFor(0, matches, deadline);
  if (found && agent_->observations().At(*found).kind == Observation::Kind::kExecutorExited) {
    // Calls the executor made just before it exited may still be in flight.
    auto grace = std::min(deadline, Clock::now() + Scaled(kExitGrace));
    auto late = agent_->observations().WaitFor(
        0,
        [&](const Observation& seen) {
          return seen.kind != Observation::Kind::kExecutorExited && matches(seen);
        },
        grace);
    if (late) found = late;
  }
  std::string want = absl::StrJoin(expect.states(), " or ");
  if (expect.has_reason()) absl::StrAppend(&want, " with ", expect.reason());
  if (expect.has_healthy()) absl::StrAppend(&want, expect.healthy() ? ", healthy" : ", unhealthy");
  bool exited = found && agent_->observations().At(*found).kind ==
                               Observation::Kind::kExecutorExited;
  if (!found || exited) {
    missed_tasks_.insert(expect.task_id());
    Find(expect.rule(), expect.task_id(),
         exited ? absl::StrCat(SeenStates(expect.task_id()), ", then the executor exited")
                : absl::StrCat(SeenStates(expect.task_id()), " within ",
                               Deadline(expect.within_ms()).count(), " ms"),
         absl::StrCat(want, " for task ", expect.task_id()));
    return;
  }
  std::set<std::string> never(expect.never_states().begin(), expect.never_states().end());
  if (never.empty()) return;
  auto observations = agent_->observations().Snapshot();
  for (size_t i = 0; i < *found; ++i) {
    const Observation& seen = observations[i];
    if (seen.kind != Observation::Kind::kUpdate) continue;
    const auto& status = seen.call.update().status();
    std::string state = mesos::v1::TaskState_Name(status.state());
    if (status.task_id().value() == expect.task_id() && never.count(state)) {
      Find(expect.rule(), expect.task_id(), absl::StrCat(state, " before ", want),
           absl::StrCat(want, " without ", absl::StrJoin(expect.never_states(), " or "),
                        " before it"));
      return;
    }
  }
}

void Run::ExpectSubscribe(const mesos_conformance::ExpectSubscribe& expect) {
  auto found = agent_->observations().WaitFor(
      disruption_,
      [](const Observation& o) {
        return o.kind == Observation::Kind::kSubscribe ||
               o.kind == Observation::Kind::kExecutorExited;
      },
      Clock::now() + Deadline(expect.within_ms()));
  if (found && agent_->observations().At(*found).kind == Observation::Kind::kExecutorExited) {
    found.reset();
  }
  if (!found) {
    Find(expect.rule(), "",
         absl::StrCat("no new SUBSCRIBE within ", Deadline(expect.within_ms()).count(), " ms",
                      child_->Running() ? "" : " (the executor exited)"),
         "a new SUBSCRIBE");
    stranded_ = true;  // nothing later can reach the executor
    return;
  }
  Observation subscribe = agent_->observations().At(*found);
  std::set<std::string> listed;
  for (const auto& update : subscribe.call.subscribe().unacknowledged_updates()) {
    listed.insert(update.status().task_id().value());
  }
  for (const std::string& task : expect.unacknowledged_update_tasks()) {
    if (!listed.count(task)) {
      Find("executor.ack-retention", task,
           absl::StrCat("SUBSCRIBE with ", subscribe.call.subscribe().unacknowledged_updates_size(),
                        " unacknowledged updates, none for task ", task),
           absl::StrCat("the unacknowledged update of task ", task, " in unacknowledged_updates"));
    }
  }
}

void Run::ExpectExit(milliseconds within, const std::string& rule) {
  auto status = child_->Wait(within);
  if (!status) {
    Find(rule, "", absl::StrCat("the executor still runs after ", within.count(), " ms"),
         "the executor exits");
    ExecutorGone(child_->Kill());
    return;
  }
  ExecutorGone(*status);
}

void Run::Step(const mesos_conformance::Step& step) {
  using S = mesos_conformance::Step;
  switch (step.action_case()) {
    case S::kLaunch: Launch(step.launch()); break;
    case S::kExpectState: ExpectState(step.expect_state()); break;
    case S::kKill: {
      std::optional<int64_t> grace;
      if (step.kill().has_grace_ms()) {
        grace = static_cast<int64_t>(Scaled(milliseconds(step.kill().grace_ms())).count()) * 1000000;
      }
      agent_->Kill(step.kill().task_id(), grace);
      break;
    }
    case S::kMessage: agent_->SendMessage(step.message()); break;
    case S::kExpectMessage: {
      const std::string& data = step.expect_message().data();
      auto found = agent_->observations().WaitFor(
          0,
          [&](const Observation& o) {
            return o.kind == Observation::Kind::kMessage && o.call.message().data() == data;
          },
          Clock::now() + Deadline(step.expect_message().within_ms()));
      if (!found) {
        Find(step.expect_message().rule(), "", "no MESSAGE call with the framework message's bytes",
             "the executor echoes the framework message");
      }
      break;
    }
    case S::kShutdown:
      exit_expected_ = true;
      agent_->Shutdown();
      break;
    case S::kExpectExit:
      ExpectExit(step.expect_exit().has_within_ms() ? Deadline(step.expect_exit().within_ms())
                                                    : agent_->settings().shutdown_grace_period + kSlack,
                 step.expect_exit().rule());
      break;
    case S::kCrashExecutor:
      exit_expected_ = true;
      ExecutorGone(child_->Kill());
      break;
    case S::kBreakStream:
      disruption_ = agent_->observations().Size();
      agent_->BreakStream();
      break;
    case S::kExpectSubscribe: ExpectSubscribe(step.expect_subscribe()); break;
    case S::kRestartAgent:
      disruption_ = agent_->observations().Size();
      agent_->Restart(Scaled(milliseconds(step.restart_agent().unavailable_ms())));
      break;
    case S::kDropAcks: agent_->DropAcks(step.drop_acks()); break;
    case S::kDelayAcksMs: agent_->DelayAcks(Scaled(milliseconds(step.delay_acks_ms()))); break;
    case S::kRepeatNextEvent: agent_->RepeatNextEvent(); break;
    case S::kKillBeforeDelivery: {
      mesos_conformance::Launch launch;
      launch.set_task_id(step.kill_before_delivery());
      agent_->KillBeforeDelivery(config_.tasks.Build(step.kill_before_delivery(), launch,
                                                     agent_->settings().agent_id, sandbox_));
      break;
    }
    case S::kExpectAlive: {
      // An executor that dies of the last event closes within this bound.
      auto status = child_->Wait(Scaled(kAliveWindow));
      if (status) {
        Find("executor.no-crash", "", absl::StrCat("the executor exited (", status->ToString(), ")"),
             "the executor keeps running");
        ExecutorGone(*status);
      }
      break;
    }
    case S::kExpectGracefulStop: {
      const auto& expect = step.expect_graceful_stop();
      if (!fs::exists(GracefulStopMarker(sandbox_, expect.task_id()))) {
        Find(expect.rule(), expect.task_id(), "the task never saw SIGTERM (no graceful stop)",
             "SIGTERM first, SIGKILL only after the grace period");
      }
      break;
    }
    case S::kAwaitTaskReady:
      if (!WaitForFile(ReadyMarker(sandbox_, step.await_task_ready()),
                       Deadline(0))) {
        Find("executor.launch-running", step.await_task_ready(),
             "the task's command never started (no ready marker in the sandbox)",
             "the executor runs the task's command in MESOS_SANDBOX");
        missed_tasks_.insert(step.await_task_ready());
      }
      break;
    case S::ACTION_NOT_SET: break;
  }
}

void Run::TearDown() {
  if (!child_ || executor_gone_) return;
  if (!child_->Running()) {
    auto status = child_->Wait(milliseconds(0));
    // An unexpected exit is the explanation of last resort.
    if (!scenario_.expect_exit() && !HasRequiredFinding()) {
      Find("executor.no-crash", "",
           absl::StrCat("the executor exited during the scenario (",
                        status ? status->ToString() : "unknown", ")"),
           "the executor runs until it is told to shut down");
    }
    if (status) ExecutorGone(*status);
    return;
  }
  if (stranded_ || !agent_->StreamOpen()) {
    ExecutorGone(child_->Kill());  // a SHUTDOWN could not reach it
    return;
  }
  agent_->Shutdown();
  auto status = child_->Wait(agent_->settings().shutdown_grace_period + kSlack);
  ExecutorGone(status ? *status : child_->Kill());
}

void Run::Execute() {
  dir_ = absl::StrCat(config_.work_dir, "/", result_->name);
  std::replace(dir_.begin() + config_.work_dir.size() + 1, dir_.end(), '/', '.');
  sandbox_ = dir_ + "/sandbox";
  std::error_code error;
  fs::remove_all(dir_, error);
  fs::create_directories(sandbox_, error);
  result_->trace_path = dir_ + "/trace.jsonl";

  auto started = MockAgent::Start(Settings());
  if (!started.ok()) {
    result_->skipped = result_->harness_error = true;
    result_->skip_reason = absl::StrCat("cannot start the mock agent: ", started.status().message());
    return;
  }
  agent_ = std::move(*started);

  // A Mesos agent starts an executor for tasks it already holds.
  int first = 0;
  // Faults armed before the executor starts apply from its first call on.
  for (; first < scenario_.steps_size(); ++first) {
    switch (scenario_.steps(first).action_case()) {
      case mesos_conformance::Step::kLaunch:
      case mesos_conformance::Step::kKillBeforeDelivery:
      case mesos_conformance::Step::kDropAcks:
      case mesos_conformance::Step::kDelayAcksMs:
      case mesos_conformance::Step::kRepeatNextEvent:
        Step(scenario_.steps(first));
        continue;
      default:
        break;
    }
    break;
  }
  if (!SpawnExecutor()) return;
  if (!scenario_.await_subscribe() || AwaitFirstSubscribe()) {
    exit_expected_ = scenario_.expect_exit();
    for (int i = first; i < scenario_.steps_size() && !stranded_; ++i) {
      if (!executor_gone_ && !scenario_.steps(i).has_expect_exit() && !child_->Running()) {
        auto status = child_->Wait(milliseconds(0));
        // An unexpected exit is the explanation of last resort.
        if (!exit_expected_ && !HasRequiredFinding()) {
          Find("executor.no-crash", "",
               absl::StrCat("the executor exited during the scenario (",
                            status ? status->ToString() : "unknown", ")"),
               "the executor runs until it is told to shut down");
        }
        if (status) ExecutorGone(*status);
      }
      // After an exit only expectations on what was already seen make sense.
      if (executor_gone_ && !exit_expected_) break;
      Step(scenario_.steps(i));
    }
  }
  TearDown();
  result_->stdout_tail = child_->StdoutTail(2048);
  result_->stderr_tail = child_->StderrTail(2048);
  exit_notifier_.reset();
  child_.reset();
  // Tasks the executor started in groups of their own: the agent would destroy
  // the container; the harness, their subreaper, kills them.
  process::KillStrayChildren(kSlack);
  for (Finding& finding : agent_->TakeFindings()) result_->findings.push_back(std::move(finding));
  agent_.reset();  // flushes the trace
  CheckRunTrace(*config_.table, result_);
  if (!config_.keep_sandboxes) fs::remove_all(sandbox_, error);
}

}  // namespace

std::vector<std::pair<std::string, bool>> Variants(const Scenario& scenario) {
  switch (scenario.checkpointing()) {
    case mesos_conformance::ON: return {{scenario.name(), true}};
    case mesos_conformance::OFF: return {{scenario.name(), false}};
    default:
      return {{scenario.name() + "/checkpoint", true}, {scenario.name() + "/no_checkpoint", false}};
  }
}

RunResult RunScenario(const Scenario& scenario, bool checkpoint, const RunConfig& config) {
  RunResult result;
  result.name = scenario.name() + (scenario.checkpointing() == mesos_conformance::BOTH
                                       ? (checkpoint ? "/checkpoint" : "/no_checkpoint")
                                       : "");
  result.summary = scenario.summary();
  for (const std::string& feature : scenario.needs()) {
    if (!config.executor.supports.count(feature)) {
      result.skipped = true;
      result.skip_reason =
          absl::StrCat("the executor does not declare --executor-supports ", feature);
      return result;
    }
  }
  auto start = Clock::now();
  Run(scenario, checkpoint, config, &result).Execute();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace mc::suite
