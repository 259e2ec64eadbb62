// The rules over a task's sequence of updates on one hop: terminal finality,
// uuid uniqueness, stable agent and executor ids.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/expectations/table.h"
#include "harness/rules/finding_sink.h"
#include "harness/rules/status_rules.h"
#include "harness/trace/record.h"

namespace mc {

// Not thread-safe. Memory grows with the number of tasks and distinct uuids.
class TaskLedger {
 public:
  explicit TaskLedger(const ExpectationTable& table) : table_(table) {}

  void Observe(const TraceRecord& record, const mesos::v1::TaskStatus& status,
               const StatusVerdict& verdict, FindingSink* sink);

 private:
  struct Task {
    bool terminal = false;
    bool may_come_back = false;
    int terminal_state = 0;
    std::string terminal_where;
    std::string agent_id;
    std::string executor_id;
  };
  struct UuidUse {
    uint32_t task;
    int state;
  };
  using UuidKey = std::array<uint64_t, 2>;

  // True if the update repeats one already seen (same uuid, task and state).
  bool IsRetransmission(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                        uint32_t task, FindingSink* sink);
  void CheckIdentity(const TraceRecord& record, const mesos::v1::TaskStatus& status, Task* task,
                     FindingSink* sink);

  const ExpectationTable& table_;
  absl::flat_hash_map<std::string, uint32_t> task_index_;
  std::vector<Task> tasks_;
  std::vector<std::string> task_ids_;
  absl::flat_hash_map<UuidKey, UuidUse> uuids_;
};

}  // namespace mc
