// End to end: the real binary on real files and standard input.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.h"

namespace mc::testing {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid())))
      .string();
}

TEST(CheckCli, ReferenceTracePassesWithExitZero) {
  CliResult result =
      RunCli({"check", SourcePath("fixtures/traces/good/reference-not-partition-aware.jsonl")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("PASS: Mesos 1.4"));
}

TEST(CheckCli, FindingExitsOneAndNamesRuleTaskSeenExpected) {
  CliResult result = RunCli({"check", SourcePath("fixtures/traces/bad/status.uuid-required.jsonl")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("FAIL status.uuid-required [required]"));
  EXPECT_THAT(result.out, HasSubstr("status.uuid-required.jsonl:3"));
  EXPECT_THAT(result.out, HasSubstr("task r1"));
  EXPECT_THAT(result.out, HasSubstr("seen:     TASK_RUNNING from SOURCE_EXECUTOR"));
  EXPECT_THAT(result.out, HasSubstr("expected: a uuid"));
}

TEST(CheckCli, RecommendedFindingWarnsUnlessStrict) {
  std::string trace = SourcePath("fixtures/traces/bad/executor.reason-recommended.jsonl");
  CliResult lenient = RunCli({"check", trace});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
  EXPECT_THAT(lenient.out, HasSubstr("WARN executor.reason-recommended [recommended]"));
  CliResult strict = RunCli({"check", trace, "--strict"});
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
}

TEST(CheckCli, ReadsStandardInput) {
  std::string trace = Slurp(SourcePath("fixtures/traces/bad/task.terminal-final.jsonl"));
  CliResult result = RunCli({"check", "-"}, trace);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("<stdin>:4"));
}

TEST(CheckCli, PartitionAwarenessFlagOverridesTheTrace) {
  // The trace says the framework is partition-aware; the flag says it is not.
  std::string trace = SourcePath("fixtures/traces/good/reference-partition-aware.jsonl");
  EXPECT_EQ(RunCli({"check", trace}).exit_code, 0);
  CliResult result = RunCli({"check", trace, "--not-partition-aware"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("status.partition-aware-state"));
}

TEST(CheckCli, RecordIOCapturesInBothEncodings) {
  EXPECT_EQ(RunCli({"check", SourcePath("fixtures/traces/good/capture-json.recordio")}).exit_code, 0);
  EXPECT_EQ(RunCli({"check", SourcePath("fixtures/traces/good/capture-protobuf.recordio")}).exit_code,
            0);
}

TEST(CheckCli, JsonReportHoldsVerdictFindingsAndCounts) {
  std::string report = TempPath("mc-report.json");
  CliResult result = RunCli({"check", SourcePath("fixtures/traces/bad/status.uuid-unique.jsonl"),
                             "--json-report", report});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  auto json = nlohmann::json::parse(Slurp(report));
  EXPECT_EQ(json["verdict"], "findings");
  EXPECT_EQ(json["exit_code"], 1);
  EXPECT_EQ(json["counts"]["status.uuid-unique"], 1);
  ASSERT_EQ(json["findings"].size(), 1u);
  EXPECT_EQ(json["findings"][0]["rule"], "status.uuid-unique");
  EXPECT_EQ(json["findings"][0]["task"], "q2");
  EXPECT_EQ(json["findings"][0]["level"], "required");
  std::filesystem::remove(report);
}

TEST(CheckCli, GarbageIsAnInputErrorWithExitTwo) {
  CliResult result = RunCli({"check", "-"}, std::string("\x7f\x45\x4c\x46garbage", 11));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("ERROR unreadable input <stdin>"));
  EXPECT_THAT(result.out, HasSubstr("neither '{' (JSON Lines) nor a digit (RecordIO)"));
}

TEST(CheckCli, BrokenJsonLineIsReportedWithItsLine) {
  CliResult result = RunCli({"check", "-"}, "{\"type\":\"HEARTBEAT\"}\n{\"type\": \n");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("<stdin>:2: not JSON"));
}

TEST(CheckCli, TruncatedRecordIOIsAnInputError) {
  CliResult result = RunCli({"check", "-"}, "20\n{\"type\":\"HEARTBEAT\"}100\n{\"type\"");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("truncated"));
}

TEST(CheckCli, EnormousDeclaredRecordNeverAllocates) {
  CliResult result = RunCli({"check", "-"}, "99999999999999999\n{}");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.timed_out);
}

TEST(CheckCli, OverlongLineIsSkippedWithAnError) {
  std::string line = "{\"type\":\"HEARTBEAT\",\"pad\":\"" + std::string(4096, 'x') + "\"}\n";
  CliResult result = RunCli({"check", "-", "--max-record-size", "1024"}, line + line);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("longer than the 1024-byte limit"));
}

TEST(CheckCli, EmptyInputIsAnInputError) {
  EXPECT_EQ(RunCli({"check", "-"}, "").exit_code, 2);
}

TEST(CheckCli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli({"check"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "x", "--partition-aware", "--not-partition-aware"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "x", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(RunCli({"nonsense"}).exit_code, 2);
  CliResult missing = RunCli({"check", "/nonexistent/trace.jsonl"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.out, HasSubstr("cannot open /nonexistent/trace.jsonl"));
}

TEST(CheckCli, UnknownMesosVersionIsAHarnessError) {
  CliResult result = RunCli({"check", SourcePath("fixtures/traces/good/bare-statuses.jsonl"),
                             "--mesos-version", "0.28"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("1.4"));
}

TEST(TablesCli, ShowListsEveryRowAndListShowsVersions) {
  CliResult show = RunCli({"tables", "show", "--mesos-version", "1.4"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("R01"));
  EXPECT_THAT(show.out, HasSubstr("R63"));
  CliResult list = RunCli({"tables", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, HasSubstr("1.4"));
  CliResult diff = RunCli({"tables", "diff", "1.4", "1.4"});
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
}

}  // namespace
}  // namespace mc::testing
