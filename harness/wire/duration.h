// stout's duration strings, as Mesos writes them into executor environment
// variables such as MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD (shared facts
// executor-http-api.md §5): a number immediately followed by one of ns, us, ms,
// secs, mins, hrs, days, weeks.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mc::duration {

// The text Mesos prints for `d`. Like stout: take the unit of d's magnitude
// (the largest unit not exceeding it); if d is not a whole number of that unit
// but is one of the next smaller unit, use that one; otherwise print the
// fraction with 15 significant digits. So 90s -> "90secs", 120s -> "2mins",
// 250ms -> "250ms", 0 -> "0ns", 61.5s -> "1.025mins". Negative: "-" first.
std::string Format(std::chrono::nanoseconds d);

// Reads a duration the way stout does: a non-negative decimal number (digits
// with at most one '.') and a unit, nothing else. The value is truncated to
// whole nanoseconds. Rejects Go-style "5s", a bare "5", "", signs, spaces and
// values beyond the int64 nanosecond range, with an InvalidArgument error.
absl::StatusOr<std::chrono::nanoseconds> Parse(std::string_view text);

}  // namespace mc::duration
