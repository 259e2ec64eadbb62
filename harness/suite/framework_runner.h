// Runs one framework scenario: starts a mock master, starts the scheduler under
// test from its command line ({master} and {master_url} filled in), replays the
// scenario's faults, and collects findings from the master, from the steps'
// expectations and from the rule engine over the run's trace.
#pragma once

#include <string>

#include "conformance/scenario.pb.h"
#include "harness/expectations/table.h"
#include "harness/suite/executor_suite.h"
#include "harness/suite/scenario_runner.h"

namespace mc::suite {

struct FrameworkRunConfig {
  const ExpectationTable* table = nullptr;
  std::string scheduler;        // command line, e.g. "go-scheduler -master {master_url}"
  // Full stack: tasks with a custom ExecutorInfo run this executor under a
  // mock agent ({executor} in the command line). Empty: executors are emulated.
  ExecutorUnderTest executor;
  double timeout_scale = 1.0;
  std::string work_dir;
};

RunResult RunFrameworkScenario(const mesos_conformance::Scenario& scenario,
                               const FrameworkRunConfig& config, const Variant& variant);

}  // namespace mc::suite
