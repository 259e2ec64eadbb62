// The executor suite proven both ways, end to end through the real CLI: the
// reference executor passes every scenario in both encodings; each known-bad
// variant (fixtures/executors/known-bad.textpb) fails with exactly its rules;
// and executors built on third-party client libraries (mesos-go, npm
// mesos-framework) pass, or show only their libraries' real departures.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <google/protobuf/text_format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/scenario.pb.h"
#include "tests/support/cli_runner.h"

namespace mc::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

struct SuiteRun {
  CliResult cli;
  nlohmann::json report;
  std::set<std::string> rules;
};

std::string WorkDir(const std::string& name) {
  return (fs::temp_directory_path() / ("mc-selftest-" + std::to_string(::getpid())) / name).string();
}

SuiteRun RunSuite(const std::string& name, std::vector<std::string> args) {
  std::string report = WorkDir(name) + ".json";
  fs::create_directories(WorkDir(name));
  args.insert(args.begin(), "executor");
  for (const std::string& extra : {"--json-report", report.c_str()}) args.push_back(extra);
  args.push_back("--work-dir");
  args.push_back(WorkDir(name));
  SuiteRun run;
  run.cli = RunCli(args, "", std::chrono::seconds(240));
  std::ifstream in(report);
  run.report = nlohmann::json::parse(in, nullptr, false);
  if (run.report.is_object()) {
    for (const auto& finding : run.report["findings"]) run.rules.insert(finding["rule"]);
  }
  return run;
}

std::string Explain(const SuiteRun& run) {
  return run.cli.out.substr(run.cli.out.size() > 6000 ? run.cli.out.size() - 6000 : 0) +
         run.cli.err;
}

TEST(ReferenceExecutor, PassesEveryScenarioInJson) {
  SuiteRun run = RunSuite("reference-json",
                          {"--executor", MC_REFERENCE_EXECUTOR, "--executor-arg=--codec=json",
                           "--executor-supports", "health-checks", "--executor-supports",
                           "task-groups", "--strict"});
  EXPECT_EQ(run.cli.exit_code, 0) << Explain(run);
  EXPECT_THAT(run.rules, IsEmpty());
  for (const auto& scenario : run.report["scenarios"]) {
    EXPECT_EQ(scenario["outcome"], "passed") << scenario["name"];
  }
}

TEST(ReferenceExecutor, PassesEveryScenarioInProtobuf) {
  SuiteRun run = RunSuite("reference-protobuf",
                          {"--executor", MC_REFERENCE_EXECUTOR, "--executor-arg=--codec=protobuf",
                           "--executor-supports", "health-checks", "--executor-supports",
                           "task-groups", "--strict"});
  EXPECT_EQ(run.cli.exit_code, 0) << Explain(run);
  EXPECT_THAT(run.rules, IsEmpty());
}

std::vector<mesos_conformance::KnownBad> KnownBadCases() {
  std::ifstream in(std::string(MC_SOURCE_DIR) + "/fixtures/executors/known-bad.textpb");
  std::stringstream text;
  text << in.rdbuf();
  mesos_conformance::KnownBadList list;
  google::protobuf::TextFormat::ParseFromString(text.str(), &list);
  return {list.cases().begin(), list.cases().end()};
}

}  // namespace
}  // namespace mc::testing

namespace mesos_conformance {
void PrintTo(const KnownBad& bad, std::ostream* out) { *out << bad.bug(); }
}  // namespace mesos_conformance

namespace mc::testing {
namespace {

class KnownBadExecutor : public ::testing::TestWithParam<mesos_conformance::KnownBad> {};

TEST_P(KnownBadExecutor, TripsExactlyItsRules) {
  const mesos_conformance::KnownBad& bad = GetParam();
  SuiteRun run = RunSuite("bug-" + bad.bug(),
                          {"--executor", MC_REFERENCE_EXECUTOR, "--executor-arg=--bug=" + bad.bug(),
                           "--executor-supports", "health-checks", "--executor-supports",
                           "task-groups", "--scenario", bad.scenarios(), "--strict"});
  EXPECT_EQ(run.cli.exit_code, 1) << Explain(run);
  std::set<std::string> expected(bad.rules().begin(), bad.rules().end());
  EXPECT_THAT(run.rules, ElementsAreArray(expected)) << Explain(run);
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, KnownBadExecutor, ::testing::ValuesIn(KnownBadCases()),
    [](const ::testing::TestParamInfo<mesos_conformance::KnownBad>& info) {
      std::string name = info.param.bug();
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// Interop executors come from ci/build-go-sut.sh and ci/build-npm-sut.sh. CI sets
// MC_REQUIRE_INTEROP=1 so that a missing one fails instead of skipping.
std::string InteropPath(const std::string& path) {
  if (fs::exists(path)) return path;
  if (std::getenv("MC_REQUIRE_INTEROP") != nullptr) {
    ADD_FAILURE() << path << " is missing: run ci/build-go-sut.sh and ci/build-npm-sut.sh";
  }
  return "";
}

TEST(InteropGoExecutor, PassesOverProtobufAndJson) {
  std::string go = InteropPath(std::string(MC_BINARY_DIR) + "/sut/go-executor");
  if (go.empty()) GTEST_SKIP() << "mesos-go executor not built";
  for (const std::string codec : {"protobuf", "json"}) {
    SuiteRun run = RunSuite("go-" + codec, {"--executor", go, "--executor-arg=-codec",
                                            "--executor-arg=" + codec, "--strict"});
    EXPECT_EQ(run.cli.exit_code, 0) << codec << "\n" << Explain(run);
    EXPECT_THAT(run.rules, IsEmpty()) << codec;
  }
}

TEST(InteropNpmExecutor, ShowsOnlyTheLibrarysRealDepartures) {
  std::string npm = std::string(MC_SOURCE_DIR) + "/fixtures/sut/npm-executor/run.sh";
  if (!fs::exists(std::string(MC_SOURCE_DIR) + "/fixtures/sut/npm-executor/node_modules")) {
    npm = InteropPath(npm + ".not-installed");
  }
  if (npm.empty()) GTEST_SKIP() << "npm executor not installed";
  SuiteRun run = RunSuite("npm", {"--executor", npm, "--strict"});
  EXPECT_EQ(run.cli.exit_code, 1) << Explain(run);
  // mesos-framework 0.5.3: SUBSCRIBE without `subscribe`; no re-subscription;
  // a stream broken without a clean end goes unnoticed.
  EXPECT_THAT(run.rules, ElementsAreArray(std::set<std::string>{
                             "executor.exit-without-checkpoint", "executor.recovery-timeout",
                             "executor.resubscribe", "executor.subscribe-body"}))
      << Explain(run);
  for (const auto& scenario : run.report["scenarios"]) {
    if (scenario["outcome"] == "skipped") continue;
    bool subscribe_body = false;
    for (const auto& finding : run.report["findings"]) {
      subscribe_body |= finding["scenario"] == scenario["name"] &&
                        finding["rule"] == "executor.subscribe-body";
    }
    EXPECT_TRUE(subscribe_body) << scenario["name"];
  }
}

}  // namespace
}  // namespace mc::testing
