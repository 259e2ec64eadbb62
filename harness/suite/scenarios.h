// The scenarios of a suite: built into the binary from fixtures/scenarios/<suite>/,
// or read from a directory.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/scenario.pb.h"

namespace mc::suite {

// Scenarios of `suite` ("executor"), sorted by name, whose names match `glob`
// (shell wildcards; empty matches all). With a non-empty `dir`, reads
// DIR/*.textpb instead of the built-in ones.
absl::StatusOr<std::vector<mesos_conformance::Scenario>> LoadScenarios(const std::string& suite,
                                                                       const std::string& glob,
                                                                       const std::string& dir = "");

// Parses one scenario; `origin` names it in errors.
absl::StatusOr<mesos_conformance::Scenario> ParseScenario(const std::string& text,
                                                          const std::string& origin);

}  // namespace mc::suite
