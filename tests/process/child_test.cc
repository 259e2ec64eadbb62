// Child: what it starts, with which environment, directory and output files,
// and how starting fails.
#include "harness/process/child.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/process/unique_fd.h"
#include "tests/process/process_test_util.h"

namespace mc::process {
namespace {

using std::chrono::milliseconds;
using testing::NoChildren;
using testing::ReadFile;
using testing::ShellSpec;
using testing::TempDir;
using testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr milliseconds kDeadline{10000};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs `spec` to completion and returns how it ended.
ExitStatus RunToEnd(const ChildSpec& spec) {
  absl::StatusOr<std::unique_ptr<Child>> child = Child::Spawn(spec);
  EXPECT_TRUE(child.ok()) << child.status();
  if (!child.ok()) return ExitStatus::Unknown();
  const std::optional<ExitStatus> status = (*child)->Wait(kDeadline);
  EXPECT_TRUE(status.has_value()) << "still running after " << kDeadline.count() << " ms";
  return status.value_or(ExitStatus::Unknown());
}

TEST(ChildSpawn, PropagatesExitCode) {
  TempDir dir;
  const ExitStatus status = RunToEnd(ShellSpec(dir, "exit 3"));
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 3);
  EXPECT_EQ(status.raw, 3 << 8);
  EXPECT_EQ(status.ToString(), "exited with 3");
}

TEST(ChildSpawn, ReportsDeathBySignal) {
  TempDir dir;
  const ExitStatus status = RunToEnd(ShellSpec(dir, "kill -TERM $$"));
  EXPECT_TRUE(status.signaled);
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_EQ(status.raw & 0x7f, SIGTERM);
  EXPECT_EQ(status.ToString(), "killed by SIGTERM");
}

TEST(ChildSpawn, EnvironmentIsExactlyTheGivenOne) {
  TempDir dir;
  ChildSpec spec;
  spec.executable = "/usr/bin/env";
  spec.env = {{"A", "1"}, {"B", "two words"}, {"EMPTY", ""}};
  spec.stdout_path = dir.File("out");
  EXPECT_EQ(RunToEnd(spec).code, 0);
  std::vector<std::string> lines = Lines(ReadFile(spec.stdout_path));
  std::sort(lines.begin(), lines.end());
  EXPECT_THAT(lines, ElementsAre("A=1", "B=two words", "EMPTY="));

  spec.env.clear();
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), "");
}

TEST(ChildSpawn, LooksUpBareNamesInTheHarnessPath) {
  TempDir dir;
  ChildSpec spec;
  spec.executable = "pwd";  // the child's own environment has no PATH
  spec.working_directory = dir.path();
  spec.stdout_path = dir.File("out");
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), dir.path() + "\n");
}

TEST(ChildSpawn, TakesRelativePathsFromTheHarnessDirectory) {
  TempDir dir;
  WriteFile(dir.File("hello.sh"), "#!/bin/sh\necho hello\n", 0755);
  ChildSpec spec;
  spec.executable =
      boost::filesystem::relative(dir.File("hello.sh"), boost::filesystem::current_path())
          .string();
  ASSERT_NE(spec.executable.find('/'), std::string::npos);
  spec.working_directory = "/";
  spec.stdout_path = dir.File("out");
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), "hello\n");
}

TEST(ChildSpawn, WritesOutputToTruncatedFilesInNewDirectories) {
  TempDir dir;
  ChildSpec spec = ShellSpec(dir, "echo out; echo err >&2");
  spec.stdout_path = dir.File("logs/a/stdout");
  spec.stderr_path = dir.File("logs/b/stderr");
  boost::filesystem::create_directories(dir.File("logs/a"));
  WriteFile(spec.stdout_path, "stale content from an earlier run\n");
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), "out\n");
  EXPECT_EQ(ReadFile(spec.stderr_path), "err\n");
}

TEST(ChildSpawn, SharesOneFileForStdoutAndStderr) {
  TempDir dir;
  ChildSpec spec = ShellSpec(dir, "echo one; echo two >&2; echo three");
  spec.stderr_path = spec.stdout_path;
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), "one\ntwo\nthree\n");
}

TEST(ChildSpawn, TailsReturnTheLastBytes) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<Child>> child =
      Child::Spawn(ShellSpec(dir, "echo 0123456789; echo abcdef >&2"));
  ASSERT_TRUE(child.ok()) << child.status();
  ASSERT_TRUE((*child)->Wait(kDeadline).has_value());
  EXPECT_EQ((*child)->StdoutTail(4), "789\n");
  EXPECT_EQ((*child)->StdoutTail(), "0123456789\n");
  EXPECT_EQ((*child)->StderrTail(3), "ef\n");
}

TEST(ChildSpawn, StartsWithOnlyTheStandardDescriptors) {
  TempDir dir;
  UniqueFd leaky(::open("/dev/null", O_RDONLY));  // no O_CLOEXEC
  ASSERT_TRUE(leaky.valid());
  const std::string fd = std::to_string(leaky.get());
  ChildSpec spec = ShellSpec(dir, "test -e /proc/$$/fd/" + fd +
                                      " && echo leaked || echo clean;"
                                      " test -e /proc/$$/fd/2 && echo has-stderr");
  EXPECT_EQ(RunToEnd(spec).code, 0);
  EXPECT_EQ(ReadFile(spec.stdout_path), "clean\nhas-stderr\n");
}

TEST(ChildSpawn, MissingExecutableIsAnError) {
  TempDir dir;
  ChildSpec spec = ShellSpec(dir, "true");
  spec.executable = dir.File("no-such-program");
  absl::StatusOr<std::unique_ptr<Child>> child = Child::Spawn(spec);
  EXPECT_EQ(child.status().code(), absl::StatusCode::kNotFound) << child.status();

  spec.executable = "mc-no-such-program-in-path";
  child = Child::Spawn(spec);
  EXPECT_EQ(child.status().code(), absl::StatusCode::kNotFound) << child.status();
  EXPECT_THAT(std::string(child.status().message()), HasSubstr("not found in PATH"));
  EXPECT_TRUE(NoChildren());
}

TEST(ChildSpawn, UnrunnableExecutableIsAnErrorAndLeavesNoProcess) {
  TempDir dir;
  ChildSpec spec = ShellSpec(dir, "true");
  spec.executable = dir.File("not-executable");
  WriteFile(spec.executable, "#!/bin/sh\n", 0644);
  EXPECT_EQ(Child::Spawn(spec).status().code(), absl::StatusCode::kPermissionDenied);

  spec.executable = dir.path();
  EXPECT_FALSE(Child::Spawn(spec).ok());

  spec.executable = dir.File("not-a-program");  // exec itself fails: ENOEXEC
  WriteFile(spec.executable, "no interpreter line\n", 0755);
  absl::StatusOr<std::unique_ptr<Child>> child = Child::Spawn(spec);
  EXPECT_FALSE(child.ok());
  EXPECT_THAT(std::string(child.status().message()), HasSubstr("cannot start"));
  EXPECT_TRUE(NoChildren());
}

TEST(ChildSpawn, BadSpecsAreErrors) {
  TempDir dir;
  ChildSpec spec = ShellSpec(dir, "true");
  spec.working_directory = dir.File("missing");
  EXPECT_EQ(Child::Spawn(spec).status().code(), absl::StatusCode::kNotFound);

  spec = ShellSpec(dir, "true");
  spec.env["A=B"] = "x";
  EXPECT_EQ(Child::Spawn(spec).status().code(), absl::StatusCode::kInvalidArgument);

  spec = ShellSpec(dir, "true");
  WriteFile(dir.File("file"), "");
  spec.stdout_path = dir.File("file/out");  // parent is a file
  EXPECT_FALSE(Child::Spawn(spec).ok());
  EXPECT_TRUE(NoChildren());
}

}  // namespace
}  // namespace mc::process
