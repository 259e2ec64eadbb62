#include "harness/wire/duration.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mc::duration {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

// std::chrono::days and weeks arrive only in C++20.
using days = std::chrono::duration<int64_t, std::ratio<86400>>;
using weeks = std::chrono::duration<int64_t, std::ratio<604800>>;

// ---------------------------------------------------------------- Format

TEST(DurationFormat, PrintsTheAgentDefaults) {
  EXPECT_EQ(Format(seconds(5)), "5secs");    // executor_shutdown_grace_period
  EXPECT_EQ(Format(seconds(2)), "2secs");    // executor_reregistration_timeout
  EXPECT_EQ(Format(minutes(15)), "15mins");  // recovery_timeout
  EXPECT_EQ(Format(minutes(1)), "1mins");    // executor_registration_timeout
}

TEST(DurationFormat, UsesTheLargestUnitThatGivesAWholeNumber) {
  EXPECT_EQ(Format(nanoseconds(0)), "0ns");
  EXPECT_EQ(Format(nanoseconds(1)), "1ns");
  EXPECT_EQ(Format(nanoseconds(999)), "999ns");
  EXPECT_EQ(Format(microseconds(1)), "1us");
  EXPECT_EQ(Format(microseconds(999)), "999us");
  EXPECT_EQ(Format(milliseconds(250)), "250ms");
  EXPECT_EQ(Format(seconds(1)), "1secs");
  EXPECT_EQ(Format(seconds(90)), "90secs");
  EXPECT_EQ(Format(seconds(120)), "2mins");
  EXPECT_EQ(Format(minutes(90)), "90mins");
  EXPECT_EQ(Format(hours(2)), "2hrs");
  EXPECT_EQ(Format(hours(25)), "25hrs");
  EXPECT_EQ(Format(hours(36)), "36hrs");
  EXPECT_EQ(Format(days(1)), "1days");
  EXPECT_EQ(Format(days(8)), "8days");
  EXPECT_EQ(Format(days(10)), "10days");
  EXPECT_EQ(Format(weeks(1)), "1weeks");
  EXPECT_EQ(Format(weeks(3)), "3weeks");
}

TEST(DurationFormat, FallsBackOnlyOneUnitThenPrintsAFraction) {
  // Whole one unit below the magnitude's unit: that smaller unit.
  EXPECT_EQ(Format(nanoseconds(1500)), "1500ns");
  EXPECT_EQ(Format(microseconds(1500)), "1500us");
  EXPECT_EQ(Format(milliseconds(1500)), "1500ms");
  // Not even that: a fraction of the magnitude's unit, 15 significant digits.
  EXPECT_EQ(Format(nanoseconds(1'500'001)), "1.500001ms");
  EXPECT_EQ(Format(milliseconds(61'500)), "1.025mins");
  EXPECT_EQ(Format(seconds(3601)), "1.00027777777778hrs");
  EXPECT_EQ(Format(days(1) + minutes(1)), "1.00069444444444days");
  EXPECT_EQ(Format(weeks(1) + hours(1)), "1.00595238095238weeks");
  EXPECT_EQ(Format(seconds(1) + nanoseconds(1)), "1.000000001secs");
}

TEST(DurationFormat, PrintsNegativeDurationsWithAMinus) {
  EXPECT_EQ(Format(seconds(-5)), "-5secs");
  EXPECT_EQ(Format(seconds(-90)), "-90secs");
  EXPECT_EQ(Format(nanoseconds(-1)), "-1ns");
}

TEST(DurationFormat, PrintsTheExtremes) {
  EXPECT_EQ(Format(nanoseconds::max()), "15250.2844524715weeks");
  // Like stout, the minimum prints as minus the maximum.
  EXPECT_EQ(Format(nanoseconds::min()), "-15250.2844524715weeks");
}

// ---------------------------------------------------------------- Parse

TEST(DurationParse, ReadsEveryUnit) {
  EXPECT_EQ(Parse("7ns").value(), nanoseconds(7));
  EXPECT_EQ(Parse("7us").value(), microseconds(7));
  EXPECT_EQ(Parse("7ms").value(), milliseconds(7));
  EXPECT_EQ(Parse("7secs").value(), seconds(7));
  EXPECT_EQ(Parse("7mins").value(), minutes(7));
  EXPECT_EQ(Parse("7hrs").value(), hours(7));
  EXPECT_EQ(Parse("7days").value(), days(7));
  EXPECT_EQ(Parse("7weeks").value(), weeks(7));
}

TEST(DurationParse, ReadsDecimals) {
  EXPECT_EQ(Parse("1.5hrs").value(), minutes(90));
  EXPECT_EQ(Parse("0.5secs").value(), milliseconds(500));
  EXPECT_EQ(Parse(".5secs").value(), milliseconds(500));
  EXPECT_EQ(Parse("5.secs").value(), seconds(5));
  EXPECT_EQ(Parse("0.1secs").value(), milliseconds(100));
  // 1.025 * 60e9 is 61499999999.99999 in doubles; stout truncates.
  EXPECT_EQ(Parse("1.025mins").value(), nanoseconds(61'499'999'999));
  EXPECT_EQ(Parse("007secs").value(), seconds(7));
  EXPECT_EQ(Parse("0ns").value(), nanoseconds(0));
  EXPECT_EQ(Parse("0.0weeks").value(), nanoseconds(0));
}

TEST(DurationParse, TruncatesToWholeNanoseconds) {
  EXPECT_EQ(Parse("1.9ns").value(), nanoseconds(1));
  EXPECT_EQ(Parse("0.0005us").value(), nanoseconds(0));
}

TEST(DurationParse, ReadsUpToTheLargestDuration) {
  EXPECT_EQ(Parse("15250weeks").value(), weeks(15250));
  EXPECT_EQ(Parse("9223372036854775000ns").value(),
            nanoseconds(9223372036854774784));  // nearest double
}

struct BadDuration {
  std::string text;
  std::string message_part;
};

class DurationParseRejects : public ::testing::TestWithParam<BadDuration> {};

TEST_P(DurationParseRejects, WithAClearError) {
  const absl::StatusOr<nanoseconds> parsed = Parse(GetParam().text);
  ASSERT_FALSE(parsed.ok()) << "'" << GetParam().text << "' parsed as "
                            << parsed->count() << "ns";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr(GetParam().message_part));
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, DurationParseRejects,
    ::testing::Values(
        BadDuration{"", "Invalid duration '': expected a non-negative number"},
        BadDuration{"secs", "'secs': expected a non-negative number"},
        BadDuration{".secs", "expected a non-negative number"},
        BadDuration{"-5secs", "'-5secs': expected a non-negative number"},
        BadDuration{"+5secs", "expected a non-negative number"},
        BadDuration{" 5secs", "expected a non-negative number"},
        BadDuration{"5", "Invalid duration '5': missing unit"},
        BadDuration{"1.5", "missing unit"},
        BadDuration{"5s", "Invalid duration '5s': unknown unit 's'"},
        BadDuration{"5m", "unknown unit 'm'"},
        BadDuration{"5h", "unknown unit 'h'"},
        BadDuration{"5sec", "unknown unit 'sec'"},
        BadDuration{"5Secs", "unknown unit 'Secs'"},
        BadDuration{"5 secs", "unknown unit ' secs'"},
        BadDuration{"5secs ", "unknown unit 'secs '"},
        BadDuration{"5secs\n", "unknown unit 'secs\\n'"},
        BadDuration{"5secs5", "unknown unit 'secs5'"},
        BadDuration{"1.2.3secs", "unknown unit '.3secs'"},
        BadDuration{"1e3secs", "unknown unit 'e3secs'"},
        BadDuration{"5\xffsecs", "unknown unit '\\xffsecs'"},
        BadDuration{"1m30s", "unknown unit 'm30s'"},
        BadDuration{"16000weeks", "beyond the largest duration"},
        BadDuration{"9223372036854775807ns", "beyond the largest duration"},
        BadDuration{std::string(400, '9') + "ns", "the number is out of range"}));

TEST(DurationParse, ErrorsNameTheSupportedUnits) {
  EXPECT_THAT(Parse("5").status().message(),
              HasSubstr("one of ns, us, ms, secs, mins, hrs, days, weeks"));
  EXPECT_THAT(Parse("5s").status().message(),
              HasSubstr("one of ns, us, ms, secs, mins, hrs, days, weeks"));
}

// ---------------------------------------------------------------- Round trips

TEST(DurationRoundTrip, WholeNumberFormatsParseBackExactly) {
  std::mt19937_64 rng(6);
  const nanoseconds units[] = {nanoseconds(1), microseconds(1), milliseconds(1),
                               seconds(1),     minutes(1),      hours(1),
                               days(1),        weeks(1)};
  int whole = 0;
  for (int i = 0; i < 5000; ++i) {
    const nanoseconds d = units[rng() % 8] * static_cast<int64_t>(rng() % 10'000);
    const std::string text = Format(d);
    if (text.find('.') != std::string::npos) continue;
    ++whole;
    EXPECT_EQ(Parse(text).value(), d) << text;
  }
  EXPECT_GT(whole, 2500);
}

TEST(DurationRoundTrip, FractionalFormatsParseBackClosely) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any(0, std::numeric_limits<int64_t>::max());
  for (int i = 0; i < 5000; ++i) {
    const nanoseconds d(any(rng) >> (rng() % 63));
    const absl::StatusOr<nanoseconds> parsed = Parse(Format(d));
    if (!parsed.ok()) {
      // Only the very top of the range can round up past the limit.
      EXPECT_GT(d.count(), std::numeric_limits<int64_t>::max() / 2) << Format(d);
      continue;
    }
    EXPECT_NEAR(static_cast<double>(parsed->count()), static_cast<double>(d.count()),
                std::max(2.0, 1e-14 * static_cast<double>(d.count())))
        << Format(d);
  }
}

TEST(DurationParse, RandomTextNeverCrashes) {
  static constexpr char kAlphabet[] = "0123456789..nsumecihrdaywk -+\n";
  std::mt19937_64 rng(8);
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 16, '\0');
    for (char& c : text) {
      c = rng() % 10 == 0 ? static_cast<char>(rng() & 0xff)
                          : kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    }
    const absl::StatusOr<nanoseconds> parsed = Parse(text);
    if (parsed.ok()) {
      EXPECT_GE(parsed->count(), 0) << text;
    }
  }
}

}  // namespace
}  // namespace mc::duration
