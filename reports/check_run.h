// What a `check` run found, as the reports render it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/rules/finding.h"
#include "harness/trace/reader.h"

namespace mc {

struct InputSummary {
  std::string name;
  TraceFormat format = TraceFormat::kUnknown;
  uint64_t records = 0;
  uint64_t statuses = 0;
  std::vector<InputError> errors;
};

enum class Verdict { kConformant, kFindings, kError };

struct CheckRun {
  std::string mesos_version;
  std::optional<bool> partition_aware;
  std::optional<bool> task_killing_state;
  bool strict = false;
  std::vector<InputSummary> inputs;
  std::vector<Finding> findings;           // kept findings, in trace order per input
  std::map<std::string, uint64_t> counts;  // every finding per rule id
  std::map<std::string, mesos_conformance::Level> levels;  // level per counted rule id

  uint64_t Count(mesos_conformance::Level level) const;
  // kError on input trouble; kFindings on required findings (or any, with strict).
  Verdict verdict() const;
  int ExitCode() const;  // 0, 1 or 2
};

const char* VerdictName(Verdict verdict);  // "conformant", "findings", "error"
const char* FormatName(TraceFormat format);

}  // namespace mc
