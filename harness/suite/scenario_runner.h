// Runs one executor scenario: starts a mock agent, launches the executor under
// test in its own sandbox, replays the scenario's steps and collects findings
// from the agent, from the steps' expectations, and from the rule engine over
// the run's trace.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "conformance/scenario.pb.h"
#include "harness/expectations/table.h"
#include "harness/rules/finding.h"
#include "harness/suite/task_factory.h"

namespace mc::suite {

struct ExecutorUnderTest {
  std::string path;
  std::vector<std::string> args;
  std::set<std::string> supports;  // optional features: health-checks, task-groups
};

struct RunConfig {
  const ExpectationTable* table = nullptr;
  ExecutorUnderTest executor;
  TaskFactory tasks;
  double timeout_scale = 1.0;   // every deadline and agent timeout is multiplied by it
  std::string work_dir;         // each run gets its own folder below
  bool keep_sandboxes = false;
};

struct RunResult {
  std::string name;             // scenario, plus "/checkpoint" or "/no_checkpoint"
  std::string summary;
  bool skipped = false;
  bool harness_error = false;   // skipped because the harness could not run it
  std::string skip_reason;
  std::vector<Finding> findings;
  std::string trace_path;
  std::string executor_exit;    // how the executor ended
  std::string stdout_tail;
  std::string stderr_tail;
  double seconds = 0;
  std::vector<std::string> sent_rows;      // table rows whose updates the run sent
  // Of those, the rows a fault made happen as Mesos does (not a row replay).
  std::vector<std::string> made_rows;
  // Rows the run's framework can receive (its partition awareness and
  // capabilities); empty: unknown, or not a framework run.
  std::vector<std::string> receivable_rows;
};

// The names a scenario runs under: one per checkpointing value it covers.
std::vector<std::pair<std::string, bool>> Variants(const mesos_conformance::Scenario& scenario);

RunResult RunScenario(const mesos_conformance::Scenario& scenario, bool checkpoint,
                      const RunConfig& config);

}  // namespace mc::suite
