// The full stack end to end through the real CLI: the mesos-go scheduler runs
// its tasks on the reference executor under a mock agent. It passes every
// scenario; one trace holds every hop of each update (executor UPDATE, agent
// ACKNOWLEDGED, master UPDATE, scheduler ACKNOWLEDGE); and an executor bug is
// found on the executor's hop, not hidden behind the scheduler.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.h"

namespace mc::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

std::string GoScheduler() { return std::string(MC_BINARY_DIR) + "/sut/go-scheduler"; }

bool Available(const std::string& path) {
  if (fs::exists(path)) return true;
  if (std::getenv("MC_REQUIRE_INTEROP") != nullptr) ADD_FAILURE() << path << " is missing";
  return false;
}

struct StackRun {
  CliResult cli;
  std::set<std::string> rules;
  fs::path dir;
};

StackRun RunFullStack(const std::string& name, std::vector<std::string> extra) {
  StackRun run;
  run.dir = fs::temp_directory_path() / ("mc-stack-" + std::to_string(::getpid())) / name;
  fs::remove_all(run.dir);
  fs::create_directories(run.dir);
  std::vector<std::string> args = {
      "framework", "--scheduler", GoScheduler() + " -executor {executor} -master {master_url}",
      "--executor", MC_REFERENCE_EXECUTOR, "--strict", "--work-dir", run.dir.string(),
      "--json-report", (run.dir / "report.json").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  run.cli = RunCli(args, "", std::chrono::seconds(240));
  std::ifstream in(run.dir / "report.json");
  auto report = nlohmann::json::parse(in, nullptr, false);
  if (report.is_object()) {
    for (const auto& finding : report["findings"]) run.rules.insert(finding["rule"]);
  }
  return run;
}

TEST(FullStack, GoSchedulerWithTheReferenceExecutorPassesEveryScenario) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  StackRun run = RunFullStack("pass", {"--gtest_filter=-*replay_row*"});
  EXPECT_EQ(run.cli.exit_code, 0) << run.cli.out << run.cli.err;
  EXPECT_THAT(run.rules, IsEmpty()) << run.cli.out;
}

// For every uuid an executor sent, the hops that carried it, in trace order.
std::map<std::string, std::vector<std::string>> HopsByUuid(const fs::path& trace) {
  std::map<std::string, std::vector<std::string>> hops;
  std::ifstream in(trace);
  for (std::string line; std::getline(in, line);) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.contains("hop")) continue;
    std::string hop = record["hop"];
    std::string uuid;
    if (record.contains("update")) uuid = record["update"]["status"].value("uuid", "");
    if (record.contains("acknowledged")) uuid = record["acknowledged"].value("uuid", "");
    if (record.contains("acknowledge")) uuid = record["acknowledge"].value("uuid", "");
    if (!uuid.empty()) hops[uuid].push_back(hop + " " + record.value("type", ""));
  }
  return hops;
}

TEST(FullStack, OneTraceHoldsEveryHopOfEachUpdate) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  StackRun run = RunFullStack("hops", {"--scenario", "launch_and_acknowledge"});
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.out;
  auto hops = HopsByUuid(run.dir / "launch_and_acknowledge" / "trace.jsonl");
  size_t executor_updates = 0;
  for (const auto& [uuid, seen] : hops) {
    if (seen.front() != "executor->agent UPDATE") continue;
    ++executor_updates;
    std::multiset<std::string> kinds(seen.begin(), seen.end());
    EXPECT_EQ(kinds.count("agent->executor ACKNOWLEDGED"), 1u) << uuid;
    EXPECT_GE(kinds.count("master->scheduler UPDATE"), 1u) << uuid;
    EXPECT_EQ(kinds.count("scheduler->master ACKNOWLEDGE"), 1u) << uuid;
  }
  // Two tasks, each RUNNING then FINISHED.
  EXPECT_EQ(executor_updates, 4u);
}

struct ExecutorBug {
  std::string bug;
  std::set<std::string> rules;
};

void PrintTo(const ExecutorBug& bug, std::ostream* out) { *out << bug.bug; }

class FullStackExecutorBug : public ::testing::TestWithParam<ExecutorBug> {};

TEST_P(FullStackExecutorBug, IsFoundOnTheExecutorsHop) {
  if (!Available(GoScheduler())) GTEST_SKIP() << "mesos-go scheduler not built";
  StackRun run = RunFullStack("bug-" + GetParam().bug,
                              {"--executor-arg=--bug=" + GetParam().bug, "--scenario", "executor_crash"});
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.out;
  EXPECT_THAT(run.rules, ElementsAreArray(GetParam().rules)) << run.cli.out;
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, FullStackExecutorBug,
    ::testing::Values(ExecutorBug{"staging", {"status.staging-from-executor"}},
                      // The agent drops the update, so the task never starts.
                      ExecutorBug{"wrong-agent-id", {"executor.launch-running", "executor.update-agent-id"}},
                      ExecutorBug{"no-running", {"executor.launch-running"}}),
    [](const ::testing::TestParamInfo<ExecutorBug>& info) {
      std::string name = info.param.bug;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace mc::testing
