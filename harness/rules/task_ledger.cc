#include "harness/rules/task_ledger.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/rules/status_text.h"
#include "harness/wire/uuid.h"

namespace mc {
namespace {

// Updates seen before the tables are sized for the whole input (under the
// tables' first growth, at 512).
constexpr uint64_t kSizingSample = 256;
// No update takes fewer bytes than this (framing, keys, a task id and a state):
// a bound on what a skewed sample can ask for.
constexpr uint64_t kMinUpdateBytes = 12;
// The most updates sized for up front (a 192 MiB uuid table, mapped but only
// touched where used): a wrong guess stays cheap; larger traces grow the
// tables as they go.
constexpr uint64_t kMaxSizedUpdates = uint64_t{1} << 22;

}  // namespace

void TaskLedger::SizeTables(const TraceRecord& record) {
  if (record.context == nullptr || record.context->input_bytes == 0 || record.where.offset == 0) {
    return;
  }
  const uint64_t bytes = record.context->input_bytes;
  const uint64_t projected = static_cast<uint64_t>(
      static_cast<double>(bytes) / static_cast<double>(record.where.offset) * kSizingSample);
  const size_t updates = static_cast<size_t>(
      std::min({projected, bytes / kMinUpdateBytes, kMaxSizedUpdates}));
  uuids_.Reserve(updates);
  tasks_by_id_.Reserve(updates / 2);
}

void TaskLedger::Prefetch(const mesos::v1::TaskStatus& status) const {
  tasks_by_id_.Prefetch(status.task_id().value());
  if (status.uuid().size() == uuid::kSize) uuids_.Prefetch(status.uuid().data());
}

void TaskLedger::Stage(const TraceRecord& record, const mesos::v1::TaskStatus& status,
                       const StatusVerdict& verdict, FindingSink* sink) {
  Settle(sink);
  if (!verdict.classified) return;
  if (++staged_updates_ == kSizingSample) SizeTables(record);
  Staged& s = staged_;
  s.pending = true;
  if (s.file != record.where.file) s.file.assign(record.where.file.data(), record.where.file.size());
  s.record.where = record.where;
  s.record.where.file = s.file;
  s.record.hop = record.hop;
  s.record.scenario = record.scenario;
  s.status.mutable_task_id()->set_value(status.task_id().value());
  s.status.set_state(status.state());
  s.status.set_source(status.source());
  if (status.has_reason()) {
    s.status.set_reason(status.reason());
  } else {
    s.status.clear_reason();
  }
  if (status.has_uuid()) {
    s.status.set_uuid(status.uuid());
  } else {
    s.status.clear_uuid();
  }
  s.verdict = verdict;
  // The interners stay in the cache: their lookups need no staging.
  s.agent = status.has_agent_id() ? agents_.Intern(status.agent_id().value()) : kUnset;
  s.executor =
      status.has_executor_id() ? executors_.Intern(status.executor_id().value()) : kUnset;
}

void TaskLedger::Settle(FindingSink* sink) {
  if (!staged_.pending) return;
  staged_.pending = false;
  const TraceRecord& record = staged_.record;
  const mesos::v1::TaskStatus& status = staged_.status;
  const StatusVerdict& verdict = staged_.verdict;
  bool added = false;
  const uint32_t number = tasks_by_id_.FindOrAdd(status.task_id().value(), &added);
  if (added) tasks_.emplace_back();
  if (IsRetransmission(record, status, number, sink)) return;
  if (verdict.reconciliation) return;  // answers repeat or guess a state; they change nothing
  Task& task = tasks_[number];

  if (task.terminal && !task.may_come_back) {
    Location terminal_at = record.where;
    terminal_at.line = task.terminal_line;
    terminal_at.record = task.terminal_record;
    sink->Report("task.terminal-final", record, status.task_id().value(),
                 absl::StrCat(DescribeStatus(status), " after the terminal ",
                              StateName(task.terminal_state), " at ", terminal_at.ToString()),
                 "no update after a terminal one (retransmissions keep their uuid)");
  }
  CheckIdentity(staged_, &task, sink);
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
  const UuidTable::Use* first = uuids_.FindOrInsert(status.uuid().data(), {task, status.state()});
  if (first == nullptr) return false;
  if (first->task == task && first->state == status.state()) return true;
  sink->Report("status.uuid-unique", record, status.task_id().value(),
               absl::StrCat(DescribeStatus(status), " reusing uuid ", uuid::ToText(status.uuid()),
                            " of ", StateName(first->state), " for task ",
                            absl::string_view(tasks_by_id_.Id(first->task).data(),
                                              tasks_by_id_.Id(first->task).size())),
               "a fresh uuid for every new update");
  return true;
}

uint32_t TaskLedger::Interner::Intern(const std::string& value) {
  if (last_ != kUnset && names_[last_] == value) return last_;
  auto it = ids_.find(absl::string_view(value.data(), value.size()));
  if (it != ids_.end()) return last_ = it->second;
  uint32_t id = static_cast<uint32_t>(names_.size());
  names_.push_back(value);
  ids_.emplace(value, id);
  return last_ = id;
}

void TaskLedger::CheckIdentity(const Staged& update, Task* task, FindingSink* sink) {
  auto check = [&](uint32_t id, Interner* interner, uint32_t* known, const char* what) {
    if (id == kUnset) return;
    if (*known == kUnset) {
      *known = id;
    } else if (*known != id) {
      sink->Report("task.identity-stable", update.record, update.status.task_id().value(),
                   absl::StrCat(what, " \"", interner->Name(id), "\""),
                   absl::StrCat(what, " \"", interner->Name(*known),
                                "\" as in the task's earlier updates"));
    }
  };
  check(update.agent, &agents_, &task->agent, "agent_id");
  check(update.executor, &executors_, &task->executor, "executor_id");
}

}  // namespace mc
