// The framework suite proven both ways, end to end through the real CLI: the
// reference scheduler (fixtures/schedulers/reference) and the mesos-go one pass
// every scenario; each known-bad variant of either (fixtures/schedulers/
// known-bad.textpb, fixtures/sut/go-scheduler/known-bad.textpb) fails with
// exactly its rules; the npm mesos-framework scheduler shows only its
// library's real departures.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <google/protobuf/text_format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_replace.h"
#include "conformance/scenario.pb.h"
#include "harness/expectations/table.h"
#include "tests/support/cli_runner.h"

namespace mc::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

struct SuiteRun {
  CliResult cli;
  std::set<std::string> rules;
  std::set<std::string> made_rows;  // table rows a fault made, as the report says
};

// The suite's own output, shown when a check fails, without gtest's skip
// marker: ctest would otherwise report the failed test as skipped.
std::string Shown(const CliResult& cli) {
  return absl::StrReplaceAll(cli.out + cli.err, {{"[  SKIPPED ]", "[ skipped  ]"}});
}

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
    for (const auto& row : report["table_coverage"]["made_by_faults"]) run.made_rows.insert(row);
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

TEST(InteropGoScheduler, PassesOverProtobuf) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  SuiteRun run = RunFrameworkSuite("go-protobuf", GoScheduler() + " -codec protobuf -master {master_url}");
  EXPECT_EQ(run.cli.exit_code, 0) << Shown(run.cli);
  EXPECT_THAT(run.rules, IsEmpty());
}

// mesos-go 0.0.6 decodes JSON enums by name and refuses a name newer than its
// release, so it cannot acknowledge such an update: its one real departure.
TEST(InteropGoScheduler, ShowsOnlyItsJsonCodecsDepartureOverJson) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  SuiteRun run = RunFrameworkSuite("go-json", GoScheduler() + " -codec json -master {master_url}");
  EXPECT_EQ(run.cli.exit_code, 1) << Shown(run.cli);  // --strict: the recommended rule counts
  EXPECT_THAT(run.rules, ElementsAreArray(std::set<std::string>{"scheduler.future-enums"}))
      << Shown(run.cli);
}

TEST(InteropNpmScheduler, ShowsOnlyTheLibrarysRealDepartures) {
  std::string dir = std::string(MC_SOURCE_DIR) + "/fixtures/sut/npm-scheduler";
  if (!Available(dir + "/node_modules")) GTEST_SKIP() << "npm scheduler not installed";
  SuiteRun run = RunFrameworkSuite("npm", dir + "/run.sh");
  EXPECT_EQ(run.cli.exit_code, 1) << Shown(run.cli);
  // mesos-framework 0.5.3 exits when the stream breaks off, and has no heartbeat
  // watchdog (only a socket inactivity timeout).
  EXPECT_THAT(run.rules, ElementsAreArray(std::set<std::string>{"scheduler.heartbeat-liveness",
                                                                "scheduler.resubscribes"}))
      << Shown(run.cli);
}

std::string ReferenceScheduler() { return MC_REFERENCE_SCHEDULER; }

// Scenarios of profile marathon run only with --profile marathon, for the
// suite and the scheduler alike.
bool IsMarathon(const std::string& scenarios) { return scenarios.rfind("marathon", 0) == 0; }

struct ReferenceRun {
  std::string codec;
  bool partition_aware;
  std::string profile;
  bool checkpoint = true;
  bool task_groups = false;
};

std::string NameOf(const ReferenceRun& run) {
  return run.codec + (run.partition_aware ? "_PartitionAware" : "") +
         (run.profile == "protocol" ? "" : "_" + run.profile) +
         (run.checkpoint ? "" : "_NoCheckpoint") + (run.task_groups ? "_TaskGroups" : "");
}

void PrintTo(const ReferenceRun& run, std::ostream* out) { *out << NameOf(run); }

class ReferenceSchedulerPasses : public ::testing::TestWithParam<ReferenceRun> {};

TEST_P(ReferenceSchedulerPasses, EveryScenario) {
  const ReferenceRun& param = GetParam();
  std::string command = ReferenceScheduler() + " --master {master_url} --codec " + param.codec +
                        " --profile " + param.profile;
  if (param.partition_aware) command += " --partition-aware";
  if (!param.checkpoint) command += " --no-checkpoint";
  if (param.task_groups) command += " --task-groups";
  SuiteRun run = RunFrameworkSuite("reference-" + NameOf(param), command,
                                   {"--profile", param.profile});
  EXPECT_EQ(run.cli.exit_code, 0) << Shown(run.cli);
  EXPECT_THAT(run.rules, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Runs, ReferenceSchedulerPasses,
                         ::testing::Values(ReferenceRun{"protobuf", false, "protocol"},
                                           ReferenceRun{"protobuf", true, "protocol"},
                                           ReferenceRun{"json", false, "protocol", false},
                                           ReferenceRun{"json", true, "protocol", true, true},
                                           ReferenceRun{"protobuf", true, "marathon"}),
                         [](const ::testing::TestParamInfo<ReferenceRun>& info) {
                           return NameOf(info.param);
                         });

using mesos::v1::TaskStatus;

// Whether a fault in the run made (not replayed) an update of this state,
// source and reason: the report names its rows in the 1.4 table.
::testing::AssertionResult MadeUpdate(const SuiteRun& run, mesos::v1::TaskState state,
                                      TaskStatus::Source source, TaskStatus::Reason reason) {
  static const auto table = ExpectationTable::Load("1.4");
  if (!table.ok()) return ::testing::AssertionFailure() << "no 1.4 table";
  for (const auto* row : (*table)->Match(state, source, reason)) {
    if (!row->any_state() && run.made_rows.count(row->id())) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "no " << mesos::v1::TaskState_Name(state) << " " << TaskStatus::Reason_Name(reason)
         << " from " << TaskStatus::Source_Name(source) << " was made\n" << Shown(run.cli);
}

SuiteRun RunReferencePassing(const std::string& name, const std::string& flags,
                             const std::string& scenarios) {
  SuiteRun run = RunFrameworkSuite(name, ReferenceScheduler() + " --master {master_url} " + flags,
                                   {"--scenario", scenarios});
  EXPECT_EQ(run.cli.exit_code, 0) << Shown(run.cli);
  EXPECT_THAT(run.rules, IsEmpty());
  return run;
}

// A scheduler that kills each task right after launching it gets the tasks
// the mock holds (in the master, on the agent) killed during launch, from the
// master and from the agent, as Mesos does.
TEST(ReferenceSchedulerKillingOnLaunch, GetsTasksKilledDuringLaunchFromMasterAndAgent) {
  SuiteRun run = RunReferencePassing("kill-on-launch", "--kill-on-launch", "kill_during_launch_*");
  for (auto source : {TaskStatus::SOURCE_MASTER, TaskStatus::SOURCE_AGENT}) {
    EXPECT_TRUE(MadeUpdate(run, mesos::v1::TASK_KILLED, source,
                           TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH));
  }
}

// Tasks with a check and a health check get the command executor's results:
// TASK_RUNNING with TASK_CHECK_STATUS_UPDATED and TASK_HEALTH_CHECK_STATUS_UPDATED.
TEST(ReferenceSchedulerWithChecks, GetsTheCommandExecutorsCheckResults) {
  SuiteRun run = RunReferencePassing("checks", "--checks", "container_preempted");
  for (auto reason : {TaskStatus::REASON_TASK_CHECK_STATUS_UPDATED,
                      TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED}) {
    EXPECT_TRUE(MadeUpdate(run, mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR, reason));
  }
}

// A scheduler that reconciles its finished, lost and unreachable tasks by id
// gets the master's answers for tasks it does not know: cases 3, 5 and 6 of
// reasons-notes.md 3a, in both framework kinds; and TASK_STAGING for tasks
// pending in the master.
TEST(ReferenceSchedulerReconcilingAll, GetsTheAnswersForTasksTheMasterDoesNotKnow) {
  for (bool partition_aware : {false, true}) {
    SuiteRun run = RunReferencePassing(partition_aware ? "reconcile-all-pa" : "reconcile-all",
                                       partition_aware ? "--reconcile-all --partition-aware"
                                                       : "--reconcile-all",
                                       "reconcile_*");
    std::vector<mesos::v1::TaskState> states = {mesos::v1::TASK_LOST, mesos::v1::TASK_STAGING};
    if (partition_aware) {
      states = {mesos::v1::TASK_UNKNOWN, mesos::v1::TASK_UNREACHABLE, mesos::v1::TASK_STAGING};
    }
    for (auto state : states) {
      EXPECT_TRUE(MadeUpdate(run, state, TaskStatus::SOURCE_MASTER, TaskStatus::REASON_RECONCILIATION));
    }
  }
}

// A task the master's validation refuses ends TASK_ERROR with TASK_INVALID, or
// in a task group TASK_GROUP_INVALID for the whole group; the scheduler survives.
TEST(ReferenceSchedulerWithAnInvalidTask, GetsTheMastersValidationErrors) {
  SuiteRun alone = RunReferencePassing("invalid-task", "--invalid-task", "launch_and_acknowledge");
  EXPECT_TRUE(MadeUpdate(alone, mesos::v1::TASK_ERROR, TaskStatus::SOURCE_MASTER,
                         TaskStatus::REASON_TASK_INVALID));
  SuiteRun grouped = RunReferencePassing("invalid-task-group", "--invalid-task --task-groups",
                                         "launch_and_acknowledge");
  EXPECT_TRUE(MadeUpdate(grouped, mesos::v1::TASK_ERROR, TaskStatus::SOURCE_MASTER,
                         TaskStatus::REASON_TASK_GROUP_INVALID));
}

// Row replays run last and skip a row a fault scenario already made happen.
TEST(FrameworkSuiteReplays, SkipRowsAFaultMade) {
  fs::path dir = fs::temp_directory_path() / ("mc-fw-" + std::to_string(::getpid())) / "replays";
  fs::create_directories(dir);
  CliResult cli = RunCli({"framework", "--scheduler", ReferenceScheduler() + " --master {master_url}",
                          "--scenario", "replay_row:agent_removed", "--work-dir", dir.string(),
                          "--json-report", (dir / "report.json").string()},
                         "", std::chrono::seconds(240));
  EXPECT_EQ(cli.exit_code, 0) << Shown(cli);
  std::ifstream in(dir / "report.json");
  auto report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(report.is_object()) << Shown(cli);
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  std::set<std::string> removed_rows;
  for (const auto* row : (*table)->Match(mesos::v1::TASK_LOST, mesos::v1::TaskStatus::SOURCE_MASTER,
                                         mesos::v1::TaskStatus::REASON_AGENT_REMOVED)) {
    removed_rows.insert("replay_row/" + row->id());
  }
  ASSERT_FALSE(removed_rows.empty());
  int replayed = 0;
  for (const auto& scenario : report["scenarios"]) {
    std::string name = scenario["name"];
    if (name == "agent_removed") EXPECT_EQ(replayed, 0) << "replays must run last";
    if (name.rfind("replay_row/", 0) == 0) ++replayed;
    if (removed_rows.count(name)) {
      EXPECT_EQ(scenario["outcome"], "skipped") << name;
      EXPECT_THAT(std::string(scenario["skip_reason"]), ::testing::HasSubstr("agent_removed")) << name;
    } else if (name.rfind("replay_row/", 0) == 0) {
      EXPECT_NE(scenario["outcome"], "findings") << name;
    }
  }
  EXPECT_GT(replayed, 30);
}

std::vector<mesos_conformance::KnownBad> KnownBadList(const std::string& path) {
  std::ifstream in(std::string(MC_SOURCE_DIR) + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  mesos_conformance::KnownBadList list;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &list)) << path;
  EXPECT_GT(list.cases_size(), 0) << path;
  return {list.cases().begin(), list.cases().end()};
}

std::vector<mesos_conformance::KnownBad> KnownBadGoSchedulers() {
  return KnownBadList("fixtures/sut/go-scheduler/known-bad.textpb");
}

std::vector<mesos_conformance::KnownBad> KnownBadReferenceSchedulers() {
  return KnownBadList("fixtures/schedulers/known-bad.textpb");
}

std::string TestNameOf(const ::testing::TestParamInfo<mesos_conformance::KnownBad>& info) {
  std::string name = info.param.bug();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

void ExpectExactly(const SuiteRun& run, const mesos_conformance::KnownBad& bad) {
  EXPECT_EQ(run.cli.exit_code, 1) << Shown(run.cli);
  std::set<std::string> expected(bad.rules().begin(), bad.rules().end());
  EXPECT_THAT(run.rules, ElementsAreArray(expected)) << Shown(run.cli);
}

}  // namespace
}  // namespace mc::testing

namespace mesos_conformance {
void PrintTo(const KnownBad& bad, std::ostream* out);
}  // namespace mesos_conformance

namespace mc::testing {
namespace {

class KnownBadGoScheduler : public ::testing::TestWithParam<mesos_conformance::KnownBad> {};

TEST_P(KnownBadGoScheduler, TripsExactlyItsRules) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  const auto& bad = GetParam();
  SuiteRun run = RunFrameworkSuite("go-bug-" + bad.bug(),
                                   GoScheduler() + " -bug " + bad.bug() + " -master {master_url}",
                                   {"--scenario", bad.scenarios()});
  ExpectExactly(run, bad);
}

INSTANTIATE_TEST_SUITE_P(Bugs, KnownBadGoScheduler, ::testing::ValuesIn(KnownBadGoSchedulers()),
                         TestNameOf);

class KnownBadReferenceScheduler
    : public ::testing::TestWithParam<mesos_conformance::KnownBad> {};

TEST_P(KnownBadReferenceScheduler, TripsExactlyItsRules) {
  const auto& bad = GetParam();
  const std::string profile = IsMarathon(bad.scenarios()) ? "marathon" : "protocol";
  SuiteRun run = RunFrameworkSuite(
      "reference-bug-" + bad.bug(),
      ReferenceScheduler() + " --master {master_url} --profile " + profile + " --bug " + bad.bug(),
      {"--scenario", bad.scenarios(), "--profile", profile});
  ExpectExactly(run, bad);
}

INSTANTIATE_TEST_SUITE_P(Bugs, KnownBadReferenceScheduler,
                         ::testing::ValuesIn(KnownBadReferenceSchedulers()), TestNameOf);

}  // namespace
}  // namespace mc::testing
