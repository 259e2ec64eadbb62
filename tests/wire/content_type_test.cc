#include "harness/wire/content_type.h"

#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace mc {
namespace {

constexpr std::optional<Encoding> kNone = std::nullopt;

TEST(MediaType, NamesBothEncodings) {
  EXPECT_EQ(MediaType(Encoding::kJson), "application/json");
  EXPECT_EQ(MediaType(Encoding::kProtobuf), "application/x-protobuf");
}

// ---------------------------------------------------------------- Content-Type

TEST(CheckRequestContentType, MissingHeaderIsMissing) {
  Encoding encoding = Encoding::kProtobuf;
  EXPECT_EQ(CheckRequestContentType(std::nullopt, &encoding),
            RequestTypeCheck::kMissing);
  EXPECT_EQ(encoding, Encoding::kProtobuf);
}

TEST(CheckRequestContentType, ExactMediaTypesAreAccepted) {
  Encoding encoding = Encoding::kProtobuf;
  EXPECT_EQ(CheckRequestContentType("application/json", &encoding),
            RequestTypeCheck::kOk);
  EXPECT_EQ(encoding, Encoding::kJson);
  EXPECT_EQ(CheckRequestContentType("application/x-protobuf", &encoding),
            RequestTypeCheck::kOk);
  EXPECT_EQ(encoding, Encoding::kProtobuf);
}

TEST(CheckRequestContentType, EncodingPointerMayBeNull) {
  EXPECT_EQ(CheckRequestContentType("application/json", nullptr),
            RequestTypeCheck::kOk);
  EXPECT_EQ(CheckRequestContentType("text/plain", nullptr),
            RequestTypeCheck::kUnsupported);
}

TEST(CheckRequestContentType, AnythingButTheExactStringIsUnsupported) {
  for (std::string_view header : {
           "",
           "application/json; charset=utf-8",
           "application/json;charset=utf-8",
           "Application/JSON",
           "APPLICATION/X-PROTOBUF",
           " application/json",
           "application/json ",
           "application/json;",
           "application/protobuf",
           "application/x-protobuf; proto=mesos.v1.executor.Call",
           "text/plain",
           "*/*",
           "application/*",
       }) {
    Encoding encoding = Encoding::kJson;
    EXPECT_EQ(CheckRequestContentType(header, &encoding),
              RequestTypeCheck::kUnsupported)
        << "'" << header << "'";
    EXPECT_EQ(encoding, Encoding::kJson) << "left unchanged for '" << header << "'";
  }
}

// ---------------------------------------------------------------- Accept

struct AcceptCase {
  const char* header;
  std::optional<Encoding> expected;
};

class NegotiateAcceptTest : public ::testing::TestWithParam<AcceptCase> {};

TEST_P(NegotiateAcceptTest, PicksTheEncodingMesosWould) {
  EXPECT_EQ(NegotiateAccept(GetParam().header), GetParam().expected)
      << "Accept: '" << GetParam().header << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Examples, NegotiateAcceptTest,
    ::testing::Values(
        // JSON is tested first, whatever the weights.
        AcceptCase{"application/x-protobuf, application/json;q=0.1", Encoding::kJson},
        AcceptCase{"application/json", Encoding::kJson},
        AcceptCase{"application/x-protobuf", Encoding::kProtobuf},
        AcceptCase{"*/*", Encoding::kJson},
        AcceptCase{"application/*", Encoding::kJson},
        AcceptCase{"text/html", kNone},
        AcceptCase{"text/*, image/png", kNone},
        // The exact type beats type/*, which beats */*.
        AcceptCase{"application/*;q=0, application/x-protobuf", Encoding::kProtobuf},
        AcceptCase{"*/*;q=0, application/x-protobuf", Encoding::kProtobuf},
        AcceptCase{"application/json;q=0, */*", Encoding::kProtobuf},
        AcceptCase{"application/json;q=0, application/*", Encoding::kProtobuf},
        AcceptCase{"application/*, */*;q=0", Encoding::kJson},
        AcceptCase{"application/*;q=0, */*", kNone},
        AcceptCase{"image/*, */*;q=0", kNone},
        // q=0 excludes; a type not named at any level is not acceptable.
        AcceptCase{"application/json;q=0", kNone},
        AcceptCase{"application/x-protobuf;q=0", kNone},
        AcceptCase{"application/*;q=0", kNone},
        AcceptCase{"*/*;q=0", kNone},
        AcceptCase{"application/json;q=0, application/x-protobuf", Encoding::kProtobuf},
        // The first element naming the range decides.
        AcceptCase{"application/json;q=0, application/json", kNone},
        AcceptCase{"application/json, application/json;q=0", Encoding::kJson},
        // Media ranges are case-insensitive; whitespace is ignored anywhere.
        AcceptCase{"APPLICATION/JSON", Encoding::kJson},
        AcceptCase{"Application/X-Protobuf", Encoding::kProtobuf},
        AcceptCase{" application/json ; q = 0 , application/x-protobuf ",
                   Encoding::kProtobuf},
        AcceptCase{"\tapplication / json\r\n", Encoding::kJson},
        AcceptCase{"application/json;\tq=0.0", kNone},
        // Parameters other than q are ignored; the name q is case-insensitive.
        AcceptCase{"application/json;charset=utf-8", Encoding::kJson},
        AcceptCase{"application/json;charset=utf-8;q=0", kNone},
        AcceptCase{"application/json;level=1;q=0.5", Encoding::kJson},
        AcceptCase{"application/json;Q=0", kNone},
        AcceptCase{"application/json;q", Encoding::kJson},
        AcceptCase{"application/json;;", Encoding::kJson},
        // Weights: any positive decimal accepts; zero in any spelling excludes.
        AcceptCase{"application/json;q=1", Encoding::kJson},
        AcceptCase{"application/json;q=1.000", Encoding::kJson},
        AcceptCase{"application/json;q=0.001", Encoding::kJson},
        AcceptCase{"application/json;q=.5", Encoding::kJson},
        AcceptCase{"application/json;q=2", Encoding::kJson},
        AcceptCase{"application/json;q=0.000", kNone},
        AcceptCase{"application/json;q=00", kNone},
        AcceptCase{"application/json;q=0.", kNone},
        // Malformed weights exclude, like a zero weight.
        AcceptCase{"application/json;q=", kNone},
        AcceptCase{"application/json;q=abc", kNone},
        AcceptCase{"application/json;q=-1", kNone},
        AcceptCase{"application/json;q=+1", kNone},
        AcceptCase{"application/json;q=1e-3", kNone},
        AcceptCase{"application/json;q=0.5.5", kNone},
        AcceptCase{"application/json;q=.", kNone},
        AcceptCase{"application/json;q=\"1\"", kNone},
        AcceptCase{"application/json;q=1=2", kNone},
        // The first q is the weight.
        AcceptCase{"application/json;q=0;q=1", kNone},
        AcceptCase{"application/json;q=1;q=0", Encoding::kJson},
        // Empty headers and empty elements.
        AcceptCase{"", kNone},
        AcceptCase{"   ", kNone},
        AcceptCase{",,", kNone},
        AcceptCase{",,application/json,,", Encoding::kJson},
        // Near misses do not match.
        AcceptCase{"application/json/extra", kNone},
        AcceptCase{"application/jsonx", kNone},
        AcceptCase{"*", kNone},
        AcceptCase{"*/json", kNone},
        AcceptCase{"application", kNone}));

TEST(NegotiateAccept, AbsentHeaderMeansJson) {
  EXPECT_EQ(NegotiateAccept(std::nullopt), Encoding::kJson);
}

TEST(Accepts, AbsentHeaderAcceptsAnyWellFormedMediaType) {
  EXPECT_TRUE(Accepts(std::nullopt, "application/json"));
  EXPECT_TRUE(Accepts(std::nullopt, "text/plain"));
}

TEST(Accepts, WorksForOtherMediaTypes) {
  EXPECT_TRUE(Accepts("text/*", "text/plain"));
  EXPECT_FALSE(Accepts("text/*;q=0, */*", "text/plain"));
  EXPECT_TRUE(Accepts("text/*;q=0, */*", "image/png"));
  EXPECT_TRUE(Accepts("application/json", "APPLICATION/JSON"));
}

TEST(Accepts, MalformedMediaTypeIsNeverAccepted) {
  for (std::string_view media_type :
       {"", "json", "/json", "application/", "/", "a/b/c"}) {
    EXPECT_FALSE(Accepts(std::nullopt, media_type)) << "'" << media_type << "'";
    EXPECT_FALSE(Accepts("*/*", media_type)) << "'" << media_type << "'";
  }
}

TEST(NegotiateAccept, RandomHeadersNeverCrash) {
  static constexpr char kAlphabet[] = "application/jsonx-protobuf*;,q=0.1 \t";
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string header(rng() % 40, '\0');
    for (char& c : header) {
      c = rng() % 8 == 0 ? static_cast<char>(rng() & 0xff)
                         : kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    }
    const std::optional<Encoding> encoding = NegotiateAccept(header);
    // JSON wins whenever it is acceptable.
    EXPECT_EQ(encoding == Encoding::kJson, Accepts(header, kJsonMediaType));
  }
}

}  // namespace
}  // namespace mc
