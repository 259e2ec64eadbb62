#pragma once
// Shared pieces of the subcommands' option handling.
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "absl/status/status.h"

namespace mc::cli {

// Parses `args`; on error prints it with the usage to stderr and returns false.
bool ParseOptions(const std::vector<std::string>& args,
                  const boost::program_options::options_description& visible,
                  const boost::program_options::options_description& hidden,
                  const boost::program_options::positional_options_description& positional,
                  boost::program_options::variables_map* vm);

// Prints "mesos-conformance: <message>" and the usage; returns exit code 2.
int UsageError(std::string_view message, const boost::program_options::options_description& usage);
// Prints "mesos-conformance: <message>"; returns exit code 2.
int HarnessError(std::string_view message);
int HarnessError(const absl::Status& status);

// Writes `contents` to `path` (atomically, through a temporary file).
bool WriteFile(const std::string& path, std::string_view contents);

}  // namespace mc::cli
