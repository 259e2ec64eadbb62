// Table coverage tells rows a fault made (as Mesos makes them) from rows only
// replayed, narrowed to the rows the runs' framework can receive.
#include "harness/suite/table_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mc::suite {
namespace {

using ::testing::ElementsAre;

RunResult RunThatSent(std::vector<std::string> sent, std::vector<std::string> made) {
  RunResult run;
  run.sent_rows = std::move(sent);
  run.made_rows = std::move(made);
  run.receivable_rows = {"R01", "R02", "R04"};
  return run;
}

TEST(TableCoverage, SplitsMadeFromReplayedOnly) {
  // R02 is replayed in one run and made in another: made. R03 is not receivable.
  TableCoverage coverage = CoverageOf({"R01", "R02", "R03", "R04"},
                                      {RunThatSent({"R01", "R02", "R03"}, {"R02"}), RunThatSent({"R02"}, {})});
  EXPECT_THAT(coverage.receivable, ElementsAre("R01", "R02", "R04"));
  EXPECT_THAT(coverage.sent, ElementsAre("R01", "R02"));
  EXPECT_THAT(coverage.made, ElementsAre("R02"));
  EXPECT_THAT(coverage.replayed_only, ElementsAre("R01"));
  EXPECT_THAT(coverage.missing, ElementsAre("R04"));
}

}  // namespace
}  // namespace mc::suite
