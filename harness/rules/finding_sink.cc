#include "harness/rules/finding_sink.h"

#include <algorithm>

namespace mc {
namespace {

mesos_conformance::Scope ScopeOf(Hop hop) {
  switch (hop) {
    case Hop::kMasterToScheduler: return mesos_conformance::SCHEDULER_EVENTS;
    case Hop::kExecutorToAgent: return mesos_conformance::EXECUTOR_CALLS;
    default: return mesos_conformance::SCOPE_UNSPECIFIED;
  }
}

bool Covers(const Rule& rule, Hop hop) {
  const auto& scopes = rule.scopes();
  if (std::find(scopes.begin(), scopes.end(), mesos_conformance::WIRE) != scopes.end()) return true;
  return std::find(scopes.begin(), scopes.end(), ScopeOf(hop)) != scopes.end();
}

}  // namespace

void FindingSink::Report(std::string_view rule_id, const TraceRecord& record,
                         std::string_view task_id, std::string seen, std::string expected) {
  const Rule& rule = catalog_.Get(rule_id);
  if (!Covers(rule, record.hop)) return;
  ++total_;
  ++counts_[rule.id()];
  if (findings_.size() >= limit_) return;
  Finding finding;
  finding.rule_id = rule.id();
  finding.level = rule.level();
  finding.where = record.where.ToString();
  finding.hop = HopName(record.hop);
  finding.scenario = record.scenario;
  finding.task_id = std::string(task_id);
  finding.seen = std::move(seen);
  finding.expected = std::move(expected);
  findings_.push_back(std::move(finding));
}

}  // namespace mc
