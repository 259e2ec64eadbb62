#include "harness/suite/table_coverage.h"

namespace mc::suite {

TableCoverage CoverageOf(const std::vector<std::string>& all_receivable,
                         const std::vector<RunResult>& runs) {
  std::set<std::string> receivable_by_runs, sent, made;
  for (const RunResult& run : runs) {
    receivable_by_runs.insert(run.receivable_rows.begin(), run.receivable_rows.end());
    sent.insert(run.sent_rows.begin(), run.sent_rows.end());
    made.insert(run.made_rows.begin(), run.made_rows.end());
  }
  TableCoverage coverage;
  for (const std::string& row : all_receivable) {
    if (!receivable_by_runs.empty() && !receivable_by_runs.count(row)) continue;
    coverage.receivable.push_back(row);
    if (sent.count(row)) {
      coverage.sent.insert(row);
      if (made.count(row)) {
        coverage.made.insert(row);
      } else {
        coverage.replayed_only.push_back(row);
      }
    } else {
      coverage.missing.push_back(row);
    }
  }
  return coverage;
}

}  // namespace mc::suite
