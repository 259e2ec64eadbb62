#include "harness/trace/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mc {
namespace {

using ::testing::HasSubstr;

std::vector<TraceRecord> ReadAll(TraceReader& reader) {
  std::vector<TraceRecord> records;
  TraceRecord record;
  while (reader.Next(&record)) records.push_back(record);
  return records;
}

std::string Frame(const std::string& payload) {
  return std::to_string(payload.size()) + "\n" + payload;
}

constexpr char kUpdate[] =
    R"({"type":"UPDATE","update":{"status":{"task_id":{"value":"t1"},"state":"TASK_RUNNING",)"
    R"("source":"SOURCE_EXECUTOR","uuid":"AAAAAAAAQAAAAAAAAAAAAA=="}}})";

TEST(TraceReader, JsonLinesWithAnnotationsContextAndBlankLines) {
  std::string data = std::string(R"({"context":{"mesos_version":"1.4","framework_capabilities":["PARTITION_AWARE"],"scenario":"s"}})") +
                     "\n\n  \r\n" + kUpdate + "\r\n" +
                     R"({"hop":"executor->agent","time":1.5,"scenario":"x","type":"UPDATE",)"
                     R"("executor_id":{"value":"e"},"framework_id":{"value":"f"},)"
                     R"("update":{"status":{"task_id":{"value":"t2"},"state":"TASK_RUNNING"}}})";
  auto reader = TraceReader::FromString(data, "trace");
  TraceRecord record;
  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.kind, RecordKind::kContext);
  ASSERT_NE(record.context, nullptr);
  EXPECT_EQ(record.context->partition_aware, true);
  EXPECT_EQ(record.context->task_killing_state, false);

  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(reader->format(), TraceFormat::kJsonLines);
  EXPECT_EQ(record.where.ToString(), "trace:4");
  EXPECT_EQ(record.kind, RecordKind::kSchedulerEvent);
  EXPECT_EQ(record.scenario, "s");
  ASSERT_NE(record.status, nullptr) << record.wire_error;
  EXPECT_EQ(record.status->task_id().value(), "t1");

  ASSERT_TRUE(reader->Next(&record));
  EXPECT_EQ(record.hop, Hop::kExecutorToAgent);
  EXPECT_EQ(record.kind, RecordKind::kExecutorCall);
  EXPECT_EQ(record.scenario, "x");
  EXPECT_EQ(record.time, 1.5);
  ASSERT_NE(record.status, nullptr) << record.wire_error;
  EXPECT_EQ(record.status->task_id().value(), "t2");
  EXPECT_FALSE(reader->Next(&record));
  EXPECT_THAT(reader->input_errors(), ::testing::IsEmpty());
}

TEST(TraceReader, BareTaskStatusLine) {
  auto reader = TraceReader::FromString(
      R"({"task_id":{"value":"t"},"state":"TASK_FINISHED","source":"SOURCE_EXECUTOR"})", "f");
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].kind, RecordKind::kBareStatus);
  ASSERT_NE(records[0].status, nullptr);
  EXPECT_EQ(records[0].status->state(), mesos::v1::TASK_FINISHED);
}

TEST(TraceReader, MappingErrorsAreWireFindingsNotInputErrors) {
  std::string data =
      R"({"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":1}}})" "\n"
      R"({"type":"UPDATE","update":{"status":{"task_id":{"value":"t"}}}})" "\n";
  auto reader = TraceReader::FromString(data, "f");
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].wire_rule, "wire.mesos-json");
  EXPECT_EQ(records[0].status, nullptr);
  EXPECT_EQ(records[1].wire_rule, "wire.required-fields");
  EXPECT_THAT(records[1].wire_error, HasSubstr("state"));
  EXPECT_THAT(reader->input_errors(), ::testing::IsEmpty());
}

TEST(TraceReader, InputErrorsNameTheLineAndReadingGoesOn) {
  std::string data = "{\"type\":\"HEARTBEAT\"}\n[1,2]\n{oops\n{\"hop\":\"nowhere\",\"type\":\"HEARTBEAT\"}\n"
                     "{\"x\":1}\n{\"type\":\"HEARTBEAT\"}";
  auto reader = TraceReader::FromString(data, "f");
  auto records = ReadAll(*reader);
  EXPECT_EQ(records.size(), 2u);
  ASSERT_EQ(reader->input_errors().size(), 4u);
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("f:2: a JSON value that is not an object"));
  EXPECT_THAT(reader->input_errors()[1].ToString(), HasSubstr("f:3: not JSON"));
  EXPECT_THAT(reader->input_errors()[2].ToString(), HasSubstr("unknown hop \"nowhere\""));
  EXPECT_THAT(reader->input_errors()[3].ToString(), HasSubstr("neither a scheduler Event"));
}

TEST(TraceReader, OverlongLineIsSkipped) {
  ReaderOptions options;
  options.max_record_size = 64;
  std::string longline = "{\"type\":\"HEARTBEAT\",\"pad\":\"" + std::string(3 << 20, 'x') + "\"}";
  auto reader = TraceReader::FromString(longline + "\n{\"type\":\"HEARTBEAT\"}\n", "f", options);
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].where.line, 2u);
  ASSERT_EQ(reader->input_errors().size(), 1u);
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("f:1: line longer than the 64-byte"));
}

TEST(TraceReader, DeeplyNestedJsonIsAnErrorNotACrash) {
  std::string deep = "{\"type\":\"HEARTBEAT\",\"x\":" + std::string(100000, '[') + "\n";
  auto reader = TraceReader::FromString(deep, "f");
  EXPECT_TRUE(ReadAll(*reader).empty());
  EXPECT_EQ(reader->input_errors().size(), 1u);
}

TEST(TraceReader, RecordIOJsonAndProtobufRecords) {
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::HEARTBEAT);
  std::string first = Frame(R"({"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"f"}}})");
  std::string data = first + Frame(event.SerializeAsString()) + Frame(kUpdate);
  auto reader = TraceReader::FromString(data, "cap");
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(reader->format(), TraceFormat::kRecordIO);
  EXPECT_TRUE(records[0].first_in_stream);
  EXPECT_FALSE(records[1].first_in_stream);
  EXPECT_EQ(records[1].where.ToString(), "cap:record 2 @byte " + std::to_string(first.size()));
  EXPECT_TRUE(records[2].wire_rule.empty()) << records[2].wire_error;
  EXPECT_THAT(reader->input_errors(), ::testing::IsEmpty());
}

TEST(TraceReader, ProtobufStateFromTheFutureIsKeptAsUnknownEnum) {
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("t");
  status->set_state(mesos::v1::TASK_RUNNING);
  std::string bytes = event.SerializeAsString();
  // TASK_RUNNING (1) is the last byte of the state varint: make it 99.
  auto at = bytes.rfind(std::string("\x10\x01", 2));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 99;
  auto reader = TraceReader::FromString(Frame(bytes), "cap");
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].wire_rule.empty()) << records[0].wire_error;
  ASSERT_EQ(records[0].unknown_status_enums.size(), 1u);
  EXPECT_EQ(records[0].unknown_status_enums[0].value, 99);
}

TEST(TraceReader, RecordIOFramingErrorsStopReading) {
  auto reader = TraceReader::FromString(Frame("{\"type\":\"HEARTBEAT\"}") + "x1\n{", "cap");
  EXPECT_EQ(ReadAll(*reader).size(), 1u);
  ASSERT_EQ(reader->input_errors().size(), 1u);
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("broken RecordIO framing"));
}

TEST(TraceReader, TruncatedRecordIO) {
  auto reader = TraceReader::FromString(Frame("{\"type\":\"HEARTBEAT\"}") + "50\n{\"ty", "cap");
  EXPECT_EQ(ReadAll(*reader).size(), 1u);
  ASSERT_EQ(reader->input_errors().size(), 1u);
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("truncated"));
}

TEST(TraceReader, EmptyAndNonTraceInputs) {
  auto empty = TraceReader::FromString("  \n ", "e");
  EXPECT_TRUE(ReadAll(*empty).empty());
  EXPECT_THAT(empty->input_errors().at(0).message, HasSubstr("empty input"));
  auto binary = TraceReader::FromString("\x89PNG", "b");
  EXPECT_TRUE(ReadAll(*binary).empty());
  EXPECT_THAT(binary->input_errors().at(0).message, HasSubstr("0x89"));
}

// Records are read in place from the input buffer: one larger than the buffer
// grows it, and one cut by a buffer refill is read whole.
TEST(TraceReader, RecordIORecordsLargerThanTheBufferAndAcrossRefills) {
  mesos::v1::scheduler::Event big;
  big.set_type(mesos::v1::scheduler::Event::MESSAGE);
  big.mutable_message()->mutable_agent_id()->set_value("a");
  big.mutable_message()->mutable_executor_id()->set_value("e");
  big.mutable_message()->set_data(std::string(3u << 20, 'x'));
  mesos::v1::scheduler::Event heartbeat;
  heartbeat.set_type(mesos::v1::scheduler::Event::HEARTBEAT);
  std::string data;
  // Enough small records that one straddles the first 1 MiB read.
  for (int i = 0; i < 200000; ++i) data += Frame(heartbeat.SerializeAsString());
  const size_t big_at = data.size();
  data += Frame(big.SerializeAsString()) + Frame(heartbeat.SerializeAsString());
  auto reader = TraceReader::FromMemory(data, "cap");
  auto records = ReadAll(*reader);
  ASSERT_EQ(records.size(), 200002u);
  EXPECT_THAT(reader->input_errors(), ::testing::IsEmpty());
  EXPECT_EQ(records[200000].where.ToString(), "cap:record 200001 @byte " + std::to_string(big_at));
  EXPECT_TRUE(records[200000].wire_rule.empty()) << records[200000].wire_error;
  EXPECT_TRUE(records[200001].wire_rule.empty()) << records[200001].wire_error;
}

TEST(TraceReader, RecordIOLengthOverTheCapIsAFramingError) {
  ReaderOptions options;
  options.max_record_size = 10;
  auto reader = TraceReader::FromString(Frame("{\"type\":\"X\"}") + "5\nabcde", "cap", options);
  EXPECT_TRUE(ReadAll(*reader).empty());
  ASSERT_EQ(reader->input_errors().size(), 1u);
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("over the limit"));
  EXPECT_THAT(reader->input_errors()[0].ToString(), HasSubstr("cap:record 1 @byte 0"));
}

TEST(TraceReader, OpenReportsAMissingFile) {
  auto reader = TraceReader::Open("/nonexistent/file.jsonl");
  EXPECT_FALSE(reader.ok());
}

}  // namespace
}  // namespace mc
