// Text renderings of expectation tables for `mesos-conformance tables show` and
// `mesos-conformance tables diff`. Both are deterministic: same tables, same text.
#pragma once

#include <string>

#include "harness/expectations/table.h"

namespace mc {

// A fixed-width table with one line per row, then the state and reason lists,
// then the errata, one per line.
std::string RenderTable(const ExpectationTable& table);

// What changes from `a` to `b`: enum values, state and reason lists, rows added
// or removed (keyed by state(s), source, reason, audience and terminality), and
// rows whose uuid, delivery, may_come_back or field presences differ. Returns ""
// when the tables agree on all of these.
std::string RenderDiff(const ExpectationTable& a, const ExpectationTable& b);

}  // namespace mc
