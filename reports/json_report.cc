#include "reports/json_report.h"

#include <nlohmann/json.hpp>

#include "harness/rules/catalog.h"

namespace mc {

std::string RenderJsonReport(const CheckRun& run) {
  nlohmann::ordered_json report;
  report["tool"] = "mesos-conformance";
  report["command"] = "check";
  report["verdict"] = VerdictName(run.verdict());
  report["exit_code"] = run.ExitCode();
  report["mesos_version"] = run.mesos_version;
  auto optional_bool = [](const std::optional<bool>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
  };
  report["framework"] = {{"partition_aware", optional_bool(run.partition_aware)},
                         {"task_killing_state", optional_bool(run.task_killing_state)}};
  report["strict"] = run.strict;
  auto& inputs = report["inputs"] = nlohmann::ordered_json::array();
  for (const InputSummary& input : run.inputs) {
    nlohmann::ordered_json entry = {{"name", input.name},
                                    {"format", FormatName(input.format)},
                                    {"records", input.records},
                                    {"status_updates", input.statuses}};
    auto& errors = entry["errors"] = nlohmann::ordered_json::array();
    for (const InputError& error : input.errors) {
      errors.push_back({{"where", error.where}, {"message", error.message}});
    }
    inputs.push_back(std::move(entry));
  }
  auto& counts = report["counts"] = nlohmann::ordered_json::object();
  for (const auto& [id, count] : run.counts) counts[id] = count;
  report["required_findings"] = run.Count(mesos_conformance::REQUIRED);
  report["recommended_findings"] = run.Count(mesos_conformance::RECOMMENDED);
  auto& findings = report["findings"] = nlohmann::ordered_json::array();
  for (const Finding& finding : run.findings) {
    findings.push_back({{"rule", finding.rule_id},
                        {"level", LevelName(finding.level)},
                        {"where", finding.where},
                        {"hop", finding.hop},
                        {"scenario", finding.scenario},
                        {"task", finding.task_id},
                        {"seen", finding.seen},
                        {"expected", finding.expected}});
  }
  // Traces may hold invalid UTF-8: replace rather than throw.
  return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace mc
