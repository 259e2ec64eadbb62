// The reader reads memory and regular files in place and everything else
// (pipes, standard input) through its buffer: both ways give the same records,
// locations and input errors.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/trace/reader.h"

namespace mc {
namespace {

namespace fs = std::filesystem;

std::string Frame(const std::string& payload) {
  return std::to_string(payload.size()) + "\n" + payload;
}

// What a reader makes of its input, as text, its input named "in".
std::string Transcript(TraceReader& reader) {
  std::string out;
  TraceRecord record;
  while (reader.Next(&record)) {
    Location where = record.where;
    where.file = "in";
    out += where.ToString() + " kind " + std::to_string(static_cast<int>(record.kind)) + " " +
           record.wire_rule + " " + record.wire_error;
    if (record.scheduler_event != nullptr) {
      out += " " + record.scheduler_event->ShortDebugString();
    }
    out += "\n";
  }
  for (const InputError& error : reader.input_errors()) {
    std::string text = error.ToString();
    if (text.compare(0, reader.name().size(), reader.name()) == 0) {
      text.replace(0, reader.name().size(), "in");
    }
    out += "E " + text + "\n";
  }
  return out;
}

// Reads `data` through a pipe, so the reader cannot map it.
std::string ThroughPipe(const std::string& data) {
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  std::thread writer([&] {
    size_t written = 0;
    while (written < data.size()) {
      const ssize_t n = ::write(fds[1], data.data() + written, data.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  std::string out;
  {
    auto reader = TraceReader::Open("/proc/self/fd/" + std::to_string(fds[0]));
    out = reader.ok() ? Transcript(**reader) : std::string(reader.status().message());
  }
  // Drains what the reader left after an error, so the writer finishes.
  char sink[1 << 16];
  while (::read(fds[0], sink, sizeof(sink)) > 0) {
  }
  writer.join();
  ::close(fds[0]);
  return out;
}

std::string FromFile(const std::string& data) {
  const fs::path path = fs::temp_directory_path() /
                        ("mc-reader-sources-" + std::to_string(::getpid()) + ".trace");
  std::ofstream(path, std::ios::binary) << data;
  auto reader = TraceReader::Open(path.string());
  std::string out = reader.ok() ? Transcript(**reader) : std::string(reader.status().message());
  fs::remove(path);
  return out;
}

// The three readings agree.
void ExpectSameEverywhere(const std::string& data) {
  auto memory = TraceReader::FromString(data, "in");
  const std::string expected = Transcript(*memory);
  EXPECT_EQ(ThroughPipe(data), expected);
  EXPECT_EQ(FromFile(data), expected);
}

mesos::v1::scheduler::Event Heartbeat() {
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::HEARTBEAT);
  return event;
}

TEST(TraceReaderSources, RecordIOAcrossRefillsLargeRecordsAndATruncatedEnd) {
  mesos::v1::scheduler::Event big;
  big.set_type(mesos::v1::scheduler::Event::MESSAGE);
  big.mutable_message()->mutable_agent_id()->set_value("a");
  big.mutable_message()->mutable_executor_id()->set_value("e");
  big.mutable_message()->set_data(std::string(3u << 20, 'x'));
  std::string data;
  for (int i = 0; i < 200000; ++i) data += Frame(Heartbeat().SerializeAsString());
  data += Frame(big.SerializeAsString()) + Frame(R"({"type":"HEARTBEAT"})") + "40\n{\"ty";
  ExpectSameEverywhere(data);
}

TEST(TraceReaderSources, JsonLinesWithAnOverlongLineAndNoFinalNewline) {
  std::string data;
  for (int i = 0; i < 30000; ++i) data += R"({"type":"HEARTBEAT"})" "\n";
  data += "{\"x\":\"" + std::string(17u << 20, 'y') + "\"}\n";
  data += "not json\n";
  data += R"({"type":"HEARTBEAT"})";
  ExpectSameEverywhere(data);
}

TEST(TraceReaderSources, JsonRightAtTheEndOfTheInput) {
  // Nothing after the last document: simdjson's padding comes from a copy.
  ExpectSameEverywhere(Frame(Heartbeat().SerializeAsString()) + Frame(R"({"type":"HEARTBEAT"})"));
  ExpectSameEverywhere(R"({"type":"HEARTBEAT"})");
  ExpectSameEverywhere("{\"type\":\"HEARTBEAT\"}\n{\"type\":");
}

TEST(TraceReaderSources, EmptyAndNonTraceInputs) {
  ExpectSameEverywhere("");
  ExpectSameEverywhere(" \n ");
  ExpectSameEverywhere("\x89PNG");
  ExpectSameEverywhere("12x\n");
}

// Offsets count the bytes as written: a length with leading zeros is longer
// than its value's digits.
TEST(TraceReaderSources, RecordIOOffsetsCountLeadingZeros) {
  const std::string heartbeat = Heartbeat().SerializeAsString();
  const std::string first = "000" + Frame(heartbeat);
  const std::string second = "0" + Frame(R"({"type":"HEARTBEAT"})");
  auto reader = TraceReader::FromString(first + second + "0050\n{", "cap");
  TraceRecord record;
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.where.ToString(), "cap:record 1 @byte 0");
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.where.ToString(), "cap:record 2 @byte " + std::to_string(first.size()));
  EXPECT_FALSE(reader->Next(&record));
  ASSERT_EQ(reader->input_errors().size(), 1u);
  EXPECT_THAT(reader->input_errors()[0].ToString(),
              ::testing::StartsWith("cap:record 3 @byte " +
                                    std::to_string(first.size() + second.size()) + ": truncated"));
  ExpectSameEverywhere(first + second + "0050\n{");
}

}  // namespace
}  // namespace mc
