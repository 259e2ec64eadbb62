#include "harness/rules/status_rules.h"

#include <algorithm>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/rules/status_text.h"
#include "harness/wire/uuid.h"

namespace mc {
namespace {

using mesos::v1::TaskStatus;
using mesos_conformance::Presence;

const char* EnumFieldName(int field_number) {
  switch (field_number) {
    case TaskStatus::kStateFieldNumber: return "state";
    case TaskStatus::kSourceFieldNumber: return "source";
    default: return "reason";
  }
}

bool Audience(const Row& row, const FrameworkTraits& traits) {
  if (!traits.partition_aware.has_value()) return true;
  switch (row.audience()) {
    case mesos_conformance::PARTITION_AWARE_ONLY: return *traits.partition_aware;
    case mesos_conformance::NOT_PARTITION_AWARE_ONLY: return !*traits.partition_aware;
    default: return true;
  }
}

// The generated has_x() by field number: reflection costs more, once per update.
bool Has(const TaskStatus& status, const google::protobuf::FieldDescriptor* field) {
  switch (field->number()) {
    case TaskStatus::kTaskIdFieldNumber: return status.has_task_id();
    case TaskStatus::kStateFieldNumber: return status.has_state();
    case TaskStatus::kDataFieldNumber: return status.has_data();
    case TaskStatus::kMessageFieldNumber: return status.has_message();
    case TaskStatus::kAgentIdFieldNumber: return status.has_agent_id();
    case TaskStatus::kTimestampFieldNumber: return status.has_timestamp();
    case TaskStatus::kExecutorIdFieldNumber: return status.has_executor_id();
    case TaskStatus::kHealthyFieldNumber: return status.has_healthy();
    case TaskStatus::kSourceFieldNumber: return status.has_source();
    case TaskStatus::kReasonFieldNumber: return status.has_reason();
    case TaskStatus::kUuidFieldNumber: return status.has_uuid();
    case TaskStatus::kLabelsFieldNumber: return status.has_labels();
    case TaskStatus::kContainerStatusFieldNumber: return status.has_container_status();
    case TaskStatus::kUnreachableTimeFieldNumber: return status.has_unreachable_time();
    case TaskStatus::kCheckStatusFieldNumber: return status.has_check_status();
    case TaskStatus::kLimitationFieldNumber: return status.has_limitation();
    default: return status.GetReflection()->HasField(status, field);
  }
}

// What Mesos sends instead, for a (source, reason) pair: every row that has it.
std::string Alternatives(const ExpectationTable& table, const TaskStatus& status) {
  std::vector<std::string> options;
  for (const Row& row : table.proto().rows()) {
    bool same_reason = row.has_reason() == status.has_reason() &&
                       (!row.has_reason() || row.reason() == status.reason());
    if (row.source() == status.source() && same_reason &&
        row.delivery() == mesos_conformance::TO_FRAMEWORK) {
      options.push_back(DescribeRowStates(row));
    }
  }
  std::string pair = absl::StrCat(SourceName(status.source()), " with ", ReasonText(status));
  if (options.empty()) {
    return absl::StrCat("Mesos ", table.version(), " never sends a framework an update from ", pair);
  }
  return absl::StrCat("Mesos ", table.version(), " sends ", pair, " only as ",
                      absl::StrJoin(options, " or "));
}

}  // namespace

StatusVerdict StatusRules::Check(const TraceRecord& record, const TaskStatus& status,
                                 const FrameworkTraits& traits, FindingSink* sink) {
  StatusVerdict verdict;
  const std::string& task = status.task_id().value();
  if (!CheckEnums(record, status, sink)) return verdict;
  verdict.classified = true;

  if (status.source() == TaskStatus::SOURCE_EXECUTOR && status.state() == mesos::v1::TASK_STAGING) {
    sink->Report("status.staging-from-executor", record, task, DescribeStatus(status),
                 "executors start at TASK_STARTING or TASK_RUNNING; TASK_STAGING is the agent's");
  }
  if (traits.task_killing_state == false && table_.NeedsTaskKillingCapability(status.state())) {
    sink->Report("status.killing-capability", record, task, DescribeStatus(status),
                 "no TASK_KILLING: the framework lacks the TASK_KILLING_STATE capability");
  }
  bool pa_state = traits.partition_aware == false && table_.IsPartitionAwareOnly(status.state());
  if (pa_state) {
    sink->Report("status.partition-aware-state", record, task, DescribeStatus(status),
                 "TASK_LOST: the framework is not PARTITION_AWARE");
  }
  if (status.has_reason() && table_.IsDeprecated(status.reason())) {
    sink->Report("status.reason-deprecated", record, task, DescribeStatus(status),
                 "no reason, or a reason that says what happened");
  }

  const Plan& plan = PlanFor(status, traits, pa_state);
  if (status.source() == TaskStatus::SOURCE_EXECUTOR) {
    CheckExecutorReason(record, status, sink);
  } else {
    CheckCombination(record, status, plan, sink);
  }
  CheckUuid(record, status, sink);
  CheckCheckStatus(record, status, sink);
  CheckFields(record, status, plan, sink);

  verdict.reconciliation = status.source() == TaskStatus::SOURCE_MASTER && status.has_reason() &&
                           status.reason() == TaskStatus::REASON_RECONCILIATION;
  verdict.may_come_back = plan.may_come_back;
  return verdict;
}

bool StatusRules::CheckEnums(const TraceRecord& record, const TaskStatus& status,
                             FindingSink* sink) {
  const std::string& task = status.task_id().value();
  auto expected = [&] { return absl::StrCat("a value Mesos ", table_.version(), " defines"); };
  bool known = record.unknown_status_enums.empty();
  for (const UnknownEnum& unknown : record.unknown_status_enums) {
    sink->Report("status.enum-in-version", record, task,
                 absl::StrCat(EnumFieldName(unknown.field_number), " number ", unknown.value,
                              ", unknown to every Mesos release up to 1.11"),
                 expected());
  }
  if (!known) return false;
  if (!table_.KnowsState(status.state())) {
    sink->Report("status.enum-in-version", record, task, StateName(status.state()), expected());
    known = false;
  }
  if (!table_.KnowsSource(status.source())) {
    sink->Report("status.enum-in-version", record, task, SourceName(status.source()), expected());
    known = false;
  }
  if (status.has_reason() && !table_.KnowsReason(status.reason())) {
    sink->Report("status.enum-in-version", record, task, ReasonText(status), expected());
    known = false;
  }
  return known;
}

const StatusRules::Plan& StatusRules::PlanFor(const TaskStatus& status,
                                              const FrameworkTraits& traits,
                                              bool pa_state_reported) {
  // Every enum is one the table knows by now, so each fits its bits.
  const uint64_t reason = status.has_reason() ? static_cast<uint64_t>(status.reason()) + 1 : 0;
  const uint64_t awareness = traits.partition_aware.has_value() ? 1 + *traits.partition_aware : 0;
  const uint64_t key = static_cast<uint64_t>(static_cast<uint32_t>(status.state())) << 32 |
                       (static_cast<uint64_t>(status.source()) & 0xff) << 24 |
                       (reason & 0xffff) << 8 | awareness << 1 | (pa_state_reported ? 1 : 0);
  auto [it, inserted] = plans_.try_emplace(key);
  if (inserted) it->second = std::make_unique<Plan>(MakePlan(status, traits, pa_state_reported));
  return *it->second;
}

StatusRules::Plan StatusRules::MakePlan(const TaskStatus& status, const FrameworkTraits& traits,
                                        bool pa_state_reported) {
  Plan plan;
  const std::vector<const Row*>& matched = table_.Match(
      status.state(), status.source(),
      status.has_reason() ? std::optional(status.reason()) : std::nullopt);
  if (status.source() == TaskStatus::SOURCE_EXECUTOR) {
    plan.rows.assign(matched.begin(), matched.end());
  } else {
    bool delivered = false;
    for (const Row* row : matched) {
      if (row->delivery() != mesos_conformance::TO_FRAMEWORK) continue;
      delivered = true;
      if (Audience(*row, traits)) plan.rows.push_back(row);
    }
    if (!matched.empty() && !delivered) {
      plan.undelivered = matched.front();
    } else if (plan.rows.empty() && !pa_state_reported) {
      plan.unknown_combination = true;
    }
  }
  const std::vector<const Row*>& rows = plan.rows;
  if (!rows.empty()) {
    // A field is checked only where every fitting row agrees on it.
    for (const FieldCheck& check : FieldChecks(rows.front())) {
      bool agreed = std::all_of(rows.begin() + 1, rows.end(), [&](const Row* row) {
        const auto& others = FieldChecks(row);
        return std::any_of(others.begin(), others.end(), [&](const FieldCheck& other) {
          return other.field == check.field && other.presence == check.presence;
        });
      });
      if (agreed) plan.fields.push_back(check);
    }
    std::vector<std::string> ids;
    for (const Row* row : rows) ids.push_back(row->id());
    plan.row_ids = absl::StrJoin(ids, ", ");
  }
  plan.may_come_back =
      std::any_of(rows.begin(), rows.end(), [](const Row* row) { return row->may_come_back(); });
  return plan;
}

void StatusRules::CheckCombination(const TraceRecord& record, const TaskStatus& status,
                                   const Plan& plan, FindingSink* sink) {
  const std::string& task = status.task_id().value();
  if (plan.undelivered != nullptr) {
    const Row& row = *plan.undelivered;
    sink->Report("status.delivery", record, task, DescribeStatus(status),
                 absl::StrCat("nothing: Mesos ", table_.version(), " ",
                              row.delivery() == mesos_conformance::MASTER_STATE_ONLY
                                  ? "keeps this update in the master's state only"
                                  : "makes this update only inside the v0 scheduler driver",
                              " (", row.id(), ")"));
    return;
  }
  if (plan.unknown_combination) {
    sink->Report("status.known-combination", record, task, DescribeStatus(status),
                 Alternatives(table_, status));
  }
}

void StatusRules::CheckExecutorReason(const TraceRecord& record, const TaskStatus& status,
                                      FindingSink* sink) {
  if (!status.has_reason() || table_.IsDeprecated(status.reason())) return;
  const std::string& task = status.task_id().value();
  if (table_.IsMasterOrAgentReason(status.reason())) {
    sink->Report("executor.reason-master-agent-only", record, task, DescribeStatus(status),
                 "a reason an executor can know: unset, or one of the recommended subset");
  } else if (!table_.IsRecommendedExecutorReason(status.reason())) {
    sink->Report("executor.reason-recommended", record, task, DescribeStatus(status),
                 "no reason, or REASON_TASK_CHECK_STATUS_UPDATED, "
                 "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, REASON_TASK_INVALID or "
                 "REASON_TASK_UNAUTHORIZED");
  }
}

void StatusRules::CheckUuid(const TraceRecord& record, const TaskStatus& status,
                            FindingSink* sink) {
  const std::string& task = status.task_id().value();
  bool has_uuid = status.has_uuid() && !status.uuid().empty();
  if (status.source() == TaskStatus::SOURCE_MASTER) {
    if (has_uuid) {
      sink->Report("status.uuid-forbidden", record, task,
                   absl::StrCat(DescribeStatus(status), " with uuid ", uuid::ToText(status.uuid())),
                   "no uuid: master-made updates are never acknowledged");
    }
  } else if (!has_uuid) {
    sink->Report("status.uuid-required", record, task,
                 absl::StrCat(DescribeStatus(status), " without a uuid"),
                 "a uuid, which the framework acknowledges");
  }
  if (!has_uuid) return;
  uuid::Check check = uuid::Validate(status.uuid());
  if (check != uuid::Check::kValid) {
    sink->Report("status.uuid-valid", record, task,
                 absl::StrCat("uuid ", uuid::ToText(status.uuid()), ": ", uuid::Describe(check)),
                 "16 raw bytes with version 1 to 5 (base64 of those 16 bytes in JSON)");
  }
}

void StatusRules::CheckCheckStatus(const TraceRecord& record, const TaskStatus& status,
                                   FindingSink* sink) {
  if (!status.has_check_status()) return;
  const mesos::v1::CheckStatusInfo& check = status.check_status();
  bool matching = false;
  switch (check.type()) {
    case mesos::v1::CheckInfo::COMMAND: matching = check.has_command(); break;
    case mesos::v1::CheckInfo::HTTP: matching = check.has_http(); break;
    case mesos::v1::CheckInfo::TCP: matching = check.has_tcp(); break;
    default: break;
  }
  if (!matching) {
    sink->Report("status.check-status-valid", record, status.task_id().value(),
                 absl::StrCat("check_status of type ",
                              mesos::v1::CheckInfo::Type_Name(check.type()),
                              check.has_command() || check.has_http() || check.has_tcp()
                                  ? " with another kind of result"
                                  : " without its result"),
                 "type COMMAND, HTTP or TCP with the matching command, http or tcp result");
  }
}

const std::vector<StatusRules::FieldCheck>& StatusRules::FieldChecks(const Row* row) {
  auto [it, inserted] = field_checks_.try_emplace(row);
  if (inserted) {
    const google::protobuf::Descriptor* descriptor = TaskStatus::descriptor();
    for (const mesos_conformance::FieldRule& rule : row->fields()) {
      const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(rule.field());
      if (field != nullptr && rule.presence() != mesos_conformance::MAY) {
        it->second.push_back({field, rule.presence()});
      }
    }
  }
  return it->second;
}

void StatusRules::CheckFields(const TraceRecord& record, const TaskStatus& status,
                              const Plan& plan, FindingSink* sink) {
  for (const FieldCheck& check : plan.fields) {
    bool present = Has(status, check.field);
    bool wrong = check.presence == mesos_conformance::ALWAYS ? !present : present;
    if (!wrong) continue;
    const std::string& name = check.field->name();
    sink->Report(name == "unreachable_time" ? "status.unreachable-time" : "status.field-presence",
                 record, status.task_id().value(),
                 absl::StrCat(DescribeStatus(status), present ? " with " : " without ", name),
                 absl::StrCat(name, present ? " unset" : " set", ", as Mesos ", table_.version(),
                              " makes this update (", plan.row_ids, ")"));
  }
}

}  // namespace mc
