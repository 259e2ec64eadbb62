#include "harness/rules/finding.h"

#include "harness/rules/catalog.h"

namespace mc {

Finding MakeFinding(const RuleCatalog& catalog, const std::string& rule_id, std::string where,
                    std::string hop, std::string scenario, std::string task_id, std::string seen,
                    std::string expected) {
  Finding finding;
  finding.rule_id = rule_id;
  finding.level = catalog.Get(rule_id).level();
  finding.where = std::move(where);
  finding.hop = std::move(hop);
  finding.scenario = std::move(scenario);
  finding.task_id = std::move(task_id);
  finding.seen = std::move(seen);
  finding.expected = std::move(expected);
  return finding;
}

}  // namespace mc
