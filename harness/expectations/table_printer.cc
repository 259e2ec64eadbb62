#include "harness/expectations/table_printer.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace mc {
namespace {

namespace pb = google::protobuf;
namespace conf = mesos_conformance;
using mesos::v1::TaskStatus;
using Lines = std::vector<std::string>;

std::string EnumName(const pb::EnumDescriptor* type, int number) {
  const pb::EnumValueDescriptor* value = type->FindValueByNumber(number);
  return value != nullptr ? value->name() : absl::StrCat(number);
}

std::string StateName(int state) { return EnumName(mesos::v1::TaskState_descriptor(), state); }
std::string ReasonName(int reason) { return EnumName(TaskStatus::Reason_descriptor(), reason); }
std::string PresenceName(int presence) { return EnumName(conf::Presence_descriptor(), presence); }

std::string States(const Row& row) {
  if (row.any_state()) return "<any state>";
  Lines names;
  for (int state : row.states()) names.push_back(StateName(state));
  return absl::StrJoin(names, "|");
}

std::string Source(const Row& row) {
  std::string name = EnumName(TaskStatus::Source_descriptor(), row.source());
  absl::string_view shortened = name;
  absl::ConsumePrefix(&shortened, "SOURCE_");
  return std::string(shortened);
}

std::string Reason(const Row& row) { return row.has_reason() ? ReasonName(row.reason()) : "-"; }

std::string Audience(const Row& row) {
  switch (row.audience()) {
    case conf::ALL_FRAMEWORKS:
      return "all";
    case conf::PARTITION_AWARE_ONLY:
      return "PA only";
    case conf::NOT_PARTITION_AWARE_ONLY:
      return "non-PA only";
    default:
      return "?";
  }
}

std::string Terminal(const Row& row) {
  switch (row.terminality()) {
    case conf::TERMINAL:
      return row.may_come_back() ? "yes*" : "yes";
    case conf::NON_TERMINAL:
      return "no";
    case conf::AS_STATE:
      return "as state";
    default:
      return "?";
  }
}

std::string Delivery(int delivery) {
  switch (delivery) {
    case conf::TO_FRAMEWORK:
      return "framework";
    case conf::MASTER_STATE_ONLY:
      return "master state";
    case conf::V0_DRIVER_ONLY:
      return "v0 driver";
    case conf::TO_AGENT_ONLY:
      return "agent";
    default:
      return "?";
  }
}

std::string Doc(const Row& row) {
  switch (row.doc()) {
    case conf::DOCUMENTED:
      return "documented";
    case conf::UNDOCUMENTED:
      return "undocumented";
    case conf::DOC_ERROR:
      return "doc error";
    default:
      return "?";
  }
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// Lays cells out in columns two spaces apart; the last column is not padded.
std::string Columns(const std::vector<Lines>& lines) {
  std::vector<size_t> widths;
  for (const Lines& line : lines) {
    if (widths.size() < line.size()) widths.resize(line.size(), 0);
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  std::string out;
  for (const Lines& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(widths[i] - line[i].size() + 2, ' ');
    }
    out += "\n";
  }
  return out;
}

template <typename Values>
std::string NameList(const Values& values, std::string (*name)(int)) {
  Lines names;
  for (int value : values) names.push_back(name(value));
  return names.empty() ? "(none)" : absl::StrJoin(names, ", ");
}

std::string Title(const conf::ExpectationTable& table) {
  std::string title = absl::StrCat("Mesos ", table.mesos_version());
  if (table.has_release()) absl::StrAppend(&title, " (release ", table.release(), ")");
  return title;
}

// "R25 [TASK_UNKNOWN, MASTER, REASON_RECONCILIATION, PA only, terminal: no]"
std::string Summary(const Row& row) {
  return absl::StrCat(row.id(), " [", States(row), ", ", Source(row), ", ", Reason(row), ", ",
                      Audience(row), ", terminal: ", Terminal(row), "]");
}

// --- diff ---------------------------------------------------------------------

void AppendSection(absl::string_view title, const Lines& lines, Lines& out) {
  if (lines.empty()) return;
  out.push_back(absl::StrCat(title, ":"));
  out.insert(out.end(), lines.begin(), lines.end());
}

void DiffEnum(absl::string_view list, const pb::RepeatedPtrField<conf::EnumValue>& a,
              const pb::RepeatedPtrField<conf::EnumValue>& b, Lines& out) {
  absl::flat_hash_map<std::string, int> in_a, in_b;
  for (const conf::EnumValue& value : a) in_a[value.name()] = value.number();
  for (const conf::EnumValue& value : b) in_b[value.name()] = value.number();
  Lines lines;
  for (const conf::EnumValue& value : a) {
    auto it = in_b.find(value.name());
    if (it == in_b.end()) {
      lines.push_back(absl::StrCat("  - ", value.name(), " = ", value.number()));
    } else if (it->second != value.number()) {
      lines.push_back(absl::StrCat("  ~ ", value.name(), ": ", value.number(), " -> ", it->second));
    }
  }
  for (const conf::EnumValue& value : b) {
    if (!in_a.contains(value.name())) {
      lines.push_back(absl::StrCat("  + ", value.name(), " = ", value.number()));
    }
  }
  AppendSection(list, lines, out);
}

template <typename Values>
void DiffList(absl::string_view list, const Values& a, const Values& b, std::string (*name)(int),
              Lines& out) {
  absl::flat_hash_set<int> in_a(a.begin(), a.end()), in_b(b.begin(), b.end());
  Lines lines;
  for (int value : a) {
    if (!in_b.contains(value)) lines.push_back(absl::StrCat("  - ", name(value)));
  }
  for (int value : b) {
    if (!in_a.contains(value)) lines.push_back(absl::StrCat("  + ", name(value)));
  }
  AppendSection(list, lines, out);
}

std::string DiffKey(const Row& row) {
  Lines states;
  for (int state : row.states()) states.push_back(StateName(state));
  std::sort(states.begin(), states.end());
  return absl::StrCat(row.any_state() ? "*" : absl::StrJoin(states, "|"), "/", row.source(), "/",
                      row.has_reason() ? row.reason() : -1, "/", row.audience(), "/",
                      row.terminality());
}

// Pairs each row of `a` with the row of `b` that has the same key: same id first,
// then in table order (a key can have several rows, e.g. R05 and R16).
absl::flat_hash_map<const Row*, const Row*> PairRows(const conf::ExpectationTable& a,
                                                     const conf::ExpectationTable& b) {
  std::map<std::string, std::vector<const Row*>> a_by_key, b_by_key;
  for (const Row& row : a.rows()) a_by_key[DiffKey(row)].push_back(&row);
  for (const Row& row : b.rows()) b_by_key[DiffKey(row)].push_back(&row);

  absl::flat_hash_map<const Row*, const Row*> partner;
  for (const auto& [key, a_rows] : a_by_key) {
    std::vector<const Row*>& b_rows = b_by_key[key];
    auto take = [&](auto matches) {
      for (const Row* row : a_rows) {
        if (partner.contains(row)) continue;
        auto it = std::find_if(b_rows.begin(), b_rows.end(),
                               [&](const Row* other) { return matches(*row, *other); });
        if (it == b_rows.end()) continue;
        partner[row] = *it;
        b_rows.erase(it);
      }
    };
    take([](const Row& x, const Row& y) { return x.id() == y.id(); });
    take([](const Row&, const Row&) { return true; });
  }
  return partner;
}

// Effective presence per field; a field without a rule is MAY.
std::map<std::string, int> Presences(const Row& row) {
  std::map<std::string, int> presences;
  for (const conf::FieldRule& rule : row.fields()) presences[rule.field()] = rule.presence();
  return presences;
}

Lines RowChanges(const Row& a, const Row& b) {
  Lines changes;
  if (a.uuid() != b.uuid()) {
    changes.push_back(absl::StrCat("uuid ", YesNo(a.uuid()), " -> ", YesNo(b.uuid())));
  }
  if (a.delivery() != b.delivery()) {
    changes.push_back(
        absl::StrCat("delivery ", Delivery(a.delivery()), " -> ", Delivery(b.delivery())));
  }
  if (a.may_come_back() != b.may_come_back()) {
    changes.push_back(
        absl::StrCat("may_come_back ", YesNo(a.may_come_back()), " -> ", YesNo(b.may_come_back())));
  }
  const std::map<std::string, int> rules_a = Presences(a), rules_b = Presences(b);
  std::set<std::string> fields;
  for (const auto& rule : rules_a) fields.insert(rule.first);
  for (const auto& rule : rules_b) fields.insert(rule.first);
  for (const std::string& field : fields) {
    const int before = rules_a.count(field) > 0 ? rules_a.at(field) : conf::MAY;
    const int after = rules_b.count(field) > 0 ? rules_b.at(field) : conf::MAY;
    if (before != after) {
      changes.push_back(
          absl::StrCat(field, " ", PresenceName(before), " -> ", PresenceName(after)));
    }
  }
  return changes;
}

void DiffRows(const conf::ExpectationTable& a, const conf::ExpectationTable& b, Lines& out) {
  absl::flat_hash_map<const Row*, const Row*> partner = PairRows(a, b);
  absl::flat_hash_set<const Row*> paired_in_b;
  for (const auto& [row, other] : partner) paired_in_b.insert(other);

  Lines removed, added, changed;
  for (const Row& row : a.rows()) {
    auto it = partner.find(&row);
    if (it == partner.end()) {
      removed.push_back(absl::StrCat("  - ", Summary(row)));
      continue;
    }
    Lines changes = RowChanges(row, *it->second);
    if (changes.empty()) continue;
    std::string renamed =
        row.id() == it->second->id() ? "" : absl::StrCat(" (now ", it->second->id(), ")");
    changed.push_back(
        absl::StrCat("  ~ ", Summary(row), renamed, ": ", absl::StrJoin(changes, "; ")));
  }
  for (const Row& row : b.rows()) {
    if (!paired_in_b.contains(&row)) added.push_back(absl::StrCat("  + ", Summary(row)));
  }
  AppendSection("rows removed", removed, out);
  AppendSection("rows added", added, out);
  AppendSection("rows changed", changed, out);
}

}  // namespace

std::string RenderTable(const ExpectationTable& table) {
  const conf::ExpectationTable& t = table.proto();
  std::string out =
      absl::StrCat(Title(t), ": ", t.rows_size(), " rows, ", t.errata_size(), " errata\n");
  if (t.has_provenance()) absl::StrAppend(&out, "Provenance: ", t.provenance(), "\n");
  out += "\n";

  std::vector<Lines> lines = {
      {"ID", "STATE(S)", "SOURCE", "REASON", "AUDIENCE", "TERMINAL", "UUID", "DELIVERY", "DOC"}};
  bool may_come_back = false;
  for (const Row& row : t.rows()) {
    lines.push_back({row.id(), States(row), Source(row), Reason(row), Audience(row), Terminal(row),
                     YesNo(row.uuid()), Delivery(row.delivery()), Doc(row)});
    may_come_back = may_come_back || row.may_come_back();
  }
  out += Columns(lines);
  if (may_come_back) out += "* terminal, yet the task may still send updates (may_come_back)\n";

  out += "\n";
  absl::StrAppend(&out, "Terminal states: ", NameList(t.terminal_states(), StateName), "\n");
  absl::StrAppend(&out, "Partition-aware-only states: ",
                  NameList(t.partition_aware_only_states(), StateName), "\n");
  absl::StrAppend(&out, "States needing TASK_KILLING_STATE: ",
                  NameList(t.task_killing_states(), StateName), "\n");
  absl::StrAppend(&out, "Recommended executor reasons: ",
                  NameList(t.executor_recommended_reasons(), ReasonName), "\n");
  absl::StrAppend(&out, "Deprecated reasons: ", NameList(t.deprecated_reasons(), ReasonName), "\n");
  absl::StrAppend(&out, "Unused reasons: ", NameList(t.unused_reasons(), ReasonName), "\n");

  if (t.errata_size() > 0) {
    out += "\nErrata:\n";
    std::vector<Lines> errata;
    for (const conf::Erratum& erratum : t.errata()) {
      std::string rows = erratum.rows().empty()
                             ? ""
                             : absl::StrCat(" [rows ", absl::StrJoin(erratum.rows(), ", "), "]");
      errata.push_back(
          {erratum.id(), absl::StrCat(erratum.verdict(), rows, " | doc: ", erratum.doc_says(),
                                      " | code: ", erratum.code_does())});
    }
    out += Columns(errata);
  }
  return out;
}

std::string RenderDiff(const ExpectationTable& a, const ExpectationTable& b) {
  const conf::ExpectationTable& ta = a.proto();
  const conf::ExpectationTable& tb = b.proto();
  Lines out;
  DiffEnum("task_states", ta.task_states(), tb.task_states(), out);
  DiffEnum("sources", ta.sources(), tb.sources(), out);
  DiffEnum("reasons", ta.reasons(), tb.reasons(), out);
  DiffEnum("framework_capabilities", ta.framework_capabilities(), tb.framework_capabilities(), out);
  DiffList("terminal_states", ta.terminal_states(), tb.terminal_states(), StateName, out);
  DiffList("partition_aware_only_states", ta.partition_aware_only_states(),
           tb.partition_aware_only_states(), StateName, out);
  DiffList("task_killing_states", ta.task_killing_states(), tb.task_killing_states(), StateName,
           out);
  DiffList("executor_recommended_reasons", ta.executor_recommended_reasons(),
           tb.executor_recommended_reasons(), ReasonName, out);
  DiffList("deprecated_reasons", ta.deprecated_reasons(), tb.deprecated_reasons(), ReasonName, out);
  DiffList("unused_reasons", ta.unused_reasons(), tb.unused_reasons(), ReasonName, out);
  DiffRows(ta, tb, out);
  if (out.empty()) return "";
  return absl::StrCat("--- ", Title(ta), "\n+++ ", Title(tb), "\n", absl::StrJoin(out, "\n"), "\n");
}

}  // namespace mc
