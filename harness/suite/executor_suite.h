// The executor suite on GoogleTest: every scenario (and checkpointing variant)
// is registered as a test at run time, so --gtest_filter, --gtest_repeat,
// --gtest_shuffle, sharding (GTEST_TOTAL_SHARDS / GTEST_SHARD_INDEX) and JUnit
// XML (--gtest_output=xml:FILE) work as users know them.
#pragma once

#include <string>
#include <vector>

#include "harness/suite/scenario_runner.h"

namespace mc::suite {

struct SuiteOptions {
  RunConfig config;
  std::vector<mesos_conformance::Scenario> scenarios;
  std::string json_report;   // empty: none
  bool strict = false;       // recommended-level findings fail too
  std::vector<std::string> gtest_args;  // passed to GoogleTest (--gtest_*), program name first
};

// Runs the suite; returns the exit code (0 conformant, 1 findings, 2 harness error).
int RunExecutorSuite(SuiteOptions options);

}  // namespace mc::suite
