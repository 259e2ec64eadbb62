// Runs the real mesos-conformance binary for end-to-end tests, with a deadline.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace mc::testing {

struct CliResult {
  int exit_code = -1;   // -1 when killed at the deadline
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs MC_CLI_PATH with `args`, feeding `input` on standard input.
CliResult RunCli(const std::vector<std::string>& args, const std::string& input = "",
                 std::chrono::seconds deadline = std::chrono::seconds(60));

// Absolute path of a file in the source tree.
std::string SourcePath(const std::string& relative);

}  // namespace mc::testing
