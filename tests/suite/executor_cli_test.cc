// The executor command's plumbing, through the real CLI: user task templates,
// JUnit XML, GoogleTest filters, usage errors.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.h"

namespace mc::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path Scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("mc-cli-" + std::to_string(::getpid())) / name;
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Templates(const std::string& succeeds) {
  // Text format of TaskTemplates; "data" holds the command bytes.
  return "succeeds { name: \"s\" task_id { value: \"x\" } agent_id { value: \"x\" } data: \"" +
         succeeds + "\" }\n";
}

TEST(ExecutorCli, TaskTemplatesReplaceTheBuiltInTasks) {
  fs::path dir = Scratch("templates");
  std::ofstream(dir / "good.textpb") << Templates("exit 0");
  std::ofstream(dir / "bad.textpb") << Templates("exit 7");
  std::vector<std::string> base = {"executor", "--executor", MC_REFERENCE_EXECUTOR, "--scenario",
                                   "launch_finishes", "--work-dir", (dir / "runs").string()};
  auto with = [&](const std::string& file) {
    auto args = base;
    args.push_back("--task-template");
    args.push_back((dir / file).string());
    return RunCli(args);
  };
  EXPECT_EQ(with("good.textpb").exit_code, 0);
  CliResult bad = with("bad.textpb");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("executor.task-outcome"));
  auto missing = base;
  missing.insert(missing.end(), {"--task-template", "/nonexistent.textpb"});
  EXPECT_EQ(RunCli(missing).exit_code, 2);
}

TEST(ExecutorCli, JUnitXmlAndGtestFilter) {
  fs::path dir = Scratch("junit");
  CliResult result = RunCli({"executor", "--executor", MC_REFERENCE_EXECUTOR,
                             "--gtest_filter=ExecutorSuite.launch_fails", "--junit",
                             (dir / "junit.xml").string(), "--json-report",
                             (dir / "report.json").string(), "--work-dir", (dir / "runs").string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  std::string xml = Slurp(dir / "junit.xml");
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"ExecutorSuite\""));
  EXPECT_THAT(xml, HasSubstr("name=\"launch_fails\""));
  EXPECT_THAT(xml, ::testing::Not(HasSubstr("kill_task")));
  auto report = nlohmann::json::parse(Slurp(dir / "report.json"));
  EXPECT_EQ(report["verdict"], "conformant");
  ASSERT_EQ(report["scenarios"].size(), 1u);
  EXPECT_EQ(report["scenarios"][0]["name"], "launch_fails");
  EXPECT_GT(report["scenarios"][0]["trace"].size(), 3u);
}

TEST(ExecutorCli, AMissingExecutorIsAHarnessError) {
  CliResult result = RunCli({"executor", "--executor", "/nonexistent/executor", "--scenario",
                             "launch_fails", "--work-dir", Scratch("missing").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("cannot start the executor"));
}

TEST(ExecutorCli, UsageErrors) {
  EXPECT_EQ(RunCli({"executor"}).exit_code, 2);
  EXPECT_EQ(RunCli({"executor", "--executor", "x", "--timeout-scale", "0"}).exit_code, 2);
  EXPECT_EQ(RunCli({"executor", "--executor", "x", "--scenario", "no_such_*"}).exit_code, 2);
}

}  // namespace
}  // namespace mc::testing
