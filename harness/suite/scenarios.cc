#include "harness/suite/scenarios.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "harness/common/embedded_files.h"
#include "harness/master/agent_faults.h"
#include "harness/rules/catalog.h"

namespace mc::suite {
namespace {

class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first.empty()) first = absl::StrCat("line ", line + 1, ":", column + 1, ": ", message);
  }
  std::string first;
};

// The rule an expecting step names: its action's "rule" field, if it has one.
std::string RuleOf(const mesos_conformance::Step& step) {
  const google::protobuf::Reflection* reflection = step.GetReflection();
  const google::protobuf::OneofDescriptor* action = step.GetDescriptor()->FindOneofByName("action");
  const google::protobuf::FieldDescriptor* set = reflection->GetOneofFieldDescriptor(step, action);
  if (set == nullptr || set->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) return "";
  const google::protobuf::Message& expect = reflection->GetMessage(step, set);
  const google::protobuf::FieldDescriptor* rule = expect.GetDescriptor()->FindFieldByName("rule");
  if (rule == nullptr || rule->type() != google::protobuf::FieldDescriptor::TYPE_STRING) return "";
  return expect.GetReflection()->GetString(expect, rule);
}

// Shell patterns separated by ':', as GoogleTest's filters; empty matches all.
bool MatchesAny(const std::string& globs, const std::string& name) {
  if (globs.empty()) return true;
  for (absl::string_view glob : absl::StrSplit(globs, ':')) {
    if (fnmatch(std::string(glob).c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<mesos_conformance::Scenario> ParseScenario(const std::string& text,
                                                          const std::string& origin) {
  mesos_conformance::Scenario scenario;
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &scenario)) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", errors.first));
  }
  if (scenario.name().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": a scenario needs a name"));
  }
  for (const auto& step : scenario.steps()) {
    std::string rule = RuleOf(step);
    if (!rule.empty() && RuleCatalog::Builtin().Find(rule) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": no rule ", rule, " in the catalog"));
    }
    if (step.has_agent_fault() && master::FindAgentFault(step.agent_fault()) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": no agent fault ", step.agent_fault(),
                                                     " in fixtures/faults/agent.textpb"));
    }
    mesos::v1::TaskStatus::Source source;
    if (step.has_deny_next_launch() &&
        !mesos::v1::TaskStatus::Source_Parse(step.deny_next_launch(), &source)) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": no source ", step.deny_next_launch()));
    }
  }
  if (scenario.profile() != "protocol" && scenario.profile() != "marathon") {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": no profile ", scenario.profile()));
  }
  for (char c : scenario.name()) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return absl::InvalidArgumentError(
          absl::StrCat(origin, ": scenario names use letters, digits and '_' only"));
    }
  }
  return scenario;
}

absl::StatusOr<std::vector<mesos_conformance::Scenario>> LoadScenarios(const std::string& suite,
                                                                       const std::string& glob,
                                                                       const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> sources;  // origin, text
  if (dir.empty()) {
    std::string prefix = absl::StrCat("fixtures/scenarios/", suite, "/");
    for (const EmbeddedFile& file : EmbeddedFiles()) {
      std::string path(file.path);
      if (absl::StartsWith(path, prefix) && absl::EndsWith(path, ".textpb")) {
        sources.emplace_back(path, std::string(file.contents));
      }
    }
  } else {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      if (entry.path().extension() != ".textpb") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      sources.emplace_back(entry.path().string(), text.str());
    }
    if (error) return absl::NotFoundError(absl::StrCat("cannot read ", dir, ": ", error.message()));
  }
  std::vector<mesos_conformance::Scenario> scenarios;
  std::set<std::string> names;
  for (const auto& [origin, text] : sources) {
    auto scenario = ParseScenario(text, origin);
    if (!scenario.ok()) return scenario.status();
    if (!names.insert(scenario->name()).second) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": duplicate scenario ", scenario->name()));
    }
    if (MatchesAny(glob, scenario->name())) {
      scenarios.push_back(std::move(*scenario));
    }
  }
  std::sort(scenarios.begin(), scenarios.end(),
            [](const auto& a, const auto& b) { return a.name() < b.name(); });
  return scenarios;
}

}  // namespace mc::suite
