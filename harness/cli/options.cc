#include "harness/cli/options.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "harness/cli/exit_codes.h"

namespace mc::cli {

namespace po = boost::program_options;

bool ParseOptions(const std::vector<std::string>& args, const po::options_description& visible,
                  const po::options_description& hidden,
                  const po::positional_options_description& positional, po::variables_map* vm) {
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& error) {
    UsageError(error.what(), visible);
    return false;
  }
  return true;
}

int UsageError(std::string_view message, const po::options_description& usage) {
  std::cerr << "mesos-conformance: " << message << "\n\n" << usage << "\n";
  return kUsageOrHarnessError;
}

int HarnessError(std::string_view message) {
  std::cerr << "mesos-conformance: " << message << "\n";
  return kUsageOrHarnessError;
}

int HarnessError(const absl::Status& status) {
  return HarnessError(std::string_view(status.message().data(), status.message().size()));
}

bool WriteFile(const std::string& path, std::string_view contents) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace mc::cli
