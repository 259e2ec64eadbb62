#include "harness/trace/record.h"

#include "absl/strings/str_cat.h"

namespace mc {

const char* HopName(Hop hop) {
  switch (hop) {
    case Hop::kMasterToScheduler: return "master->scheduler";
    case Hop::kSchedulerToMaster: return "scheduler->master";
    case Hop::kAgentToExecutor: return "agent->executor";
    case Hop::kExecutorToAgent: return "executor->agent";
  }
  return "?";
}

std::optional<Hop> ParseHop(std::string_view text) {
  for (Hop hop : {Hop::kMasterToScheduler, Hop::kSchedulerToMaster, Hop::kAgentToExecutor,
                  Hop::kExecutorToAgent}) {
    if (text == HopName(hop)) return hop;
  }
  return std::nullopt;
}

std::string Location::ToString() const {
  absl::string_view name(file.data(), file.size());
  if (line > 0) return absl::StrCat(name, ":", line);
  return absl::StrCat(name, ":record ", record, " @byte ", offset);
}

}  // namespace mc
