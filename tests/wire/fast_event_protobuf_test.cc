// The hand-written protobuf decoder for scheduler Events never disagrees with
// the generic parse (ParsePartialFromArray): on every fixture event, on
// generated updates and on mutations of both, whenever it takes the bytes the
// generic parse takes them too and makes the same Event, unknown fields
// included; anything unusual is left to the generic parse.
#include "harness/wire/fast_event_protobuf.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"

namespace mc::mesos_protobuf {
namespace {

namespace fs = std::filesystem;
using mesos::v1::scheduler::Event;

// True when the fast path took `bytes`; fails the test if the generic parse
// then refuses them or makes another Event.
bool TakenAndAgreed(const std::string& bytes) {
  Event fast;
  // A reused message, as the reader has it: leftovers must not leak through.
  fast.mutable_update()->mutable_status()->set_message("left over");
  fast.mutable_update()->mutable_status()->mutable_container_status()->add_network_infos();
  if (!ParseEventFast(bytes.data(), bytes.size(), &fast)) return false;
  Event generic;
  EXPECT_TRUE(generic.ParsePartialFromString(bytes)) << testing::PrintToString(bytes);
  EXPECT_EQ(fast.SerializePartialAsString(), generic.SerializePartialAsString())
      << testing::PrintToString(bytes);
  EXPECT_EQ(fast.IsInitialized(), generic.IsInitialized()) << testing::PrintToString(bytes);
  EXPECT_EQ(fast.ShortDebugString(), generic.ShortDebugString());
  return true;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every scheduler Event in the fixture traces, in protobuf: protobuf RecordIO
// records as they are, JSON ones (lines and records) converted.
std::vector<std::string> FixtureEvents() {
  std::vector<std::string> events;
  auto add_json = [&](std::string_view json) {
    Event event;
    if (json.find("\"type\"") == std::string_view::npos) return;
    if (mesos_json::Parse(std::string(json), &event, {/*require_initialized=*/false}).ok()) {
      events.push_back(event.SerializePartialAsString());
    }
  };
  for (const char* kind : {"good", "bad"}) {
    const fs::path dir = fs::path(MC_SOURCE_DIR) / "fixtures" / "traces" / kind;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string data = Slurp(entry.path());
      if (entry.path().extension() == ".recordio") {
        recordio::BufferReader reader(data);
        std::string_view record;
        while (reader.Next(&record)) {
          if (!record.empty() && record.front() == '{') {
            add_json(record);
          } else {
            events.emplace_back(record);
          }
        }
        continue;
      }
      size_t start = 0;
      while (start < data.size()) {
        size_t end = data.find('\n', start);
        if (end == std::string::npos) end = data.size();
        add_json(std::string_view(data).substr(start, end - start));
        start = end + 1;
      }
    }
  }
  return events;
}

// An update with every field the fast path covers, as Mesos serializes it.
std::string GeneratedUpdate(int i) {
  Event event;
  event.set_type(Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("task-" + std::to_string(i));
  status->set_state(i % 2 ? mesos::v1::TASK_FINISHED : mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  if (i % 3 == 0) status->set_reason(mesos::v1::TaskStatus::REASON_COMMAND_EXECUTOR_FAILED);
  status->mutable_agent_id()->set_value("agent-S1");
  if (i % 4 != 1) status->mutable_executor_id()->set_value("executor/1");
  status->set_uuid(std::string("\x01\x02\x03\x04\x05\x06\x47\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 15) +
                   static_cast<char>(i));
  status->set_data(std::string(static_cast<size_t>(i % 5), 'd'));
  status->set_timestamp(1504000000.25 + i);
  status->set_healthy(i % 2 == 0);
  status->set_message("exited with status 0 \xc3\xa9");
  status->mutable_unreachable_time()->set_nanoseconds(-5 + i);
  mesos::v1::ContainerStatus* container = status->mutable_container_status();
  for (int n = 0; n < i % 3; ++n) {
    auto* address = container->add_network_infos()->add_ip_addresses();
    address->set_ip_address("10.0.0." + std::to_string(n));
    if (n == 1) address->set_protocol(mesos::v1::NetworkInfo::IPv6);
  }
  if (i % 2 == 0) container->set_executor_pid(1234 + i);
  if (i % 5 == 0) container->mutable_container_id()->set_value("c-" + std::to_string(i));
  return event.SerializeAsString();
}

std::string Mutate(std::string data, std::mt19937_64& rng) {
  // Keys, varints and lengths that hit the decoder's edges.
  static const std::string kTokens[] = {
      std::string("\x10\x63", 2),                   // state 99: unknown to the enum
      std::string("\x48\x07", 2),                   // source 7
      std::string("\x50\xff\xff\xff\xff\x0f", 6),   // reason 2^32 - 1
      std::string("\x10\x81\x80\x80\x80\x10", 6),   // state 2^32 + 1
      std::string("\x40\x02", 2),                   // healthy 2
      std::string("\x78\x01", 2),                   // field 15 as a varint
      std::string("\x82\x01\x00", 3),               // field 16, empty
      std::string("\x8a\x00", 2),                   // an over-long key
      std::string("\x0a\x00", 2),                   // field 1, empty
      std::string("\x12\x00", 2),                   // field 2 as bytes
      std::string("\x22\x80\x00", 3),               // an over-long length
      std::string("\x5a\x80\x80\x80\x80\x00", 6),   // a 6-byte length
      std::string("\x31\x00\x00\x00\x00\x00\x00\xf0\x7f", 9),  // timestamp +inf
      std::string("\x0b\x0c", 2),                   // a group
      std::string("\x00", 1),
      std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)};
  for (int round = 0, rounds = 1 + static_cast<int>(rng() % 3); round < rounds; ++round) {
    if (data.empty()) data = std::string("\x08\x04", 2);
    const size_t at = rng() % data.size();
    switch (rng() % 7) {
      case 0: data[at] = static_cast<char>(data[at] ^ (1 << (rng() % 8))); break;
      case 1: data.erase(at, 1 + rng() % 8); break;
      case 2: data.insert(at, kTokens[rng() % (sizeof(kTokens) / sizeof(kTokens[0]))]); break;
      case 3: data.insert(at, data.substr(rng() % data.size(), rng() % 24)); break;
      case 4: data.resize(at); break;
      case 5: data[at] = static_cast<char>(rng()); break;
      default: data.push_back(static_cast<char>(rng() % 0x80)); break;
    }
  }
  return data;
}

TEST(FastEventProtobuf, AgreesWithTheGenericParseOnEveryFixtureEvent) {
  const std::vector<std::string> events = FixtureEvents();
  ASSERT_GT(events.size(), 50u);
  int taken = 0;
  for (const std::string& bytes : events) taken += TakenAndAgreed(bytes);
  // The common shape is most of the fixtures' events.
  EXPECT_GT(taken, 40);
}

TEST(FastEventProtobuf, TakesAndAgreesOnUpdatesAsMesosSerializesThem) {
  for (int i = 0; i < 64; ++i) EXPECT_TRUE(TakenAndAgreed(GeneratedUpdate(i))) << i;
}

TEST(FastEventProtobuf, NeverDisagreesOnMutatedEvents) {
  std::vector<std::string> seeds = FixtureEvents();
  for (int i = 0; i < 16; ++i) seeds.push_back(GeneratedUpdate(i));
  std::mt19937_64 rng(20261122);
  int taken = 0, refused = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string bytes = Mutate(seeds[rng() % seeds.size()], rng);
    if (TakenAndAgreed(bytes)) {
      ++taken;
    } else {
      ++refused;
    }
    if (::testing::Test::HasFailure()) break;
  }
  // Both outcomes were exercised.
  EXPECT_GT(taken, 5000);
  EXPECT_GT(refused, 5000);
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int byte : bytes) out.push_back(static_cast<char>(byte));
  return out;
}

TEST(FastEventProtobuf, HandlesOrLeavesUnusualInput) {
  struct Case {
    std::string bytes;
    bool fast;  // whether the fast path is expected to take it
  };
  // type UPDATE; update { status { task_id { value "t" } state TASK_RUNNING } }
  const std::string kStatus = Bytes({0x0a, 0x03, 0x0a, 0x01, 't', 0x10, 0x01});
  auto update = [](const std::string& status) {
    return Bytes({0x08, 0x04, 0x2a, static_cast<int>(status.size() + 2), 0x0a,
                  static_cast<int>(status.size())}) +
           status;
  };
  const std::vector<Case> cases = {
      {update(kStatus), true},
      {"", true},                                    // an empty Event
      {Bytes({0x08, 0x08}), true},                   // HEARTBEAT
      {Bytes({0x2a, 0x00, 0x08, 0x04}), true},       // fields in another order
      {update(kStatus + Bytes({0x48, 0x82, 0x00})), true},  // an over-long varint: source 2
      {update(kStatus + Bytes({0x72, 0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xff, 0x01})),
       true},                                        // nanoseconds -1 (10 bytes)
      {update(kStatus + Bytes({0x40, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e})),
       true},                                        // healthy: bits past 64 dropped
      {update(Bytes({0x10, 0x01})), true},           // no task_id: the checker's business
      // Left to the generic parse.
      {update(kStatus + Bytes({0x10, 0x02})), false},            // state twice: last wins
      {update(kStatus + Bytes({0x0a, 0x01, 0x0a, 0x01})), false},  // task_id twice: merged
      {update(kStatus + Bytes({0x10, 0x63})), false},            // state 99: an unknown field
      {update(kStatus + Bytes({0x62, 0x00})), false},            // labels: not covered
      {update(kStatus + Bytes({0x82, 0x01, 0x00})), false},      // field 16
      {update(kStatus + Bytes({0x98, 0x06, 0x01})), false},      // field 99: an unknown field
      {update(kStatus + Bytes({0x12, 0x00})), false},            // state as bytes: unknown
      {Bytes({0x08, 0x04, 0x10, 0x01}), false},      // subscribed as a varint: unknown
      {Bytes({0x12, 0x00}), false},                  // SUBSCRIBED: not covered
      {Bytes({0x08}), false},                        // cut inside the varint
      {Bytes({0x2a, 0x05, 0x0a}), false},            // a length past the end
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TakenAndAgreed(c.bytes), c.fast) << testing::PrintToString(c.bytes);
  }
}

}  // namespace
}  // namespace mc::mesos_protobuf
