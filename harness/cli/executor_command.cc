#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "absl/strings/match.h"
#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/expectations/table.h"
#include "harness/suite/executor_suite.h"
#include "harness/suite/scenarios.h"

namespace mc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kExecutorUsage[] =
    "usage: mesos-conformance executor --executor PATH [options] [--gtest_* ...]\n"
    "\n"
    "Certifies an executor: a mock Mesos agent launches it and replays the executor\n"
    "suite's scenarios (normal work and faults), then checks every call and update.\n"
    "GoogleTest flags (--gtest_filter=ExecutorSuite.kill*, --gtest_repeat, --gtest_shuffle,\n"
    "--gtest_list_tests) pass through; GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX shard the run.\n"
    "\n"
    "Options";

}  // namespace

int RunExecutor(const std::vector<std::string>& args) {
  std::vector<std::string> own, gtest_args = {"mesos-conformance executor"};
  for (const std::string& arg : args) {
    (absl::StartsWith(arg, "--gtest_") ? gtest_args : own).push_back(arg);
  }
  std::string executor, version = "1.4", glob, task_template, json_report, junit, work_dir,
                        scenarios_dir, expectations_dir;
  std::vector<std::string> executor_args, supports;
  double timeout_scale = 1.0;
  bool keep_sandboxes = false, strict = false;

  po::options_description visible(kExecutorUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("executor", po::value(&executor), "the executor binary under test")
      ("executor-arg", po::value(&executor_args), "an argument for it (repeatable)")
      ("executor-supports", po::value(&supports), "an optional feature it has: health-checks, task-groups (repeatable)")
      ("mesos-version", po::value(&version)->default_value(version), "the Mesos version to behave as")
      ("scenario", po::value(&glob), "run only scenarios whose name matches this shell pattern")
      ("task-template", po::value(&task_template), "TaskTemplates file (text proto or Mesos JSON) for tasks that succeed, fail, run")
      ("json-report", po::value(&json_report), "write the JSON report (verdict, findings, traces) here")
      ("junit", po::value(&junit), "write JUnit XML here")
      ("keep-sandboxes", po::bool_switch(&keep_sandboxes), "keep each run's sandbox")
      ("timeout-scale", po::value(&timeout_scale)->default_value(1.0), "multiply every deadline and agent timeout")
      ("strict", po::bool_switch(&strict), "recommended-level findings fail too")
      ("work-dir", po::value(&work_dir), "where runs keep traces and sandboxes (default out/executor-suite)")
      ("scenarios", po::value(&scenarios_dir), "read scenarios from DIR instead of the built-in ones")
      ("expectations", po::value(&expectations_dir), "read tables from DIR/mesos-<version>/");
  po::variables_map vm;
  if (!ParseOptions(own, visible, po::options_description(), po::positional_options_description(), &vm)) {
    return kUsageOrHarnessError;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kConformant;
  }
  if (executor.empty()) return UsageError("executor needs --executor PATH", visible);
  if (timeout_scale <= 0) return UsageError("--timeout-scale must be positive", visible);

  auto table = ExpectationTable::Load(version, expectations_dir);
  if (!table.ok()) return HarnessError(table.status());
  auto scenarios = suite::LoadScenarios("executor", glob, scenarios_dir);
  if (!scenarios.ok()) return HarnessError(scenarios.status());
  if (scenarios->empty()) return HarnessError("no scenario matches --scenario " + glob);

  suite::RunConfig config;
  config.table = table->get();
  config.executor.path = executor;
  config.executor.args = executor_args;
  config.executor.supports.insert(supports.begin(), supports.end());
  if (!task_template.empty()) {
    auto tasks = suite::TaskFactory::FromFile(task_template);
    if (!tasks.ok()) return HarnessError(tasks.status());
    config.tasks = *tasks;
  }
  config.timeout_scale = timeout_scale;
  config.keep_sandboxes = keep_sandboxes;
  config.work_dir =
      std::filesystem::absolute(work_dir.empty() ? "out/executor-suite" : work_dir).string();

  suite::SuiteOptions options;
  options.table = table->get();
  options.subject = executor;
  options.scenarios = std::move(*scenarios);
  options.variants = [](const mesos_conformance::Scenario& scenario) {
    std::vector<suite::Variant> variants;
    for (const auto& [name, checkpoint] : suite::Variants(scenario)) {
      variants.push_back({name, checkpoint, ""});
    }
    return variants;
  };
  options.run = [config](const mesos_conformance::Scenario& scenario,
                         const suite::Variant& variant) {
    return suite::RunScenario(scenario, variant.checkpoint, config);
  };
  options.json_report = json_report;
  options.strict = strict;
  if (!junit.empty()) gtest_args.push_back("--gtest_output=xml:" + junit);
  options.gtest_args = gtest_args;
  return suite::RunSuite(std::move(options));
}

}  // namespace mc::cli
