// The agent fault catalogue against the 1.4 table: every fault is an update
// Mesos 1.4 sends to frameworks, for either kind of framework, and every
// scenario that names a fault names one the catalogue has.
#include "harness/master/agent_faults.h"

#include <gtest/gtest.h>

#include "harness/expectations/table.h"

namespace mc::master {
namespace {

using mesos_conformance::Row;

bool Reaches(const Row& row, bool partition_aware) {
  if (row.delivery() != mesos_conformance::TO_FRAMEWORK) return false;
  return row.audience() != (partition_aware ? mesos_conformance::NOT_PARTITION_AWARE_ONLY
                                            : mesos_conformance::PARTITION_AWARE_ONLY);
}

TEST(AgentFaults, CatalogueIsNotEmptyAndNamesAreUnique) {
  std::set<std::string> names;
  for (const auto& fault : AgentFaultCatalogue().faults()) {
    EXPECT_TRUE(names.insert(fault.name()).second) << fault.name();
    EXPECT_NE(fault.moment(), mesos_conformance::AgentFault::MOMENT_UNSPECIFIED) << fault.name();
    EXPECT_FALSE(fault.message().empty()) << fault.name();
  }
  EXPECT_GE(names.size(), 10u);
  EXPECT_NE(FindAgentFault("gc_error"), nullptr);
  EXPECT_EQ(FindAgentFault("no_such_fault"), nullptr);
}

TEST(AgentFaults, EachIsAnUpdateMesos14SendsToEitherKindOfFramework) {
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  for (const auto& fault : AgentFaultCatalogue().faults()) {
    bool not_aware = false;
    for (const Row* row : (*table)->Match(fault.state(), fault.source(), fault.reason())) {
      not_aware |= Reaches(*row, false);
    }
    EXPECT_TRUE(not_aware) << fault.name() << ": no row for a framework that is not partition-aware";
    // The partition-aware sibling: same source and reason.
    bool aware = false;
    for (const Row& row : (*table)->proto().rows()) {
      aware |= Reaches(row, true) && row.source() == fault.source() && row.has_reason() &&
               row.reason() == fault.reason();
    }
    EXPECT_TRUE(aware) << fault.name() << ": no row for a partition-aware framework";
  }
}

}  // namespace
}  // namespace mc::master
