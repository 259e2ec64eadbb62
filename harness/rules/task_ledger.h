// The rules over a task's sequence of updates on one hop: terminal finality,
// uuid uniqueness, stable agent and executor ids.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
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
  static constexpr uint32_t kUnset = ~0u;
  // Kept small and flat: a trace may hold millions of tasks.
  struct Task {
    uint32_t ordinal = 0;        // index into task_ids_
    bool terminal = false;
    bool may_come_back = false;
    int8_t terminal_state = 0;
    uint32_t agent = kUnset;     // interned agent_id
    uint32_t executor = kUnset;  // interned executor_id
    uint64_t terminal_line = 0;
    uint64_t terminal_record = 0;
  };
  struct UuidUse {
    uint32_t task;
    int state;
  };
  using UuidKey = std::array<uint64_t, 2>;
  // Uuids are random bits already: their first word is a good hash.
  struct UuidHash {
    size_t operator()(const UuidKey& key) const { return key[0] ^ (key[1] >> 7); }
  };
  // Ids shared by many tasks (agents, executors) stored once.
  class Interner {
   public:
    uint32_t Intern(const std::string& value);
    const std::string& Name(uint32_t id) const { return names_[id]; }

   private:
    absl::flat_hash_map<std::string, uint32_t> ids_;
    std::vector<std::string> names_;
  };

  // True if the update repeats one already seen (same uuid, task and state).
  bool IsRetransmission(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                        uint32_t task, FindingSink* sink);
  void CheckIdentity(const TraceRecord& record, const mesos::v1::TaskStatus& status, Task* task,
                     FindingSink* sink);

  // Task ids live in large blocks: one allocation per block, not per task.
  absl::string_view StoreTaskId(const std::string& id);

  const ExpectationTable& table_;
  std::vector<std::unique_ptr<char[]>> id_blocks_;
  size_t id_block_used_ = 0;
  // Keys are views into id_blocks_; tasks sit in the table itself, so one probe
  // finds everything about a task.
  absl::flat_hash_map<absl::string_view, Task> tasks_;
  std::vector<absl::string_view> task_ids_;  // by ordinal, for messages
  absl::flat_hash_map<UuidKey, UuidUse, UuidHash> uuids_;
  Interner agents_;
  Interner executors_;
};

}  // namespace mc
