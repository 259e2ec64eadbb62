#include "harness/rules/status_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mc {

std::string StateName(int state) {
  const std::string& name = mesos::v1::TaskState_Name(static_cast<mesos::v1::TaskState>(state));
  return name.empty() ? absl::StrCat("state ", state) : name;
}

std::string SourceName(int source) {
  const std::string& name =
      mesos::v1::TaskStatus::Source_Name(static_cast<mesos::v1::TaskStatus::Source>(source));
  return name.empty() ? absl::StrCat("source ", source) : name;
}

std::string ReasonText(const mesos::v1::TaskStatus& status) {
  if (!status.has_reason()) return "no reason";
  const std::string& name = mesos::v1::TaskStatus::Reason_Name(status.reason());
  return name.empty() ? absl::StrCat("reason ", static_cast<int>(status.reason())) : name;
}

std::string DescribeStatus(const mesos::v1::TaskStatus& status) {
  return absl::StrCat(StateName(status.state()), " from ", SourceName(status.source()), " with ",
                      ReasonText(status));
}

const char* AudienceText(mesos_conformance::Audience audience) {
  switch (audience) {
    case mesos_conformance::PARTITION_AWARE_ONLY: return "partition-aware";
    case mesos_conformance::NOT_PARTITION_AWARE_ONLY: return "not partition-aware";
    default: return "any framework";
  }
}

std::string DescribeRowStates(const Row& row) {
  std::vector<std::string> states;
  for (int state : row.states()) states.push_back(StateName(state));
  std::string text = row.any_state() ? "the task's latest state" : absl::StrJoin(states, "|");
  return absl::StrCat(text, " (", AudienceText(row.audience()), ", ", row.id(), ")");
}

}  // namespace mc
