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

void Checker::Observe(const TraceRecord& record) {
  ++records_;
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
  if (record.status == nullptr || !record.refused.empty() || record.forwarded) return;
  ++statuses_;
  StatusVerdict verdict = status_rules_.Check(record, *record.status, TraitsFor(record), &sink_);
  LedgerFor(record.hop).Observe(record, *record.status, verdict, &sink_);
}

std::vector<Finding> CheckTrace(const std::vector<TraceRecord>& trace,
                                const ExpectationTable& table, const CheckOptions& options) {
  Checker checker(table, options);
  for (const TraceRecord& record : trace) checker.Observe(record);
  return checker.TakeFindings();
}

}  // namespace mc
