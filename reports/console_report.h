// The console report of a `check` run: findings, input errors, one summary line.
#pragma once

#include <string>

#include "reports/check_run.h"

namespace mc {

// Shows at most `max_shown` findings (the JSON report holds them all).
std::string RenderConsoleReport(const CheckRun& run, size_t max_shown);

}  // namespace mc
