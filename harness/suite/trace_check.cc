#include "harness/suite/trace_check.h"

#include "absl/strings/str_cat.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc::suite {

void CheckRunTrace(const ExpectationTable& table, RunResult* result) {
  auto reader = TraceReader::Open(result->trace_path);
  if (!reader.ok()) {
    result->harness_error = true;
    result->skip_reason = absl::StrCat("cannot read the run's trace: ", reader.status().message());
    return;
  }
  Checker checker(table, CheckOptions{});
  TraceRecord record;
  while ((*reader)->Next(&record)) checker.Observe(record);
  for (const InputError& error : (*reader)->input_errors()) {
    result->harness_error = true;
    result->skip_reason = "the run's own trace is unreadable: " + error.ToString();
  }
  for (Finding& finding : checker.TakeFindings()) {
    finding.scenario = result->name;
    result->findings.push_back(std::move(finding));
  }
}

}  // namespace mc::suite
