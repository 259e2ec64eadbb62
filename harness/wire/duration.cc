#include "harness/wire/duration.h"

#include <charconv>
#include <cstdint>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

namespace mc::duration {
namespace {

struct Unit {
  const char* name;
  int64_t nanos;
};

// Smallest first.
constexpr Unit kUnits[] = {
    {"ns", 1},
    {"us", 1'000},
    {"ms", 1'000'000},
    {"secs", 1'000'000'000},
    {"mins", 60'000'000'000},
    {"hrs", 3'600'000'000'000},
    {"days", 86'400'000'000'000},
    {"weeks", 604'800'000'000'000},
};
constexpr size_t kUnitCount = sizeof(kUnits) / sizeof(kUnits[0]);

// For error messages: the text with control and non-ASCII bytes escaped.
std::string Printable(std::string_view text) {
  return absl::CHexEscape(absl::string_view(text.data(), text.size()));
}

std::string FormatIn(int64_t nanos, const Unit& unit) {
  if (nanos % unit.nanos == 0) return std::to_string(nanos / unit.nanos) + unit.name;
  const double value = static_cast<double>(nanos) / static_cast<double>(unit.nanos);
  return absl::StrFormat("%.15g%s", value, unit.name);
}

}  // namespace

std::string Format(std::chrono::nanoseconds d) {
  int64_t nanos = d.count();
  std::string sign;
  if (nanos < 0) {
    sign = "-";
    // stout prints Duration::min() as "-" followed by Duration::max().
    nanos = nanos == std::numeric_limits<int64_t>::min()
                ? std::numeric_limits<int64_t>::max()
                : -nanos;
  }
  size_t bucket = 0;
  while (bucket + 1 < kUnitCount && nanos >= kUnits[bucket + 1].nanos) ++bucket;
  const Unit& unit = kUnits[bucket];
  if (bucket > 0 && nanos % unit.nanos != 0 &&
      nanos % kUnits[bucket - 1].nanos == 0) {
    return sign + FormatIn(nanos, kUnits[bucket - 1]);
  }
  return sign + FormatIn(nanos, unit);
}

absl::StatusOr<std::chrono::nanoseconds> Parse(std::string_view text) {
  size_t number_end = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (; number_end < text.size(); ++number_end) {
    const char c = text[number_end];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  const std::string_view number = text.substr(0, number_end);
  const std::string_view unit_name = text.substr(number_end);
  if (!seen_digit) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Invalid duration '%s': expected a non-negative number (e.g. \"5secs\")",
        Printable(text)));
  }
  if (unit_name.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Invalid duration '%s': missing unit (one of ns, us, ms, secs, mins, "
        "hrs, days, weeks)",
        Printable(text)));
  }
  const Unit* unit = nullptr;
  for (const Unit& candidate : kUnits) {
    if (unit_name == candidate.name) unit = &candidate;
  }
  if (unit == nullptr) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Invalid duration '%s': unknown unit '%s' (expected one of ns, us, ms, "
        "secs, mins, hrs, days, weeks)",
        Printable(text), Printable(unit_name)));
  }
  double value = 0;
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), value);
  // The characters are already checked, so only the range can fail here.
  if (error != std::errc() || end != number.data() + number.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Invalid duration '%s': the number is out of range", Printable(text)));
  }
  const double nanos = value * static_cast<double>(unit->nanos);
  // 2^63: the first value an int64 cannot hold.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(nanos < kLimit)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Invalid duration '%s': beyond the largest duration (about 15250 weeks)",
        Printable(text)));
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(nanos));
}

}  // namespace mc::duration
