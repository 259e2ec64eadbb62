// The full stack: runs the tasks a scheduler gives a custom ExecutorInfo on a
// real executor under a mock agent. The agent's updates go to the mock master
// (and on to the scheduler) through its status update manager; every hop lands
// in the master's trace. Used by the framework runner with --executor.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "conformance/scenario.pb.h"
#include "harness/agent/mock_agent.h"
#include "harness/agent/trace_writer.h"
#include "harness/master/executor_host.h"
#include "harness/process/child.h"
#include "harness/rules/finding.h"
#include "harness/suite/exit_notifier.h"
#include "harness/suite/scenario_runner.h"

namespace mc::suite {

struct FullStackConfig {
  ExecutorUnderTest executor;        // what every custom ExecutorInfo runs
  // Tasks that follow the harness's task contract (the mesos-conformance.command
  // label) get the scenario's command for this kind.
  mesos_conformance::TaskKind task_kind = mesos_conformance::SUCCEEDS;
  const ExpectationTable* table = nullptr;
  std::string scenario;
  std::string dir;                   // each executor's sandbox goes below
  std::chrono::milliseconds registration_timeout{5000};
  std::shared_ptr<agent::TraceFile> trace;
  std::function<void(const mesos::v1::TaskStatus&)> relay;  // to the master
};

class FullStackHost : public master::ExecutorHost {
 public:
  explicit FullStackHost(FullStackConfig config);
  ~FullStackHost() override;  // StopAll()
  FullStackHost(const FullStackHost&) = delete;
  FullStackHost& operator=(const FullStackHost&) = delete;

  void Launch(const std::string& agent_id, const mesos::v1::FrameworkInfo& framework,
              const mesos::v1::TaskInfo& task) override;
  void Kill(const std::string& task_id) override;
  void CrashExecutors(const std::string& agent_id) override;
  void RestartAgent(const std::string& agent_id, std::chrono::milliseconds unavailable) override;

  // Stops every executor (SIGTERM, then SIGKILL), then its agent.
  void StopAll();
  // The agents' findings about the executors, and the host's own troubles
  // (an executor that cannot start), taken once.
  std::vector<Finding> TakeFindings();
  std::vector<std::string> TakeErrors();
  // How each executor ended and the end of its output, for the report.
  std::string Outcomes();

 private:
  struct Executor {
    std::string agent_id;
    std::string sandbox;
    std::unique_ptr<agent::MockAgent> agent;
    std::unique_ptr<process::Child> child;
    std::unique_ptr<ExitNotifier> exit_notifier;
    std::thread registration_watch;
    std::string outcome;
  };

  Executor* Start(const std::string& agent_id, const mesos::v1::FrameworkInfo& framework,
                  const mesos::v1::ExecutorInfo& info);
  void Stop(Executor& executor);

  FullStackConfig config_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Executor>> executors_;  // by agent id/executor id
  std::map<std::string, Executor*> task_executors_;
  std::vector<std::string> errors_;
  std::vector<Finding> findings_;   // of agents stopped already
};

}  // namespace mc::suite
