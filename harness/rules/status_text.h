// Short texts for status updates in findings.
#pragma once

#include <string>
#include <vector>

#include "harness/expectations/table.h"
#include "mesos/v1/mesos.pb.h"

namespace mc {

std::string StateName(int state);
std::string SourceName(int source);
// "REASON_X", or "no reason" when unset.
std::string ReasonText(const mesos::v1::TaskStatus& status);
// "TASK_LOST from SOURCE_AGENT with REASON_AGENT_RESTARTED"
std::string DescribeStatus(const mesos::v1::TaskStatus& status);
// "TASK_LOST (not partition-aware, R45)"
std::string DescribeRowStates(const Row& row);
const char* AudienceText(mesos_conformance::Audience audience);

}  // namespace mc
