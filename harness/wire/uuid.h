// Status update uuids: 16 raw bytes, RFC 4122 layout (shared facts
// executor-http-api.md §6). Mesos accepts versions 1 to 5.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace mc::uuid {

inline constexpr size_t kSize = 16;

// Why a uuid is refused, or kValid.
enum class Check { kValid, kWrongSize, kBadVersion };  // Mesos checks only these
Check Validate(std::string_view bytes);
const char* Describe(Check check);

// 16 random bytes with version 4 and the RFC 4122 variant.
std::string Random(std::mt19937_64& rng);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" for 16 bytes; hex of the bytes otherwise.
std::string ToText(std::string_view bytes);

}  // namespace mc::uuid
