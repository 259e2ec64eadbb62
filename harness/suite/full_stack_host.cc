#include "harness/suite/full_stack_host.h"

#include <csignal>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "harness/suite/task_factory.h"

namespace mc::suite {
namespace {

using agent::Observation;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kStopGrace{1000};

std::string SafeName(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return text;
}

// Tasks that follow the harness's task contract do what the scenario needs.
mesos::v1::TaskInfo ForScenario(mesos::v1::TaskInfo task, mesos_conformance::TaskKind kind,
                                const std::string& sandbox) {
  if (!task.has_labels()) return task;
  for (auto& label : *task.mutable_labels()->mutable_labels()) {
    if (label.key() != kCommandLabel) continue;
    std::string command = ShellCommandFor(kind, sandbox, task.task_id().value());
    label.set_value(command);
    task.set_data(command);
  }
  return task;
}

}  // namespace

FullStackHost::FullStackHost(FullStackConfig config) : config_(std::move(config)) {}

FullStackHost::~FullStackHost() { StopAll(); }

void FullStackHost::StopAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, executor] : executors_) Stop(*executor);
}

FullStackHost::Executor* FullStackHost::Start(const std::string& agent_id,
                                              const mesos::v1::FrameworkInfo& framework,
                                              const mesos::v1::ExecutorInfo& info) {
  auto executor = std::make_unique<Executor>();
  executor->agent_id = agent_id;
  executor->sandbox = absl::StrCat(config_.dir, "/executor.", SafeName(agent_id), ".",
                                   SafeName(info.executor_id().value()));
  std::error_code ignored;
  std::filesystem::create_directories(executor->sandbox, ignored);

  agent::AgentSettings settings;
  settings.agent_id = agent_id;
  settings.framework_id = framework.id().value();
  settings.framework_name = framework.name();
  settings.user = framework.user();
  settings.checkpoint = framework.checkpoint();
  for (const auto& capability : framework.capabilities()) {
    settings.framework_capabilities.push_back(
        mesos::v1::FrameworkInfo::Capability::Type_Name(capability.type()));
  }
  settings.executor_id = info.executor_id().value();
  settings.container_id = absl::StrCat("mc-container-", executors_.size());
  settings.registration_timeout = config_.registration_timeout;
  settings.table = config_.table;
  settings.scenario = config_.scenario;
  settings.trace_file = config_.trace;
  settings.forward = config_.relay;
  auto started = agent::MockAgent::Start(settings);
  if (!started.ok()) {
    errors_.push_back(absl::StrCat("cannot start a mock agent: ", started.status().message()));
    return nullptr;
  }
  executor->agent = std::move(*started);

  process::ChildSpec spec;
  spec.executable = config_.executor.path;
  spec.args = config_.executor.args;
  spec.env = agent::ExecutorEnvironment(executor->agent->settings(), executor->agent->port(),
                                        executor->sandbox);
  spec.working_directory = executor->sandbox;
  spec.stdout_path = executor->sandbox + "/executor.stdout";
  spec.stderr_path = executor->sandbox + "/executor.stderr";
  auto child = process::Child::Spawn(spec);
  if (!child.ok()) {
    errors_.push_back(absl::StrCat("cannot start the executor: ", child.status().message()));
    executor->agent->ExecutorTerminated("the executor could not be started");
    return nullptr;
  }
  executor->child = std::move(*child);
  agent::MockAgent* mock = executor->agent.get();
  executor->exit_notifier = std::make_unique<ExitNotifier>(executor->child->pid(), [mock] {
    mock->observations().Add({Observation::Kind::kExecutorExited, {}, 0, "", Clock::now()});
    mock->ExecutorTerminated("Executor terminated");
  });
  // Mesos destroys a container whose executor does not subscribe in time.
  executor->registration_watch = std::thread([mock, timeout = config_.registration_timeout] {
    auto seen = mock->observations().WaitFor(
        0,
        [](const Observation& o) {
          return o.kind == Observation::Kind::kSubscribe ||
                 o.kind == Observation::Kind::kExecutorExited;
        },
        Clock::now() + timeout);
    if (!seen) mock->RegistrationTimedOut();
  });
  std::string key = agent_id + "/" + info.executor_id().value();
  Executor* raw = executor.get();
  executors_[key] = std::move(executor);
  return raw;
}

void FullStackHost::Stop(Executor& executor) {
  if (!executor.agent) return;
  if (executor.child) {
    executor.child->Signal(SIGTERM);
    auto status = executor.child->Wait(kStopGrace);
    executor.outcome = status ? status->ToString() : executor.child->Kill().ToString();
  }
  // Wakes the registration watch, then no one calls into the agent any more.
  executor.agent->observations().Add({Observation::Kind::kExecutorExited, {}, 0, "", Clock::now()});
  if (executor.registration_watch.joinable()) executor.registration_watch.join();
  executor.exit_notifier.reset();
  executor.child.reset();
  for (Finding& finding : executor.agent->TakeFindings()) findings_.push_back(std::move(finding));
  executor.agent.reset();
}

void FullStackHost::Launch(const std::string& agent_id, const mesos::v1::FrameworkInfo& framework,
                           const mesos::v1::TaskInfo& task) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = agent_id + "/" + task.executor().executor_id().value();
  auto it = executors_.find(key);
  Executor* executor = it != executors_.end() ? it->second.get()
                                              : Start(agent_id, framework, task.executor());
  if (executor == nullptr || !executor->agent) return;
  task_executors_[task.task_id().value()] = executor;
  mesos::v1::TaskInfo delivered = ForScenario(task, config_.task_kind, executor->sandbox);
  delivered.mutable_agent_id()->set_value(agent_id);
  executor->agent->Launch(delivered);
}

void FullStackHost::Kill(const std::string& task_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = task_executors_.find(task_id);
  if (it != task_executors_.end() && it->second->agent) it->second->agent->Kill(task_id, std::nullopt);
}

void FullStackHost::CrashExecutors(const std::string& agent_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, executor] : executors_) {
    if (executor->agent_id == agent_id && executor->child) executor->child->Signal(SIGKILL);
  }
}

void FullStackHost::RestartAgent(const std::string& agent_id, milliseconds unavailable) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, executor] : executors_) {
    if (executor->agent_id == agent_id && executor->agent) executor->agent->Restart(unavailable);
  }
}

std::vector<Finding> FullStackHost::TakeFindings() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Finding> findings = std::move(findings_);
  findings_.clear();
  for (auto& [key, executor] : executors_) {
    if (!executor->agent) continue;
    for (Finding& finding : executor->agent->TakeFindings()) findings.push_back(std::move(finding));
  }
  return findings;
}

std::vector<std::string> FullStackHost::TakeErrors() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(errors_);
}

std::string FullStackHost::Outcomes() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text;
  for (auto& [key, executor] : executors_) {
    absl::StrAppend(&text, text.empty() ? "" : "; ", key, ": ",
                    executor->outcome.empty() ? "running" : executor->outcome);
  }
  return text;
}

}  // namespace mc::suite
