#include "harness/rules/task_ledger.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/rules/status_text.h"
#include "harness/wire/uuid.h"

namespace mc {

void TaskLedger::Observe(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                         const StatusVerdict& verdict, FindingSink* sink) {
  if (!verdict.classified) return;
  auto [it, inserted] = task_index_.try_emplace(status.task_id().value(), tasks_.size());
  if (inserted) {
    tasks_.emplace_back();
    task_ids_.push_back(status.task_id().value());
  }
  uint32_t index = it->second;
  if (IsRetransmission(record, status, index, sink)) return;
  Task& task = tasks_[index];
  if (verdict.reconciliation) return;  // answers repeat or guess a state; they change nothing

  if (task.terminal && !task.may_come_back) {
    sink->Report("task.terminal-final", record, status.task_id().value(),
                 absl::StrCat(DescribeStatus(status), " after the terminal ",
                              StateName(task.terminal_state), " at ", task.terminal_where),
                 "no update after a terminal one (retransmissions keep their uuid)");
  }
  CheckIdentity(record, status, &task, sink);
  if (table_.IsTerminal(status.state())) {
    task.terminal = true;
    task.may_come_back = verdict.may_come_back;
    task.terminal_state = status.state();
    task.terminal_where = record.where.ToString();
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

void TaskLedger::CheckIdentity(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                               Task* task, FindingSink* sink) {
  auto check = [&](bool has, const std::string& value, std::string* known, const char* what) {
    if (!has) return;
    if (known->empty()) {
      *known = value;
    } else if (*known != value) {
      sink->Report("task.identity-stable", record, status.task_id().value(),
                   absl::StrCat(what, " \"", value, "\""),
                   absl::StrCat(what, " \"", *known, "\" as in the task's earlier updates"));
    }
  };
  check(status.has_agent_id(), status.agent_id().value(), &task->agent_id, "agent_id");
  check(status.has_executor_id(), status.executor_id().value(), &task->executor_id, "executor_id");
}

}  // namespace mc
