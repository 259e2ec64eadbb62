// One Mesos release's expectation table (expectations/mesos-<v>/table.textpb),
// loaded from text format and indexed for the rule engine.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "conformance/expectations.pb.h"
#include "mesos/v1/mesos.pb.h"

namespace mc {

using mesos_conformance::Row;

// Immutable after load; safe to share between threads.
class ExpectationTable {
 public:
  // Versions built into this binary ("1.4", ...), sorted by version.
  static std::vector<std::string> BuiltinVersions();

  // Loads version `version` ("1.4" or "1.4.0"). With a non-empty `dir`, reads
  // DIR/mesos-<version>/table.textpb instead of the built-in copy.
  static absl::StatusOr<std::unique_ptr<ExpectationTable>> Load(std::string_view version,
                                                                const std::string& dir = "");
  // Parses and indexes one table; `origin` names it in errors.
  static absl::StatusOr<std::unique_ptr<ExpectationTable>> FromText(std::string_view text,
                                                                    std::string_view origin);

  ExpectationTable(const ExpectationTable&) = delete;
  ExpectationTable& operator=(const ExpectationTable&) = delete;

  const mesos_conformance::ExpectationTable& proto() const { return table_; }
  const std::string& version() const { return table_.mesos_version(); }

  // Whether this release defines the enum value with that number.
  bool KnowsState(int number) const { return states_.contains(number); }
  bool KnowsSource(int number) const { return sources_.contains(number); }
  bool KnowsReason(int number) const { return reasons_.contains(number); }

  bool IsTerminal(mesos::v1::TaskState state) const { return terminal_.contains(state); }
  bool IsPartitionAwareOnly(mesos::v1::TaskState state) const {
    return partition_aware_only_.contains(state);
  }
  bool NeedsTaskKillingCapability(mesos::v1::TaskState state) const {
    return task_killing_.contains(state);
  }
  bool IsRecommendedExecutorReason(mesos::v1::TaskStatus::Reason reason) const {
    return recommended_.contains(reason);
  }
  bool IsDeprecated(mesos::v1::TaskStatus::Reason reason) const {
    return deprecated_.contains(reason);
  }
  bool IsUnused(mesos::v1::TaskStatus::Reason reason) const { return unused_.contains(reason); }
  // Reasons that rows give only to master- or agent-made updates.
  bool IsMasterOrAgentReason(mesos::v1::TaskStatus::Reason reason) const {
    return master_or_agent_reasons_.contains(reason);
  }

  // Rows whose state(s), source and reason (unset = no reason) fit, whatever their
  // audience and delivery. Precomputed: the rule engine asks once per update.
  // Pointers live as long as the table.
  const std::vector<const Row*>& Match(mesos::v1::TaskState state,
                                       mesos::v1::TaskStatus::Source source,
                                       std::optional<mesos::v1::TaskStatus::Reason> reason) const;

  const Row* FindRow(std::string_view id) const;

 private:
  explicit ExpectationTable(mesos_conformance::ExpectationTable table);
  absl::Status Index();

  mesos_conformance::ExpectationTable table_;
  absl::flat_hash_set<int> states_, sources_, reasons_;
  absl::flat_hash_set<int> terminal_, partition_aware_only_, task_killing_;
  absl::flat_hash_set<int> recommended_, deprecated_, unused_, master_or_agent_reasons_;
  // (source, reason or -1) -> rows; the state is filtered at match time.
  absl::flat_hash_map<std::pair<int, int>, std::vector<const Row*>> by_source_reason_;
  // (state, source, reason or -1) -> rows, for every state the version defines.
  absl::flat_hash_map<std::tuple<int, int, int>, std::vector<const Row*>> matches_;
  absl::flat_hash_map<std::string, const Row*> by_id_;
};

}  // namespace mc
