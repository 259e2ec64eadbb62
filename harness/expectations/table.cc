#include "harness/expectations/table.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "harness/common/embedded_files.h"
#include "harness/common/embedded_lookup.h"

namespace mc {
namespace {

namespace pb = google::protobuf;
using mesos::v1::TaskStatus;
using mesos_conformance::EnumValue;
using mesos_conformance::FieldRule;

constexpr absl::string_view kEmbeddedPrefix = "expectations/mesos-";
constexpr absl::string_view kTableFile = "table.textpb";

// This absl predates its string_view being std::string_view.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// "1.4.0" names the same table as "1.4".
std::string TableName(absl::string_view version) {
  std::vector<absl::string_view> parts = absl::StrSplit(version, '.');
  if (parts.size() == 3 && parts[2] == "0") return absl::StrCat(parts[0], ".", parts[1]);
  return std::string(version);
}

bool VersionLess(const std::string& a, const std::string& b) {
  auto numbers = [](const std::string& v) {
    std::vector<int> out;
    for (absl::string_view part : absl::StrSplit(v, '.')) {
      int n = -1;
      out.push_back(absl::SimpleAtoi(part, &n) ? n : -1);
    }
    return out;
  };
  std::vector<int> na = numbers(a), nb = numbers(b);
  return na != nb ? na < nb : a < b;
}

std::vector<std::string> SortedVersions(std::vector<std::string> versions) {
  std::sort(versions.begin(), versions.end(), VersionLess);
  return versions;
}

std::string ListOrNone(const std::vector<std::string>& versions) {
  return versions.empty() ? "none" : absl::StrJoin(versions, ", ");
}

// Versions with a DIR/mesos-<v>/table.textpb.
std::vector<std::string> VersionsInDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> versions;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    absl::string_view version = name;
    if (absl::ConsumePrefix(&version, "mesos-") &&
        fs::exists(it->path() / std::string(kTableFile))) {
      versions.emplace_back(version);
    }
  }
  return SortedVersions(std::move(versions));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return text.str();
}

class ParseErrors : public pb::io::ErrorCollector {
 public:
  explicit ParseErrors(absl::string_view origin) : origin_(origin) {}

  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    // Protobuf counts from 0 and reports whole-message problems at line -1.
    if (line < 0) {
      errors_.push_back(absl::StrCat(origin_, ": ", message));
    } else {
      errors_.push_back(absl::StrCat(origin_, ":", line + 1, ":", column + 1, ": ", message));
    }
  }

  std::string Text() const {
    return errors_.empty() ? absl::StrCat(origin_, ": not a valid expectation table")
                           : absl::StrJoin(errors_, "\n");
  }

 private:
  std::string origin_;
  std::vector<std::string> errors_;
};

std::string EnumName(const pb::EnumDescriptor* type, int number) {
  const pb::EnumValueDescriptor* value = type->FindValueByNumber(number);
  return value != nullptr ? value->name() : absl::StrCat(number);
}

std::string StateName(int state) { return EnumName(mesos::v1::TaskState_descriptor(), state); }
std::string ReasonName(int reason) { return EnumName(TaskStatus::Reason_descriptor(), reason); }

// Collects every problem found, so one run reports them all.
class Problems {
 public:
  void Add(std::string problem) { problems_.push_back(std::move(problem)); }
  absl::Status ToStatus() const {
    if (problems_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(problems_, "; "));
  }

 private:
  std::vector<std::string> problems_;
};

// Fills `numbers` from one enum list, which must agree with the compiled enum.
void IndexEnum(const pb::RepeatedPtrField<EnumValue>& values, const pb::EnumDescriptor* compiled,
               absl::string_view list, absl::flat_hash_set<int>& numbers, Problems& problems) {
  absl::flat_hash_set<std::string> names;
  for (const EnumValue& value : values) {
    const pb::EnumValueDescriptor* known = compiled->FindValueByName(value.name());
    if (known == nullptr) {
      problems.Add(
          absl::StrCat(list, ": ", value.name(), " is not a value of ", compiled->full_name()));
    } else if (known->number() != value.number()) {
      problems.Add(absl::StrCat(list, ": ", value.name(), " is ", known->number(), " in ",
                                compiled->full_name(), ", not ", value.number()));
    }
    if (!names.insert(value.name()).second || !numbers.insert(value.number()).second) {
      problems.Add(
          absl::StrCat(list, ": ", value.name(), " = ", value.number(), " is listed twice"));
    }
  }
}

// Fills `out` from a list of states or reasons, each of which the table must define.
template <typename Values>
void IndexList(const Values& values, const absl::flat_hash_set<int>& defined,
               std::string (*name)(int), absl::string_view list, absl::flat_hash_set<int>& out,
               Problems& problems) {
  for (int value : values) {
    if (!defined.contains(value)) {
      problems.Add(absl::StrCat(list, ": ", name(value), " is not defined by this table"));
    }
    out.insert(value);
  }
}

// Fields a FieldRule may not name: the row itself already says what they hold.
bool DescribedByRow(absl::string_view field) {
  return field == "task_id" || field == "state" || field == "source" || field == "reason" ||
         field == "uuid";
}

// `release_fields`: the table's status_fields; empty when the table does not list them.
void CheckFieldRules(const Row& row, const absl::flat_hash_set<std::string>& release_fields,
                     Problems& problems) {
  const pb::Descriptor* status = TaskStatus::descriptor();
  absl::flat_hash_set<std::string> seen;
  for (const FieldRule& rule : row.fields()) {
    const std::string where = absl::StrCat("row ", row.id(), ": field rule '", rule.field(), "'");
    if (status->FindFieldByName(rule.field()) == nullptr) {
      problems.Add(absl::StrCat(where, " names no TaskStatus field"));
    } else if (!release_fields.empty() && !release_fields.contains(rule.field())) {
      problems.Add(absl::StrCat(where, " names a field this release's TaskStatus lacks"));
    } else if (DescribedByRow(rule.field())) {
      problems.Add(absl::StrCat(where, " is described by the row itself"));
    }
    if (rule.presence() == mesos_conformance::PRESENCE_UNSPECIFIED) {
      problems.Add(absl::StrCat(where, " has no presence"));
    }
    if (!seen.insert(rule.field()).second) problems.Add(absl::StrCat(where, " appears twice"));
  }
}

void CheckStates(const Row& row, const ExpectationTable& table, const std::string& where,
                 Problems& problems) {
  if (row.any_state() == (row.states_size() > 0)) {
    problems.Add(absl::StrCat(where, ": needs either states or any_state, not ",
                              row.any_state() ? "both" : "neither"));
  }
  absl::flat_hash_set<int> seen;
  for (int number : row.states()) {
    const auto state = static_cast<mesos::v1::TaskState>(number);
    if (!seen.insert(number).second) {
      problems.Add(absl::StrCat(where, ": ", StateName(number), " is listed twice"));
    }
    if (!table.KnowsState(number)) {
      problems.Add(absl::StrCat(where, ": ", StateName(number), " is not defined by this table"));
    }
    if (table.IsPartitionAwareOnly(state) &&
        row.audience() != mesos_conformance::PARTITION_AWARE_ONLY) {
      problems.Add(absl::StrCat(where, ": ", StateName(number),
                                " is shown to partition-aware frameworks only"));
    }
  }
}

void CheckTerminality(const Row& row, const ExpectationTable& table, const std::string& where,
                      Problems& problems) {
  auto terminal = [&](int state) {
    return table.IsTerminal(static_cast<mesos::v1::TaskState>(state));
  };
  const bool all_terminal = std::all_of(row.states().begin(), row.states().end(), terminal);
  const bool any_terminal = std::any_of(row.states().begin(), row.states().end(), terminal);
  switch (row.terminality()) {
    case mesos_conformance::TERMINAL:
      if (!all_terminal) problems.Add(absl::StrCat(where, ": TERMINAL with a non-terminal state"));
      break;
    case mesos_conformance::NON_TERMINAL:
      if (any_terminal) problems.Add(absl::StrCat(where, ": NON_TERMINAL with a terminal state"));
      break;
    case mesos_conformance::AS_STATE:
      if (!row.any_state()) problems.Add(absl::StrCat(where, ": AS_STATE needs any_state"));
      break;
    default:
      problems.Add(absl::StrCat(where, ": terminality is unspecified"));
  }
  if (row.may_come_back() && row.terminality() != mesos_conformance::TERMINAL) {
    problems.Add(absl::StrCat(where, ": may_come_back on a row that is not TERMINAL"));
  }
}

void CheckRow(const Row& row, const ExpectationTable& table,
              const absl::flat_hash_set<std::string>& errata_ids,
              const absl::flat_hash_set<std::string>& release_fields, Problems& problems) {
  const std::string where = absl::StrCat("row ", row.id());
  CheckStates(row, table, where, problems);
  CheckTerminality(row, table, where, problems);
  if (!table.KnowsSource(row.source())) problems.Add(absl::StrCat(where, ": unknown source"));
  if (row.has_reason()) {
    const std::string reason = ReasonName(row.reason());
    if (!table.KnowsReason(row.reason())) {
      problems.Add(absl::StrCat(where, ": ", reason, " is not defined by this table"));
    }
    if (table.IsUnused(row.reason())) {
      problems.Add(absl::StrCat(where, ": ", reason, " is listed as unused"));
    }
  }
  if (row.audience() == mesos_conformance::AUDIENCE_UNSPECIFIED) {
    problems.Add(absl::StrCat(where, ": audience is unspecified"));
  }
  if (row.delivery() == mesos_conformance::DELIVERY_UNSPECIFIED) {
    problems.Add(absl::StrCat(where, ": delivery is unspecified"));
  }
  if (row.doc() == mesos_conformance::DOC_STATUS_UNSPECIFIED) {
    problems.Add(absl::StrCat(where, ": doc status is unspecified"));
  }
  CheckFieldRules(row, release_fields, problems);
  for (const std::string& id : row.errata()) {
    if (!errata_ids.contains(id)) problems.Add(absl::StrCat(where, ": unknown erratum ", id));
  }
}

// Two rows may share state(s), source, reason and audience when different code
// sites produce them (R05 and R16), or different triggers in one function (the
// pre-1.4 tables name sites without line numbers, e.g. implicit and explicit
// reconciliation in Master::_reconcileTasks); the same site and trigger listed
// twice is a mistake.
std::string RowKey(const Row& row) {
  std::vector<int> states(row.states().begin(), row.states().end());
  std::sort(states.begin(), states.end());
  return absl::StrCat(row.any_state() ? "*" : absl::StrJoin(states, "|"), "/", row.source(), "/",
                      row.has_reason() ? row.reason() : -1, "/", row.audience(), "/",
                      row.generated_at(), "/", row.trigger());
}

}  // namespace

std::vector<std::string> ExpectationTable::BuiltinVersions() {
  std::vector<std::string> versions;
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    absl::string_view path = Absl(file.path);
    if (!absl::ConsumePrefix(&path, kEmbeddedPrefix)) continue;
    if (!absl::ConsumeSuffix(&path, kTableFile) || !absl::ConsumeSuffix(&path, "/")) continue;
    if (!path.empty() && path.find('/') == absl::string_view::npos) versions.emplace_back(path);
  }
  return SortedVersions(std::move(versions));
}

absl::StatusOr<std::unique_ptr<ExpectationTable>> ExpectationTable::Load(std::string_view version,
                                                                         const std::string& dir) {
  const absl::string_view asked = Absl(version);
  const std::string name = TableName(asked);
  std::string origin;
  std::string text;
  if (dir.empty()) {
    origin = absl::StrCat(kEmbeddedPrefix, name, "/", kTableFile);
    std::optional<std::string_view> embedded = FindEmbeddedFile(origin);
    if (!embedded.has_value()) {
      return absl::NotFoundError(absl::StrCat("no built-in expectation table for Mesos ", asked,
                                              "; built in: ", ListOrNone(BuiltinVersions())));
    }
    text = std::string(*embedded);
  } else {
    origin = (std::filesystem::path(dir) / ("mesos-" + name) / std::string(kTableFile)).string();
    absl::StatusOr<std::string> read = ReadFile(origin);
    if (absl::IsNotFound(read.status())) {
      return absl::NotFoundError(
          absl::StrCat("no expectation table for Mesos ", asked, " in ", dir, " (no ", origin,
                       "); available there: ", ListOrNone(VersionsInDir(dir))));
    }
    if (!read.ok()) return read.status();
    text = *std::move(read);
  }

  absl::StatusOr<std::unique_ptr<ExpectationTable>> table = FromText(text, origin);
  if (table.ok() && (*table)->version() != name) {
    return absl::InvalidArgumentError(absl::StrCat(
        origin, ": declares mesos_version \"", (*table)->version(), "\", expected \"", name, "\""));
  }
  return table;
}

absl::StatusOr<std::unique_ptr<ExpectationTable>> ExpectationTable::FromText(
    std::string_view text, std::string_view origin_name) {
  const absl::string_view origin = Absl(origin_name);
  mesos_conformance::ExpectationTable proto;
  ParseErrors errors(origin);
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &proto)) {
    return absl::InvalidArgumentError(errors.Text());
  }
  auto table = absl::WrapUnique(new ExpectationTable(std::move(proto)));
  if (absl::Status indexed = table->Index(); !indexed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", indexed.message()));
  }
  return table;
}

ExpectationTable::ExpectationTable(mesos_conformance::ExpectationTable table)
    : table_(std::move(table)) {}

absl::Status ExpectationTable::Index() {
  Problems problems;
  if (table_.mesos_version().empty()) problems.Add("mesos_version is empty");

  IndexEnum(table_.task_states(), mesos::v1::TaskState_descriptor(), "task_states", states_,
            problems);
  IndexEnum(table_.sources(), TaskStatus::Source_descriptor(), "sources", sources_, problems);
  IndexEnum(table_.reasons(), TaskStatus::Reason_descriptor(), "reasons", reasons_, problems);
  absl::flat_hash_set<int> capabilities;
  IndexEnum(table_.framework_capabilities(),
            mesos::v1::FrameworkInfo::Capability::Type_descriptor(), "framework_capabilities",
            capabilities, problems);

  IndexList(table_.terminal_states(), states_, StateName, "terminal_states", terminal_, problems);
  IndexList(table_.partition_aware_only_states(), states_, StateName, "partition_aware_only_states",
            partition_aware_only_, problems);
  IndexList(table_.task_killing_states(), states_, StateName, "task_killing_states", task_killing_,
            problems);
  IndexList(table_.executor_recommended_reasons(), reasons_, ReasonName,
            "executor_recommended_reasons", recommended_, problems);
  IndexList(table_.deprecated_reasons(), reasons_, ReasonName, "deprecated_reasons", deprecated_,
            problems);
  IndexList(table_.unused_reasons(), reasons_, ReasonName, "unused_reasons", unused_, problems);

  absl::flat_hash_set<std::string> errata_ids;
  for (const mesos_conformance::Erratum& erratum : table_.errata()) {
    if (!errata_ids.insert(erratum.id()).second) {
      problems.Add(absl::StrCat("erratum ", erratum.id(), " is listed twice"));
    }
  }

  absl::flat_hash_set<std::string> release_fields;
  for (const std::string& field : table_.status_fields()) {
    if (TaskStatus::descriptor()->FindFieldByName(field) == nullptr) {
      problems.Add(absl::StrCat("status_fields: ", field, " is not a field of ",
                                TaskStatus::descriptor()->full_name()));
    }
    if (!release_fields.insert(field).second) {
      problems.Add(absl::StrCat("status_fields: ", field, " is listed twice"));
    }
  }

  absl::flat_hash_map<std::string, std::string> keys;  // RowKey -> row id
  absl::flat_hash_set<int> executor_reasons;
  for (const Row& row : table_.rows()) {
    if (row.id().empty()) problems.Add("a row has an empty id");
    if (!by_id_.emplace(row.id(), &row).second) {
      problems.Add(absl::StrCat("row ", row.id(), ": id is used twice"));
    }
    CheckRow(row, *this, errata_ids, release_fields, problems);
    auto [first, inserted] = keys.emplace(RowKey(row), row.id());
    if (!inserted) {
      problems.Add(absl::StrCat("rows ", first->second, " and ", row.id(),
                                " repeat the same state(s), source, reason, audience, code site",
                                " and trigger"));
    }

    by_source_reason_[{row.source(), row.has_reason() ? row.reason() : -1}].push_back(&row);
    if (row.has_reason() && row.source() == TaskStatus::SOURCE_EXECUTOR) {
      executor_reasons.insert(row.reason());
    }
  }

  for (const auto& [key, rows] : by_source_reason_) {
    for (const mesos_conformance::EnumValue& state : table_.task_states()) {
      std::vector<const Row*> fitting;
      for (const Row* row : rows) {
        if (row->any_state() || std::find(row->states().begin(), row->states().end(),
                                          state.number()) != row->states().end()) {
          fitting.push_back(row);
        }
      }
      if (!fitting.empty()) {
        matches_[std::make_tuple(state.number(), key.first, key.second)] = std::move(fitting);
      }
    }
  }

  for (const mesos_conformance::Erratum& erratum : table_.errata()) {
    for (const std::string& id : erratum.rows()) {
      if (!by_id_.contains(id)) {
        problems.Add(absl::StrCat("erratum ", erratum.id(), ": unknown row ", id));
      }
    }
  }

  for (const Row& row : table_.rows()) {
    if (row.has_reason() && row.source() != TaskStatus::SOURCE_EXECUTOR &&
        !executor_reasons.contains(row.reason())) {
      master_or_agent_reasons_.insert(row.reason());
    }
  }
  return problems.ToStatus();
}

const std::vector<const Row*>& ExpectationTable::Match(
    mesos::v1::TaskState state, TaskStatus::Source source,
    std::optional<TaskStatus::Reason> reason) const {
  static const std::vector<const Row*> kNone;
  auto it = matches_.find(std::make_tuple(static_cast<int>(state), static_cast<int>(source),
                                          reason.has_value() ? static_cast<int>(*reason) : -1));
  return it == matches_.end() ? kNone : it->second;
}

const Row* ExpectationTable::FindRow(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : it->second;
}

}  // namespace mc
