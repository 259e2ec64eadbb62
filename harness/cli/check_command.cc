#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include <boost/program_options.hpp>

#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/expectations/table.h"
#include "harness/rules/engine.h"
#include "reports/check_run.h"
#include "reports/console_report.h"
#include "reports/json_report.h"

namespace mc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kCheckUsage[] =
    "usage: mesos-conformance check FILE... [options]\n"
    "\n"
    "Checks captured scheduler-side traffic against what a Mesos version can send.\n"
    "FILE is JSON Lines (each line a v1 scheduler Event or a bare TaskStatus in\n"
    "Mesos JSON) or a RecordIO stream of scheduler Events (JSON or protobuf) as\n"
    "curl saves it from /api/v1/scheduler; '-' reads standard input.\n"
    "\n"
    "Options";

// Checks one input; adds its summary and findings to *run.
void CheckInput(const std::string& path, const ExpectationTable& table,
                const CheckOptions& options, const ReaderOptions& reader_options, CheckRun* run) {
  InputSummary summary;
  summary.name = path == "-" ? "<stdin>" : path;
  auto reader = TraceReader::Open(path, reader_options);
  if (!reader.ok()) {
    summary.errors.push_back({{summary.name}, std::string(reader.status().message())});
    run->inputs.push_back(std::move(summary));
    return;
  }
  Checker checker(table, options);
  TraceRecord record;
  while ((*reader)->Next(&record)) checker.Observe(record);
  summary.format = (*reader)->format();
  summary.records = checker.records();
  summary.statuses = checker.statuses();
  summary.errors = (*reader)->input_errors();
  for (Finding& finding : checker.TakeFindings()) run->findings.push_back(std::move(finding));
  for (const auto& [id, count] : checker.counts()) {
    run->counts[id] += count;
    run->levels[id] = RuleCatalog::Builtin().Get(id).level();
  }
  run->inputs.push_back(std::move(summary));
}

}  // namespace

int RunCheck(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  std::string version = "1.4", expectations_dir, json_report;
  bool partition_aware = false, not_partition_aware = false;
  bool task_killing = false, no_task_killing = false, strict = false;
  uint64_t max_record_size = ReaderOptions().max_record_size;
  size_t max_shown = 50;

  po::options_description visible(kCheckUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("mesos-version", po::value(&version)->default_value(version), "Mesos version whose table applies")
      ("partition-aware", po::bool_switch(&partition_aware), "the framework has PARTITION_AWARE")
      ("not-partition-aware", po::bool_switch(&not_partition_aware), "the framework lacks PARTITION_AWARE")
      ("task-killing-state", po::bool_switch(&task_killing), "the framework has TASK_KILLING_STATE")
      ("no-task-killing-state", po::bool_switch(&no_task_killing), "the framework lacks TASK_KILLING_STATE")
      ("json-report", po::value(&json_report), "write the JSON report to this file")
      ("strict", po::bool_switch(&strict), "recommended-level findings fail the run too")
      ("max-record-size", po::value(&max_record_size)->default_value(max_record_size), "largest line or record in bytes")
      ("max-shown", po::value(&max_shown)->default_value(max_shown), "findings printed on the console")
      ("expectations", po::value(&expectations_dir), "read tables from DIR/mesos-<version>/ instead of the built-in ones");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&files));
  po::positional_options_description positional;
  positional.add("file", -1);

  po::variables_map vm;
  if (!ParseOptions(args, visible, hidden, positional, &vm)) return kUsageOrHarnessError;
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kConformant;
  }
  if (files.empty()) return UsageError("check needs at least one FILE ('-' for standard input)", visible);
  if (partition_aware && not_partition_aware) {
    return UsageError("--partition-aware and --not-partition-aware exclude each other", visible);
  }
  if (task_killing && no_task_killing) {
    return UsageError("--task-killing-state and --no-task-killing-state exclude each other", visible);
  }

  auto table = ExpectationTable::Load(version, expectations_dir);
  if (!table.ok()) return HarnessError(table.status());

  CheckOptions options;
  if (partition_aware || not_partition_aware) options.partition_aware = partition_aware;
  if (task_killing || no_task_killing) options.task_killing_state = task_killing;
  ReaderOptions reader_options;
  reader_options.max_record_size = max_record_size;

  CheckRun run;
  run.mesos_version = (*table)->version();
  run.partition_aware = options.partition_aware;
  run.task_killing_state = options.task_killing_state;
  run.strict = strict;
  for (const std::string& file : files) CheckInput(file, **table, options, reader_options, &run);

  std::fputs(RenderConsoleReport(run, max_shown).c_str(), stdout);
  if (!json_report.empty() && !WriteFile(json_report, RenderJsonReport(run))) {
    return HarnessError("cannot write " + json_report);
  }
  return run.ExitCode();
}

}  // namespace mc::cli
