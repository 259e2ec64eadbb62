#include "harness/wire/recordio.h"

#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mc::recordio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using namespace std::string_literals;

std::vector<std::string> TakeAll(Decoder& decoder) {
  std::vector<std::string> records;
  std::string record;
  while (decoder.Next(&record)) records.push_back(record);
  return records;
}

std::vector<std::string> ReadAll(BufferReader& reader) {
  std::vector<std::string> records;
  std::string_view record;
  while (reader.Next(&record)) records.emplace_back(record);
  return records;
}

std::string EncodeAll(const std::vector<std::string>& payloads) {
  std::string out;
  for (const std::string& payload : payloads) AppendEncoded(payload, &out);
  return out;
}

// Feeds `stream` in pieces whose sizes are drawn from `rng` (1 to max_piece).
void FeedInRandomPieces(std::string_view stream, std::mt19937_64& rng,
                        size_t max_piece, Decoder& decoder) {
  std::uniform_int_distribution<size_t> piece(1, max_piece);
  for (size_t pos = 0; pos < stream.size();) {
    const size_t n = std::min(piece(rng), stream.size() - pos);
    decoder.Feed(stream.substr(pos, n)).IgnoreError();
    pos += n;
  }
}

std::string RandomBytes(std::mt19937_64& rng, size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  return bytes;
}

// Payloads that exercise framing: empty, newlines, NULs, digits, binary.
const std::vector<std::string>& TrickyPayloads() {
  static const auto* payloads = new std::vector<std::string>{
      R"({"type":"SUBSCRIBED"})",
      "",
      "\n",
      "12\n",
      "\0\0\0"s,
      std::string(1000, 'x'),
      "\xff\xfe\n\r\n",
      "7",
  };
  return *payloads;
}

// ---------------------------------------------------------------- Encoding

TEST(RecordioEncode, FramesPayloadWithDecimalLengthAndNewline) {
  EXPECT_EQ(Encode(R"({"type":"HEARTBEAT"})"), "20\n{\"type\":\"HEARTBEAT\"}");
  EXPECT_EQ(Encode("abc"), "3\nabc");
  EXPECT_EQ(Encode(""), "0\n");
  EXPECT_EQ(Encode("\0\n"s), "2\n\0\n"s);
  EXPECT_EQ(Encode(std::string(1234, 'a')), "1234\n" + std::string(1234, 'a'));
}

TEST(RecordioEncode, AppendEncodedAppendsWithoutSeparator) {
  std::string out = "prefix";
  AppendEncoded("ab", &out);
  AppendEncoded("", &out);
  AppendEncoded("c", &out);
  EXPECT_EQ(out, "prefix2\nab0\n1\nc");
}

// ---------------------------------------------------------------- Decoder: good input

TEST(RecordioDecoder, StartsEmptyAndOk) {
  Decoder decoder;
  std::string record = "untouched";
  EXPECT_TRUE(decoder.status().ok());
  EXPECT_FALSE(decoder.Next(&record));
  EXPECT_EQ(record, "untouched");
  EXPECT_FALSE(decoder.HasPartialRecord());
  EXPECT_TRUE(decoder.EndOfInput().ok());
  EXPECT_EQ(decoder.offset(), 0u);
  EXPECT_EQ(decoder.records(), 0u);
}

TEST(RecordioDecoder, DecodesOneRecord) {
  Decoder decoder;
  EXPECT_TRUE(decoder.Feed(Encode("hello")).ok());
  EXPECT_THAT(TakeAll(decoder), ElementsAre("hello"));
  EXPECT_EQ(decoder.records(), 1u);
  EXPECT_EQ(decoder.offset(), 7u);
  EXPECT_FALSE(decoder.HasPartialRecord());
}

TEST(RecordioDecoder, EmptyFeedChangesNothing) {
  Decoder decoder;
  EXPECT_TRUE(decoder.Feed("").ok());
  EXPECT_TRUE(decoder.Feed("2\na").ok());
  EXPECT_TRUE(decoder.Feed("").ok());
  EXPECT_TRUE(decoder.HasPartialRecord());
  EXPECT_EQ(decoder.offset(), 3u);
}

TEST(RecordioDecoder, DecodesSeveralRecordsFromOneFeed) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed(EncodeAll(TrickyPayloads())).ok());
  EXPECT_EQ(TakeAll(decoder), TrickyPayloads());
  EXPECT_EQ(decoder.records(), TrickyPayloads().size());
  EXPECT_EQ(decoder.offset(), EncodeAll(TrickyPayloads()).size());
  EXPECT_FALSE(decoder.HasPartialRecord());
}

TEST(RecordioDecoder, DecodesOneByteAtATime) {
  const std::string stream = EncodeAll(TrickyPayloads());
  Decoder decoder;
  std::vector<std::string> records;
  for (size_t i = 0; i < stream.size(); ++i) {
    ASSERT_TRUE(decoder.Feed(stream.substr(i, 1)).ok()) << "at byte " << i;
    EXPECT_EQ(decoder.offset(), i + 1);
    for (std::string& record : TakeAll(decoder)) records.push_back(record);
  }
  EXPECT_EQ(records, TrickyPayloads());
  EXPECT_FALSE(decoder.HasPartialRecord());
}

TEST(RecordioDecoder, DecodesAnySplitOfTheStream) {
  const std::string stream = EncodeAll(TrickyPayloads());
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    Decoder decoder;
    ASSERT_TRUE(decoder.Feed(stream.substr(0, cut)).ok());
    ASSERT_TRUE(decoder.Feed(stream.substr(cut)).ok());
    EXPECT_EQ(TakeAll(decoder), TrickyPayloads()) << "cut at " << cut;
  }
}

TEST(RecordioDecoder, DecodesRandomSplitsOfRandomRecords) {
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::string> payloads(rng() % 30);
    for (std::string& payload : payloads) payload = RandomBytes(rng, rng() % 300);
    const std::string stream = EncodeAll(payloads);

    Decoder decoder;
    FeedInRandomPieces(stream, rng, 1 + rng() % 64, decoder);
    ASSERT_TRUE(decoder.status().ok()) << decoder.status();
    EXPECT_EQ(TakeAll(decoder), payloads) << "trial " << trial;
    EXPECT_EQ(decoder.records(), payloads.size());
    EXPECT_EQ(decoder.offset(), stream.size());
    EXPECT_FALSE(decoder.HasPartialRecord());
  }
}

TEST(RecordioDecoder, DecodesRandomSplitsWhileDrainingAfterEveryFeed) {
  std::mt19937_64 rng(20240612);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::string> payloads(rng() % 30);
    for (std::string& payload : payloads) payload = RandomBytes(rng, rng() % 300);
    const std::string stream = EncodeAll(payloads);

    Decoder decoder;
    std::vector<std::string> records;
    std::uniform_int_distribution<size_t> piece(1, 1 + rng() % 400);
    for (size_t pos = 0; pos < stream.size();) {
      const size_t n = std::min(piece(rng), stream.size() - pos);
      ASSERT_TRUE(decoder.Feed(std::string_view(stream).substr(pos, n)).ok());
      pos += n;
      // Take some or all, so both full and partial drains happen.
      std::string_view record;
      const bool take_all = rng() % 4 != 0;
      while ((take_all || rng() % 2) && decoder.Next(&record)) {
        records.emplace_back(record);
      }
    }
    std::string_view record;
    while (decoder.Next(&record)) records.emplace_back(record);
    EXPECT_EQ(records, payloads) << "trial " << trial;
  }
}

TEST(RecordioDecoder, ViewsStayValidUntilTheNextFeed) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("3\nabc2\nde1\nf").ok());
  std::string_view first, second, third;
  ASSERT_TRUE(decoder.Next(&first));
  ASSERT_TRUE(decoder.Next(&second));
  ASSERT_TRUE(decoder.Next(&third));
  EXPECT_EQ(first, "abc");
  EXPECT_EQ(second, "de");
  EXPECT_EQ(third, "f");
  EXPECT_FALSE(decoder.Next(&third));
  ASSERT_TRUE(decoder.Feed("1\ng").ok());
  ASSERT_TRUE(decoder.Next(&first));
  EXPECT_EQ(first, "g");
}

TEST(RecordioDecoder, CopyingNextReusesTheCallersString) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("5\nhello1\nx").ok());
  std::string record = "previous contents that are longer";
  ASSERT_TRUE(decoder.Next(&record));
  EXPECT_EQ(record, "hello");
  ASSERT_TRUE(decoder.Next(&record));
  EXPECT_EQ(record, "x");
}

TEST(RecordioDecoder, DecodesLargeRecordFedInSmallPieces) {
  std::mt19937_64 rng(7);
  const std::string payload = RandomBytes(rng, 1 << 20);
  const std::string stream = Encode(payload) + Encode("after");
  Decoder decoder;
  FeedInRandomPieces(stream, rng, 1000, decoder);
  EXPECT_THAT(TakeAll(decoder), ElementsAre(payload, "after"));
}

TEST(RecordioDecoder, RecordsCanBeTakenBetweenFeeds) {
  Decoder decoder;
  std::string record;
  ASSERT_TRUE(decoder.Feed("1\na2\nb").ok());
  ASSERT_TRUE(decoder.Next(&record));
  EXPECT_EQ(record, "a");
  EXPECT_FALSE(decoder.Next(&record));
  ASSERT_TRUE(decoder.Feed("c").ok());
  ASSERT_TRUE(decoder.Next(&record));
  EXPECT_EQ(record, "bc");
  EXPECT_EQ(decoder.records(), 2u);
}

TEST(RecordioDecoder, ZeroLengthRecordsYieldEmptyRecords) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("0\n0\n1\nx0\n").ok());
  EXPECT_THAT(TakeAll(decoder), ElementsAre("", "", "x", ""));
  EXPECT_FALSE(decoder.HasPartialRecord());
}

TEST(RecordioDecoder, AcceptsLeadingZerosUpToTwentyDigits) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("003\nabc" + std::string(19, '0') + "2\nde").ok());
  EXPECT_THAT(TakeAll(decoder), ElementsAre("abc", "de"));
}

TEST(RecordioDecoder, AcceptsRecordExactlyAtTheSizeLimit) {
  Decoder decoder(/*max_record_size=*/4);
  ASSERT_TRUE(decoder.Feed("4\nabcd").ok());
  EXPECT_THAT(TakeAll(decoder), ElementsAre("abcd"));
}

TEST(RecordioDecoder, AcceptsTheLargestUint64LengthWithoutAllocatingIt) {
  Decoder decoder(std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(decoder.Feed("18446744073709551615\nabc").ok());
  EXPECT_TRUE(decoder.HasPartialRecord());
  EXPECT_EQ(decoder.EndOfInput().message(),
            "RecordIO: input ends inside the record at offset 0: 3 of "
            "18446744073709551615 payload bytes received");
}

// ---------------------------------------------------------------- Decoder: truncation

TEST(RecordioDecoder, ReportsPartialRecordInTheLength) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("1\na12").ok());
  EXPECT_TRUE(decoder.HasPartialRecord());
  EXPECT_EQ(decoder.EndOfInput().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(decoder.EndOfInput().message(),
            "RecordIO: input ends inside the length of the record at offset 3");
}

TEST(RecordioDecoder, ReportsPartialRecordRightAfterTheLength) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("5\n").ok());
  EXPECT_TRUE(decoder.HasPartialRecord());
  EXPECT_EQ(decoder.EndOfInput().message(),
            "RecordIO: input ends inside the record at offset 0: 0 of 5 payload "
            "bytes received");
}

TEST(RecordioDecoder, ReportsPartialRecordInThePayload) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("2\nab10\nabc").ok());
  EXPECT_TRUE(decoder.HasPartialRecord());
  EXPECT_EQ(decoder.EndOfInput().message(),
            "RecordIO: input ends inside the record at offset 4: 3 of 10 payload "
            "bytes received");
  ASSERT_TRUE(decoder.Feed("defghij").ok());
  EXPECT_FALSE(decoder.HasPartialRecord());
  EXPECT_TRUE(decoder.EndOfInput().ok());
}

// ---------------------------------------------------------------- Decoder: errors

struct BadStream {
  std::string name;
  std::string stream;
  uint64_t max_record_size;
  uint64_t error_offset;
  std::string message;
  std::vector<std::string> records_before;
};

void PrintTo(const BadStream& bad, std::ostream* out) { *out << bad.name; }

std::vector<BadStream> BadStreams() {
  const uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();
  return {
      {"JsonWithoutLength", R"({"type":"SUBSCRIBED"})", kDefaultMaxRecordSize, 0,
       "RecordIO: unexpected byte 0x7b at offset 0 in a record length; expected "
       "decimal digits then '\\n'",
       {}},
      {"LetterInsideLength", "3\nabc1x\n", kDefaultMaxRecordSize, 6,
       "RecordIO: unexpected byte 0x78 at offset 6 in a record length; expected "
       "decimal digits then '\\n'",
       {"abc"}},
      {"CarriageReturn", "3\r\nabc", kDefaultMaxRecordSize, 1,
       "RecordIO: unexpected byte 0x0d at offset 1 in a record length; expected "
       "decimal digits then '\\n' (a CR: lengths end with a bare '\\n')",
       {}},
      {"LeadingSpace", " 3\nabc", kDefaultMaxRecordSize, 0,
       "RecordIO: unexpected byte 0x20 at offset 0 in a record length; expected "
       "decimal digits then '\\n' (whitespace is not allowed)",
       {}},
      {"TrailingSpace", "3 \nabc", kDefaultMaxRecordSize, 1,
       "RecordIO: unexpected byte 0x20 at offset 1 in a record length; expected "
       "decimal digits then '\\n' (whitespace is not allowed)",
       {}},
      {"MinusSign", "-1\n", kDefaultMaxRecordSize, 0,
       "RecordIO: unexpected byte 0x2d at offset 0 in a record length; expected "
       "decimal digits then '\\n'",
       {}},
      {"HighByte", "1\na\xff", kDefaultMaxRecordSize, 3,
       "RecordIO: unexpected byte 0xff at offset 3 in a record length; expected "
       "decimal digits then '\\n'",
       {"a"}},
      {"NewlineAfterPayload", "1\na\n1\nb", kDefaultMaxRecordSize, 3,
       "RecordIO: empty record length at offset 3 ('\\n' with no digits before "
       "it)",
       {"a"}},
      {"EmptyLength", "\n", kDefaultMaxRecordSize, 0,
       "RecordIO: empty record length at offset 0 ('\\n' with no digits before "
       "it)",
       {}},
      {"TwentyOneDigits", "2\nab" + std::string(21, '1') + "\n", kUnlimited, 24,
       "RecordIO: record length at offset 4 has more than 20 digits",
       {"ab"}},
      {"TwentyOneZeros", std::string(21, '0') + "\n", kUnlimited, 20,
       "RecordIO: record length at offset 0 has more than 20 digits",
       {}},
      {"Uint64Overflow", "18446744073709551616\n", kUnlimited, 19,
       "RecordIO: record length at offset 0 does not fit in 64 bits",
       {}},
      {"Uint64OverflowAllNines", "99999999999999999999\n", kUnlimited, 19,
       "RecordIO: record length at offset 0 does not fit in 64 bits",
       {}},
      {"OverDefaultLimit", "1\na4194305\n", kDefaultMaxRecordSize, 10,
       "RecordIO: record at offset 3 declares 4194305 bytes, over the limit of "
       "4194304 bytes",
       {"a"}},
      {"OverCustomLimit", "11\nhello world", 10, 2,
       "RecordIO: record at offset 0 declares 11 bytes, over the limit of 10 "
       "bytes",
       {}},
      {"OverZeroLimit", "0\n1\na", 0, 3,
       "RecordIO: record at offset 2 declares 1 bytes, over the limit of 0 bytes",
       {""}},
  };
}

class RecordioBadStream : public ::testing::TestWithParam<BadStream> {};

TEST_P(RecordioBadStream, DecoderFailsAtTheOffendingByte) {
  const BadStream& bad = GetParam();
  Decoder decoder(bad.max_record_size);
  const absl::Status status = decoder.Feed(bad.stream);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), bad.message);
  EXPECT_EQ(decoder.status(), status);
  EXPECT_EQ(decoder.EndOfInput(), status);
  EXPECT_EQ(decoder.offset(), bad.error_offset);
  EXPECT_EQ(TakeAll(decoder), bad.records_before);
  EXPECT_EQ(decoder.records(), bad.records_before.size());
}

TEST_P(RecordioBadStream, DecoderFailsTheSameWayByteAtATime) {
  const BadStream& bad = GetParam();
  Decoder decoder(bad.max_record_size);
  for (char c : bad.stream) decoder.Feed(std::string_view(&c, 1)).IgnoreError();
  EXPECT_EQ(decoder.status().message(), bad.message);
  EXPECT_EQ(decoder.offset(), bad.error_offset);
  EXPECT_EQ(TakeAll(decoder), bad.records_before);
}

TEST_P(RecordioBadStream, DecoderStaysFailed) {
  const BadStream& bad = GetParam();
  Decoder decoder(bad.max_record_size);
  const absl::Status status = decoder.Feed(bad.stream);
  EXPECT_EQ(decoder.Feed("1\nz"), status);
  EXPECT_EQ(decoder.Feed(""), status);
  EXPECT_EQ(decoder.offset(), bad.error_offset);
  EXPECT_EQ(decoder.records(), bad.records_before.size());
  EXPECT_EQ(TakeAll(decoder), bad.records_before);
}

TEST_P(RecordioBadStream, BufferReaderFailsAtTheSameByte) {
  const BadStream& bad = GetParam();
  BufferReader reader(bad.stream, bad.max_record_size);
  EXPECT_EQ(ReadAll(reader), bad.records_before);
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.status().message(), bad.message);
  EXPECT_EQ(reader.offset(), bad.error_offset);
  EXPECT_FALSE(reader.truncated());
  std::string_view record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.records(), bad.records_before.size());
}

INSTANTIATE_TEST_SUITE_P(All, RecordioBadStream, ::testing::ValuesIn(BadStreams()),
                         [](const auto& info) { return info.param.name; });

TEST(RecordioDecoder, ErrorOffsetCountsBytesOfEarlierFeeds) {
  Decoder decoder;
  ASSERT_TRUE(decoder.Feed("3\nab").ok());
  ASSERT_TRUE(decoder.Feed("c12").ok());
  const absl::Status status = decoder.Feed("#");
  EXPECT_THAT(status.message(), HasSubstr("unexpected byte 0x23 at offset 7"));
  EXPECT_EQ(decoder.offset(), 7u);
}

TEST(RecordioDecoder, SizeLimitIsCheckedBeforeAnyPayloadArrives) {
  Decoder decoder(/*max_record_size=*/100);
  const absl::Status status = decoder.Feed("101\n");
  EXPECT_THAT(status.message(), HasSubstr("declares 101 bytes"));
  EXPECT_FALSE(decoder.HasPartialRecord());
}

// ---------------------------------------------------------------- BufferReader

TEST(RecordioBufferReader, EmptyDataHasNoRecords) {
  BufferReader reader("");
  std::string_view record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_TRUE(reader.status().ok());
  EXPECT_FALSE(reader.truncated());
  EXPECT_EQ(reader.offset(), 0u);
  EXPECT_EQ(reader.records(), 0u);
}

TEST(RecordioBufferReader, ReadsAllRecordsAsViewsIntoTheData) {
  const std::string stream = EncodeAll(TrickyPayloads());
  BufferReader reader(stream);
  std::string_view record;
  for (const std::string& expected : TrickyPayloads()) {
    ASSERT_TRUE(reader.Next(&record));
    EXPECT_EQ(record, expected);
    EXPECT_GE(record.data(), stream.data());
    EXPECT_LE(record.data() + record.size(), stream.data() + stream.size());
  }
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_TRUE(reader.status().ok());
  EXPECT_FALSE(reader.truncated());
  EXPECT_EQ(reader.offset(), stream.size());
  EXPECT_EQ(reader.records(), TrickyPayloads().size());
}

TEST(RecordioBufferReader, OffsetPointsAtTheNextRecord) {
  BufferReader reader("1\na2\nbc");
  std::string_view record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), 3u);
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), 7u);
}

TEST(RecordioBufferReader, ReportsTruncationInsideTheLength) {
  BufferReader reader("1\na12");
  EXPECT_THAT(ReadAll(reader), ElementsAre("a"));
  EXPECT_TRUE(reader.truncated());
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.offset(), 3u);
}

TEST(RecordioBufferReader, ReportsTruncationInsideThePayload) {
  BufferReader reader("1\na5\nab");
  EXPECT_THAT(ReadAll(reader), ElementsAre("a"));
  EXPECT_TRUE(reader.truncated());
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.offset(), 3u);
  std::string_view record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.records(), 1u);
}

TEST(RecordioBufferReader, ReportsTruncationRightAfterTheLength) {
  BufferReader reader("5\n");
  EXPECT_THAT(ReadAll(reader), IsEmpty());
  EXPECT_TRUE(reader.truncated());
  EXPECT_EQ(reader.offset(), 0u);
}

TEST(RecordioBufferReader, YieldsZeroLengthRecords) {
  BufferReader reader("0\n0\n");
  EXPECT_THAT(ReadAll(reader), ElementsAre("", ""));
  EXPECT_FALSE(reader.truncated());
}

TEST(RecordioBufferReader, HugeDeclaredLengthIsTruncationNotACrash) {
  BufferReader reader("18446744073709551615\nabc",
                      std::numeric_limits<uint64_t>::max());
  EXPECT_THAT(ReadAll(reader), IsEmpty());
  EXPECT_TRUE(reader.truncated());
  EXPECT_TRUE(reader.status().ok());
}

// ---------------------------------------------------------------- Robustness

// Decoder (in random pieces) and BufferReader must agree on every input.
void ExpectSameVerdict(const std::string& stream, uint64_t max_record_size,
                       std::mt19937_64& rng) {
  Decoder decoder(max_record_size);
  FeedInRandomPieces(stream, rng, 1 + rng() % 16, decoder);
  BufferReader reader(stream, max_record_size);
  ASSERT_EQ(ReadAll(reader), TakeAll(decoder));
  ASSERT_EQ(reader.status(), decoder.status());
  if (!reader.status().ok()) {
    ASSERT_EQ(reader.offset(), decoder.offset());
  } else {
    ASSERT_EQ(reader.truncated(), decoder.HasPartialRecord());
    ASSERT_EQ(reader.records(), decoder.records());
  }
}

TEST(RecordioRobustness, RandomGarbageNeverCrashesAndBothReadersAgree) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 2000; ++trial) {
    ExpectSameVerdict(RandomBytes(rng, rng() % 64), 1 + rng() % 64, rng);
  }
}

TEST(RecordioRobustness, DigitHeavyGarbageNeverCrashesAndBothReadersAgree) {
  static constexpr char kAlphabet[] = "0123456789\n\n\nx";
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string stream(rng() % 80, '\0');
    for (char& c : stream) c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    ExpectSameVerdict(stream, rng() % 2 ? 50 : std::numeric_limits<uint64_t>::max(),
                      rng);
  }
}

TEST(RecordioRobustness, CorruptedStreamsNeverCrashAndBothReadersAgree) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::string> payloads(1 + rng() % 8);
    for (std::string& payload : payloads) payload = RandomBytes(rng, rng() % 40);
    std::string stream = EncodeAll(payloads);
    stream[rng() % stream.size()] = static_cast<char>(rng() & 0xff);
    stream.resize(stream.size() - rng() % 3);
    ExpectSameVerdict(stream, kDefaultMaxRecordSize, rng);
  }
}

// ---------------------------------------------------------------- Throughput

// Ad-hoc measurement, printed rather than asserted: the whole checker pipeline
// has a budget of 3,000,000 records/s of ~150 bytes on one core. A stream far
// bigger than the caches measures memory bandwidth as much as the decoder; a
// cache-sized one decoded repeatedly measures the decoder.
void PrintDecodeRates(size_t records_per_stream, int rounds) {
  std::mt19937_64 rng(4);
  std::string stream;
  for (size_t i = 0; i < records_per_stream; ++i) {
    AppendEncoded(std::string(130 + rng() % 40, 'e'), &stream);
  }
  using Clock = std::chrono::steady_clock;
  const size_t total = rounds * records_per_stream;
  auto measure = [&](auto decode_once) {
    size_t seen = 0;
    const auto start = Clock::now();
    for (int round = 0; round < rounds; ++round) seen += decode_once();
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    EXPECT_EQ(seen, total);
    return total / elapsed.count() / 1e6;
  };
  auto buffer_reader = [&] {
    BufferReader reader(stream);
    std::string_view record;
    size_t seen = 0;
    while (reader.Next(&record)) ++seen;
    return seen;
  };
  auto decoder_with = [&](size_t piece, auto record) {
    return [&stream, piece, record]() mutable {
      Decoder decoder;
      size_t seen = 0;
      for (size_t pos = 0; pos < stream.size(); pos += piece) {
        decoder.Feed(std::string_view(stream).substr(pos, piece)).IgnoreError();
        while (decoder.Next(&record)) ++seen;
      }
      return seen;
    };
  };
  constexpr size_t k64KiB = 64 * 1024;
  std::cout << "RecordIO decode, " << records_per_stream << " records of ~150 bytes ("
            << stream.size() / 1e6 << " MB) x " << rounds
            << ", millions of records/s:\n"
            << "  BufferReader (zero-copy):       " << measure(buffer_reader) << "\n"
            << "  Decoder, 64 KiB Feeds, views:   "
            << measure(decoder_with(k64KiB, std::string_view())) << "\n"
            << "  Decoder, 64 KiB Feeds, strings: "
            << measure(decoder_with(k64KiB, std::string())) << "\n"
            << "  Decoder, one Feed, strings:     "
            << measure(decoder_with(stream.size(), std::string())) << "\n";
}

TEST(RecordioThroughput, PrintsDecodeRatesForACacheSizedStream) {
  PrintDecodeRates(6'000, 250);
}

TEST(RecordioThroughput, PrintsDecodeRatesForALargeStream) {
  PrintDecodeRates(300'000, 5);
}

}  // namespace
}  // namespace mc::recordio
