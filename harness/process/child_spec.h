// What to start as a child process.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mc::process {

struct ChildSpec {
  // A path (a relative one is taken from the harness's working directory, not
  // the child's), or a bare name looked up in the harness's own PATH.
  std::string executable;
  std::vector<std::string> args;           // argv[1...]; argv[0] is the resolved path
  std::map<std::string, std::string> env;  // the child's whole environment
  std::string working_directory;           // must exist; empty: the harness's own
  // Files the output goes to, created (with parent directories) or truncated.
  // Empty: discarded (/dev/null). stdin is always /dev/null.
  std::string stdout_path;
  std::string stderr_path;
};

}  // namespace mc::process
