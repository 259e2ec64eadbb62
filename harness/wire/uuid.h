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
// Exactly 16 bytes, and the version (high nibble of byte 6) 1 to 5. The
// variant bits are not checked, as in Mesos.
Check Validate(std::string_view bytes);
// Fixed text per verdict, e.g. "Not a valid UUID: expected 16 raw bytes".
const char* Describe(Check check);
// Text naming what is wrong with these bytes, e.g. "Not a valid UUID: 36 bytes,
// expected 16 raw bytes (this looks like the 36-character text form)".
std::string Explain(std::string_view bytes);

// 16 random bytes with version 4 and the RFC 4122 variant, drawn from `rng`
// in a fixed order, so a seed gives the same uuids on every platform.
std::string Random(std::mt19937_64& rng);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" for 16 bytes; hex of the bytes otherwise.
std::string ToText(std::string_view bytes);

}  // namespace mc::uuid
