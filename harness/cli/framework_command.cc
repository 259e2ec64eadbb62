#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "absl/strings/match.h"
#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/expectations/table.h"
#include "harness/suite/executor_suite.h"
#include "harness/suite/framework_runner.h"
#include "harness/suite/scenarios.h"

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
    "\n"
    "Options";

}  // namespace

int RunFramework(const std::vector<std::string>& args) {
  std::vector<std::string> own, gtest_args = {"mesos-conformance framework"};
  for (const std::string& arg : args) {
    (absl::StartsWith(arg, "--gtest_") ? gtest_args : own).push_back(arg);
  }
  std::string scheduler, version = "1.4", glob, json_report, junit, work_dir, scenarios_dir,
                         expectations_dir;
  double timeout_scale = 1.0;
  bool strict = false;
  po::options_description visible(kFrameworkUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("scheduler", po::value(&scheduler), "the scheduler's command line")
      ("mesos-version", po::value(&version)->default_value(version), "the Mesos version to behave as")
      ("scenario", po::value(&glob), "run only scenarios whose name matches this shell pattern")
      ("json-report", po::value(&json_report), "write the JSON report (verdict, findings, traces) here")
      ("junit", po::value(&junit), "write JUnit XML here")
      ("timeout-scale", po::value(&timeout_scale)->default_value(1.0), "multiply every deadline")
      ("strict", po::bool_switch(&strict), "recommended-level findings fail too")
      ("work-dir", po::value(&work_dir), "where runs keep traces (default out/framework-suite)")
      ("scenarios", po::value(&scenarios_dir), "read scenarios from DIR instead of the built-in ones")
      ("expectations", po::value(&expectations_dir), "read tables from DIR/mesos-<version>/");
  po::variables_map vm;
  if (!ParseOptions(own, visible, po::options_description(), po::positional_options_description(),
                    &vm)) {
    return kUsageOrHarnessError;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kConformant;
  }
  if (scheduler.empty()) return UsageError("framework needs --scheduler \"COMMAND LINE\"", visible);
  if (timeout_scale <= 0) return UsageError("--timeout-scale must be positive", visible);
  auto table = ExpectationTable::Load(version, expectations_dir);
  if (!table.ok()) return HarnessError(table.status());
  auto scenarios = suite::LoadScenarios("framework", glob, scenarios_dir);
  if (!scenarios.ok()) return HarnessError(scenarios.status());
  if (scenarios->empty()) return HarnessError("no scenario matches --scenario " + glob);

  suite::FrameworkRunConfig config;
  config.table = table->get();
  config.scheduler = scheduler;
  config.timeout_scale = timeout_scale;
  config.work_dir =
      std::filesystem::absolute(work_dir.empty() ? "out/framework-suite" : work_dir).string();

  suite::SuiteOptions options;
  options.suite_name = "FrameworkSuite";
  options.command = "framework";
  options.subject = scheduler;
  options.table = table->get();
  options.scenarios = std::move(*scenarios);
  const ExpectationTable* loaded = table->get();
  for (const auto& row : loaded->proto().rows()) {
    if (row.delivery() == mesos_conformance::TO_FRAMEWORK) options.receivable_rows.push_back(row.id());
  }
  options.variants = [loaded](const mesos_conformance::Scenario& scenario) {
    std::vector<suite::Variant> variants;
    if (!scenario.for_each_row()) return std::vector<suite::Variant>{{scenario.name(), false, ""}};
    for (const auto& row : loaded->proto().rows()) {
      if (row.delivery() != mesos_conformance::TO_FRAMEWORK) continue;
      variants.push_back({scenario.name() + "/" + row.id(), false, row.id()});
    }
    return variants;
  };
  options.run = [config](const mesos_conformance::Scenario& scenario,
                         const suite::Variant& variant) {
    return suite::RunFrameworkScenario(scenario, config, variant);
  };
  options.json_report = json_report;
  options.strict = strict;
  if (!junit.empty()) gtest_args.push_back("--gtest_output=xml:" + junit);
  options.gtest_args = gtest_args;
  return suite::RunSuite(std::move(options));
}

}  // namespace mc::cli
