// Builds the TaskInfo of a scenario's launch step, per the harness's task
// contract: the work is a shell command carried as TaskInfo.data and in the
// "mesos-conformance.command" label; user templates (--task-template) replace
// the built-in ones.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "conformance/scenario.pb.h"
#include "mesos/v1/mesos.pb.h"

namespace mc::suite {

inline constexpr char kCommandLabel[] = "mesos-conformance.command";

class TaskFactory {
 public:
  TaskFactory() = default;
  // Reads templates from a text-format or Mesos JSON TaskTemplates file.
  static absl::StatusOr<TaskFactory> FromFile(const std::string& path);

  // `sandbox` is where RUNS_GRACEFULLY tasks note their SIGTERM.
  mesos::v1::TaskInfo Build(const std::string& task_id, const mesos_conformance::Launch& launch,
                            const std::string& agent_id, const std::string& sandbox) const;

 private:
  mesos_conformance::TaskTemplates templates_;
};

// The built-in shell command of a task of `kind`.
std::string ShellCommandFor(mesos_conformance::TaskKind kind, const std::string& sandbox,
                            const std::string& task_id);

// Where a RUNS_GRACEFULLY task notes that it got SIGTERM, and that its trap is set.
std::string GracefulStopMarker(const std::string& sandbox, const std::string& task_id);
std::string ReadyMarker(const std::string& sandbox, const std::string& task_id);

}  // namespace mc::suite
