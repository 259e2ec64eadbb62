// Every rule is proven both ways on data: each known-bad trace in
// fixtures/traces/bad trips exactly the rule its file name starts with
// (RULE[+variant].ext), and every reference trace in fixtures/traces/good
// passes without a finding.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/text_format.h>

#include "conformance/scenario.pb.h"
#include "harness/expectations/table.h"
#include "harness/rules/catalog.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc {
namespace {

namespace fs = std::filesystem;

fs::path TracesDir() { return fs::path(MC_SOURCE_DIR) / "fixtures" / "traces"; }

std::vector<fs::path> TraceFiles(const std::string& kind) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(TracesDir() / kind)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string RuleOf(const fs::path& file) {
  std::string name = file.filename().string();
  return name.substr(0, name.find_first_of("+"));
}

std::string StripExtension(std::string rule) {
  for (const char* ext : {".jsonl", ".recordio"}) {
    if (rule.size() > std::strlen(ext) && rule.substr(rule.size() - std::strlen(ext)) == ext) {
      return rule.substr(0, rule.size() - std::strlen(ext));
    }
  }
  return rule;
}

struct Outcome {
  std::set<std::string> rules;
  std::vector<std::string> details;
  std::vector<std::string> input_errors;
};

Outcome CheckFile(const fs::path& file) {
  auto table = ExpectationTable::Load("1.4");
  EXPECT_TRUE(table.ok()) << table.status();
  auto reader = TraceReader::Open(file.string());
  EXPECT_TRUE(reader.ok()) << reader.status();
  Checker checker(**table, CheckOptions{});
  TraceRecord record;
  while ((*reader)->Next(&record)) checker.Observe(record);
  Outcome outcome;
  for (const Finding& finding : checker.findings()) {
    outcome.rules.insert(finding.rule_id);
    outcome.details.push_back(finding.rule_id + " at " + finding.where + ": seen " + finding.seen +
                              "; expected " + finding.expected);
  }
  for (const InputError& error : (*reader)->input_errors()) {
    outcome.input_errors.push_back(error.ToString());
  }
  return outcome;
}

TEST(FixtureTraces, EveryBadTraceTripsExactlyItsRule) {
  auto files = TraceFiles("bad");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    Outcome outcome = CheckFile(file);
    EXPECT_THAT(outcome.input_errors, ::testing::IsEmpty());
    EXPECT_THAT(outcome.rules, ::testing::ElementsAre(StripExtension(RuleOf(file))))
        << ::testing::PrintToString(outcome.details);
  }
}

TEST(FixtureTraces, EveryReferenceTracePasses) {
  auto files = TraceFiles("good");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    Outcome outcome = CheckFile(file);
    EXPECT_THAT(outcome.input_errors, ::testing::IsEmpty());
    EXPECT_THAT(outcome.details, ::testing::IsEmpty());
  }
}

// Rules about what an executor or a scheduler does are proven by the known-bad
// executors and schedulers of the self-tests instead.
std::set<std::string> RulesOfKnownBad(const std::string& list_path) {
  std::ifstream in((fs::path(MC_SOURCE_DIR) / list_path).string());
  std::stringstream text;
  text << in.rdbuf();
  mesos_conformance::KnownBadList list;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &list));
  std::set<std::string> rules;
  for (const auto& bad : list.cases()) rules.insert(bad.rules(0));
  return rules;
}

// Rules about the calls a scheduler makes are proven by the mock master's call
// check tests, which assert the rule of every refusal.
std::set<std::string> RulesOfSchedulerCallTests() {
  std::ifstream in((fs::path(MC_SOURCE_DIR) / "tests" / "master" / "call_check_test.cc").string());
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> rules;
  for (const Rule& rule : RuleCatalog::Builtin().proto().rules()) {
    if (text.str().find("\"" + rule.id() + "\"") != std::string::npos) rules.insert(rule.id());
  }
  return rules;
}

TEST(FixtureTraces, EveryCatalogRuleIsTrippedByATraceOrAKnownBadExecutor) {
  std::set<std::string> covered = RulesOfKnownBad("fixtures/executors/known-bad.textpb");
  for (const char* list : {"fixtures/schedulers/known-bad.textpb",
                           "fixtures/sut/go-scheduler/known-bad.textpb"}) {
    for (const std::string& rule : RulesOfKnownBad(list)) covered.insert(rule);
  }
  for (const std::string& rule : RulesOfSchedulerCallTests()) covered.insert(rule);
  for (const fs::path& file : TraceFiles("bad")) covered.insert(StripExtension(RuleOf(file)));
  for (const Rule& rule : RuleCatalog::Builtin().proto().rules()) {
    EXPECT_TRUE(covered.count(rule.id()))
        << "no known-bad trace or executor trips " << rule.id();
  }
}

}  // namespace
}  // namespace mc
