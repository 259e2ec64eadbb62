#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include <boost/program_options.hpp>

#include "absl/strings/str_cat.h"
#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/cli/suite_flags.h"
#include "harness/expectations/table.h"
#include "harness/suite/executor_suite.h"
#include "harness/suite/framework_runner.h"

namespace mc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kFrameworkUsage[] =
    "usage: mesos-conformance framework --scheduler \"COMMAND LINE\" [options] [--gtest_* ...]\n"
    "\n"
    "Certifies a framework's scheduler: a mock Mesos master with simulated agents\n"
    "serves it offers, runs its tasks with an emulated command executor, replays\n"
    "faults (failover, ERROR, partitions, crashes, invalid offers...) and checks\n"
    "what the scheduler does. In the command line {master} becomes 127.0.0.1:PORT and\n"
    "{master_url} http://127.0.0.1:PORT; MESOS_MASTER and MESOS_MASTER_URL are set too.\n"
    "With --executor PATH it certifies the framework and its executor together (the\n"
    "full stack): tasks with a custom ExecutorInfo run PATH under a mock agent, and\n"
    "every hop from the executor to the scheduler and back is checked. {executor}\n"
    "and MESOS_CONFORMANCE_EXECUTOR give the scheduler PATH.\n"
    "\n"
    "Options";

}  // namespace

int RunFramework(const std::vector<std::string>& args) {
  SuiteFlags flags;
  std::vector<std::string> own = flags.TakeGtestArgs(args, "mesos-conformance framework");
  std::string scheduler, executor, profile = "protocol";
  std::vector<std::string> executor_args;
  po::options_description visible(kFrameworkUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("scheduler", po::value(&scheduler), "the scheduler's command line")
      ("executor", po::value(&executor), "full stack: the custom executor the framework's tasks run")
      ("executor-arg", po::value(&executor_args), "an argument for it (repeatable)")
      ("profile", po::value(&profile), "protocol (the v1 API), or marathon (adds Marathon's task handling: replacements, killing returning tasks)");
  flags.AddOptions(&visible, "out/framework-suite");
  if (auto done = flags.Parse(own, visible)) return *done;
  if (scheduler.empty()) return UsageError("framework needs --scheduler \"COMMAND LINE\"", visible);
  if (profile != "protocol" && profile != "marathon") {
    return UsageError("--profile is protocol or marathon, not " + profile, visible);
  }
  auto inputs = LoadSuiteInputs("framework", flags);
  if (!inputs.ok()) return HarnessError(inputs.status());
  // Profile marathon adds its scenarios to the protocol's.
  auto& scenarios = inputs->scenarios;
  scenarios.erase(std::remove_if(scenarios.begin(), scenarios.end(),
                                 [&profile](const mesos_conformance::Scenario& scenario) {
                                   return scenario.profile() != "protocol" && scenario.profile() != profile;
                                 }),
                  scenarios.end());
  if (scenarios.empty()) return HarnessError(absl::NotFoundError("no scenario of profile " + profile + " matches --scenario"));
  const ExpectationTable* table = inputs->table.get();

  suite::FrameworkRunConfig config;
  config.table = table;
  config.scheduler = scheduler;
  if (!executor.empty()) {
    config.executor.path = std::filesystem::absolute(executor).string();
    config.executor.args = executor_args;
  }
  config.timeout_scale = flags.timeout_scale;
  config.work_dir = flags.WorkDir("out/framework-suite");

  suite::SuiteOptions options;
  options.suite_name = "FrameworkSuite";
  options.command = "framework";
  options.subject = executor.empty() ? scheduler : scheduler + " with executor " + executor;
  options.table = table;
  options.scenarios = std::move(inputs->scenarios);
  // Row replays run last, and only for rows no fault scenario made happen.
  std::stable_partition(options.scenarios.begin(), options.scenarios.end(),
                        [](const mesos_conformance::Scenario& scenario) { return !scenario.for_each_row(); });
  for (const auto& row : table->proto().rows()) {
    if (row.delivery() == mesos_conformance::TO_FRAMEWORK) options.receivable_rows.push_back(row.id());
  }
  options.variants = [table](const mesos_conformance::Scenario& scenario) {
    if (!scenario.for_each_row()) return std::vector<suite::Variant>{{scenario.name(), false, ""}};
    std::vector<suite::Variant> variants;
    for (const auto& row : table->proto().rows()) {
      if (row.delivery() != mesos_conformance::TO_FRAMEWORK) continue;
      variants.push_back({scenario.name() + "/" + row.id(), false, row.id()});
    }
    return variants;
  };
  auto made_by = std::make_shared<std::map<std::string, std::string>>();  // row -> run
  options.run = [config, made_by](const mesos_conformance::Scenario& scenario,
                                  const suite::Variant& variant) {
    auto made = made_by->find(variant.row);
    if (!variant.row.empty() && made != made_by->end()) {
      suite::RunResult covered;
      covered.name = variant.name;
      covered.summary = scenario.summary();
      covered.skipped = true;
      covered.skip_reason = absl::StrCat("row ", variant.row, " was made as Mesos makes it by ",
                                         made->second, ": no replay needed");
      return covered;
    }
    suite::RunResult result = suite::RunFrameworkScenario(scenario, config, variant);
    for (const std::string& row : result.made_rows) made_by->emplace(row, result.name);
    return result;
  };
  flags.Apply(&options);
  return suite::RunSuite(std::move(options));
}

}  // namespace mc::cli
