// Finding one embedded data file by its path.
#pragma once

#include <optional>
#include <string_view>

namespace mc {

// Contents of the embedded file at `path` (e.g. "expectations/rules.textpb").
std::optional<std::string_view> FindEmbeddedFile(std::string_view path);

}  // namespace mc
