// The built-in expectation tables of every release 1.0 .. 1.11: loading, row counts,
// agreement with shared/facts/versions/reasons-<release>.csv, per-release enums and
// TaskStatus fields, and spot checks of deltas.md's behaviour matrix.
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/expectations/csv_reader.h"
#include "harness/expectations/table.h"
#include "harness/expectations/table_printer.h"

namespace mc {
namespace {

using ::mc::testing::ReadLine;
using ::mc::testing::SplitCsvLine;

namespace conf = mesos_conformance;
namespace pb = google::protobuf;
using mesos::v1::TaskState;
using mesos::v1::TaskStatus;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// What each release is expected to hold (deltas.md summary; enums-by-version.md).
struct Release {
  std::string version;  // "1.X"
  int minor;
  int rows;
  int reasons;
  int states;
  int capabilities;
  int terminal_states;
  int partition_aware_only_states;
  int status_fields;
};

const std::vector<Release>& Releases() {
  static const std::vector<Release> releases = {
      {"1.0", 0, 37, 25, 9, 4, 5, 0, 13},    {"1.1", 1, 44, 27, 14, 6, 9, 5, 14},
      {"1.2", 2, 60, 29, 14, 7, 8, 5, 15},   {"1.3", 3, 63, 29, 14, 7, 8, 5, 15},
      {"1.4", 4, 63, 31, 14, 9, 8, 5, 15},   {"1.5", 5, 75, 33, 14, 9, 8, 5, 16},
      {"1.6", 6, 81, 34, 14, 9, 8, 5, 16},   {"1.7", 7, 81, 34, 14, 9, 8, 5, 16},
      {"1.8", 8, 81, 34, 14, 9, 8, 5, 16},   {"1.9", 9, 88, 35, 14, 9, 8, 4, 16},
      {"1.10", 10, 86, 35, 14, 9, 8, 5, 16}, {"1.11", 11, 86, 35, 14, 9, 8, 5, 16},
  };
  return releases;
}

// First minor release whose TaskStatus has the field (enums-by-version.md); 0 for 1.0.
int FieldSince(const std::string& field) {
  if (field == "unreachable_time") return 1;
  if (field == "check_status") return 2;
  if (field == "limitation") return 5;
  return 0;
}

std::string CsvPath(const std::string& version) {
  return std::string(MC_SOURCE_DIR "/../shared/facts/versions/reasons-") + version + ".0.csv";
}

const ExpectationTable& Table(const std::string& version) {
  static std::map<std::string, std::unique_ptr<ExpectationTable>>* tables =
      new std::map<std::string, std::unique_ptr<ExpectationTable>>();
  auto it = tables->find(version);
  if (it == tables->end()) {
    absl::StatusOr<std::unique_ptr<ExpectationTable>> loaded = ExpectationTable::Load(version);
    if (!loaded.ok()) {
      ADD_FAILURE() << version << ": " << loaded.status();
      static const ExpectationTable* empty = [] {
        auto table = ExpectationTable::FromText("mesos_version: \"none\"", "empty");
        return table.ok() ? table->release() : nullptr;
      }();
      return *empty;
    }
    it = tables->emplace(version, *std::move(loaded)).first;
  }
  return *it->second;
}

std::vector<std::string> RowIds(const ExpectationTable& table) {
  std::vector<std::string> ids;
  for (const Row& row : table.proto().rows()) ids.push_back(row.id());
  return ids;
}

conf::Presence PresenceOf(const Row& row, const std::string& field) {
  for (const conf::FieldRule& rule : row.fields()) {
    if (rule.field() == field) return rule.presence();
  }
  return conf::MAY;
}

std::vector<std::string> StateNames(const Row& row) {
  std::vector<std::string> names;
  for (int state : row.states()) names.push_back(mesos::v1::TaskState_Name(state));
  return names;
}

class PerRelease : public ::testing::TestWithParam<Release> {
 protected:
  const ExpectationTable& table() { return Table(GetParam().version); }
  const Row* Find(const std::string& id) { return table().FindRow(id); }
  // The row, or (with a failure) an empty one.
  const Row& Get(const std::string& id) {
    const Row* row = Find(id);
    EXPECT_NE(row, nullptr) << GetParam().version << " has no row " << id;
    static const Row kEmpty;
    return row != nullptr ? *row : kEmpty;
  }
  int minor() { return GetParam().minor; }
};

std::string ReleaseName(const ::testing::TestParamInfo<Release>& info) {
  return "v1_" + std::to_string(info.param.minor);
}

INSTANTIATE_TEST_SUITE_P(Releases, PerRelease, ::testing::ValuesIn(Releases()), ReleaseName);

// --- loading ------------------------------------------------------------------

TEST(BuiltinVersions, ListsOneZeroToOneElevenInVersionOrder) {
  EXPECT_THAT(ExpectationTable::BuiltinVersions(),
              ElementsAre("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9",
                          "1.10", "1.11"));
}

TEST_P(PerRelease, LoadsByShortAndFullVersion) {
  for (const std::string& name : {GetParam().version, GetParam().version + ".0"}) {
    absl::StatusOr<std::unique_ptr<ExpectationTable>> loaded = ExpectationTable::Load(name);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ((*loaded)->version(), GetParam().version);
    EXPECT_EQ((*loaded)->proto().release(), GetParam().version + ".0");
    EXPECT_FALSE((*loaded)->proto().provenance().empty());
  }
}

TEST_P(PerRelease, RowCountIsTheCsvRowCount) {
  EXPECT_EQ(table().proto().rows_size(), GetParam().rows);
}

// --- enums and lists ------------------------------------------------------------

TEST_P(PerRelease, EnumCounts) {
  const conf::ExpectationTable& t = table().proto();
  EXPECT_EQ(t.reasons_size(), GetParam().reasons);
  EXPECT_EQ(t.task_states_size(), GetParam().states);
  EXPECT_EQ(t.sources_size(), 3);
  EXPECT_EQ(t.framework_capabilities_size(), GetParam().capabilities);
  EXPECT_EQ(t.terminal_states_size(), GetParam().terminal_states);
  EXPECT_EQ(t.partition_aware_only_states_size(), GetParam().partition_aware_only_states);
  EXPECT_THAT(t.task_killing_states(), ElementsAre(mesos::v1::TASK_KILLING));
  EXPECT_THAT(t.deprecated_reasons(), ElementsAre(TaskStatus::REASON_COMMAND_EXECUTOR_FAILED));
}

TEST_P(PerRelease, ReasonsAreExactlyThoseUpToTheRelease) {
  // Reasons 0..24 exist from 1.0; later numbers arrive with the releases below.
  const std::map<int, int> since = {{25, 1}, {26, 1}, {27, 2}, {28, 2}, {29, 4}, {30, 4},
                                    {31, 5}, {32, 5}, {33, 6}, {34, 9}};
  for (int number = 0; number <= 34; ++number) {
    const int first = since.count(number) > 0 ? since.at(number) : 0;
    EXPECT_EQ(table().KnowsReason(number), minor() >= first) << number;
  }
  for (int state = 0; state <= 13; ++state) {
    EXPECT_EQ(table().KnowsState(state), state <= 8 || minor() >= 1) << state;
  }
}

TEST_P(PerRelease, FrameworkCapabilitiesPerRelease) {
  std::vector<std::string> names;
  for (const conf::EnumValue& value : table().proto().framework_capabilities()) {
    names.push_back(value.name());
  }
  std::vector<std::string> expected = {"UNKNOWN", "REVOCABLE_RESOURCES", "TASK_KILLING_STATE",
                                       "GPU_RESOURCES"};
  if (minor() >= 1) expected.insert(expected.end(), {"SHARED_RESOURCES", "PARTITION_AWARE"});
  if (minor() >= 2) expected.push_back("MULTI_ROLE");
  if (minor() >= 4) expected.insert(expected.end(), {"RESERVATION_REFINEMENT", "REGION_AWARE"});
  EXPECT_EQ(names, expected);
}

TEST_P(PerRelease, TaskUnreachableIsTerminalOnlyInOneOne) {
  EXPECT_EQ(table().IsTerminal(mesos::v1::TASK_UNREACHABLE), minor() == 1);
  EXPECT_EQ(table().KnowsState(mesos::v1::TASK_UNREACHABLE), minor() >= 1);
  for (TaskState state : {mesos::v1::TASK_FINISHED, mesos::v1::TASK_FAILED, mesos::v1::TASK_KILLED,
                          mesos::v1::TASK_LOST, mesos::v1::TASK_ERROR}) {
    EXPECT_TRUE(table().IsTerminal(state)) << state;
  }
  EXPECT_FALSE(table().IsTerminal(mesos::v1::TASK_UNKNOWN));
  EXPECT_EQ(table().IsTerminal(mesos::v1::TASK_DROPPED), minor() >= 1);
}

TEST_P(PerRelease, PartitionAwareOnlyStates) {
  if (minor() == 0) {
    EXPECT_THAT(table().proto().partition_aware_only_states(), IsEmpty());
    return;
  }
  for (TaskState state : {mesos::v1::TASK_DROPPED, mesos::v1::TASK_UNREACHABLE,
                          mesos::v1::TASK_GONE, mesos::v1::TASK_UNKNOWN}) {
    EXPECT_TRUE(table().IsPartitionAwareOnly(state)) << state;
  }
  // 1.9.0's drain rewrite (MESOS-9965) sends TASK_GONE_BY_OPERATOR to every framework.
  EXPECT_EQ(table().IsPartitionAwareOnly(mesos::v1::TASK_GONE_BY_OPERATOR), minor() != 9);
  EXPECT_FALSE(table().IsPartitionAwareOnly(mesos::v1::TASK_LOST));
}

TEST_P(PerRelease, AgentDrainingOnlyFromOneNine) {
  EXPECT_EQ(table().KnowsReason(TaskStatus::REASON_AGENT_DRAINING), minor() >= 9);
  EXPECT_EQ(table().KnowsReason(TaskStatus::REASON_AGENT_REREGISTERED), minor() >= 5);
  bool used = false;
  for (const Row& row : table().proto().rows()) {
    used = used || (row.has_reason() && row.reason() == TaskStatus::REASON_AGENT_DRAINING);
  }
  EXPECT_EQ(used, minor() >= 9);
}

TEST_P(PerRelease, RecommendedExecutorReasonsAreTheSubsetTheReleaseDefines) {
  std::vector<int> expected;
  if (minor() >= 2) expected.push_back(TaskStatus::REASON_TASK_CHECK_STATUS_UPDATED);
  if (minor() >= 4) expected.push_back(TaskStatus::REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
  expected.push_back(TaskStatus::REASON_TASK_INVALID);
  expected.push_back(TaskStatus::REASON_TASK_UNAUTHORIZED);
  EXPECT_THAT(table().proto().executor_recommended_reasons(), ElementsAreArray(expected));
}

TEST_P(PerRelease, UnusedReasonsAreDefinedAndUsedByNoRow) {
  std::set<int> used;
  for (const Row& row : table().proto().rows()) {
    if (row.has_reason()) used.insert(row.reason());
  }
  for (int reason : table().proto().unused_reasons()) {
    EXPECT_TRUE(table().KnowsReason(reason)) << reason;
    EXPECT_EQ(used.count(reason), 0u) << reason;
  }
  // Every defined reason is used by a row or listed as unused.
  for (const conf::EnumValue& value : table().proto().reasons()) {
    EXPECT_TRUE(used.count(value.number()) > 0 || table().IsUnused(
        static_cast<TaskStatus::Reason>(value.number())))
        << value.name();
  }
  EXPECT_TRUE(table().IsUnused(TaskStatus::REASON_INVALID_FRAMEWORKID));
  // Used from 1.5 (network/ports isolator).
  EXPECT_EQ(table().IsUnused(TaskStatus::REASON_CONTAINER_LIMITATION), minor() < 5);
  // Used before 1.4 for a kill while the executor registers.
  EXPECT_EQ(table().IsUnused(TaskStatus::REASON_EXECUTOR_UNREGISTERED), minor() >= 4);
}

// --- TaskStatus fields ------------------------------------------------------------

TEST_P(PerRelease, FieldRulesNameOnlyFieldsTheReleaseHas) {
  for (const Row& row : table().proto().rows()) {
    for (const conf::FieldRule& rule : row.fields()) {
      EXPECT_GE(minor(), FieldSince(rule.field())) << row.id() << " names " << rule.field();
    }
  }
}

TEST_P(PerRelease, StatusFieldsAreTheReleasesTaskStatusFields) {
  const auto& listed = table().proto().status_fields();
  if (minor() == 4) {
    // Committed before status_fields existed; its rules are checked by the test above.
    EXPECT_THAT(listed, IsEmpty());
    return;
  }
  EXPECT_EQ(listed.size(), GetParam().status_fields);
  std::set<std::string> names(listed.begin(), listed.end());
  const pb::Descriptor* status = TaskStatus::descriptor();
  for (int i = 0; i < status->field_count(); ++i) {
    const std::string& name = status->field(i)->name();
    EXPECT_EQ(names.count(name), minor() >= FieldSince(name) ? 1u : 0u) << name;
  }
}

TEST(StatusFieldsValidation, RejectsRuleForFieldTheReleaseLacks) {
  conf::ExpectationTable proto = Table("1.0").proto();
  conf::FieldRule* rule = proto.mutable_rows(0)->add_fields();
  rule->set_field("unreachable_time");
  rule->set_presence(conf::NEVER);
  std::string text;
  pb::TextFormat::PrintToString(proto, &text);
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table =
      ExpectationTable::FromText(text, "edited.textpb");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(),
              HasSubstr("field rule 'unreachable_time' names a field this release's TaskStatus "
                        "lacks"));
}

TEST(StatusFieldsValidation, RejectsUnknownOrRepeatedStatusField) {
  conf::ExpectationTable proto = Table("1.5").proto();
  proto.add_status_fields("slave_id");
  proto.add_status_fields("agent_id");
  std::string text;
  pb::TextFormat::PrintToString(proto, &text);
  absl::StatusOr<std::unique_ptr<ExpectationTable>> table =
      ExpectationTable::FromText(text, "edited.textpb");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr("status_fields: slave_id is not a field"));
  EXPECT_THAT(table.status().message(), HasSubstr("status_fields: agent_id is listed twice"));
}

TEST_P(PerRelease, ExecutorRowsLeaveExecutorIdOpen) {
  int executor_rows = 0;
  for (const Row& row : table().proto().rows()) {
    if (row.source() != TaskStatus::SOURCE_EXECUTOR) continue;
    ++executor_rows;
    EXPECT_EQ(PresenceOf(row, "executor_id"), conf::MAY) << row.id();
    EXPECT_TRUE(row.uuid()) << row.id();
  }
  EXPECT_GT(executor_rows, 0);
}

TEST_P(PerRelease, UuidExactlyOnAgentAndExecutorRows) {
  for (const Row& row : table().proto().rows()) {
    EXPECT_EQ(row.uuid(), row.source() != TaskStatus::SOURCE_MASTER) << row.id();
  }
}

TEST_P(PerRelease, UnreachableTimeRules) {
  std::set<std::string> always;
  for (const Row& row : table().proto().rows()) {
    if (PresenceOf(row, "unreachable_time") == conf::ALWAYS) always.insert(row.id());
  }
  if (minor() == 0) {
    EXPECT_THAT(always, IsEmpty());
  } else if (minor() == 1) {
    EXPECT_THAT(always, UnorderedElementsAre("V15", "R16", "R26", "V27"));
  } else {
    EXPECT_THAT(always, UnorderedElementsAre("R15", "R16", "R26", "R27"));
  }
  if (minor() >= 5) {
    // MARK_AGENT_GONE and REASON_AGENT_REREGISTERED updates never carry it.
    for (const char* id : {"N01", "N02", "N03", "N05", "N06"}) {
      EXPECT_EQ(PresenceOf(Get(id), "unreachable_time"), conf::NEVER) << id;
    }
  }
}

TEST_P(PerRelease, LimitationRulesFromOneFive) {
  std::set<std::string> always;
  for (const Row& row : table().proto().rows()) {
    if (PresenceOf(row, "limitation") == conf::ALWAYS) always.insert(row.id());
  }
  if (minor() < 5) {
    EXPECT_THAT(always, IsEmpty());
  } else if (minor() == 5) {
    EXPECT_THAT(always, UnorderedElementsAre("R48", "R49", "N09"));
  } else {
    EXPECT_THAT(always, UnorderedElementsAre("R48", "R49", "N09", "N15"));
  }
}

TEST_P(PerRelease, MayComeBack) {
  std::vector<std::string> ids;
  for (const Row& row : table().proto().rows()) {
    if (row.may_come_back()) {
      ids.push_back(row.id());
      EXPECT_EQ(row.terminality(), conf::TERMINAL) << row.id();
    }
  }
  if (minor() == 0) {
    EXPECT_THAT(ids, IsEmpty());  // no unreachable state: a removed agent is refused
  } else if (minor() == 1) {
    EXPECT_THAT(ids, ElementsAre("V15", "R16", "R26", "V27"));
  } else if (minor() == 9) {
    EXPECT_THAT(ids, ElementsAre("R16", "R26", "N24a"));  // drain rewrite of TASK_KILLING
  } else if (minor() >= 10) {
    EXPECT_THAT(ids, ElementsAre("R16", "R26", "N24b"));
  } else {
    EXPECT_THAT(ids, ElementsAre("R16", "R26"));
  }
}

// --- the CSV ----------------------------------------------------------------------


// The reason a placeholder cell such as "<reason from ..., e.g. REASON_CONTAINER_LIMITATION*,
// REASON_IO_SWITCHBOARD_EXITED>" allows: any reason it names, "*" as a prefix wildcard.
bool PlaceholderAllows(const std::string& cell, const std::string& reason) {
  static const std::regex name("REASON_[A-Z_]+\\*?");
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), name); it != std::sregex_iterator();
       ++it) {
    std::string token = it->str();
    if (token.back() == '*') {
      token.pop_back();
      if (absl::StartsWith(reason, token)) return true;
    } else if (token == reason) {
      return true;
    }
  }
  return false;
}

TEST_P(PerRelease, MatchesTheCsvRowByRow) {
  std::ifstream csv(CsvPath(GetParam().version));
  if (!csv) GTEST_SKIP() << CsvPath(GetParam().version) << " is not available";
  std::string line;
  ReadLine(csv, line);
  ASSERT_EQ(line, "state,source,reason,partition_aware,terminal,trigger,generated_at");

  const std::map<std::string, conf::Audience> audience = {{"yes", conf::PARTITION_AWARE_ONLY},
                                                          {"no", conf::NOT_PARTITION_AWARE_ONLY},
                                                          {"any", conf::ALL_FRAMEWORKS}};
  const std::map<std::string, conf::Terminality> terminality = {
      {"yes", conf::TERMINAL}, {"no", conf::NON_TERMINAL}, {"varies", conf::AS_STATE}};

  const auto& rows = table().proto().rows();
  int index = 0;
  while (ReadLine(csv, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f = SplitCsvLine(line);
    ASSERT_EQ(f.size(), 7u) << line;
    ASSERT_LT(index, rows.size()) << "the CSV has more rows than the table";
    const Row& row = rows[index++];
    SCOPED_TRACE(GetParam().version + " " + row.id() + ": " + line);

    // States: "<...>" = the task's latest or reported state; "X (or ...)" = X.
    if (absl::StartsWith(f[0], "<")) {
      EXPECT_TRUE(row.any_state());
      EXPECT_THAT(row.states(), IsEmpty());
    } else {
      EXPECT_FALSE(row.any_state());
      const std::string states = f[0].substr(0, f[0].find(" ("));
      EXPECT_EQ(StateNames(row), std::vector<std::string>(absl::StrSplit(states, '|')));
    }
    // Source: a row has one; "A|B" allows either (the row's comment says which and why).
    std::vector<std::string> sources = absl::StrSplit(f[1], '|');
    EXPECT_THAT(sources, ::testing::Contains(TaskStatus::Source_Name(row.source())));
    // Reason.
    if (f[2] == "(unset)") {
      EXPECT_FALSE(row.has_reason());
    } else if (absl::StartsWith(f[2], "<")) {
      ASSERT_TRUE(row.has_reason());
      EXPECT_TRUE(PlaceholderAllows(f[2], TaskStatus::Reason_Name(row.reason())))
          << TaskStatus::Reason_Name(row.reason());
    } else {
      EXPECT_EQ(TaskStatus::Reason_Name(row.reason()), f[2]);
    }
    EXPECT_EQ(row.audience(), audience.at(f[3]));
    EXPECT_EQ(row.terminality(), terminality.at(f[4]));
    EXPECT_EQ(row.generated_at(), f[6]);
  }
  EXPECT_EQ(index, rows.size());
}

TEST_P(PerRelease, RowIdsFollowDeltas) {
  const std::vector<std::string> ids = RowIds(table());
  const std::regex id("R(0[1-9]|[1-5][0-9]|6[0-3])|V(0[1-9]|[1-5][0-9])|O[1-5]|N[0-9]{2}[ab]?");
  for (const std::string& row : ids) {
    EXPECT_TRUE(std::regex_match(row, id)) << row;
    if (minor() < 5) EXPECT_NE(row[0], 'N') << row;
    if (minor() >= 4) {
      EXPECT_NE(row[0], 'V') << row;
      EXPECT_NE(row[0], 'O') << row;
    }
  }
  // Ids common to two releases name rows with the same key.
  const ExpectationTable& four = Table("1.4");
  for (const Row& row : table().proto().rows()) {
    const Row* same = four.FindRow(row.id());
    if (same == nullptr) continue;
    EXPECT_EQ(StateNames(row), StateNames(*same)) << row.id();
    EXPECT_EQ(row.any_state(), same->any_state()) << row.id();
    EXPECT_EQ(row.source(), same->source()) << row.id();
    EXPECT_EQ(row.has_reason() ? row.reason() : -1, same->has_reason() ? same->reason() : -1)
        << row.id();
    EXPECT_EQ(row.audience(), same->audience()) << row.id();
    EXPECT_EQ(row.terminality(), same->terminality()) << row.id();
  }
}

// --- behaviour matrix (deltas.md) -------------------------------------------------

// Explicit reconciliation of an unknown task on a registered agent.
TEST_P(PerRelease, ReconcileUnknownTaskOnRegisteredAgent) {
  const Row* lost = Find(minor() <= 1 ? "V24" : "R24");
  ASSERT_NE(lost, nullptr);
  EXPECT_THAT(StateNames(*lost), ElementsAre("TASK_LOST"));
  EXPECT_EQ(lost->reason(), TaskStatus::REASON_RECONCILIATION);
  EXPECT_EQ(lost->audience(),
            minor() <= 1 ? conf::ALL_FRAMEWORKS : conf::NOT_PARTITION_AWARE_ONLY);

  const Row* unknown = Find("R25");
  const Row* gone = Find("N04");
  if (minor() <= 1) {
    EXPECT_EQ(unknown, nullptr);
    EXPECT_EQ(gone, nullptr);
  } else if (minor() <= 4) {
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(gone, nullptr);
    EXPECT_THAT(StateNames(*unknown), ElementsAre("TASK_UNKNOWN"));
    EXPECT_EQ(unknown->audience(), conf::PARTITION_AWARE_ONLY);
  } else {
    EXPECT_EQ(unknown, nullptr);
    ASSERT_NE(gone, nullptr);
    EXPECT_THAT(StateNames(*gone), ElementsAre("TASK_GONE"));
    EXPECT_EQ(gone->audience(), conf::PARTITION_AWARE_ONLY);
    EXPECT_EQ(gone->source(), TaskStatus::SOURCE_MASTER);
    EXPECT_EQ(gone->reason(), TaskStatus::REASON_RECONCILIATION);
  }
}

TEST_P(PerRelease, MarkUnreachable) {
  const Row* pa = Find(minor() == 1 ? "V15" : "R15");
  if (minor() == 0) {
    EXPECT_EQ(Find("R15"), nullptr);
    EXPECT_EQ(Find("R16"), nullptr);
    // The ping timeout removes the agent instead.
    const Row* removed = Find("R17");
    ASSERT_NE(removed, nullptr);
    EXPECT_EQ(removed->audience(), conf::ALL_FRAMEWORKS);
    return;
  }
  ASSERT_NE(pa, nullptr);
  EXPECT_THAT(StateNames(*pa), ElementsAre("TASK_UNREACHABLE"));
  EXPECT_EQ(pa->terminality(), minor() == 1 ? conf::TERMINAL : conf::NON_TERMINAL);
  EXPECT_EQ(Get("R16").audience(), conf::NOT_PARTITION_AWARE_ONLY);
}

TEST_P(PerRelease, PartitionAwareMappingOfAcceptAndAgentPaths) {
  // 1.0/1.1: TASK_LOST for every framework; 1.2+: TASK_LOST / TASK_DROPPED.
  for (const char* lost : {"01", "05", "07", "30", "32", "34", "38", "40", "42", "45"}) {
    const std::string id = std::string(minor() <= 1 ? "V" : "R") + lost;
    const Row* row = Find(id);
    ASSERT_NE(row, nullptr) << id;
    EXPECT_THAT(StateNames(*row), ElementsAre("TASK_LOST")) << id;
    EXPECT_EQ(row->audience(),
              minor() <= 1 ? conf::ALL_FRAMEWORKS : conf::NOT_PARTITION_AWARE_ONLY)
        << id;
  }
  EXPECT_EQ(Find("R02") != nullptr, minor() >= 2);
  EXPECT_EQ(Find("R57") != nullptr, minor() >= 2);
}

TEST_P(PerRelease, KillBeforeLaunch) {
  const bool old_scheme = minor() <= 3;
  for (const char* id : {"O1", "O3", "O4", "O5"}) EXPECT_EQ(Find(id) != nullptr, old_scheme) << id;
  EXPECT_EQ(Find("O2") != nullptr, minor() >= 1 && old_scheme);
  // The master has no pending tasks from 1.10.
  EXPECT_EQ(Find("R14") != nullptr, minor() >= 4 && minor() <= 9);
  EXPECT_EQ(Find("R13") != nullptr, minor() >= 4 && minor() <= 9);
  EXPECT_EQ(Find("R44") != nullptr, minor() >= 4);
  EXPECT_EQ(Find("R20") != nullptr, minor() <= 9);
  EXPECT_EQ(Find("R22") != nullptr, minor() <= 9);
  if (old_scheme) {
    EXPECT_EQ(Get("O4").reason(), TaskStatus::REASON_EXECUTOR_UNREGISTERED);
    EXPECT_FALSE(Get("O1").has_reason());
    EXPECT_EQ(PresenceOf(Get("O3"), "executor_id"), conf::NEVER);
    EXPECT_EQ(PresenceOf(Get("O4"), "executor_id"), conf::ALWAYS);
  }
}

TEST_P(PerRelease, ExecutorUpdates) {
  // Health updates carry their own reason from 1.4; check updates come from 1.3.
  EXPECT_EQ(Find("V59") != nullptr, minor() <= 3);
  EXPECT_EQ(Find("R59") != nullptr, minor() >= 4);
  EXPECT_EQ(Find("R60") != nullptr, minor() >= 3);
  // Built-in executors send TASK_STARTING first from 1.5.
  const Row* starting = Find("N12");
  EXPECT_EQ(starting != nullptr, minor() >= 5);
  if (starting != nullptr) EXPECT_THAT(StateNames(*starting), ElementsAre("TASK_STARTING"));
  EXPECT_EQ(Find("N14") != nullptr, minor() >= 6);  // REASON_MAX_COMPLETION_TIME_REACHED
  const Row* health = Find(minor() <= 3 ? "V59" : "R59");
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(PresenceOf(*health, "healthy"), conf::ALWAYS);
  EXPECT_EQ(health->has_reason(), minor() >= 4);
}

TEST_P(PerRelease, AgentReregisteredAndMarkGone) {
  const Row* reregistered = Find("N01");
  ASSERT_EQ(reregistered != nullptr, minor() >= 5);
  if (reregistered != nullptr) {
    EXPECT_TRUE(reregistered->any_state());
    EXPECT_EQ(reregistered->reason(), TaskStatus::REASON_AGENT_REREGISTERED);
    EXPECT_EQ(reregistered->audience(), conf::ALL_FRAMEWORKS);
    EXPECT_EQ(reregistered->terminality(), conf::AS_STATE);
    EXPECT_FALSE(reregistered->uuid());
  }
  const Row* gone = Find("N02");
  ASSERT_EQ(gone != nullptr, minor() >= 5);
  if (gone != nullptr) {
    EXPECT_THAT(StateNames(*gone), ElementsAre("TASK_GONE_BY_OPERATOR"));
    EXPECT_EQ(gone->reason(), TaskStatus::REASON_AGENT_REMOVED_BY_OPERATOR);
  }
  // MARK_AGENT_GONE on an agent that is already unreachable sends updates from 1.9.
  EXPECT_EQ(Find("N25") != nullptr, minor() >= 9);
  EXPECT_EQ(Find("N26") != nullptr, minor() >= 9);
}

TEST_P(PerRelease, Draining) {
  EXPECT_EQ(Find("N20") != nullptr, minor() >= 9);
  EXPECT_EQ(Find("N22") != nullptr, minor() >= 9);
  const Row* every = Find("N24a");
  const Row* pa_only = Find("N24b");
  EXPECT_EQ(every != nullptr, minor() == 9);
  EXPECT_EQ(pa_only != nullptr, minor() >= 10);
  if (every != nullptr) EXPECT_EQ(every->audience(), conf::ALL_FRAMEWORKS);
  if (pa_only != nullptr) EXPECT_EQ(pa_only->audience(), conf::PARTITION_AWARE_ONLY);
  // Resource limits reuse REASON_GC_ERROR from 1.10.
  EXPECT_EQ(Find("N27") != nullptr, minor() >= 10);
}

TEST_P(PerRelease, DeliveryExceptions) {
  for (const Row& row : table().proto().rows()) {
    conf::Delivery expected = conf::TO_FRAMEWORK;
    if (row.id() == "R19") expected = conf::MASTER_STATE_ONLY;
    if (row.id() == "R30" || row.id() == "R31" || row.id() == "V30") expected = conf::V0_DRIVER_ONLY;
    EXPECT_EQ(row.delivery(), expected) << row.id();
  }
}

// --- errata -----------------------------------------------------------------------

TEST_P(PerRelease, ErrataAreCrossReferenced) {
  std::map<std::string, std::set<std::string>> rows_of;
  for (const conf::Erratum& erratum : table().proto().errata()) {
    EXPECT_FALSE(erratum.doc_says().empty()) << erratum.id();
    EXPECT_FALSE(erratum.code_does().empty()) << erratum.id();
    EXPECT_FALSE(erratum.verdict().empty()) << erratum.id();
    EXPECT_TRUE(rows_of.emplace(erratum.id(), std::set<std::string>()).second) << erratum.id();
    for (const std::string& row : erratum.rows()) {
      EXPECT_NE(Find(row), nullptr) << erratum.id() << " names " << row;
      rows_of[erratum.id()].insert(row);
    }
    // Only D18 (provenance) is about no row.
    EXPECT_EQ(erratum.rows().empty(), erratum.id() == "D18") << erratum.id();
  }
  EXPECT_EQ(rows_of.count("D18"), 1u);
  EXPECT_EQ(rows_of.count("D19"), minor() == 1 ? 1u : 0u);
  EXPECT_EQ(rows_of.count("D20"), minor() >= 5 ? 1u : 0u);
  for (const Row& row : table().proto().rows()) {
    for (const std::string& id : row.errata()) {
      EXPECT_EQ(rows_of[id].count(row.id()), 1u) << row.id() << " cites " << id;
    }
  }
  for (const auto& [id, rows] : rows_of) {
    for (const std::string& row_id : rows) {
      const Row* row = Find(row_id);
      if (row == nullptr) continue;
      EXPECT_THAT(std::vector<std::string>(row->errata().begin(), row->errata().end()),
                  ::testing::Contains(id))
          << row_id;
    }
  }
}

TEST_P(PerRelease, DocStatusSpotChecks) {
  // Doc errors every release shares: REASON_RESOURCES_UNKNOWN (D1), the executor
  // reregistration timeout (D3) and the framework-removed TASK_KILLED (D4).
  EXPECT_EQ(Get(minor() <= 1 ? "V38" : "R38").doc(), conf::DOC_ERROR);
  EXPECT_EQ(Get(minor() <= 1 ? "V54" : "R54").doc(), conf::DOC_ERROR);
  EXPECT_EQ(Get("R19").doc(), conf::DOC_ERROR);
  // TASK_UNREACHABLE filed under terminal updates: right only for 1.1.x (D12).
  if (minor() >= 1) {
    EXPECT_EQ(Get(minor() == 1 ? "V15" : "R15").doc(),
              minor() == 1 ? conf::DOCUMENTED : conf::DOC_ERROR);
  }
  // The 1.10 partition-aware note on REASON_SLAVE_DISCONNECTED contradicts the code (D5).
  EXPECT_EQ(Get("R18").doc(), minor() >= 10 ? conf::DOC_ERROR : conf::DOCUMENTED);
  if (minor() >= 5) {
    EXPECT_EQ(Get("N01").doc(), conf::DOCUMENTED);  // added to the page in 1.5
    EXPECT_EQ(Get("N09").doc(), conf::DOC_ERROR);   // the page calls the reason unused
  }
}

// --- diff -------------------------------------------------------------------------

TEST(VersionsDiff, OneFourToOneFive) {
  const std::string diff = RenderDiff(Table("1.4"), Table("1.5"));
  EXPECT_THAT(diff, HasSubstr("+ REASON_AGENT_REMOVED_BY_OPERATOR = 31"));
  EXPECT_THAT(diff, HasSubstr("+ REASON_AGENT_REREGISTERED = 32"));
  EXPECT_THAT(diff, HasSubstr("+ N01 ["));
  EXPECT_THAT(diff, HasSubstr("+ N04 [TASK_GONE, MASTER, REASON_RECONCILIATION, PA only"));
  EXPECT_THAT(diff, HasSubstr("- R25 [TASK_UNKNOWN"));
  EXPECT_THAT(diff, ::testing::Not(HasSubstr("R24 [")));  // same key, same rules
}

TEST(VersionsDiff, OneZeroToOneOne) {
  const std::string diff = RenderDiff(Table("1.0"), Table("1.1"));
  EXPECT_THAT(diff, HasSubstr("+ TASK_UNREACHABLE = 10"));
  EXPECT_THAT(diff, HasSubstr("+ PARTITION_AWARE = 5"));
  EXPECT_THAT(diff, HasSubstr("+ V15 [TASK_UNREACHABLE, MASTER, REASON_AGENT_REMOVED, PA only, "
                              "terminal: yes*]"));
}

TEST(VersionsDiff, ReleasesWithTheSameBehaviourDiffEmpty) {
  EXPECT_EQ(RenderDiff(Table("1.6"), Table("1.7")), "");
  EXPECT_EQ(RenderDiff(Table("1.7"), Table("1.8")), "");
  EXPECT_EQ(RenderDiff(Table("1.10"), Table("1.11")), "");
}

TEST(VersionsDiff, AdjacentReleasesOtherwiseDiffer) {
  const std::vector<Release>& releases = Releases();
  for (size_t i = 0; i + 1 < releases.size(); ++i) {
    const std::string& a = releases[i].version;
    const std::string& b = releases[i + 1].version;
    if ((a == "1.6" || a == "1.7" || a == "1.10")) continue;
    EXPECT_NE(RenderDiff(Table(a), Table(b)), "") << a << " -> " << b;
  }
}

}  // namespace
}  // namespace mc
