// Which rows of the version's table a framework suite sent, out of the rows
// the framework under test can receive (its partition awareness and
// capabilities decide; runs report both).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "harness/suite/scenario_runner.h"

namespace mc::suite {

struct TableCoverage {
  std::vector<std::string> receivable;  // in table order
  std::set<std::string> sent;           // of the receivable ones
  std::set<std::string> made;           // of those, made by a fault as Mesos does
  std::vector<std::string> replayed_only;  // sent only as row replays, in table order
  std::vector<std::string> missing;
};

// `all_receivable`: every row a framework of any kind can receive, in table
// order; narrowed to what the runs say their framework can receive.
TableCoverage CoverageOf(const std::vector<std::string>& all_receivable,
                         const std::vector<RunResult>& runs);

}  // namespace mc::suite
