#include "harness/expectations/table.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/expectations/csv_reader.h"

namespace mc {
namespace {

using ::mc::testing::ReadLine;
using ::mc::testing::SplitCsvLine;

namespace conf = mesos_conformance;
namespace pb = google::protobuf;
using mesos::v1::TaskState;
using mesos::v1::TaskStatus;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCsvPath[] = MC_SOURCE_DIR "/../shared/facts/reasons-1.4.csv";

// Compiled enum values that later releases added; the 1.4 table must not list them.
const std::set<std::string>& AfterOneFour() {
  static const std::set<std::string> names = {
      "REASON_AGENT_REMOVED_BY_OPERATOR", "REASON_AGENT_REREGISTERED",
      "REASON_MAX_COMPLETION_TIME_REACHED", "REASON_AGENT_DRAINING"};
  return names;
}

std::vector<std::string> Ids(const std::vector<const Row*>& rows) {
  std::vector<std::string> ids;
  for (const Row* row : rows) ids.push_back(row->id());
  return ids;
}

const conf::FieldRule* Rule(const Row& row, const std::string& field) {
  for (const conf::FieldRule& rule : row.fields()) {
    if (rule.field() == field) return &rule;
  }
  return nullptr;
}

conf::Presence PresenceOf(const Row& row, const std::string& field) {
  const conf::FieldRule* rule = Rule(row, field);
  return rule == nullptr ? conf::MAY : rule->presence();
}

absl::StatusOr<std::unique_ptr<ExpectationTable>> Reparse(const conf::ExpectationTable& proto) {
  std::string text;
  pb::TextFormat::PrintToString(proto, &text);
  return ExpectationTable::FromText(text, "edited.textpb");
}

class Mesos14Test : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ExpectationTable>> loaded = ExpectationTable::Load("1.4");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    table_ = *std::move(loaded);
  }

  const Row& RowById(const std::string& id) {
    const Row* row = table_->FindRow(id);
    EXPECT_NE(row, nullptr) << id;
    static const Row kEmpty;
    return row != nullptr ? *row : kEmpty;
  }

  // Rows with exactly this key.
  std::vector<std::string> RowsWith(TaskState state, TaskStatus::Source source,
                                    std::optional<TaskStatus::Reason> reason) {
    return Ids(table_->Match(state, source, reason));
  }

  std::unique_ptr<ExpectationTable> table_;
};

// --- loading ------------------------------------------------------------------

TEST(ExpectationTableLoad, BuiltinVersionsIncludeOneFour) {
  EXPECT_THAT(ExpectationTable::BuiltinVersions(), ::testing::Contains("1.4"));
}

TEST(ExpectationTableLoad, AcceptsShortAndFullVersion) {
  for (const char* version : {"1.4", "1.4.0"}) {
    absl::StatusOr<std::unique_ptr<ExpectationTable>> table = ExpectationTable::Load(version);
    ASSERT_TRUE(table.ok()) << version << ": " << table.status();
    EXPECT_EQ((*table)->version(), "1.4");
    EXPECT_EQ((*table)->proto().release(), "1.4.0");
  }
}

TEST(ExpectationTableLoad, UnknownVersionListsAvailableOnes) {
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table = ExpectationTable::Load("0.28");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(table.status().message(), HasSubstr("0.28"));
  EXPECT_THAT(table.status().message(), HasSubstr("1.4"));
}

TEST(ExpectationTableLoad, ReadsFromDirectory) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "mc_tables_dir";
  fs::create_directories(dir / "mesos-1.4");
  {
    std::ifstream in(MC_SOURCE_DIR "/expectations/mesos-1.4/table.textpb");
    std::ofstream out(dir / "mesos-1.4" / "table.textpb");
    out << in.rdbuf();
  }
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table =
      ExpectationTable::Load("1.4.0", dir.string());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->proto().rows_size(), 63);

  absl::StatusOr<std::unique_ptr<ExpectationTable>> missing =
      ExpectationTable::Load("1.5", dir.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("available there: 1.4"));
}

TEST(ExpectationTableLoad, ParseErrorNamesOriginLineAndColumn) {
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table = ExpectationTable::FromText(
      "mesos_version: \"1.4\"\nrows { id: \"R01\" colour: 3 }\n", "bad.textpb");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("bad.textpb:2:"));
  EXPECT_THAT(table.status().message(), HasSubstr("colour"));
}

TEST(ExpectationTableLoad, MissingRequiredFieldsAreReported) {
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table =
      ExpectationTable::FromText("rows { id: \"R01\" }\n", "partial.textpb");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr("partial.textpb"));
  EXPECT_THAT(table.status().message(), HasSubstr("mesos_version"));
}

// --- validation -----------------------------------------------------------------

class ValidationTest : public Mesos14Test {
 protected:
  conf::ExpectationTable Copy() { return table_->proto(); }
  conf::Row* Mutable(conf::ExpectationTable& proto, const std::string& id) {
    for (conf::Row& row : *proto.mutable_rows()) {
      if (row.id() == id) return &row;
    }
    ADD_FAILURE() << "no row " << id;
    return proto.add_rows();
  }
  std::string Error(const conf::ExpectationTable& proto) {
    absl::StatusOr<std::unique_ptr<ExpectationTable>> table = Reparse(proto);
    EXPECT_FALSE(table.ok());
    return table.ok() ? "" : std::string(table.status().message());
  }
};

TEST_F(ValidationTest, UnchangedCopyIsValid) { EXPECT_TRUE(Reparse(Copy()).ok()); }

TEST_F(ValidationTest, RejectsDuplicateRowId) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R02")->set_id("R01");
  EXPECT_THAT(Error(proto), HasSubstr("row R01: id is used twice"));
}

TEST_F(ValidationTest, RejectsStatesTogetherWithAnyState) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R21")->add_states(mesos::v1::TASK_RUNNING);
  EXPECT_THAT(Error(proto), HasSubstr("row R21: needs either states or any_state, not both"));

  proto = Copy();
  Mutable(proto, "R01")->clear_states();
  EXPECT_THAT(Error(proto), HasSubstr("row R01: needs either states or any_state, not neither"));
}

TEST_F(ValidationTest, RejectsUnspecifiedEnums) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R03")->set_audience(conf::AUDIENCE_UNSPECIFIED);
  Mutable(proto, "R04")->set_terminality(conf::TERMINALITY_UNSPECIFIED);
  Mutable(proto, "R05")->set_delivery(conf::DELIVERY_UNSPECIFIED);
  const std::string error = Error(proto);
  EXPECT_THAT(error, HasSubstr("row R03: audience is unspecified"));
  EXPECT_THAT(error, HasSubstr("row R04: terminality is unspecified"));
  EXPECT_THAT(error, HasSubstr("row R05: delivery is unspecified"));
}

TEST_F(ValidationTest, RejectsFieldRuleForMissingField) {
  conf::ExpectationTable proto = Copy();
  conf::FieldRule* rule = Mutable(proto, "R01")->add_fields();
  rule->set_field("slave_id");
  rule->set_presence(conf::ALWAYS);
  EXPECT_THAT(Error(proto), HasSubstr("field rule 'slave_id' names no TaskStatus field"));
}

TEST_F(ValidationTest, RejectsDuplicateRowFromSameCodeSite) {
  conf::ExpectationTable proto = Copy();
  conf::Row copy = *Mutable(proto, "R01");
  copy.set_id("R99");
  *proto.add_rows() = copy;
  EXPECT_THAT(Error(proto), HasSubstr("rows R01 and R99 repeat"));
}

TEST_F(ValidationTest, RejectsReasonTheTableDoesNotDefine) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R01")->set_reason(TaskStatus::REASON_AGENT_DRAINING);
  EXPECT_THAT(Error(proto), HasSubstr("REASON_AGENT_DRAINING is not defined by this table"));
}

TEST_F(ValidationTest, RejectsTerminalityThatContradictsTheStates) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R15")->set_terminality(conf::TERMINAL);
  EXPECT_THAT(Error(proto), HasSubstr("row R15: TERMINAL with a non-terminal state"));
}

TEST_F(ValidationTest, RejectsPartitionAwareStateForOtherFrameworks) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R02")->set_audience(conf::ALL_FRAMEWORKS);
  EXPECT_THAT(Error(proto), HasSubstr("row R02: TASK_DROPPED is shown to partition-aware"));
}

TEST_F(ValidationTest, RejectsEnumValueThatDisagreesWithCompiledProto) {
  conf::ExpectationTable proto = Copy();
  proto.mutable_reasons(0)->set_number(99);
  EXPECT_THAT(Error(proto), HasSubstr("reasons: REASON_COMMAND_EXECUTOR_FAILED is 0"));
}

TEST_F(ValidationTest, RejectsUnknownErratumReferences) {
  conf::ExpectationTable proto = Copy();
  Mutable(proto, "R01")->add_errata("D99");
  proto.mutable_errata(0)->add_rows("R99");
  const std::string error = Error(proto);
  EXPECT_THAT(error, HasSubstr("row R01: unknown erratum D99"));
  EXPECT_THAT(error, HasSubstr("unknown row R99"));
}

// --- enums ------------------------------------------------------------------------

void ExpectSameAsCompiled(const pb::RepeatedPtrField<conf::EnumValue>& listed,
                          const pb::EnumDescriptor* compiled, int expected_count) {
  SCOPED_TRACE(compiled->full_name());
  std::map<std::string, int> by_name;
  for (const conf::EnumValue& value : listed) {
    const pb::EnumValueDescriptor* known = compiled->FindValueByName(value.name());
    ASSERT_NE(known, nullptr) << value.name();
    EXPECT_EQ(known->number(), value.number()) << value.name();
    EXPECT_TRUE(by_name.emplace(value.name(), value.number()).second) << value.name();
  }
  for (int i = 0; i < compiled->value_count(); ++i) {
    const std::string& name = compiled->value(i)->name();
    if (AfterOneFour().count(name) > 0) {
      EXPECT_EQ(by_name.count(name), 0u) << name << " came after 1.4";
    } else {
      EXPECT_EQ(by_name.count(name), 1u) << name << " is missing";
    }
  }
  EXPECT_EQ(listed.size(), expected_count);
}

TEST_F(Mesos14Test, EnumsAgreeWithCompiledProtos) {
  const conf::ExpectationTable& t = table_->proto();
  ExpectSameAsCompiled(t.task_states(), mesos::v1::TaskState_descriptor(), 14);
  ExpectSameAsCompiled(t.sources(), TaskStatus::Source_descriptor(), 3);
  ExpectSameAsCompiled(t.reasons(), TaskStatus::Reason_descriptor(), 31);
  ExpectSameAsCompiled(t.framework_capabilities(),
                       mesos::v1::FrameworkInfo::Capability::Type_descriptor(), 9);
  for (int later = 31; later <= 34; ++later) EXPECT_FALSE(table_->KnowsReason(later)) << later;
}

TEST_F(Mesos14Test, RowsUseOnlyThisVersionsEnumValues) {
  for (const Row& row : table_->proto().rows()) {
    for (int state : row.states()) EXPECT_TRUE(table_->KnowsState(state)) << row.id();
    EXPECT_TRUE(table_->KnowsSource(row.source())) << row.id();
    if (row.has_reason()) {
      EXPECT_TRUE(table_->KnowsReason(row.reason())) << row.id();
    }
  }
}

TEST_F(Mesos14Test, StateAndReasonLists) {
  using mesos::v1::TaskState;
  for (TaskState state : {mesos::v1::TASK_FINISHED, mesos::v1::TASK_FAILED, mesos::v1::TASK_KILLED,
                          mesos::v1::TASK_LOST, mesos::v1::TASK_ERROR, mesos::v1::TASK_DROPPED,
                          mesos::v1::TASK_GONE, mesos::v1::TASK_GONE_BY_OPERATOR}) {
    EXPECT_TRUE(table_->IsTerminal(state)) << state;
  }
  EXPECT_FALSE(table_->IsTerminal(mesos::v1::TASK_UNREACHABLE));
  EXPECT_FALSE(table_->IsTerminal(mesos::v1::TASK_UNKNOWN));
  EXPECT_EQ(table_->proto().terminal_states_size(), 8);
  EXPECT_EQ(table_->proto().partition_aware_only_states_size(), 5);
  EXPECT_TRUE(table_->IsPartitionAwareOnly(mesos::v1::TASK_UNKNOWN));
  EXPECT_FALSE(table_->IsPartitionAwareOnly(mesos::v1::TASK_LOST));
  EXPECT_TRUE(table_->NeedsTaskKillingCapability(mesos::v1::TASK_KILLING));
  EXPECT_TRUE(table_->IsRecommendedExecutorReason(TaskStatus::REASON_TASK_INVALID));
  EXPECT_FALSE(table_->IsRecommendedExecutorReason(TaskStatus::REASON_TASK_GROUP_INVALID));
  EXPECT_TRUE(table_->IsDeprecated(TaskStatus::REASON_COMMAND_EXECUTOR_FAILED));
  EXPECT_TRUE(table_->IsUnused(TaskStatus::REASON_CONTAINER_LIMITATION));
  EXPECT_TRUE(table_->IsUnused(TaskStatus::REASON_EXECUTOR_UNREGISTERED));
  EXPECT_FALSE(table_->IsUnused(TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH));
  EXPECT_EQ(table_->proto().unused_reasons_size(), 6);
}

// --- rows -------------------------------------------------------------------------

TEST_F(Mesos14Test, HoldsSixtyThreeRowsInCsvOrder) {
  const auto& rows = table_->proto().rows();
  ASSERT_EQ(rows.size(), 63);
  for (int i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id(), (i < 9 ? "R0" : "R") + std::to_string(i + 1));
  }
}

TEST_F(Mesos14Test, SpotChecksAgainstTheCsv) {
  const Row& r01 = RowById("R01");
  EXPECT_THAT(r01.states(), ElementsAre(mesos::v1::TASK_LOST));
  EXPECT_EQ(r01.source(), TaskStatus::SOURCE_MASTER);
  EXPECT_EQ(r01.reason(), TaskStatus::REASON_INVALID_OFFERS);
  EXPECT_EQ(r01.audience(), conf::NOT_PARTITION_AWARE_ONLY);
  EXPECT_EQ(r01.terminality(), conf::TERMINAL);
  EXPECT_FALSE(r01.uuid());
  EXPECT_EQ(r01.delivery(), conf::TO_FRAMEWORK);
  EXPECT_EQ(r01.doc(), conf::DOC_ERROR);

  for (const char* id : {"R15", "R16"}) {
    const Row& row = RowById(id);
    EXPECT_EQ(row.reason(), TaskStatus::REASON_AGENT_REMOVED) << id;
    EXPECT_EQ(PresenceOf(row, "unreachable_time"), conf::ALWAYS) << id;
  }
  EXPECT_THAT(RowById("R15").states(), ElementsAre(mesos::v1::TASK_UNREACHABLE));
  EXPECT_EQ(RowById("R15").terminality(), conf::NON_TERMINAL);
  EXPECT_TRUE(RowById("R16").may_come_back());

  const Row& r18 = RowById("R18");
  EXPECT_THAT(r18.states(), ElementsAre(mesos::v1::TASK_LOST));
  EXPECT_EQ(r18.reason(), TaskStatus::REASON_AGENT_DISCONNECTED);
  EXPECT_EQ(r18.audience(), conf::ALL_FRAMEWORKS);

  const Row& r19 = RowById("R19");
  EXPECT_EQ(r19.reason(), TaskStatus::REASON_FRAMEWORK_REMOVED);
  EXPECT_EQ(r19.delivery(), conf::MASTER_STATE_ONLY);

  for (const char* id : {"R30", "R31"}) {
    EXPECT_EQ(RowById(id).reason(), TaskStatus::REASON_MASTER_DISCONNECTED) << id;
    EXPECT_EQ(RowById(id).delivery(), conf::V0_DRIVER_ONLY) << id;
    EXPECT_EQ(PresenceOf(RowById(id), "agent_id"), conf::NEVER) << id;
  }

  const Row& r21 = RowById("R21");
  EXPECT_TRUE(r21.any_state());
  EXPECT_THAT(r21.states(), IsEmpty());
  EXPECT_EQ(r21.terminality(), conf::AS_STATE);

  EXPECT_THAT(RowById("R63").states(), ElementsAre(mesos::v1::TASK_FINISHED, mesos::v1::TASK_FAILED,
                                                   mesos::v1::TASK_KILLED));
  EXPECT_FALSE(RowById("R63").has_reason());
  EXPECT_EQ(PresenceOf(RowById("R59"), "healthy"), conf::ALWAYS);
  EXPECT_EQ(PresenceOf(RowById("R60"), "check_status"), conf::ALWAYS);
}

TEST_F(Mesos14Test, UuidExactlyOnAgentAndExecutorRows) {
  for (const Row& row : table_->proto().rows()) {
    EXPECT_EQ(row.uuid(), row.source() != TaskStatus::SOURCE_MASTER) << row.id();
  }
}

TEST_F(Mesos14Test, UnreachableTimeOnlyOnMarkUnreachableAndReconciliationCaseFive) {
  std::vector<std::string> always;
  for (const Row& row : table_->proto().rows()) {
    conf::Presence presence = PresenceOf(row, "unreachable_time");
    if (presence == conf::ALWAYS) {
      always.push_back(row.id());
    } else {
      EXPECT_EQ(presence, conf::NEVER) << row.id();
    }
  }
  EXPECT_THAT(always, ElementsAre("R15", "R16", "R26", "R27"));
}

TEST_F(Mesos14Test, MasterRowsNeverCarryLabelsOrData) {
  for (const Row& row : table_->proto().rows()) {
    if (row.source() != TaskStatus::SOURCE_MASTER) continue;
    EXPECT_EQ(PresenceOf(row, "labels"), conf::NEVER) << row.id();
    EXPECT_EQ(PresenceOf(row, "data"), conf::NEVER) << row.id();
    EXPECT_EQ(PresenceOf(row, "message"), conf::ALWAYS) << row.id();
  }
  for (const Row& row : table_->proto().rows()) {
    EXPECT_EQ(PresenceOf(row, "timestamp"), conf::ALWAYS) << row.id();
  }
}

TEST_F(Mesos14Test, OnlyMarkUnreachableAndItsReconciliationMayComeBack) {
  std::vector<std::string> may_come_back;
  for (const Row& row : table_->proto().rows()) {
    if (row.may_come_back()) may_come_back.push_back(row.id());
  }
  EXPECT_THAT(may_come_back, ElementsAre("R16", "R26"));
}

// --- the CSV ----------------------------------------------------------------------


TEST_F(Mesos14Test, MatchesTheCsvRowByRow) {
  std::ifstream csv(kCsvPath);
  if (!csv) GTEST_SKIP() << kCsvPath << " is not available";
  std::string line;
  ReadLine(csv, line);
  ASSERT_EQ(line, "state,source,reason,partition_aware,terminal,trigger,generated_at");

  const std::map<std::string, conf::Audience> audience = {{"yes", conf::PARTITION_AWARE_ONLY},
                                                          {"no", conf::NOT_PARTITION_AWARE_ONLY},
                                                          {"any", conf::ALL_FRAMEWORKS}};
  const std::map<std::string, conf::Terminality> terminality = {
      {"yes", conf::TERMINAL}, {"no", conf::NON_TERMINAL}, {"varies", conf::AS_STATE}};

  const auto& rows = table_->proto().rows();
  int index = 0;
  while (ReadLine(csv, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f = SplitCsvLine(line);
    ASSERT_EQ(f.size(), 7u) << line;
    ASSERT_LT(index, rows.size()) << "the CSV has more rows than the table";
    const Row& row = rows[index++];
    SCOPED_TRACE(row.id() + ": " + line);

    if (f[0] == "<latest status-update state>") {
      EXPECT_TRUE(row.any_state());
      EXPECT_THAT(row.states(), IsEmpty());
    } else {
      EXPECT_FALSE(row.any_state());
      std::vector<std::string> states;
      for (int state : row.states()) states.push_back(mesos::v1::TaskState_Name(state));
      EXPECT_EQ(states, std::vector<std::string>(absl::StrSplit(f[0], '|')));
    }
    EXPECT_EQ(TaskStatus::Source_Name(row.source()), f[1]);
    if (f[2] == "(unset)") {
      EXPECT_FALSE(row.has_reason());
    } else {
      EXPECT_EQ(TaskStatus::Reason_Name(row.reason()), f[2]);
    }
    EXPECT_EQ(row.audience(), audience.at(f[3]));
    EXPECT_EQ(row.terminality(), terminality.at(f[4]));
    EXPECT_EQ(row.generated_at(), f[6]);
  }
  EXPECT_EQ(index, rows.size());
}

// --- matching ---------------------------------------------------------------------

TEST_F(Mesos14Test, MatchFindsEveryRowOfAKey) {
  EXPECT_THAT(
      RowsWith(mesos::v1::TASK_LOST, TaskStatus::SOURCE_MASTER, TaskStatus::REASON_AGENT_REMOVED),
      ElementsAre("R05", "R16", "R17"));
  EXPECT_THAT(RowsWith(mesos::v1::TASK_UNREACHABLE, TaskStatus::SOURCE_MASTER,
                       TaskStatus::REASON_AGENT_REMOVED),
              ElementsAre("R15"));
}

TEST_F(Mesos14Test, MatchTreatsAnUnsetReasonAsItsOwnKey) {
  EXPECT_THAT(RowsWith(mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR, std::nullopt),
              ElementsAre("R61"));
  EXPECT_THAT(RowsWith(mesos::v1::TASK_KILLED, TaskStatus::SOURCE_EXECUTOR, std::nullopt),
              ElementsAre("R63"));
  EXPECT_THAT(RowsWith(mesos::v1::TASK_LOST, TaskStatus::SOURCE_MASTER, std::nullopt), IsEmpty());
  // REASON_COMMAND_EXECUTOR_FAILED is 0: it must not be confused with "no reason".
  EXPECT_THAT(RowsWith(mesos::v1::TASK_RUNNING, TaskStatus::SOURCE_EXECUTOR,
                       TaskStatus::REASON_COMMAND_EXECUTOR_FAILED),
              IsEmpty());
}

TEST_F(Mesos14Test, MatchAnyStateRowsFitEveryState) {
  for (TaskState state : {mesos::v1::TASK_RUNNING, mesos::v1::TASK_FINISHED}) {
    EXPECT_THAT(RowsWith(state, TaskStatus::SOURCE_MASTER, TaskStatus::REASON_RECONCILIATION),
                ElementsAre("R21", "R23"));
  }
  EXPECT_THAT(RowsWith(mesos::v1::TASK_STAGING, TaskStatus::SOURCE_MASTER,
                       TaskStatus::REASON_RECONCILIATION),
              ElementsAre("R20", "R21", "R22", "R23"));
}

TEST_F(Mesos14Test, FindRow) {
  ASSERT_NE(table_->FindRow("R42"), nullptr);
  EXPECT_EQ(table_->FindRow("R42")->id(), "R42");
  EXPECT_EQ(table_->FindRow("R64"), nullptr);
}

TEST_F(Mesos14Test, MasterOrAgentReasons) {
  EXPECT_TRUE(table_->IsMasterOrAgentReason(TaskStatus::REASON_AGENT_REMOVED));
  EXPECT_TRUE(table_->IsMasterOrAgentReason(TaskStatus::REASON_RECONCILIATION));
  EXPECT_TRUE(table_->IsMasterOrAgentReason(TaskStatus::REASON_CONTAINER_LIMITATION_MEMORY));
  EXPECT_TRUE(table_->IsMasterOrAgentReason(TaskStatus::REASON_TASK_INVALID));
  EXPECT_FALSE(table_->IsMasterOrAgentReason(TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED));
  EXPECT_FALSE(table_->IsMasterOrAgentReason(TaskStatus::REASON_TASK_CHECK_STATUS_UPDATED));
  EXPECT_FALSE(table_->IsMasterOrAgentReason(TaskStatus::REASON_CONTAINER_LIMITATION));
}

// --- errata -----------------------------------------------------------------------

TEST_F(Mesos14Test, ErrataAreDOneToDEighteenAndCrossReferenced) {
  std::vector<std::string> ids;
  std::map<std::string, std::set<std::string>> rows_of;
  for (const conf::Erratum& erratum : table_->proto().errata()) {
    ids.push_back(erratum.id());
    EXPECT_FALSE(erratum.doc_says().empty()) << erratum.id();
    EXPECT_FALSE(erratum.code_does().empty()) << erratum.id();
    EXPECT_FALSE(erratum.verdict().empty()) << erratum.id();
    for (const std::string& row : erratum.rows()) {
      EXPECT_NE(table_->FindRow(row), nullptr) << erratum.id() << " names " << row;
      rows_of[erratum.id()].insert(row);
    }
  }
  std::vector<std::string> expected;
  for (int i = 1; i <= 18; ++i) expected.push_back("D" + std::to_string(i));
  EXPECT_EQ(ids, expected);

  for (const Row& row : table_->proto().rows()) {
    for (const std::string& id : row.errata()) {
      EXPECT_EQ(rows_of[id].count(row.id()), 1u) << row.id() << " cites " << id;
    }
  }
  for (const auto& [id, rows] : rows_of) {
    for (const std::string& row_id : rows) {
      const Row& row = RowById(row_id);
      EXPECT_THAT(std::vector<std::string>(row.errata().begin(), row.errata().end()),
                  ::testing::Contains(id))
          << row_id;
    }
  }
}

TEST_F(Mesos14Test, NoErratumClaimIsARow) {
  // D3: the reregistration timeout is TASK_GONE / TASK_LOST, never TASK_FAILED.
  EXPECT_THAT(RowsWith(mesos::v1::TASK_FAILED, TaskStatus::SOURCE_AGENT,
                       TaskStatus::REASON_EXECUTOR_REREGISTRATION_TIMEOUT),
              IsEmpty());
  // D2: in 1.4 only the master sends REASON_INVALID_OFFERS.
  for (TaskState state : {mesos::v1::TASK_LOST, mesos::v1::TASK_DROPPED}) {
    EXPECT_THAT(RowsWith(state, TaskStatus::SOURCE_AGENT, TaskStatus::REASON_INVALID_OFFERS),
                IsEmpty());
    // D1: only the agent sends REASON_RESOURCES_UNKNOWN.
    EXPECT_THAT(RowsWith(state, TaskStatus::SOURCE_MASTER, TaskStatus::REASON_RESOURCES_UNKNOWN),
                IsEmpty());
  }
  // D4: the framework-removed TASK_KILLED never reaches the scheduler.
  for (const Row* row : table_->Match(mesos::v1::TASK_KILLED, TaskStatus::SOURCE_MASTER,
                                      TaskStatus::REASON_FRAMEWORK_REMOVED)) {
    EXPECT_NE(row->delivery(), conf::TO_FRAMEWORK) << row->id();
  }
  // D12: TASK_UNREACHABLE rows are non-terminal.
  for (const Row& row : table_->proto().rows()) {
    for (int state : row.states()) {
      if (state == mesos::v1::TASK_UNREACHABLE) {
        EXPECT_EQ(row.terminality(), conf::NON_TERMINAL) << row.id();
      }
    }
  }
  // D7: no 1.3-style kill-before-launch rows.
  EXPECT_THAT(RowsWith(mesos::v1::TASK_KILLED, TaskStatus::SOURCE_AGENT,
                       TaskStatus::REASON_EXECUTOR_UNREGISTERED),
              IsEmpty());
  EXPECT_THAT(RowsWith(mesos::v1::TASK_KILLED, TaskStatus::SOURCE_MASTER, std::nullopt), IsEmpty());
}

}  // namespace
}  // namespace mc
