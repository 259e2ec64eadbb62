#include "harness/suite/task_factory.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "harness/wire/mesos_json.h"

namespace mc::suite {
namespace {

using mesos_conformance::TaskKind;

std::string CommandFor(TaskKind kind, const std::string& marker, const std::string& ready) {
  switch (kind) {
    case mesos_conformance::FAILS: return "exit 3";
    case mesos_conformance::RUNS: return "exec sleep 1000";
    case mesos_conformance::RUNS_GRACEFULLY:
      return absl::StrCat("trap 'touch \"", marker, "\"; exit 0' TERM; touch \"", ready,
                          "\"; sleep 1000 & wait");
    default: return "exit 0";
  }
}

const mesos::v1::TaskInfo* TemplateFor(const mesos_conformance::TaskTemplates& templates,
                                       TaskKind kind) {
  switch (kind) {
    case mesos_conformance::FAILS:
      return templates.has_fails() ? &templates.fails() : nullptr;
    case mesos_conformance::RUNS:
      return templates.has_runs() ? &templates.runs() : nullptr;
    case mesos_conformance::RUNS_GRACEFULLY:
      return templates.has_runs_gracefully() ? &templates.runs_gracefully() : nullptr;
    default:
      return templates.has_succeeds() ? &templates.succeeds() : nullptr;
  }
}

}  // namespace

std::string ShellCommandFor(TaskKind kind, const std::string& sandbox, const std::string& task_id) {
  return CommandFor(kind, GracefulStopMarker(sandbox, task_id), ReadyMarker(sandbox, task_id));
}

std::string GracefulStopMarker(const std::string& sandbox, const std::string& task_id) {
  return absl::StrCat(sandbox, "/", task_id, ".sigterm");
}

std::string ReadyMarker(const std::string& sandbox, const std::string& task_id) {
  return absl::StrCat(sandbox, "/", task_id, ".ready");
}

absl::StatusOr<TaskFactory> TaskFactory::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read task templates ", path));
  std::stringstream text;
  text << in.rdbuf();
  TaskFactory factory;
  std::string contents = text.str();
  size_t first = contents.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && contents[first] == '{') {
    mesos_json::ParseOptions options;
    options.require_initialized = false;
    absl::Status parsed = mesos_json::Parse(contents, &factory.templates_, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", parsed.message()));
    }
  } else if (!google::protobuf::TextFormat::ParseFromString(contents, &factory.templates_)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a TaskTemplates text proto"));
  }
  return factory;
}

mesos::v1::TaskInfo TaskFactory::Build(const std::string& task_id,
                                       const mesos_conformance::Launch& launch,
                                       const std::string& agent_id,
                                       const std::string& sandbox) const {
  mesos::v1::TaskInfo task;
  const mesos::v1::TaskInfo* user = launch.has_command() ? nullptr
                                                         : TemplateFor(templates_, launch.kind());
  if (user != nullptr) {
    task = *user;
  } else {
    std::string command = launch.has_command()
                              ? launch.command()
                              : CommandFor(launch.kind(), GracefulStopMarker(sandbox, task_id),
                                           ReadyMarker(sandbox, task_id));
    task.set_data(command);
    auto* label = task.mutable_labels()->add_labels();
    label->set_key(kCommandLabel);
    label->set_value(command);
    auto* cpus = task.add_resources();
    cpus->set_name("cpus");
    cpus->set_type(mesos::v1::Value::SCALAR);
    cpus->mutable_scalar()->set_value(0.1);
  }
  task.mutable_task_id()->set_value(task_id);
  task.mutable_agent_id()->set_value(agent_id);
  if (!task.has_name()) task.set_name(task_id);
  if (launch.has_kill_grace_ms()) {
    task.mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(
        static_cast<int64_t>(launch.kill_grace_ms()) * 1000000);
  }
  if (launch.has_health_command()) {
    auto* health = task.mutable_health_check();
    health->set_type(mesos::v1::HealthCheck::COMMAND);
    health->mutable_command()->set_value(launch.health_command());
    health->set_delay_seconds(0);
    health->set_interval_seconds(0.2);
    health->set_grace_period_seconds(0);
    health->set_timeout_seconds(2);
  }
  return task;
}

}  // namespace mc::suite
