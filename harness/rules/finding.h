// A finding: one rule broken by one record.
#pragma once

#include <string>

#include "conformance/rules.pb.h"

namespace mc {

struct Finding {
  std::string rule_id;
  mesos_conformance::Level level = mesos_conformance::REQUIRED;
  std::string where;     // "trace.jsonl:12"
  std::string hop;       // "master->scheduler"
  std::string scenario;  // empty outside a suite
  std::string task_id;   // empty when no task is involved
  std::string seen;
  std::string expected;
};

}  // namespace mc
