#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "harness/http/server.h"

namespace mc::http {

std::optional<std::string> Request::Header(std::string_view name) const {
  std::optional<std::string> joined;
  for (const auto& [key, value] : headers) {
    if (!absl::EqualsIgnoreCase(key, absl::string_view(name.data(), name.size()))) continue;
    if (joined) {
      joined->append(", ").append(value);
    } else {
      joined = value;
    }
  }
  return joined;
}

}  // namespace mc::http
