#include "reports/console_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rules/catalog.h"

namespace mc {
namespace {

void AppendFinding(const Finding& finding, bool strict, std::string* out) {
  bool warning = finding.level == mesos_conformance::RECOMMENDED && !strict;
  absl::StrAppend(out, warning ? "WARN " : "FAIL ", finding.rule_id, " [",
                  LevelName(finding.level), "] ", finding.where);
  if (!finding.scenario.empty()) absl::StrAppend(out, " scenario ", finding.scenario);
  if (!finding.task_id.empty()) absl::StrAppend(out, " task ", finding.task_id);
  absl::StrAppend(out, "\n     seen:     ", finding.seen, "\n     expected: ", finding.expected,
                  "\n");
}

}  // namespace

std::string RenderConsoleReport(const CheckRun& run, size_t max_shown) {
  std::string out;
  for (const InputSummary& input : run.inputs) {
    for (const InputError& error : input.errors) {
      absl::StrAppend(&out, "ERROR unreadable input ", error.ToString(), "\n");
    }
  }
  size_t shown = 0;
  for (const Finding& finding : run.findings) {
    if (shown++ == max_shown) break;
    AppendFinding(finding, run.strict, &out);
  }
  uint64_t total = 0;
  for (const auto& [id, count] : run.counts) total += count;
  if (total > max_shown) {
    absl::StrAppend(&out, "... ", total - std::min<uint64_t>(total, max_shown),
                    " more findings (see --json-report)\n");
  }
  uint64_t records = 0, statuses = 0;
  for (const InputSummary& input : run.inputs) {
    records += input.records;
    statuses += input.statuses;
  }
  std::vector<std::string> by_rule;
  for (const auto& [id, count] : run.counts) by_rule.push_back(absl::StrCat(id, " x", count));
  Verdict verdict = run.verdict();
  absl::StrAppend(&out, verdict == Verdict::kConformant ? "PASS" : verdict == Verdict::kFindings ? "FAIL" : "ERROR",
                  ": Mesos ", run.mesos_version, ", ", run.inputs.size(),
                  run.inputs.size() == 1 ? " input, " : " inputs, ", records, " records, ",
                  statuses, " status updates, ", run.Count(mesos_conformance::REQUIRED),
                  " required findings, ", run.Count(mesos_conformance::RECOMMENDED),
                  " recommended findings");
  if (!by_rule.empty()) absl::StrAppend(&out, " (", absl::StrJoin(by_rule, ", "), ")");
  absl::StrAppend(&out, "\n");
  return out;
}

}  // namespace mc
