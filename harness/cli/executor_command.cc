#include <iostream>

#include <boost/program_options.hpp>

#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/cli/suite_flags.h"
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
  SuiteFlags flags;
  std::vector<std::string> own = flags.TakeGtestArgs(args, "mesos-conformance executor");
  std::string executor, task_template;
  std::vector<std::string> executor_args, supports;
  bool keep_sandboxes = false;
  po::options_description visible(kExecutorUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("executor", po::value(&executor), "the executor binary under test")
      ("executor-arg", po::value(&executor_args), "an argument for it (repeatable)")
      ("executor-supports", po::value(&supports), "an optional feature it has: health-checks, task-groups (repeatable)")
      ("task-template", po::value(&task_template), "TaskTemplates file (text proto or Mesos JSON) for tasks that succeed, fail, run")
      ("keep-sandboxes", po::bool_switch(&keep_sandboxes), "keep each run's sandbox");
  flags.AddOptions(&visible, "out/executor-suite");
  if (auto done = flags.Parse(own, visible)) return *done;
  if (executor.empty()) return UsageError("executor needs --executor PATH", visible);
  auto inputs = LoadSuiteInputs("executor", flags);
  if (!inputs.ok()) return HarnessError(inputs.status());

  suite::RunConfig config;
  config.table = inputs->table.get();
  config.executor.path = executor;
  config.executor.args = executor_args;
  config.executor.supports.insert(supports.begin(), supports.end());
  if (!task_template.empty()) {
    auto tasks = suite::TaskFactory::FromFile(task_template);
    if (!tasks.ok()) return HarnessError(tasks.status());
    config.tasks = *tasks;
  }
  config.timeout_scale = flags.timeout_scale;
  config.keep_sandboxes = keep_sandboxes;
  config.work_dir = flags.WorkDir("out/executor-suite");

  suite::SuiteOptions options;
  options.table = inputs->table.get();
  options.subject = executor;
  options.scenarios = std::move(inputs->scenarios);
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
  flags.Apply(&options);
  return suite::RunSuite(std::move(options));
}

}  // namespace mc::cli
