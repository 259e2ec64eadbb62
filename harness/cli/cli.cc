#include "harness/cli/cli.h"

#include <cstdio>
#include <cstring>

#include "harness/cli/exit_codes.h"

namespace mc::cli {
namespace {

constexpr char kUsage[] =
    "usage: mesos-conformance <command> [options]\n"
    "\n"
    "Commands:\n"
    "  check FILE...        check captured scheduler-side traffic (JSON Lines or RecordIO)\n"
    "                       against what a Mesos version can send\n"
    "  executor --executor PATH\n"
    "                       certify an executor against a mock agent: scenarios and faults\n"
    "  framework --scheduler \"COMMAND LINE\"\n"
    "                       certify a scheduler against a mock master: offers, updates, faults\n"
    "  tables show          print a Mesos version's expectation table\n"
    "  tables diff A B      what changed between two versions' tables\n"
    "  version              print the version\n"
    "\n"
    "Run 'mesos-conformance <command> --help' for a command's options.\n"
    "Exit codes: 0 conformant, 1 conformance findings, 2 usage, input or harness error.\n";

}  // namespace

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kUsageOrHarnessError;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "check") return RunCheck(args);
  if (command == "tables") return RunTables(args);
  if (command == "executor") return RunExecutor(args);
  if (command == "framework") return RunFramework(args);
  if (command == "version" || command == "--version") {
    std::puts("mesos-conformance " MC_VERSION);
    return kConformant;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return kConformant;
  }
  std::fprintf(stderr, "mesos-conformance: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return kUsageOrHarnessError;
}

}  // namespace mc::cli
