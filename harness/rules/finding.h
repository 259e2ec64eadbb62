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

namespace mc {

class RuleCatalog;

// A finding made outside the trace engine (by a mock, or a scenario step), with
// the level the catalog gives `rule_id`.
Finding MakeFinding(const RuleCatalog& catalog, const std::string& rule_id, std::string where,
                    std::string hop, std::string scenario, std::string task_id, std::string seen,
                    std::string expected);

}  // namespace mc
