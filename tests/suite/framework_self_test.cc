// The framework suite proven both ways, end to end through the real CLI: the
// mesos-go scheduler passes every scenario over protobuf and JSON; each of its
// known-bad variants (fixtures/schedulers/known-bad.textpb) fails with exactly
// its rules; the npm mesos-framework scheduler shows only its library's real
// departures.
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
  std::set<std::string> rules;
};

SuiteRun RunFrameworkSuite(const std::string& name, const std::string& scheduler,
                           std::vector<std::string> extra = {}) {
  fs::path dir = fs::temp_directory_path() / ("mc-fw-" + std::to_string(::getpid())) / name;
  fs::create_directories(dir);
  std::vector<std::string> args = {"framework", "--scheduler", scheduler, "--strict",
                                   "--work-dir", dir.string(), "--json-report",
                                   (dir / "report.json").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  SuiteRun run;
  run.cli = RunCli(args, "", std::chrono::seconds(240));
  std::ifstream in(dir / "report.json");
  auto report = nlohmann::json::parse(in, nullptr, false);
  if (report.is_object()) {
    for (const auto& finding : report["findings"]) run.rules.insert(finding["rule"]);
  }
  return run;
}

// The interop schedulers come from ci/build-go-scheduler.sh and
// ci/build-npm-scheduler.sh; CI sets MC_REQUIRE_INTEROP=1 so a missing one fails.
bool Available(const std::string& path) {
  if (fs::exists(path)) return true;
  if (std::getenv("MC_REQUIRE_INTEROP") != nullptr) ADD_FAILURE() << path << " is missing";
  return false;
}

std::string GoScheduler() { return std::string(MC_BINARY_DIR) + "/sut/go-scheduler"; }

TEST(InteropGoScheduler, PassesOverProtobufAndJson) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  for (const std::string codec : {"protobuf", "json"}) {
    SuiteRun run = RunFrameworkSuite("go-" + codec,
                                     GoScheduler() + " -codec " + codec + " -master {master_url}");
    EXPECT_EQ(run.cli.exit_code, 0) << codec << "\n" << run.cli.out << run.cli.err;
    EXPECT_THAT(run.rules, IsEmpty()) << codec;
  }
}

TEST(InteropNpmScheduler, ShowsOnlyTheLibrarysRealDepartures) {
  std::string dir = std::string(MC_SOURCE_DIR) + "/fixtures/sut/npm-scheduler";
  if (!Available(dir + "/node_modules")) GTEST_SKIP() << "npm scheduler not installed";
  SuiteRun run = RunFrameworkSuite("npm", dir + "/run.sh");
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.out;
  // mesos-framework 0.5.3 exits when the stream breaks off, and has no heartbeat
  // watchdog (only a socket inactivity timeout).
  EXPECT_THAT(run.rules, ElementsAreArray(std::set<std::string>{"scheduler.heartbeat-liveness",
                                                                "scheduler.resubscribes"}))
      << run.cli.out;
}

std::vector<mesos_conformance::KnownBad> KnownBadSchedulers() {
  std::ifstream in(std::string(MC_SOURCE_DIR) + "/fixtures/schedulers/known-bad.textpb");
  std::stringstream text;
  text << in.rdbuf();
  mesos_conformance::KnownBadList list;
  google::protobuf::TextFormat::ParseFromString(text.str(), &list);
  return {list.cases().begin(), list.cases().end()};
}

}  // namespace
}  // namespace mc::testing

namespace mesos_conformance {
void PrintTo(const KnownBad& bad, std::ostream* out);
}  // namespace mesos_conformance

namespace mc::testing {
namespace {

class KnownBadScheduler : public ::testing::TestWithParam<mesos_conformance::KnownBad> {};

TEST_P(KnownBadScheduler, TripsExactlyItsRules) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  const auto& bad = GetParam();
  SuiteRun run = RunFrameworkSuite("bug-" + bad.bug(),
                                   GoScheduler() + " -bug " + bad.bug() + " -master {master_url}",
                                   {"--scenario", bad.scenarios()});
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.out;
  std::set<std::string> expected(bad.rules().begin(), bad.rules().end());
  EXPECT_THAT(run.rules, ElementsAreArray(expected)) << run.cli.out;
}

INSTANTIATE_TEST_SUITE_P(Bugs, KnownBadScheduler, ::testing::ValuesIn(KnownBadSchedulers()),
                         [](const ::testing::TestParamInfo<mesos_conformance::KnownBad>& info) {
                           std::string name = info.param.bug();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace mc::testing
