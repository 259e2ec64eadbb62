// A suite on GoogleTest (the executor suite, the framework suite): every
// scenario (and checkpointing variant) is registered as a test at run time, so
// --gtest_filter, --gtest_repeat, --gtest_shuffle, sharding (GTEST_TOTAL_SHARDS
// / GTEST_SHARD_INDEX) and JUnit XML (--gtest_output=xml:FILE) work as users
// know them.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "harness/suite/scenario_runner.h"

namespace mc::suite {

// One run of a scenario: its test name, and what it runs with.
struct Variant {
  std::string name;
  bool checkpoint = false;
  std::string row;  // the table row it replays, if any
};

struct SuiteOptions {
  std::string suite_name = "ExecutorSuite";  // the GoogleTest suite
  std::string command = "executor";          // for the report
  std::string subject;                       // the system under test, for the report
  const ExpectationTable* table = nullptr;
  std::vector<mesos_conformance::Scenario> scenarios;
  // The runs of one scenario.
  std::function<std::vector<Variant>(const mesos_conformance::Scenario&)> variants;
  std::function<RunResult(const mesos_conformance::Scenario&, const Variant&)> run;
  // Rows of the table a framework can receive, for the coverage figure; empty
  // for suites that do not replay rows.
  std::vector<std::string> receivable_rows;
  std::string json_report;   // empty: none
  bool strict = false;       // recommended-level findings fail too
  std::vector<std::string> gtest_args;  // passed to GoogleTest (--gtest_*), program name first
};

// Runs the suite; returns the exit code (0 conformant, 1 findings, 2 harness error).
int RunSuite(SuiteOptions options);

}  // namespace mc::suite
