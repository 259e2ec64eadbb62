// The mesos-conformance command line: one binary, one subcommand per job.
#pragma once

#include <string>
#include <vector>

namespace mc::cli {

// Runs the command line (argv[0] is the program); returns the exit code.
int Main(int argc, char** argv);

// Subcommands take their arguments without the program and subcommand names.
int RunCheck(const std::vector<std::string>& args);
int RunTables(const std::vector<std::string>& args);
int RunExecutor(const std::vector<std::string>& args);
int RunFramework(const std::vector<std::string>& args);

}  // namespace mc::cli
