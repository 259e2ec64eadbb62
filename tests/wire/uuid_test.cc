#include "harness/wire/uuid.h"

#include <cstdint>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace mc::uuid {
namespace {

using namespace std::string_literals;

// 16 bytes 0x00, 0x01, ... 0x0f with byte 6 replaced.
std::string BytesWithByte6(unsigned char byte6) {
  std::string bytes(kSize, '\0');
  for (size_t i = 0; i < kSize; ++i) bytes[i] = static_cast<char>(i);
  bytes[6] = static_cast<char>(byte6);
  return bytes;
}

constexpr char kExampleText[] = "130ae4e3-6b13-4ef4-baa9-9f2e85c3e9af";
const std::string kExampleBytes =
    "\x13\x0a\xe4\xe3\x6b\x13\x4e\xf4\xba\xa9\x9f\x2e\x85\xc3\xe9\xaf"s;

// ---------------------------------------------------------------- Validate

TEST(UuidValidate, AcceptsVersionsOneToFive) {
  for (unsigned version = 1; version <= 5; ++version) {
    for (unsigned low : {0x0u, 0x7u, 0xfu}) {
      EXPECT_EQ(Validate(BytesWithByte6(version << 4 | low)), Check::kValid)
          << "version " << version << ", low nibble " << low;
    }
  }
  EXPECT_EQ(Validate(kExampleBytes), Check::kValid);
}

TEST(UuidValidate, RefusesOtherVersions) {
  for (unsigned version : {0u, 6u, 7u, 8u, 12u, 15u}) {
    EXPECT_EQ(Validate(BytesWithByte6(version << 4)), Check::kBadVersion)
        << "version " << version;
  }
  EXPECT_EQ(Validate(std::string(kSize, '\0')), Check::kBadVersion);
}

TEST(UuidValidate, DoesNotCheckTheVariant) {
  std::string bytes = kExampleBytes;
  for (unsigned char variant : {0x00, 0x40, 0xc0, 0xe0, 0xff}) {
    bytes[8] = static_cast<char>(variant);
    EXPECT_EQ(Validate(bytes), Check::kValid) << "byte 8 = " << int{variant};
  }
}

TEST(UuidValidate, RefusesAnyOtherSize) {
  for (size_t size : {0, 1, 15, 17, 24, 32, 36, 37}) {
    // Version 4 at byte 6 where there is one, so only the size is wrong.
    std::string bytes(size, '\x40');
    EXPECT_EQ(Validate(bytes), Check::kWrongSize) << size << " bytes";
  }
  EXPECT_EQ(Validate(kExampleText), Check::kWrongSize);
  EXPECT_EQ(Validate(std::string(kExampleText) + "\n"), Check::kWrongSize);
}

// ---------------------------------------------------------------- Describe / Explain

TEST(UuidDescribe, NamesEachVerdict) {
  EXPECT_STREQ(Describe(Check::kValid), "valid UUID");
  EXPECT_STREQ(Describe(Check::kWrongSize),
               "Not a valid UUID: expected 16 raw bytes");
  EXPECT_STREQ(Describe(Check::kBadVersion),
               "Not a valid UUID: the version (high nibble of byte 6) must be 1 to 5");
  EXPECT_STREQ(Describe(static_cast<Check>(42)), "unknown UUID check");
}

TEST(UuidExplain, NamesTheSizeAndSpotsTheTextForm) {
  EXPECT_EQ(Explain(kExampleText),
            "Not a valid UUID: 36 bytes, expected 16 raw bytes (this looks like "
            "the 36-character text form)");
  EXPECT_EQ(Explain(std::string(36, 'a')),
            "Not a valid UUID: 36 bytes, expected 16 raw bytes");
  // The 1.4 docs' example: text form plus a newline.
  EXPECT_EQ(Explain(std::string(kExampleText) + "\n"),
            "Not a valid UUID: 37 bytes, expected 16 raw bytes");
  EXPECT_EQ(Explain(""), "Not a valid UUID: 0 bytes, expected 16 raw bytes");
}

TEST(UuidExplain, NamesTheVersionAndByte) {
  EXPECT_EQ(Explain(BytesWithByte6(0x0f)),
            "Not a valid UUID: version 0 (byte 6 is 0x0f), expected 1 to 5");
  EXPECT_EQ(Explain(BytesWithByte6(0xa3)),
            "Not a valid UUID: version 10 (byte 6 is 0xa3), expected 1 to 5");
}

TEST(UuidExplain, NamesTheVersionOfAValidUuid) {
  EXPECT_EQ(Explain(kExampleBytes), "valid UUID (version 4)");
  EXPECT_EQ(Explain(BytesWithByte6(0x1c)), "valid UUID (version 1)");
}

// ---------------------------------------------------------------- Random

TEST(UuidRandom, IsAValidVersion4UuidWithTheRfc4122Variant) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 1000; ++i) {
    const std::string uuid = Random(rng);
    ASSERT_EQ(uuid.size(), kSize);
    EXPECT_EQ(Validate(uuid), Check::kValid);
    EXPECT_EQ(static_cast<unsigned char>(uuid[6]) >> 4, 4);
    EXPECT_EQ(static_cast<unsigned char>(uuid[8]) >> 6, 0b10);
  }
}

TEST(UuidRandom, TakesTwoDrawsLittleEndianThenSetsVersionAndVariant) {
  std::mt19937_64 rng(42);
  std::mt19937_64 reference(42);
  for (int i = 0; i < 10; ++i) {
    std::string expected(kSize, '\0');
    for (size_t half = 0; half < 2; ++half) {
      const uint64_t word = reference();
      for (size_t b = 0; b < 8; ++b) {
        expected[half * 8 + b] = static_cast<char>(word >> (8 * b));
      }
    }
    expected[6] = static_cast<char>((expected[6] & 0x0f) | 0x40);
    expected[8] = static_cast<char>((expected[8] & 0x3f) | 0x80);
    EXPECT_EQ(ToText(Random(rng)), ToText(expected));
  }
}

TEST(UuidRandom, IsDeterministicUnderASeedAndDistinctAcrossDraws) {
  std::mt19937_64 first(7);
  std::mt19937_64 second(7);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string uuid = Random(first);
    EXPECT_EQ(uuid, Random(second));
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 1000u);
  std::mt19937_64 other(8);
  EXPECT_EQ(seen.count(Random(other)), 0u);
}

// ---------------------------------------------------------------- ToText

TEST(UuidToText, FormatsSixteenBytesAsLowercase8_4_4_4_12) {
  EXPECT_EQ(ToText(kExampleBytes), kExampleText);
  EXPECT_EQ(ToText(BytesWithByte6(0x06)), "00010203-0405-0607-0809-0a0b0c0d0e0f");
  EXPECT_EQ(ToText(std::string(kSize, '\xff')), "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST(UuidToText, FormatsOtherSizesAsPlainHex) {
  EXPECT_EQ(ToText(""), "");
  EXPECT_EQ(ToText("\x00\xab\xff"s), "00abff");
  EXPECT_EQ(ToText("abc"), "616263");
  std::string seventeen_tens;
  for (int i = 0; i < 17; ++i) seventeen_tens += "10";
  EXPECT_EQ(ToText(std::string(17, '\x10')), seventeen_tens);
}

}  // namespace
}  // namespace mc::uuid
