#include "harness/expectations/table_printer.h"

#include <algorithm>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace mc {
namespace {

namespace conf = mesos_conformance;
using mesos::v1::TaskStatus;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<ExpectationTable> LoadOneFour() {
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table = ExpectationTable::Load("1.4");
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : nullptr;
}

std::unique_ptr<ExpectationTable> FromProto(const conf::ExpectationTable& proto) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(proto, &text);
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table =
      ExpectationTable::FromText(text, "edited.textpb");
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : nullptr;
}

conf::Row& MutableRow(conf::ExpectationTable& proto, const std::string& id) {
  for (conf::Row& row : *proto.mutable_rows()) {
    if (row.id() == id) return row;
  }
  ADD_FAILURE() << "no row " << id;
  return *proto.add_rows();
}

// Drops the row and the errata's references to it.
void RemoveRow(conf::ExpectationTable& proto, const std::string& id) {
  auto& rows = *proto.mutable_rows();
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](const conf::Row& row) { return row.id() == id; }),
             rows.end());
  for (conf::Erratum& erratum : *proto.mutable_errata()) {
    auto& ids = *erratum.mutable_rows();
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  }
}

TEST(RenderTable, ShowsEveryRowAndTheLists) {
  std::unique_ptr<ExpectationTable> table = LoadOneFour();
  ASSERT_NE(table, nullptr);
  const std::string text = RenderTable(*table);
  for (const conf::Row& row : table->proto().rows()) {
    EXPECT_THAT(text, HasSubstr("\n" + row.id() + " ")) << row.id();
  }
  for (const conf::Erratum& erratum : table->proto().errata()) {
    EXPECT_THAT(text, HasSubstr("\n" + erratum.id() + " ")) << erratum.id();
  }
  EXPECT_THAT(text, HasSubstr("Mesos 1.4 (release 1.4.0): 63 rows, 18 errata"));
  EXPECT_THAT(text, HasSubstr("Terminal states: TASK_FINISHED, TASK_FAILED"));
  EXPECT_THAT(text, HasSubstr("Unused reasons: REASON_COMMAND_EXECUTOR_FAILED"));
  EXPECT_THAT(text, HasSubstr("TASK_FINISHED|TASK_FAILED|TASK_KILLED"));
  EXPECT_THAT(text, HasSubstr("<any state>"));
  EXPECT_THAT(text, HasSubstr("master state"));
  EXPECT_THAT(text, Not(HasSubstr(" \n")));  // no trailing blanks
}

TEST(RenderTable, IsDeterministic) {
  std::unique_ptr<ExpectationTable> a = LoadOneFour();
  std::unique_ptr<ExpectationTable> b = LoadOneFour();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(RenderTable(*a), RenderTable(*b));
}

TEST(RenderDiff, TableAgainstItselfIsEmpty) {
  std::unique_ptr<ExpectationTable> table = LoadOneFour();
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(RenderDiff(*table, *table), "");
}

TEST(RenderDiff, ListsEveryKindOfChange) {
  std::unique_ptr<ExpectationTable> base = LoadOneFour();
  ASSERT_NE(base, nullptr);
  conf::ExpectationTable proto = base->proto();
  proto.set_mesos_version("1.4-edited");

  conf::EnumValue* reason = proto.add_reasons();
  reason->set_name("REASON_AGENT_REREGISTERED");
  reason->set_number(32);
  proto.clear_unused_reasons();
  proto.add_unused_reasons(TaskStatus::REASON_TASK_UNKNOWN);

  MutableRow(proto, "R15").set_uuid(true);
  MutableRow(proto, "R19").set_delivery(conf::TO_FRAMEWORK);
  for (conf::FieldRule& rule : *MutableRow(proto, "R01").mutable_fields()) {
    if (rule.field() == "agent_id") rule.set_presence(conf::NEVER);
  }
  conf::Row added = MutableRow(proto, "R21");
  added.set_id("N01");
  added.set_reason(TaskStatus::REASON_AGENT_REREGISTERED);
  added.set_generated_at("src/master/master.cpp:Master::__reregisterSlave");
  *proto.add_rows() = added;
  RemoveRow(proto, "R25");

  std::unique_ptr<ExpectationTable> edited = FromProto(proto);
  ASSERT_NE(edited, nullptr);
  const std::string diff = RenderDiff(*base, *edited);
  EXPECT_THAT(diff, HasSubstr("--- Mesos 1.4 (release 1.4.0)\n+++ Mesos 1.4-edited"));
  EXPECT_THAT(diff, HasSubstr("reasons:\n  + REASON_AGENT_REREGISTERED = 32"));
  EXPECT_THAT(diff, HasSubstr("  - REASON_CONTAINER_LIMITATION"));
  EXPECT_THAT(diff,
              HasSubstr("rows removed:\n  - R25 [TASK_UNKNOWN, MASTER, REASON_RECONCILIATION"));
  EXPECT_THAT(diff,
              HasSubstr("rows added:\n  + N01 [<any state>, MASTER, REASON_AGENT_REREGISTERED"));
  EXPECT_THAT(diff, HasSubstr("R15 [TASK_UNREACHABLE, MASTER, REASON_AGENT_REMOVED, PA only, "
                              "terminal: no]: uuid no -> yes"));
  EXPECT_THAT(diff, HasSubstr("R19 [TASK_KILLED, MASTER, REASON_FRAMEWORK_REMOVED, all, "
                              "terminal: yes]: delivery master state -> framework"));
  EXPECT_THAT(diff, HasSubstr("R01 [TASK_LOST, MASTER, REASON_INVALID_OFFERS, non-PA only, "
                              "terminal: yes]: agent_id ALWAYS -> NEVER"));
  EXPECT_THAT(diff, Not(HasSubstr("R16")));
}

TEST(RenderDiff, PairsRowsThatShareAKey) {
  std::unique_ptr<ExpectationTable> base = LoadOneFour();
  ASSERT_NE(base, nullptr);
  conf::ExpectationTable proto = base->proto();
  // R05 and R16 share a key: R05 pairs with R05 by id, R16 with the renamed X16.
  MutableRow(proto, "R16").set_id("X16");
  std::unique_ptr<ExpectationTable> renamed = FromProto(proto);
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(RenderDiff(*base, *renamed), "");

  MutableRow(proto, "X16").set_may_come_back(false);
  std::unique_ptr<ExpectationTable> changed = FromProto(proto);
  ASSERT_NE(changed, nullptr);
  const std::string diff = RenderDiff(*base, *changed);
  EXPECT_THAT(diff, HasSubstr("R16 [TASK_LOST, MASTER, REASON_AGENT_REMOVED, non-PA only, "
                              "terminal: yes*] (now X16): may_come_back yes -> no"));
  EXPECT_THAT(diff, Not(HasSubstr("rows added")));
}

}  // namespace
}  // namespace mc
