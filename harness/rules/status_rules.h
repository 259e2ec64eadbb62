// The rules that look at one status update on its own: enums of the version,
// table rows, uuid, optional fields, reasons.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/expectations/table.h"
#include "harness/rules/finding_sink.h"
#include "harness/trace/record.h"

namespace google::protobuf {
class FieldDescriptor;
}

namespace mc {

// What the framework under test is known to be; unset = unknown.
struct FrameworkTraits {
  std::optional<bool> partition_aware;
  std::optional<bool> task_killing_state;
};

// What the sequence rules need to know about an update after it was checked.
struct StatusVerdict {
  bool classified = false;      // its enums are known, so the sequence rules can use it
  bool reconciliation = false;  // a master reconciliation answer
  bool may_come_back = false;   // a terminal update after which the task may return
};

// Not thread-safe (caches what the table says about each combination seen).
class StatusRules {
 public:
  explicit StatusRules(const ExpectationTable& table) : table_(table) {}

  StatusVerdict Check(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                      const FrameworkTraits& traits, FindingSink* sink);

 private:
  struct FieldCheck {
    const google::protobuf::FieldDescriptor* field;
    mesos_conformance::Presence presence;
  };
  // What the table says about one (state, source, reason, partition awareness):
  // worked out on first sight, since a trace repeats a few combinations.
  struct Plan {
    std::vector<const Row*> rows;   // the rows that fit the update and the framework
    const Row* undelivered = nullptr;  // set when the rows exist but none reaches a framework
    bool unknown_combination = false;  // no row fits (and no partition-aware state finding)
    std::vector<FieldCheck> fields;    // presence rules every fitting row agrees on
    std::string row_ids;               // "R1, R2", for messages
    bool may_come_back = false;
  };

  bool CheckEnums(const TraceRecord& record, const mesos::v1::TaskStatus& status, FindingSink* sink);
  const Plan& PlanFor(const mesos::v1::TaskStatus& status, const FrameworkTraits& traits,
                      bool pa_state_reported);
  Plan MakePlan(const mesos::v1::TaskStatus& status, const FrameworkTraits& traits,
                bool pa_state_reported);
  void CheckCombination(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                        const Plan& plan, FindingSink* sink);
  void CheckExecutorReason(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                           FindingSink* sink);
  void CheckUuid(const TraceRecord& record, const mesos::v1::TaskStatus& status, FindingSink* sink);
  void CheckCheckStatus(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                        FindingSink* sink);
  void CheckFields(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                   const Plan& plan, FindingSink* sink);
  const std::vector<FieldCheck>& FieldChecks(const Row* row);

  const ExpectationTable& table_;
  absl::flat_hash_map<const Row*, std::vector<FieldCheck>> field_checks_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Plan>> plans_;
};

}  // namespace mc
