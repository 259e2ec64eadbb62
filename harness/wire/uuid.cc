#include "harness/wire/uuid.h"

#include "absl/strings/str_format.h"

namespace mc::uuid {
namespace {

int Version(std::string_view bytes) {
  return static_cast<unsigned char>(bytes[6]) >> 4;
}

bool LooksLikeText(std::string_view bytes) {
  return bytes.size() == 36 && bytes[8] == '-' && bytes[13] == '-' &&
         bytes[18] == '-' && bytes[23] == '-';
}

void AppendHex(std::string_view bytes, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (char c : bytes) {
    const unsigned char byte = static_cast<unsigned char>(c);
    out->push_back(kDigits[byte >> 4]);
    out->push_back(kDigits[byte & 0xf]);
  }
}

}  // namespace

Check Validate(std::string_view bytes) {
  if (bytes.size() != kSize) return Check::kWrongSize;
  const int version = Version(bytes);
  if (version < 1 || version > 5) return Check::kBadVersion;
  return Check::kValid;
}

const char* Describe(Check check) {
  switch (check) {
    case Check::kValid:
      return "valid UUID";
    case Check::kWrongSize:
      return "Not a valid UUID: expected 16 raw bytes";
    case Check::kBadVersion:
      return "Not a valid UUID: the version (high nibble of byte 6) must be 1 to 5";
  }
  return "unknown UUID check";
}

std::string Explain(std::string_view bytes) {
  switch (Validate(bytes)) {
    case Check::kValid:
      return absl::StrFormat("valid UUID (version %d)", Version(bytes));
    case Check::kWrongSize:
      return absl::StrFormat("Not a valid UUID: %d bytes, expected 16 raw bytes%s",
                             bytes.size(),
                             LooksLikeText(bytes)
                                 ? " (this looks like the 36-character text form)"
                                 : "");
    case Check::kBadVersion:
      return absl::StrFormat(
          "Not a valid UUID: version %d (byte 6 is 0x%02x), expected 1 to 5",
          Version(bytes), static_cast<unsigned char>(bytes[6]));
  }
  return "unknown UUID check";
}

std::string Random(std::mt19937_64& rng) {
  std::string bytes(kSize, '\0');
  for (size_t half = 0; half < 2; ++half) {
    uint64_t word = rng();
    for (size_t i = 0; i < 8; ++i, word >>= 8) {
      bytes[half * 8 + i] = static_cast<char>(word & 0xff);
    }
  }
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  return bytes;
}

std::string ToText(std::string_view bytes) {
  std::string text;
  if (bytes.size() != kSize) {
    AppendHex(bytes, &text);
    return text;
  }
  text.reserve(36);
  AppendHex(bytes.substr(0, 4), &text);
  for (size_t start : {4, 6, 8, 10}) {
    text.push_back('-');
    AppendHex(bytes.substr(start, start == 10 ? 6 : 2), &text);
  }
  return text;
}

}  // namespace mc::uuid
