// What the suite commands (executor, framework) share: their common options,
// the GoogleTest pass-through, and loading the table and the scenarios.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "absl/status/statusor.h"
#include "conformance/scenario.pb.h"
#include "harness/expectations/table.h"
#include "harness/suite/executor_suite.h"

namespace mc::cli {

struct SuiteFlags {
  std::string version = "1.4";
  std::string glob;
  std::string json_report;
  std::string junit;
  std::string work_dir;
  std::string scenarios_dir;
  std::string expectations_dir;
  double timeout_scale = 1.0;
  bool strict = false;
  std::vector<std::string> gtest_args;  // program name first

  // Takes the --gtest_* arguments aside; returns the command's own.
  std::vector<std::string> TakeGtestArgs(const std::vector<std::string>& args,
                                         const std::string& program);
  void AddOptions(boost::program_options::options_description* options,
                  const std::string& default_work_dir);
  // The absolute work directory (the default when none was given).
  std::string WorkDir(const std::string& default_work_dir) const;
  // Parses `args` against `visible` (which AddOptions filled). Returns the exit
  // code when the command is done already (--help, a usage error).
  std::optional<int> Parse(const std::vector<std::string>& args,
                           const boost::program_options::options_description& visible);
  // Fills the report, strictness and GoogleTest parts of `options`.
  void Apply(suite::SuiteOptions* options) const;
};

struct SuiteInputs {
  std::unique_ptr<ExpectationTable> table;
  std::vector<mesos_conformance::Scenario> scenarios;
};

// The table of --mesos-version and the suite's scenarios that match --scenario;
// an error when there is no scenario to run.
absl::StatusOr<SuiteInputs> LoadSuiteInputs(const std::string& suite, const SuiteFlags& flags);

}  // namespace mc::cli
