#include "reports/check_run.h"

namespace mc {

uint64_t CheckRun::Count(mesos_conformance::Level level) const {
  uint64_t total = 0;
  for (const auto& [id, count] : counts) {
    auto it = levels.find(id);
    if (it != levels.end() && it->second == level) total += count;
  }
  return total;
}

Verdict CheckRun::verdict() const {
  for (const InputSummary& input : inputs) {
    if (!input.errors.empty()) return Verdict::kError;
  }
  if (Count(mesos_conformance::REQUIRED) > 0) return Verdict::kFindings;
  if (strict && Count(mesos_conformance::RECOMMENDED) > 0) return Verdict::kFindings;
  return Verdict::kConformant;
}

int CheckRun::ExitCode() const {
  switch (verdict()) {
    case Verdict::kConformant: return 0;
    case Verdict::kFindings: return 1;
    case Verdict::kError: return 2;
  }
  return 2;
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kConformant: return "conformant";
    case Verdict::kFindings: return "findings";
    case Verdict::kError: return "error";
  }
  return "error";
}

const char* FormatName(TraceFormat format) {
  switch (format) {
    case TraceFormat::kJsonLines: return "json-lines";
    case TraceFormat::kRecordIO: return "recordio";
    case TraceFormat::kUnknown: break;
  }
  return "unknown";
}

}  // namespace mc
