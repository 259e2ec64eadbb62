#include "harness/suite/table_coverage.h"

namespace mc::suite {

TableCoverage CoverageOf(const std::vector<std::string>& all_receivable,
                         const std::vector<RunResult>& runs) {
  std::set<std::string> receivable_by_runs, sent;
  for (const RunResult& run : runs) {
    receivable_by_runs.insert(run.receivable_rows.begin(), run.receivable_rows.end());
    sent.insert(run.replayed_rows.begin(), run.replayed_rows.end());
  }
  TableCoverage coverage;
  for (const std::string& row : all_receivable) {
    if (!receivable_by_runs.empty() && !receivable_by_runs.count(row)) continue;
    coverage.receivable.push_back(row);
    if (sent.count(row)) {
      coverage.sent.insert(row);
    } else {
      coverage.missing.push_back(row);
    }
  }
  return coverage;
}

}  // namespace mc::suite
