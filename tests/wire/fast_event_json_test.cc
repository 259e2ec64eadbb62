// The On-Demand fast path for scheduler Events never disagrees with the
// generic Mesos JSON decoder: on every fixture trace, on generated updates and
// on mutations of both, whenever it takes a document the generic decoder
// takes it too and makes the same Event; anything unusual is left to the
// generic decoder.
#include "harness/wire/fast_event_json.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"

namespace mc::mesos_json {
namespace {

namespace fs = std::filesystem;

// True when the fast path took `json`; fails the test if the generic decoder
// then refuses it or makes another Event.
bool TakenAndAgreed(FastEventParser& parser, const std::string& json) {
  const simdjson::padded_string padded(json);
  mesos::v1::scheduler::Event fast;
  if (!parser.Parse(padded.data(), padded.size(), &fast)) return false;
  mesos::v1::scheduler::Event generic;
  const absl::Status status = Parse(json, &generic, {/*require_initialized=*/false});
  EXPECT_TRUE(status.ok()) << json << "\n" << status;
  EXPECT_EQ(fast.SerializePartialAsString(), generic.SerializePartialAsString()) << json;
  EXPECT_EQ(Print(fast), Print(generic)) << json;
  return true;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every JSON document in the fixture traces: JSON Lines lines and JSON RecordIO records.
std::vector<std::string> FixtureDocuments() {
  std::vector<std::string> documents;
  for (const char* kind : {"good", "bad"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(MC_SOURCE_DIR) / "fixtures" / "traces" / kind)) {
      const std::string data = Slurp(entry.path());
      if (entry.path().extension() == ".recordio") {
        recordio::BufferReader reader(data);
        std::string_view record;
        while (reader.Next(&record)) {
          if (!record.empty() && record.front() == '{') documents.emplace_back(record);
        }
        continue;
      }
      size_t start = 0;
      while (start < data.size()) {
        size_t end = data.find('\n', start);
        if (end == std::string::npos) end = data.size();
        if (end > start) documents.push_back(data.substr(start, end - start));
        start = end + 1;
      }
    }
  }
  return documents;
}

// An update as the generated benchmark trace has it, and as Mesos prints it.
std::string GeneratedUpdate(int i) {
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("task-" + std::to_string(i));
  status->set_state(i % 2 ? mesos::v1::TASK_FINISHED : mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  if (i % 3 == 0) status->set_reason(mesos::v1::TaskStatus::REASON_COMMAND_EXECUTOR_FAILED);
  status->mutable_agent_id()->set_value("agent-S1");
  status->mutable_executor_id()->set_value("executor/1");
  status->set_uuid(std::string("\x01\x02\x03\x04\x05\x06\x47\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 15) +
                   static_cast<char>(i));
  status->set_data(std::string(static_cast<size_t>(i % 5), 'd'));
  status->set_timestamp(1504000000.25 + i);
  status->set_healthy(i % 2 == 0);
  status->set_message("exited \"with\" status\n0 \xc3\xa9");
  status->mutable_unreachable_time()->set_nanoseconds(-5 + i);
  auto* address = status->mutable_container_status()->add_network_infos()->add_ip_addresses();
  address->set_ip_address("10.0.0.1");
  address->set_protocol(mesos::v1::NetworkInfo::IPv6);
  return Print(event);
}

std::string Mutate(std::string data, std::mt19937_64& rng) {
  static const char* const kTokens[] = {"null", "\\u0041", "\\/", " ", "\"x\":1,", "1e3", "-0",
                                        "[]", "{}", "\"", ",", "\":null,\"", "1.5", "true",
                                        "99999999999999999999", "\xff", "\\n", "}", "]"};
  for (int round = 0, rounds = 1 + static_cast<int>(rng() % 3); round < rounds; ++round) {
    if (data.empty()) data = "{";
    const size_t at = rng() % data.size();
    switch (rng() % 6) {
      case 0: data[at] = static_cast<char>(data[at] ^ (1 << (rng() % 8))); break;
      case 1: data.erase(at, 1 + rng() % 8); break;
      case 2: data.insert(at, kTokens[rng() % (sizeof(kTokens) / sizeof(kTokens[0]))]); break;
      case 3: data.insert(at, data.substr(rng() % data.size(), rng() % 24)); break;
      case 4: {  // another digit
        const size_t digit = data.find_first_of("0123456789", at);
        if (digit != std::string::npos) data[digit] = static_cast<char>('0' + rng() % 10);
        break;
      }
      default: {  // swap two neighbouring members
        const size_t a = data.find(',', at);
        const size_t b = a == std::string::npos ? a : data.find(',', a + 1);
        const size_t c = b == std::string::npos ? b : data.find_first_of(",}", b + 1);
        if (c == std::string::npos) break;
        data = data.substr(0, a + 1) + data.substr(b + 1, c - b - 1) + "," +
               data.substr(a + 1, b - a - 1) + data.substr(c);
      }
    }
  }
  return data;
}

TEST(FastEventJson, AgreesWithTheGenericDecoderOnEveryFixtureDocument) {
  FastEventParser parser;
  const std::vector<std::string> documents = FixtureDocuments();
  ASSERT_GT(documents.size(), 50u);
  int taken = 0;
  for (const std::string& json : documents) taken += TakenAndAgreed(parser, json);
  // The common shape is most of the fixtures' updates.
  EXPECT_GT(taken, 40);
}

TEST(FastEventJson, TakesAndAgreesOnUpdatesAsMesosPrintsThem) {
  FastEventParser parser;
  for (int i = 0; i < 64; ++i) EXPECT_TRUE(TakenAndAgreed(parser, GeneratedUpdate(i))) << i;
}

TEST(FastEventJson, NeverDisagreesOnMutatedDocuments) {
  FastEventParser parser;
  std::vector<std::string> seeds = FixtureDocuments();
  for (int i = 0; i < 16; ++i) seeds.push_back(GeneratedUpdate(i));
  std::mt19937_64 rng(20261122);
  int taken = 0, refused = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string json = Mutate(seeds[rng() % seeds.size()], rng);
    if (TakenAndAgreed(parser, json)) {
      ++taken;
    } else {
      ++refused;
    }
    if (::testing::Test::HasFailure()) break;
  }
  // Both outcomes were exercised.
  EXPECT_GT(taken, 1000);
  EXPECT_GT(refused, 1000);
}

constexpr char kStatus[] =
    R"("task_id":{"value":"t"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR",)"
    R"("uuid":"AAAAAAAAQAAAAAAAAAAAAA==")";

std::string Event(const std::string& status_members, const std::string& extra = "") {
  return R"({"type":"UPDATE",)" + extra + R"("update":{"status":{)" + status_members + "}}}";
}

// Unusual but valid: the fast path either takes it and agrees, or leaves it to
// the generic decoder, which takes it.
TEST(FastEventJson, HandlesOrLeavesUnusualButValidInput) {
  FastEventParser parser;
  struct Case {
    std::string json;
    bool fast;  // whether the fast path is expected to take it
  };
  const std::vector<Case> cases = {
      {Event(kStatus), true},
      // Members in another order, at every level.
      {R"({"update":{"status":{"uuid":"AAAAAAAAQAAAAAAAAAAAAA==","state":"TASK_RUNNING",)"
       R"("task_id":{"value":"t"}}},"type":"UPDATE"})", true},
      {" \t{ \"type\" : \"UPDATE\" ,\r\n \"update\" : { \"status\" : { " + std::string(kStatus) +
           " } } } \n ",
       true},
      // Escapes in values are unescaped as the generic decoder does.
      {Event(std::string(kStatus) + R"(,"message":"a\"b\\c\/d\u00e9\ud83d\ude00\n")"), true},
      {Event(R"("task_id":{"value":"\u0074"},"state":"TASK_\u0052UNNING")"), true},
      // Numbers: integers, negative zero, exponents.
      {Event(std::string(kStatus) + R"(,"timestamp":15)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":-0)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":-0.0)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":1.5e9)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":18446744073709551615)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":-9223372036854775808)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":1504000009.2599999999999999999999)"), true},
      {Event(std::string(kStatus) + R"(,"timestamp":0.00000000000000000000001e-300)"), true},
      {Event(std::string(kStatus) + R"(,"unreachable_time":{"nanoseconds":-9223372036854775808})"),
       true},
      {R"({"type":"HEARTBEAT"})", true},
      {R"({"type":"UPDATE"})", true},  // missing fields are the checker's business
      // Left to the generic decoder.
      {Event(R"("t\u0061sk_id":{"value":"t"},"state":"TASK_RUNNING")"), false},  // escaped key
      {Event(kStatus, R"("foo":[1,{"a":null}],)"), false},                     // unknown key
      {Event(std::string(kStatus) + R"(,"labels":{"labels":[{"key":"k"}]})"), false},
      {Event(std::string(kStatus) + R"(,"reason":null)"), false},              // null
      {Event(std::string(kStatus) + R"(,"message":"a","message":"b")"), false},  // duplicate
      {Event(std::string(kStatus) + R"(,"timestamp":1e3)"), true},
      {Event(std::string(kStatus) + R"(,"unreachable_time":{"nanoseconds":1e3})"), false},
      {Event(std::string(kStatus) + R"(,"container_status":{"network_infos":[null]})"), false},
      {Event(std::string(kStatus) + R"(,"container_status":{"executor_pid":7})"), false},
      {R"({"update":{"status":{)" + std::string(kStatus) + "}}}", false},  // no type
      {R"({"type":"UPDATE","hop":"master->scheduler"})", false},             // an annotation
      {R"({"context":{"mesos_version":"1.4"}})", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    EXPECT_EQ(TakenAndAgreed(parser, c.json), c.fast);
    mesos::v1::scheduler::Event generic;
    EXPECT_TRUE(Parse(c.json, &generic, {/*require_initialized=*/false}).ok());
  }
}

// Malformed or refused input is never taken: the generic decoder reports it.
TEST(FastEventJson, LeavesEveryErrorToTheGenericDecoder) {
  FastEventParser parser;
  const std::vector<std::string> cases = {
      Event(kStatus) + " x",
      Event(kStatus) + "}",
      Event(kStatus).substr(0, 40),
      Event(std::string(kStatus) + R"(,"message":"\xff")"),
      Event(std::string(kStatus) + R"(,"message":"\ud800")"),
      Event(std::string(kStatus) + R"(,"timestamp":1e400)"),
      Event(std::string(kStatus) + R"(,"timestamp":"15")"),
      Event(std::string(kStatus) + R"(,"timestamp":01)"),
      Event(std::string(kStatus) + R"(,"healthy":1)"),
      Event(std::string(kStatus) + R"(,"reason":"REASON_FROM_THE_FUTURE")"),
      Event(std::string(kStatus) + R"(,"data":"AAA")"),
      Event(std::string(kStatus) + R"(,"data":"AA-_")"),
      Event(std::string(kStatus) + R"(,"unreachable_time":{"nanoseconds":1.5})"),
      Event(std::string(kStatus) + R"(,"unreachable_time":{"nanoseconds":9223372036854775808})"),
      Event(std::string(kStatus) + R"(,"timestamp":18446744073709551616)"),
      Event(std::string(kStatus) + R"(,"timestamp":-9223372036854775809)"),
      Event(R"("task_id":{"value":7})"),
      Event(R"("task_id":"t")"),
      R"({"type":"NOT_A_TYPE"})",
      R"({"type":"UPDATE","update":[]})",
      R"({"type":"UPDATE",,"update":{}})",
      R"({"type":"UPDATE" "update":{}})",
      "[]",
      "",
  };
  for (const std::string& json : cases) {
    SCOPED_TRACE(json);
    EXPECT_FALSE(TakenAndAgreed(parser, json));
    mesos::v1::scheduler::Event generic;
    EXPECT_FALSE(Parse(json, &generic, {/*require_initialized=*/false}).ok());
  }
}

}  // namespace
}  // namespace mc::mesos_json
