#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>

#include "absl/strings/str_join.h"
#include "harness/cli/cli.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/options.h"
#include "harness/expectations/table.h"
#include "harness/expectations/table_printer.h"

namespace mc::cli {
namespace {

namespace po = boost::program_options;

constexpr char kTablesUsage[] =
    "usage: mesos-conformance tables show [--mesos-version V]\n"
    "       mesos-conformance tables diff A B\n"
    "       mesos-conformance tables list\n"
    "\n"
    "Options";

}  // namespace

int RunTables(const std::vector<std::string>& args) {
  std::vector<std::string> words;
  std::string version = "1.4", expectations_dir;
  po::options_description visible(kTablesUsage);
  visible.add_options()
      ("help,h", "show this help")
      ("mesos-version", po::value(&version)->default_value(version), "the version to show")
      ("expectations", po::value(&expectations_dir), "read tables from DIR/mesos-<version>/");
  po::options_description hidden;
  hidden.add_options()("word", po::value(&words));
  po::positional_options_description positional;
  positional.add("word", -1);
  po::variables_map vm;
  if (!ParseOptions(args, visible, hidden, positional, &vm)) return kUsageOrHarnessError;
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kConformant;
  }
  if (words.empty()) return UsageError("tables needs show, diff or list", visible);

  const std::string& action = words[0];
  if (action == "list" && words.size() == 1) {
    std::puts(absl::StrJoin(ExpectationTable::BuiltinVersions(), "\n").c_str());
    return kConformant;
  }
  if (action == "show" && words.size() <= 2) {
    if (words.size() == 2) version = words[1];
    auto table = ExpectationTable::Load(version, expectations_dir);
    if (!table.ok()) return HarnessError(table.status());
    std::fputs(RenderTable(**table).c_str(), stdout);
    return kConformant;
  }
  if (action == "diff" && words.size() == 3) {
    auto a = ExpectationTable::Load(words[1], expectations_dir);
    if (!a.ok()) return HarnessError(a.status());
    auto b = ExpectationTable::Load(words[2], expectations_dir);
    if (!b.ok()) return HarnessError(b.status());
    std::fputs(RenderDiff(**a, **b).c_str(), stdout);
    return kConformant;
  }
  return UsageError("expected 'tables show [V]', 'tables diff A B' or 'tables list'", visible);
}

}  // namespace mc::cli
