// The ledger settles each update one record late (so its table probes overlap
// other work); findings still come in record order, and reading results
// settles the last update first.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/expectations/table.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc {
namespace {

std::string Update(const std::string& task, const std::string& state, const std::string& uuid) {
  std::string line = R"({"type":"UPDATE","update":{"status":{"task_id":{"value":")" + task +
                     R"("},"state":")" + state +
                     R"(","source":"SOURCE_EXECUTOR","agent_id":{"value":"a"},)"
                     R"("executor_id":{"value":"e"},"timestamp":1.5)";
  if (!uuid.empty()) line += R"(,"uuid":")" + uuid + "\"";
  return line + "}}}\n";
}

std::vector<std::string> Rules(const Checker& checker) {
  std::vector<std::string> rules;
  for (const Finding& finding : checker.findings()) rules.push_back(finding.rule_id + "@" + finding.where);
  return rules;
}

TEST(StagedLedger, FindingsKeepRecordOrderAndResultsIncludeTheLastUpdate) {
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  auto reader = TraceReader::FromString(
      Update("t1", "TASK_FINISHED", "AAAAAAAAQAAAAAAAAAAAAA==") +
          Update("t1", "TASK_RUNNING", "AAAAAAAAQAAAAAAAAAAAAQ==") +  // after a terminal: ledger
          Update("t2", "TASK_RUNNING", "") +                          // no uuid: status rules
          Update("t2", "TASK_RUNNING", "AAAAAAAAQAAAAAAAAAAAAQ=="),   // a reused uuid: ledger
      "t");
  Checker checker(**table, CheckOptions{});
  TraceRecord record;
  ASSERT_TRUE(reader->Next(&record));
  checker.Observe(record);
  EXPECT_TRUE(Rules(checker).empty());
  ASSERT_TRUE(reader->Next(&record));
  checker.Observe(record);
  EXPECT_EQ(Rules(checker), std::vector<std::string>{"task.terminal-final@t:2"});
  ASSERT_TRUE(reader->Next(&record));
  checker.Observe(record);
  ASSERT_TRUE(reader->Next(&record));
  checker.Observe(record);
  EXPECT_EQ(checker.total_findings(), 3u);
  EXPECT_EQ(Rules(checker), (std::vector<std::string>{"task.terminal-final@t:2",
                                                      "status.uuid-required@t:3",
                                                      "status.uuid-unique@t:4"}));
  EXPECT_EQ(checker.counts().at("status.uuid-unique"), 1u);
  EXPECT_EQ(checker.TakeFindings().size(), 3u);
}

// The staged update keeps its own copy of the location: the reader may be gone
// when the results are read.
TEST(StagedLedger, LastUpdateOutlivesItsReader) {
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  Checker checker(**table, CheckOptions{});
  {
    auto reader = TraceReader::FromString(
        Update("t", "TASK_FAILED", "AAAAAAAAQAAAAAAAAAAAAA==") +
            Update("t", "TASK_RUNNING", "AAAAAAAAQAAAAAAAAAAAAQ=="),
        std::string("a-reader-with-a-long-name-") + std::string(40, 'n'));
    TraceRecord record;
    while (reader->Next(&record)) checker.Observe(record);
  }
  ASSERT_EQ(checker.findings().size(), 1u);
  EXPECT_EQ(checker.findings()[0].where, "a-reader-with-a-long-name-" + std::string(40, 'n') + ":2");
}

}  // namespace
}  // namespace mc
