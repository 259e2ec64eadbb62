#include "harness/rules/task_ledger.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/rules/status_text.h"
#include "harness/wire/uuid.h"

namespace mc {

void TaskLedger::Observe(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                         const StatusVerdict& verdict, FindingSink* sink) {
  if (!verdict.classified) return;
  const std::string& id = status.task_id().value();
  auto it = tasks_.find(absl::string_view(id.data(), id.size()));
  if (it == tasks_.end()) {
    absl::string_view stored = StoreTaskId(id);
    it = tasks_.emplace(stored, Task()).first;
    it->second.ordinal = static_cast<uint32_t>(task_ids_.size());
    task_ids_.push_back(stored);
  }
  Task& task = it->second;
  if (IsRetransmission(record, status, task.ordinal, sink)) return;
  if (verdict.reconciliation) return;  // answers repeat or guess a state; they change nothing

  if (task.terminal && !task.may_come_back) {
    Location terminal_at = record.where;
    terminal_at.line = task.terminal_line;
    terminal_at.record = task.terminal_record;
    sink->Report("task.terminal-final", record, status.task_id().value(),
                 absl::StrCat(DescribeStatus(status), " after the terminal ",
                              StateName(task.terminal_state), " at ", terminal_at.ToString()),
                 "no update after a terminal one (retransmissions keep their uuid)");
  }
  CheckIdentity(record, status, &task, sink);
  if (table_.IsTerminal(status.state())) {
    task.terminal = true;
    task.may_come_back = verdict.may_come_back;
    task.terminal_state = static_cast<int8_t>(status.state());
    task.terminal_line = record.where.line;
    task.terminal_record = record.where.record;
  } else if (task.may_come_back) {
    task.terminal = false;  // the agent came back and the task lives on
    task.may_come_back = false;
  }
}

bool TaskLedger::IsRetransmission(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                                  uint32_t task, FindingSink* sink) {
  if (!status.has_uuid() || uuid::Validate(status.uuid()) != uuid::Check::kValid) return false;
  UuidKey key;
  std::memcpy(key.data(), status.uuid().data(), sizeof(key));
  auto [it, inserted] = uuids_.try_emplace(key, UuidUse{task, status.state()});
  if (inserted) return false;
  if (it->second.task == task && it->second.state == status.state()) return true;
  sink->Report("status.uuid-unique", record, status.task_id().value(),
               absl::StrCat(DescribeStatus(status), " reusing uuid ", uuid::ToText(status.uuid()),
                            " of ", StateName(it->second.state), " for task ",
                            task_ids_[it->second.task]),
               "a fresh uuid for every new update");
  return true;
}

absl::string_view TaskLedger::StoreTaskId(const std::string& id) {
  constexpr size_t kBlock = 1 << 20;
  if (id_blocks_.empty() || id_block_used_ + id.size() > kBlock) {
    id_blocks_.emplace_back(new char[std::max(kBlock, id.size())]);
    id_block_used_ = 0;
  }
  char* at = id_blocks_.back().get() + id_block_used_;
  std::memcpy(at, id.data(), id.size());
  id_block_used_ += id.size();
  return absl::string_view(at, id.size());
}

uint32_t TaskLedger::Interner::Intern(const std::string& value) {
  auto it = ids_.find(absl::string_view(value.data(), value.size()));
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(names_.size());
  names_.push_back(value);
  ids_.emplace(value, id);
  return id;
}

void TaskLedger::CheckIdentity(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                               Task* task, FindingSink* sink) {
  auto check = [&](bool has, const std::string& value, Interner* interner, uint32_t* known,
                   const char* what) {
    if (!has) return;
    uint32_t id = interner->Intern(value);
    if (*known == kUnset) {
      *known = id;
    } else if (*known != id) {
      sink->Report("task.identity-stable", record, status.task_id().value(),
                   absl::StrCat(what, " \"", value, "\""),
                   absl::StrCat(what, " \"", interner->Name(*known),
                                "\" as in the task's earlier updates"));
    }
  };
  check(status.has_agent_id(), status.agent_id().value(), &agents_, &task->agent, "agent_id");
  check(status.has_executor_id(), status.executor_id().value(), &executors_, &task->executor,
        "executor_id");
}

}  // namespace mc
