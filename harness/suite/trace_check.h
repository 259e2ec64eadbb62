// The rule engine over a finished run's own trace, for both suites.
#pragma once

#include "harness/expectations/table.h"
#include "harness/suite/scenario_runner.h"

namespace mc::suite {

// Adds the engine's findings on result->trace_path to result->findings; an
// unreadable trace makes the run a harness error.
void CheckRunTrace(const ExpectationTable& table, RunResult* result);

}  // namespace mc::suite
