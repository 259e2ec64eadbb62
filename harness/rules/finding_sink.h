// Collects findings: fills in level and location, drops rules outside the
// record's scope, counts every finding and keeps the first `limit`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/rules/catalog.h"
#include "harness/rules/finding.h"
#include "harness/trace/record.h"

namespace mc {

class FindingSink {
 public:
  FindingSink(const RuleCatalog& catalog, size_t limit) : catalog_(catalog), limit_(limit) {}

  // Reports rule `rule_id` broken by `record`. Ignored when the rule's scopes do
  // not cover the record's hop (wire rules cover every hop).
  void Report(std::string_view rule_id, const TraceRecord& record, std::string_view task_id,
              std::string seen, std::string expected);

  const std::vector<Finding>& findings() const { return findings_; }
  std::vector<Finding> TakeFindings() { return std::move(findings_); }
  // Every finding per rule id, kept or not; sorted by id.
  const std::map<std::string, uint64_t>& counts() const { return counts_; }
  uint64_t total() const { return total_; }

 private:
  const RuleCatalog& catalog_;
  size_t limit_;
  std::vector<Finding> findings_;
  std::map<std::string, uint64_t> counts_;
  uint64_t total_ = 0;
};

}  // namespace mc
