// The rule engine: a fold over a trace's records that yields findings. It reads
// no files and opens no sockets: the same engine checks captured traffic
// (`check`) and the suites' own traces.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/expectations/table.h"
#include "harness/rules/catalog.h"
#include "harness/rules/finding.h"
#include "harness/rules/finding_sink.h"
#include "harness/rules/status_rules.h"
#include "harness/rules/task_ledger.h"
#include "harness/trace/record.h"

namespace mc {

struct CheckOptions {
  // Set from the command line; they win over what the trace's context says.
  std::optional<bool> partition_aware;
  std::optional<bool> task_killing_state;
  size_t max_kept_findings = 10000;
};

// Not thread-safe. `table` and `catalog` must outlive the checker.
class Checker {
 public:
  Checker(const ExpectationTable& table, const CheckOptions& options,
          const RuleCatalog& catalog = RuleCatalog::Builtin());
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  void Observe(const TraceRecord& record);

  // Findings so far, in the order of the records that broke the rules.
  const std::vector<Finding>& findings() const {
    Settle();
    return sink_.findings();
  }
  std::vector<Finding> TakeFindings() {
    Settle();
    return sink_.TakeFindings();
  }
  const std::map<std::string, uint64_t>& counts() const {
    Settle();
    return sink_.counts();
  }
  uint64_t total_findings() const {
    Settle();
    return sink_.total();
  }
  uint64_t records() const { return records_; }
  uint64_t statuses() const { return statuses_; }

 private:
  FrameworkTraits TraitsFor(const TraceRecord& record) const;
  TaskLedger& LedgerFor(Hop hop);
  // Runs the ledger rules on the update a ledger still holds (see TaskLedger):
  // they come due before the next record's findings and before any result is read.
  void Settle() const;

  const ExpectationTable& table_;
  CheckOptions options_;
  mutable FindingSink sink_;
  mutable TaskLedger* staged_ = nullptr;  // the ledger holding an unsettled update
  StatusRules status_rules_;
  std::array<std::unique_ptr<TaskLedger>, 4> ledgers_;  // one per hop
  uint64_t records_ = 0;
  uint64_t statuses_ = 0;
};

// The engine as a pure function of a whole trace.
std::vector<Finding> CheckTrace(const std::vector<TraceRecord>& trace,
                                const ExpectationTable& table, const CheckOptions& options = {});

}  // namespace mc
