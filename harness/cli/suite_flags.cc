#include "harness/cli/suite_flags.h"

#include <filesystem>
#include <iostream>

#include "absl/strings/match.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/suite/scenarios.h"

namespace mc::cli {

namespace po = boost::program_options;

std::vector<std::string> SuiteFlags::TakeGtestArgs(const std::vector<std::string>& args,
                                                   const std::string& program) {
  std::vector<std::string> own;
  gtest_args = {program};
  for (const std::string& arg : args) {
    (absl::StartsWith(arg, "--gtest_") ? gtest_args : own).push_back(arg);
  }
  return own;
}

void SuiteFlags::AddOptions(po::options_description* options,
                            const std::string& default_work_dir) {
  options->add_options()
      ("mesos-version", po::value(&version)->default_value(version), "the Mesos version to behave as")
      ("scenario", po::value(&glob), "run only scenarios whose name matches this shell pattern (several: separated by ':')")
      ("json-report", po::value(&json_report), "write the JSON report (verdict, findings, traces) here")
      ("junit", po::value(&junit), "write JUnit XML here")
      ("timeout-scale", po::value(&timeout_scale)->default_value(1.0), "multiply every deadline and mock timeout")
      ("strict", po::bool_switch(&strict), "recommended-level findings fail too")
      ("work-dir", po::value(&work_dir), ("where runs keep traces (default " + default_work_dir + ")").c_str())
      ("scenarios", po::value(&scenarios_dir), "read scenarios from DIR instead of the built-in ones")
      ("expectations", po::value(&expectations_dir), "read tables from DIR/mesos-<version>/");
}

std::optional<int> SuiteFlags::Parse(const std::vector<std::string>& args,
                                     const po::options_description& visible) {
  po::variables_map vm;
  if (!ParseOptions(args, visible, po::options_description(), po::positional_options_description(),
                    &vm)) {
    return kUsageOrHarnessError;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kConformant;
  }
  if (timeout_scale <= 0) return UsageError("--timeout-scale must be positive", visible);
  return std::nullopt;
}

std::string SuiteFlags::WorkDir(const std::string& default_work_dir) const {
  return std::filesystem::absolute(work_dir.empty() ? default_work_dir : work_dir).string();
}

void SuiteFlags::Apply(suite::SuiteOptions* options) const {
  options->json_report = json_report;
  options->strict = strict;
  options->gtest_args = gtest_args;
  if (!junit.empty()) options->gtest_args.push_back("--gtest_output=xml:" + junit);
}

absl::StatusOr<SuiteInputs> LoadSuiteInputs(const std::string& suite, const SuiteFlags& flags) {
  auto table = ExpectationTable::Load(flags.version, flags.expectations_dir);
  if (!table.ok()) return table.status();
  auto scenarios = suite::LoadScenarios(suite, flags.glob, flags.scenarios_dir);
  if (!scenarios.ok()) return scenarios.status();
  if (scenarios->empty()) {
    return absl::NotFoundError("no scenario matches --scenario " + flags.glob);
  }
  return SuiteInputs{std::move(*table), std::move(*scenarios)};
}

}  // namespace mc::cli
