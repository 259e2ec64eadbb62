// The JSON report of a `check` run: verdict, inputs, every kept finding, counts.
#pragma once

#include <string>

#include "reports/check_run.h"

namespace mc {

std::string RenderJsonReport(const CheckRun& run);

}  // namespace mc
