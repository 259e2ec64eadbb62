// The rule catalog (expectations/rules.textpb): ids, levels and statements.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "conformance/rules.pb.h"

namespace mc {

using mesos_conformance::Level;
using mesos_conformance::Rule;

// Immutable after load; safe to share between threads.
class RuleCatalog {
 public:
  // The catalog built into the binary. Aborts if it is broken: that is a build
  // defect, never a user error.
  static const RuleCatalog& Builtin();
  static absl::StatusOr<std::unique_ptr<RuleCatalog>> FromText(std::string_view text);

  // The rule with that id; aborts on an id the catalog lacks (a harness bug).
  const Rule& Get(std::string_view id) const;
  const Rule* Find(std::string_view id) const;
  const mesos_conformance::RuleCatalog& proto() const { return catalog_; }

 private:
  mesos_conformance::RuleCatalog catalog_;
  absl::flat_hash_map<std::string, const Rule*> by_id_;
};

const char* LevelName(Level level);  // "required" / "recommended"

}  // namespace mc
