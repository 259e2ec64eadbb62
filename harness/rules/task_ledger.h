// The rules over a task's sequence of updates on one hop: terminal finality,
// uuid uniqueness, stable agent and executor ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/expectations/table.h"
#include "harness/rules/finding_sink.h"
#include "harness/rules/status_rules.h"
#include "harness/rules/task_table.h"
#include "harness/rules/uuid_table.h"
#include "harness/trace/record.h"

namespace mc {

// Not thread-safe. Memory grows with the number of tasks and distinct uuids.
//
// The task and uuid tables outgrow the caches, so nearly every probe misses.
// To hide that, an update is first staged (its slots prefetched, what the
// rules need copied) and settled one step later, once the caller has done
// other work: Prefetch() as soon as the update is known, Stage() after the
// per-update rules, Settle() before anything else is reported.
class TaskLedger {
 public:
  explicit TaskLedger(const ExpectationTable& table) : table_(table) {}

  // Starts loading the slots Settle() will probe for `status`.
  void Prefetch(const mesos::v1::TaskStatus& status) const;
  // Keeps what the rules need of one update; `record` and `status` may go
  // away after the call. Settles any update staged before.
  void Stage(const TraceRecord& record, const mesos::v1::TaskStatus& status,
             const StatusVerdict& verdict, FindingSink* sink);
  // Runs the rules on the staged update, if any.
  void Settle(FindingSink* sink);

 private:
  static constexpr uint32_t kUnset = ~0u;
  // Kept small and flat: a trace may hold millions of tasks. Indexed by the
  // task's number in tasks_by_id_.
  struct Task {
    bool terminal = false;
    bool may_come_back = false;
    int8_t terminal_state = 0;
    uint32_t agent = kUnset;     // interned agent_id
    uint32_t executor = kUnset;  // interned executor_id
    uint64_t terminal_line = 0;
    uint64_t terminal_record = 0;
  };
  // Ids shared by many tasks (agents, executors) stored once.
  class Interner {
   public:
    uint32_t Intern(const std::string& value);
    const std::string& Name(uint32_t id) const { return names_[id]; }

   private:
    absl::flat_hash_map<std::string, uint32_t> ids_;
    std::vector<std::string> names_;
    uint32_t last_ = kUnset;  // consecutive updates mostly name the same one
  };
  // An update between Stage() and Settle(): the record's location, hop and
  // scenario, and the status's task id, enums and uuid.
  struct Staged {
    bool pending = false;
    TraceRecord record;
    std::string file;  // record.where.file points here
    mesos::v1::TaskStatus status;
    StatusVerdict verdict;
    uint32_t agent = kUnset;  // interned; kUnset when the update has none
    uint32_t executor = kUnset;
  };

  // True if the update repeats one already seen (same uuid, task and state).
  bool IsRetransmission(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                        uint32_t task, FindingSink* sink);
  void CheckIdentity(const Staged& update, Task* task, FindingSink* sink);
  // Once, early on: sizes the tables for the whole input from the bytes its
  // first updates take, so they are not grown and refilled again and again.
  void SizeTables(const TraceRecord& record);

  const ExpectationTable& table_;
  TaskTable tasks_by_id_;
  std::vector<Task> tasks_;
  UuidTable uuids_;
  Interner agents_;
  Interner executors_;
  Staged staged_;
  uint64_t staged_updates_ = 0;
};

}  // namespace mc
