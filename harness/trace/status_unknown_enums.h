// Enum values of a TaskStatus that the compiled protos do not know.
#pragma once

#include <vector>

#include "harness/trace/record.h"

namespace mc {

// Appends the state (2), source (9) and reason (10) values that proto2 kept as
// unknown fields of `status` because their numbers are not in the compiled enums.
void CollectUnknownStatusEnums(const mesos::v1::TaskStatus& status, std::vector<UnknownEnum>* out);

}  // namespace mc
