#include "harness/suite/executor_suite.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/process/strays.h"
#include "harness/rules/catalog.h"
#include "harness/suite/table_coverage.h"

namespace mc::suite {
namespace {

std::string Describe(const Finding& finding) {
  std::string text = absl::StrCat(finding.rule_id, " [", LevelName(finding.level), "] ",
                                  finding.where);
  if (!finding.task_id.empty()) absl::StrAppend(&text, " task ", finding.task_id);
  absl::StrAppend(&text, "\n     seen:     ", finding.seen, "\n     expected: ", finding.expected);
  return text;
}

// Results of the scenarios that ran, in order; filled by the tests.
struct Results {
  std::mutex mutex;
  std::vector<RunResult> runs;
};

class ScenarioTest : public ::testing::Test {
 public:
  ScenarioTest(const mesos_conformance::Scenario* scenario, Variant variant,
               const SuiteOptions* options, Results* results)
      : scenario_(scenario), variant_(std::move(variant)), options_(options), results_(results) {}

  void TestBody() override {
    RunResult result = options_->run(*scenario_, variant_);
    RecordProperty("summary", result.summary);
    RecordProperty("findings", static_cast<int>(result.findings.size()));
    RecordProperty("trace", result.trace_path);
    {
      std::lock_guard<std::mutex> lock(results_->mutex);
      results_->runs.push_back(result);
    }
    if (result.harness_error) FAIL() << "harness error: " << result.skip_reason;
    if (result.skipped) GTEST_SKIP() << result.skip_reason;
    for (const Finding& finding : result.findings) {
      bool fails = finding.level == mesos_conformance::REQUIRED || options_->strict;
      if (fails) {
        ADD_FAILURE() << Describe(finding);
      } else {
        std::cout << "WARN " << Describe(finding) << "\n";
      }
    }
    if (HasFailure()) {
      std::cout << "     trace: " << result.trace_path << "\n";
      if (!result.stderr_tail.empty()) {
        std::cout << "     executor stderr (tail):\n" << result.stderr_tail << "\n";
      }
    }
  }

 private:
  const mesos_conformance::Scenario* scenario_;
  Variant variant_;
  const SuiteOptions* options_;
  Results* results_;
};

nlohmann::ordered_json TraceLines(const std::string& path) {
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto parsed = nlohmann::ordered_json::parse(line, nullptr, false);
    lines.push_back(parsed.is_discarded() ? nlohmann::ordered_json(line) : parsed);
  }
  return lines;
}

void WriteJsonReport(const SuiteOptions& options, const std::vector<RunResult>& runs,
                     const char* verdict, int exit_code) {
  nlohmann::ordered_json report;
  report["tool"] = "mesos-conformance";
  report["command"] = options.command;
  report["verdict"] = verdict;
  report["exit_code"] = exit_code;
  report["mesos_version"] = options.table->version();
  report["subject"] = options.subject;
  std::map<std::string, uint64_t> counts;
  auto& findings = report["findings"] = nlohmann::ordered_json::array();
  auto& scenarios = report["scenarios"] = nlohmann::ordered_json::array();
  for (const RunResult& run : runs) {
    for (const Finding& finding : run.findings) {
      ++counts[finding.rule_id];
      findings.push_back({{"rule", finding.rule_id}, {"level", LevelName(finding.level)},
                          {"scenario", finding.scenario}, {"task", finding.task_id},
                          {"where", finding.where}, {"hop", finding.hop},
                          {"seen", finding.seen}, {"expected", finding.expected}});
    }
    scenarios.push_back({{"name", run.name},
                         {"summary", run.summary},
                         {"outcome", run.skipped ? (run.harness_error ? "error" : "skipped")
                                                 : run.findings.empty() ? "passed" : "findings"},
                         {"skip_reason", run.skip_reason},
                         {"seconds", run.seconds},
                         {"findings", run.findings.size()},
                         {"executor_exit", run.executor_exit},
                         {"executor_stdout_tail", run.stdout_tail},
                         {"executor_stderr_tail", run.stderr_tail},
                         {"trace", TraceLines(run.trace_path)}});
  }
  report["counts"] = counts;
  if (!options.receivable_rows.empty()) {
    TableCoverage coverage = CoverageOf(options.receivable_rows, runs);
    report["table_coverage"] = {{"receivable_rows", coverage.receivable.size()},
                                {"sent_rows", coverage.sent.size()},
                                {"made_by_faults_rows", coverage.made.size()},
                                {"made_by_faults", coverage.made},
                                {"replayed_only", coverage.replayed_only},
                                {"not_sent", coverage.missing}};
  }
  std::ofstream out(options.json_report, std::ios::trunc);
  out << report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace

int RunSuite(SuiteOptions options) {
  std::vector<char*> argv;
  for (std::string& arg : options.gtest_args) argv.push_back(arg.data());
  int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);  // GoogleTest reads argv[argc] while removing its flags
  ::testing::InitGoogleTest(&argc, argv.data());

  process::BecomeSubreaper();
  Results results;
  for (const mesos_conformance::Scenario& scenario : options.scenarios) {
    for (const Variant& variant : options.variants(scenario)) {
      const mesos_conformance::Scenario* scenario_ptr = &scenario;
      SuiteOptions* options_ptr = &options;
      ::testing::RegisterTest(
          options.suite_name.c_str(), variant.name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
          [=, &results]() -> ::testing::Test* {
            return new ScenarioTest(scenario_ptr, variant, options_ptr, &results);
          });
    }
  }
  bool all_passed = RUN_ALL_TESTS() == 0;

  uint64_t required = 0, recommended = 0;
  bool harness_error = false;
  std::map<std::string, uint64_t> counts;
  for (const RunResult& run : results.runs) {
    harness_error |= run.harness_error;
    for (const Finding& finding : run.findings) {
      (finding.level == mesos_conformance::REQUIRED ? required : recommended) += 1;
      ++counts[finding.rule_id];
    }
  }
  int exit_code = harness_error ? 2
                  : (required > 0 || (options.strict && recommended > 0)) ? 1
                                                                          : 0;
  const char* verdict = exit_code == 0 ? "conformant" : exit_code == 1 ? "findings" : "error";
  std::vector<std::string> by_rule;
  for (const auto& [id, count] : counts) by_rule.push_back(absl::StrCat(id, " x", count));
  std::printf("%s: %s suite, Mesos %s, %zu scenario runs, %llu required findings, %llu "
              "recommended findings%s%s\n",
              exit_code == 0 ? "PASS" : exit_code == 1 ? "FAIL" : "ERROR",
              options.command.c_str(), options.table->version().c_str(), results.runs.size(),
              static_cast<unsigned long long>(required), static_cast<unsigned long long>(recommended),
              by_rule.empty() ? "" : " ", by_rule.empty() ? "" : ("(" + absl::StrJoin(by_rule, ", ") + ")").c_str());
  (void)all_passed;
  if (!options.receivable_rows.empty()) {
    TableCoverage coverage = CoverageOf(options.receivable_rows, results.runs);
    std::printf("table coverage: %zu of the %zu rows this framework can receive were sent; "
                "%zu made by faults as Mesos makes them, %zu only replayed (%s)\n",
                coverage.sent.size(), coverage.receivable.size(), coverage.made.size(),
                coverage.replayed_only.size(), absl::StrJoin(coverage.replayed_only, " ").c_str());
  }
  if (!options.json_report.empty()) WriteJsonReport(options, results.runs, verdict, exit_code);
  return exit_code;
}

}  // namespace mc::suite
