#include "harness/rules/engine.h"

#include "absl/strings/str_cat.h"

namespace mc {

Checker::Checker(const ExpectationTable& table, const CheckOptions& options,
                 const RuleCatalog& catalog)
    : table_(table),
      options_(options),
      sink_(catalog, options.max_kept_findings),
      status_rules_(table) {}

FrameworkTraits Checker::TraitsFor(const TraceRecord& record) const {
  FrameworkTraits traits;
  if (record.context != nullptr) {
    traits.partition_aware = record.context->partition_aware;
    traits.task_killing_state = record.context->task_killing_state;
  }
  if (options_.partition_aware.has_value()) traits.partition_aware = options_.partition_aware;
  if (options_.task_killing_state.has_value()) {
    traits.task_killing_state = options_.task_killing_state;
  }
  return traits;
}

TaskLedger& Checker::LedgerFor(Hop hop) {
  auto& ledger = ledgers_[static_cast<size_t>(hop)];
  if (!ledger) ledger = std::make_unique<TaskLedger>(table_);
  return *ledger;
}

void Checker::Settle() const {
  if (staged_ == nullptr) return;
  staged_->Settle(&sink_);
  staged_ = nullptr;
}

void Checker::Observe(const TraceRecord& record) {
  ++records_;
  const bool has_status = record.wire_rule.empty() && record.status != nullptr &&
                          record.refused.empty() && !record.forwarded && record.injected.empty();
  TaskLedger* ledger = has_status ? &LedgerFor(record.hop) : nullptr;
  if (ledger != nullptr) ledger->Prefetch(*record.status);
  Settle();
  if (!record.wire_rule.empty()) {
    sink_.Report(record.wire_rule, record, "", record.wire_error,
                 absl::StrCat("a message Mesos ", table_.version(), " would produce and accept"));
    return;
  }
  if (record.first_in_stream && record.scheduler_event != nullptr &&
      record.scheduler_event->type() != mesos::v1::scheduler::Event::SUBSCRIBED) {
    sink_.Report("stream.subscribed-first", record, "",
                 absl::StrCat("a ",
                              mesos::v1::scheduler::Event::Type_Name(record.scheduler_event->type()),
                              " event first"),
                 "SUBSCRIBED as the stream's first event");
  }
  if (ledger == nullptr) return;
  ++statuses_;
  StatusVerdict verdict = status_rules_.Check(record, *record.status, TraitsFor(record), &sink_);
  ledger->Stage(record, *record.status, verdict, &sink_);
  staged_ = ledger;
}

std::vector<Finding> CheckTrace(const std::vector<TraceRecord>& trace,
                                const ExpectationTable& table, const CheckOptions& options) {
  Checker checker(table, options);
  for (const TraceRecord& record : trace) checker.Observe(record);
  return checker.TakeFindings();
}

}  // namespace mc
