#include "harness/rules/catalog.h"

#include <cstdio>
#include <cstdlib>

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "harness/common/embedded_lookup.h"

namespace mc {

const RuleCatalog& RuleCatalog::Builtin() {
  static const RuleCatalog* catalog = [] {
    auto text = FindEmbeddedFile("expectations/rules.textpb");
    auto loaded = text ? FromText(*text) : absl::NotFoundError("not embedded");
    if (!loaded.ok()) {
      std::fprintf(stderr, "mesos-conformance: broken built-in rule catalog: %s\n",
                   std::string(loaded.status().message()).c_str());
      std::abort();
    }
    return loaded->release();
  }();
  return *catalog;
}

absl::StatusOr<std::unique_ptr<RuleCatalog>> RuleCatalog::FromText(std::string_view text) {
  auto catalog = std::make_unique<RuleCatalog>();
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), &catalog->catalog_)) {
    return absl::InvalidArgumentError("rule catalog is not valid text format");
  }
  for (const Rule& rule : catalog->catalog_.rules()) {
    if (rule.level() == mesos_conformance::LEVEL_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("rule ", rule.id(), " has no level"));
    }
    if (!catalog->by_id_.emplace(rule.id(), &rule).second) {
      return absl::InvalidArgumentError(absl::StrCat("duplicate rule id ", rule.id()));
    }
  }
  return catalog;
}

const Rule* RuleCatalog::Find(std::string_view id) const {
  auto it = by_id_.find(absl::string_view(id.data(), id.size()));
  return it == by_id_.end() ? nullptr : it->second;
}

const Rule& RuleCatalog::Get(std::string_view id) const {
  const Rule* rule = Find(id);
  if (rule == nullptr) {
    std::fprintf(stderr, "mesos-conformance: no rule %.*s in the catalog\n",
                 static_cast<int>(id.size()), id.data());
    std::abort();
  }
  return *rule;
}

const char* LevelName(Level level) {
  return level == mesos_conformance::RECOMMENDED ? "recommended" : "required";
}

}  // namespace mc
