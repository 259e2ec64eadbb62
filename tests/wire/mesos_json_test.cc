#include "harness/wire/mesos_json.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "mesos/v1/executor/executor.pb.h"
#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::mesos_json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;
using google::protobuf::Reflection;
using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------
// Round trip of every message type, fully populated by reflection.

// Beyond this nesting only required fields are filled, which bounds both the
// recursive types (ContainerID.parent) and the doubling of repeated fields.
constexpr int kFullyFilledDepth = 4;

const std::string kTrickyText = "a/b \"q\" back\\slash\nline\ttab \x01 caf\xc3\xa9 \xe2\x9c\x93";

std::string AllByteValues() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

void SetOne(Message* message, const FieldDescriptor* field, int index, int depth);

void Populate(Message* message, int depth) {
  const Descriptor* descriptor = message->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    // An unset field with a printed default would come back set, so deep
    // down those are filled as well.
    const bool printed_when_unset =
        !field->is_repeated() && field->has_default_value() && !field->options().deprecated();
    if (depth >= kFullyFilledDepth && !field->is_required() && !printed_when_unset) continue;
    const int count = field->is_repeated() ? 2 : 1;
    for (int index = 0; index < count; ++index) SetOne(message, field, index, depth);
  }
}

// Sets (or, for repeated fields, adds) one deterministic, non-default value.
void SetOne(Message* message, const FieldDescriptor* field, int index, int depth) {
  const Reflection& reflection = *message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const int32_t value = -2147483000 + index;
      repeated ? reflection.AddInt32(message, field, value)
               : reflection.SetInt32(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      // Beyond 2^53: survives only if written as a bare, exact number.
      const int64_t value = index == 0 ? -(int64_t{1} << 60) - 7 : (int64_t{1} << 60) + 7;
      repeated ? reflection.AddInt64(message, field, value)
               : reflection.SetInt64(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const uint32_t value = 4294967000u + index;
      repeated ? reflection.AddUInt32(message, field, value)
               : reflection.SetUInt32(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t value = 18446744073709551000ull + index;  // above INT64_MAX
      repeated ? reflection.AddUInt64(message, field, value)
               : reflection.SetUInt64(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double value = 1504000000.12345 + index;
      repeated ? reflection.AddDouble(message, field, value)
               : reflection.SetDouble(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const float value = 0.1f + index;
      repeated ? reflection.AddFloat(message, field, value)
               : reflection.SetFloat(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool value = index == 0;
      repeated ? reflection.AddBool(message, field, value)
               : reflection.SetBool(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      const auto* value = type->value(std::min(index + 1, type->value_count() - 1));
      repeated ? reflection.AddEnum(message, field, value)
               : reflection.SetEnum(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = field->type() == FieldDescriptor::TYPE_BYTES
                              ? AllByteValues()
                              : kTrickyText + " " + field->name();
      value.push_back(static_cast<char>('0' + index));
      repeated ? reflection.AddString(message, field, value)
               : reflection.SetString(message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = repeated ? reflection.AddMessage(message, field)
                                : reflection.MutableMessage(message, field);
      Populate(child, depth + 1);
      break;
    }
  }
}

void CollectMessages(const Descriptor* descriptor, std::vector<const Descriptor*>* out) {
  out->push_back(descriptor);
  for (int i = 0; i < descriptor->nested_type_count(); ++i) {
    CollectMessages(descriptor->nested_type(i), out);
  }
}

std::vector<const Descriptor*> AllMesosMessages() {
  std::vector<const Descriptor*> messages;
  for (const FileDescriptor* file : {mesos::v1::TaskStatus::descriptor()->file(),
                                     mesos::v1::executor::Call::descriptor()->file(),
                                     mesos::v1::scheduler::Call::descriptor()->file()}) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      CollectMessages(file->message_type(i), &messages);
    }
  }
  return messages;
}

::testing::AssertionResult EqualsWithReport(const Message& expected, const Message& actual) {
  std::string report;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << report.substr(0, 2000);
}

TEST(MesosJsonRoundTrip, EveryMessageTypeFullyPopulated) {
  const std::vector<const Descriptor*> descriptors = AllMesosMessages();
  ASSERT_GT(descriptors.size(), 130u);
  for (const Descriptor* descriptor : descriptors) {
    SCOPED_TRACE(descriptor->full_name());
    const Message* prototype = MessageFactory::generated_factory()->GetPrototype(descriptor);
    std::unique_ptr<Message> original(prototype->New());
    Populate(original.get(), 0);
    ASSERT_TRUE(original->IsInitialized()) << original->InitializationErrorString();

    const std::string json = Print(*original);
    EXPECT_EQ(json.find('\n'), std::string::npos);

    std::unique_ptr<Message> parsed(prototype->New());
    const absl::Status status = Parse(json, parsed.get());
    ASSERT_TRUE(status.ok()) << status << "\n" << json;
    EXPECT_TRUE(EqualsWithReport(*original, *parsed));
    // Printing is deterministic, so the reparsed message prints the same text.
    EXPECT_EQ(Print(*parsed), json);

    std::unique_ptr<Message> from_binary(prototype->New());
    ASSERT_TRUE(from_binary->ParseFromString(original->SerializeAsString()));
    EXPECT_TRUE(MessageDifferencer::Equals(*original, *from_binary));
  }
}

TEST(MesosJsonRoundTrip, ExtremeIntegers) {
  mesos::v1::Value::Range range;
  range.set_begin(UINT64_MAX);
  range.set_end(0);
  EXPECT_EQ(Print(range), R"({"begin":18446744073709551615,"end":0})");
  mesos::v1::Value::Range parsed;
  ASSERT_TRUE(Parse(Print(range), &parsed).ok());
  EXPECT_EQ(parsed.begin(), UINT64_MAX);

  mesos::v1::DurationInfo duration;
  duration.set_nanoseconds(INT64_MIN);
  EXPECT_EQ(Print(duration), R"({"nanoseconds":-9223372036854775808})");
  mesos::v1::DurationInfo parsed_duration;
  ASSERT_TRUE(Parse(Print(duration), &parsed_duration).ok());
  EXPECT_EQ(parsed_duration.nanoseconds(), INT64_MIN);
}

// ---------------------------------------------------------------------------
// Output rules.

TEST(MesosJsonPrint, FrameworkInfoPrintsDefaultsButNotDeprecatedRole) {
  mesos::v1::FrameworkInfo info;
  info.set_user("root");
  info.set_name("marathon");
  EXPECT_EQ(Print(info),
            R"({"checkpoint":false,"failover_timeout":0.0,"name":"marathon","user":"root"})");

  // Through reflection, as the generated setter is marked deprecated.
  info.GetReflection()->SetString(&info, info.GetDescriptor()->FindFieldByName("role"), "web");
  EXPECT_THAT(Print(info), HasSubstr(R"("role":"web")"));
}

TEST(MesosJsonPrint, OtherExplicitDefaults) {
  mesos::v1::AgentInfo agent;
  agent.set_hostname("h");
  EXPECT_EQ(Print(agent), R"({"hostname":"h","port":5051})");

  EXPECT_EQ(Print(mesos::v1::CommandInfo()), R"({"shell":true})");
  EXPECT_EQ(Print(mesos::v1::Filters()), R"({"refuse_seconds":5.0})");
  EXPECT_EQ(Print(mesos::v1::HealthCheck()),
            R"({"consecutive_failures":3,"delay_seconds":15.0,"grace_period_seconds":10.0,)"
            R"("interval_seconds":10.0,"timeout_seconds":20.0})");

  mesos::v1::Resource resource;  // role is deprecated: not printed unless set
  resource.set_name("cpus");
  resource.set_type(mesos::v1::Value::SCALAR);
  resource.mutable_scalar()->set_value(0.1);
  EXPECT_EQ(Print(resource), R"({"name":"cpus","scalar":{"value":0.1},"type":"SCALAR"})");
}

TEST(MesosJsonPrint, UpdateEventGolden) {
  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("task-1");
  status->set_state(mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status->set_data("\xff\xfe");  // declared after source, sorts before it
  status->set_uuid(
      std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16));
  status->mutable_agent_id()->set_value("agent/1");
  status->set_timestamp(1504000000.12345);
  status->set_message("line 1\nline 2");
  EXPECT_EQ(Print(event),
            R"({"type":"UPDATE","update":{"status":{"agent_id":{"value":"agent\/1"},)"
            R"("data":"\/\/4=","message":"line 1\nline 2","source":"SOURCE_EXECUTOR",)"
            R"("state":"TASK_RUNNING","task_id":{"value":"task-1"},)"
            R"("timestamp":1504000000.12345,"uuid":"AAECAwQFBgcICQoLDA0ODw=="}}})");
}

TEST(MesosJsonPrint, SubscribedHeartbeatAndMasterInfo) {
  mesos::v1::scheduler::Event::Subscribed subscribed;
  subscribed.mutable_framework_id()->set_value("f");
  subscribed.set_heartbeat_interval_seconds(15);
  EXPECT_EQ(Print(subscribed),
            R"({"framework_id":{"value":"f"},"heartbeat_interval_seconds":15.0})");

  mesos::v1::MasterInfo master;  // required port has a default, so it is always printed
  master.set_id("m");
  master.set_ip(16777343);
  EXPECT_EQ(Print(master), R"({"id":"m","ip":16777343,"port":5050})");
}

TEST(MesosJsonPrint, UnknownEnumNumbersAreNotPrinted) {
  mesos::v1::TaskStatus known;
  known.mutable_task_id()->set_value("t");
  // Field 2 (state) as varint 99, a number TaskState does not have.
  const std::string binary = known.SerializePartialAsString() + "\x10\x63";
  mesos::v1::TaskStatus status;
  ASSERT_TRUE(status.ParsePartialFromString(binary));
  EXPECT_FALSE(status.has_state());
  EXPECT_EQ(Print(status), R"({"task_id":{"value":"t"}})");
}

TEST(MesosJsonPrint, IntegersAreBareNumbers) {
  mesos::v1::DurationInfo duration;
  duration.set_nanoseconds(5000000000);
  EXPECT_EQ(Print(duration), R"({"nanoseconds":5000000000})");

  mesos::v1::Value::Ranges ranges;
  auto* range = ranges.add_range();
  range->set_begin(31000);
  range->set_end(32000);
  EXPECT_EQ(Print(ranges), R"({"range":[{"begin":31000,"end":32000}]})");
}

TEST(MesosJsonPrint, DoublesAlwaysHaveADecimalPoint) {
  auto print_scalar = [](double value) {
    mesos::v1::Value::Scalar scalar;
    scalar.set_value(value);
    return Print(scalar);
  };
  EXPECT_EQ(print_scalar(0), R"({"value":0.0})");
  EXPECT_EQ(print_scalar(-2.5), R"({"value":-2.5})");
  EXPECT_EQ(print_scalar(0.1), R"({"value":0.1})");
  EXPECT_EQ(print_scalar(1.0 / 3), R"({"value":0.333333333333333})");
  EXPECT_EQ(print_scalar(1e20), R"({"value":1.0e+20})");
  EXPECT_EQ(print_scalar(1.5e-7), R"({"value":1.5e-07})");
  EXPECT_EQ(print_scalar(123456789012345678.0), R"({"value":1.23456789012346e+17})");
}

TEST(MesosJsonParse, ReadsStoutsExponentForm) {
  mesos::v1::Value::Scalar scalar;
  ASSERT_TRUE(Parse(R"({"value":1.50000000000000e-07})", &scalar).ok());
  EXPECT_EQ(scalar.value(), 1.5e-07);
}

TEST(MesosJsonPrint, StringEscapes) {
  mesos::v1::TaskID id;
  id.set_value(std::string("/\"\\\b\f\n\r\t\x01\x1f\x7f caf\xc3\xa9", 17));
  const std::string json = Print(id);
  EXPECT_EQ(json, "{\"value\":\"\\/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f caf\xc3\xa9\"}");
  EXPECT_EQ(json.find('\n'), std::string::npos);

  mesos::v1::TaskID parsed;
  ASSERT_TRUE(Parse(json, &parsed).ok());
  EXPECT_EQ(parsed.value(), id.value());
}

TEST(MesosJsonPrint, AppendsToOutput) {
  mesos::v1::TaskID id;
  id.set_value("t");
  std::string out = "prefix ";
  Print(id, &out);
  EXPECT_EQ(out, R"(prefix {"value":"t"})");
}

TEST(MesosJsonPrint, RepeatedFieldsAsArraysAndEmptyOnesOmitted) {
  mesos::v1::FrameworkInfo info;
  info.set_user("u");
  info.set_name("n");
  info.add_roles("a");
  info.add_roles("b");
  info.add_capabilities()->set_type(mesos::v1::FrameworkInfo::Capability::MULTI_ROLE);
  info.mutable_labels();  // set but empty: an empty object
  EXPECT_EQ(Print(info),
            R"({"capabilities":[{"type":"MULTI_ROLE"}],"checkpoint":false,)"
            R"("failover_timeout":0.0,"labels":{},"name":"n","roles":["a","b"],"user":"u"})");
}

// ---------------------------------------------------------------------------
// Base64.

TEST(MesosJsonBase64, EncodesWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
}

TEST(MesosJsonBase64, DecodesStrictly) {
  std::string bytes;
  EXPECT_TRUE(Base64Decode("", &bytes));
  EXPECT_EQ(bytes, "");
  EXPECT_TRUE(Base64Decode("Zg==", &bytes));
  EXPECT_EQ(bytes, "f");
  EXPECT_TRUE(Base64Decode("Zm8=", &bytes));
  EXPECT_EQ(bytes, "fo");
  EXPECT_TRUE(Base64Decode("Zm9vYmFy", &bytes));
  EXPECT_EQ(bytes, "foobar");
  EXPECT_TRUE(Base64Decode("+/8=", &bytes));
  EXPECT_EQ(bytes, "\xfb\xff");
  EXPECT_TRUE(Base64Decode(Base64Encode(AllByteValues()), &bytes));
  EXPECT_EQ(bytes, AllByteValues());

  for (const char* bad : {"Zg", "Zg=", "Zm8", "Z===", "====", "=Zg=", "Zg=a", "Zm9v!A==", "Zm 9v",
                          "Zm9v\n", "-_8=", "Zm9vYmFy===="}) {
    EXPECT_FALSE(Base64Decode(bad, &bytes)) << bad;
  }
}

// ---------------------------------------------------------------------------
// Input strictness.

template <typename T>
absl::Status ParseAs(std::string_view json, ParseOptions options = {}) {
  T message;
  return Parse(json, &message, options);
}

MATCHER_P(IsErrorWith, text, "") {
  if (arg.ok()) {
    *result_listener << "is OK";
    return false;
  }
  *result_listener << "is " << arg;
  return std::string(arg.message()).find(text) != std::string::npos;
}

using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

TEST(MesosJsonParse, EnumMustBeAName) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":1})"),
              IsErrorWith("Not expecting a JSON number for field 'type'"));
  EXPECT_THAT(ParseAs<Call>(R"({"type":"FOO"})"), IsErrorWith("Failed to find enum for 'FOO'"));
  EXPECT_THAT(ParseAs<Call>(R"({"type":"subscribe"})"),
              IsErrorWith("Failed to find enum for 'subscribe'"));
}

TEST(MesosJsonParse, NumbersMustNotBeQuoted) {
  EXPECT_THAT(ParseAs<mesos::v1::DurationInfo>(R"({"nanoseconds":"5"})"),
              IsErrorWith("Not expecting a JSON string for field 'nanoseconds'"));
  EXPECT_THAT(ParseAs<mesos::v1::Filters>(R"({"refuse_seconds":"5.0"})"),
              IsErrorWith("Not expecting a JSON string for field 'refuse_seconds'"));
  EXPECT_THAT(
      ParseAs<Call>(R"({"type":"KILL","kill":{"task_id":{"value":"t"},)"
                    R"("kill_policy":{"grace_period":{"nanoseconds":"5"}}}})"),
      IsErrorWith(
          "Not expecting a JSON string for field 'kill.kill_policy.grace_period.nanoseconds'"));
}

TEST(MesosJsonParse, MessageMustBeAnObject) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":"TEARDOWN","framework_id":"f"})"),
              IsErrorWith("Not expecting a JSON string for field 'framework_id'"));
  EXPECT_THAT(ParseAs<Call>(R"({"framework_id":[{"value":"f"}]})"),
              IsErrorWith("Not expecting a JSON array for field 'framework_id'"));
}

TEST(MesosJsonParse, RepeatedMustBeAnArray) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":"DECLINE","decline":{"offer_ids":{"value":"o"}}})"),
              IsErrorWith("Not expecting a JSON object for field 'decline.offer_ids'"));
  EXPECT_THAT(ParseAs<Call>(R"({"type":"DECLINE","decline":{"offer_ids":[{"value":"o"},"p"]}})"),
              IsErrorWith("Not expecting a JSON string for field 'decline.offer_ids[1]'"));
}

TEST(MesosJsonParse, ScalarTypesAreStrict) {
  EXPECT_THAT(ParseAs<mesos::v1::FrameworkInfo>(R"({"user":"u","name":"n","checkpoint":"true"})"),
              IsErrorWith("Not expecting a JSON string for field 'checkpoint'"));
  EXPECT_THAT(ParseAs<mesos::v1::FrameworkInfo>(R"({"user":"u","name":"n","checkpoint":1})"),
              IsErrorWith("Not expecting a JSON number for field 'checkpoint'"));
  EXPECT_THAT(ParseAs<mesos::v1::FrameworkInfo>(R"({"user":5,"name":"n"})"),
              IsErrorWith("Not expecting a JSON number for field 'user'"));
  EXPECT_THAT(ParseAs<mesos::v1::FrameworkInfo>(R"({"user":"u","name":"n","hostname":true})"),
              IsErrorWith("Not expecting a JSON boolean for field 'hostname'"));
  EXPECT_THAT(ParseAs<mesos::v1::Filters>(R"({"refuse_seconds":{}})"),
              IsErrorWith("Not expecting a JSON object for field 'refuse_seconds'"));
}

TEST(MesosJsonParse, IntegerFieldsNeedIntegralInRangeNumbers) {
  EXPECT_THAT(ParseAs<mesos::v1::Address>(R"({"port":1.5})"), IsErrorWith("field 'port'"));
  EXPECT_THAT(ParseAs<mesos::v1::Address>(R"({"port":2147483648})"), IsErrorWith("field 'port'"));
  EXPECT_THAT(ParseAs<mesos::v1::MasterInfo>(R"({"id":"m","ip":-1})"), IsErrorWith("field 'ip'"));
  EXPECT_THAT(ParseAs<mesos::v1::Value::Range>(R"({"begin":-1,"end":1})"),
              IsErrorWith("field 'begin'"));
  EXPECT_THAT(ParseAs<mesos::v1::DurationInfo>(R"({"nanoseconds":9223372036854775808})"),
              IsErrorWith("field 'nanoseconds'"));
  EXPECT_THAT(ParseAs<mesos::v1::DurationInfo>(R"({"nanoseconds":1e19})"),
              IsErrorWith("field 'nanoseconds'"));

  mesos::v1::Address address;  // an integral number in exponent form is fine
  ASSERT_TRUE(Parse(R"({"port":5e3})", &address).ok());
  EXPECT_EQ(address.port(), 5000);
  mesos::v1::Value::Scalar scalar;  // and an integer is fine for a double
  ASSERT_TRUE(Parse(R"({"value":18446744073709551615})", &scalar).ok());
  EXPECT_EQ(scalar.value(), 18446744073709551615.0);
}

TEST(MesosJsonParse, BytesMustBeValidBase64) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":"ACKNOWLEDGE","acknowledge":{"agent_id":{"value":"a"},)"
                            R"("task_id":{"value":"t"},"uuid":"not base64!"}})"),
              IsErrorWith("Failed to base64 decode bytes field 'acknowledge.uuid'"));
  EXPECT_THAT(ParseAs<mesos::v1::TaskStatus>(R"({"uuid":5})"),
              IsErrorWith("Not expecting a JSON number for field 'uuid'"));
}

TEST(MesosJsonParse, MissingRequiredFields) {
  EXPECT_THAT(ParseAs<mesos::v1::TaskStatus>(R"({"task_id":{"value":"t"}})"),
              IsErrorWith("Missing required fields: state"));
  EXPECT_THAT(ParseAs<Call>(R"({"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"n"}}})"),
              IsErrorWith("Missing required fields: subscribe.framework_info.user"));
  EXPECT_THAT(
      ParseAs<Event>(R"({"type":"UPDATE","update":{"status":{"task_id":{}}}})"),
      IsErrorWith("Missing required fields: update.status.state, update.status.task_id.value"));
}

TEST(MesosJsonParse, WithoutRequireInitializedAcceptsTaskStatusWithoutState) {
  mesos::v1::TaskStatus status;
  ParseOptions options;
  options.require_initialized = false;
  ASSERT_TRUE(Parse(R"({"task_id":{"value":"t"},"message":"m"})", &status, options).ok());
  EXPECT_FALSE(status.has_state());
  EXPECT_EQ(status.task_id().value(), "t");
  EXPECT_EQ(status.message(), "m");
}

TEST(MesosJsonParse, NullsAndUnknownKeysAreIgnored) {
  Call call;
  const absl::Status status = Parse(
      R"({"type":"SUBSCRIBE","framework_id":null,"extra":{"deep":[1,{"x":null}]},)"
      R"("subscribe":{"framework_info":{"user":"u","name":"n","hostname":null,)"
      R"("roles":[null,"r"],"capabilities":null,"labels":{"labels":null}},)"
      R"("suppressed_roles":null}})",
      &call);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(call.type(), Call::SUBSCRIBE);
  EXPECT_FALSE(call.has_framework_id());
  const mesos::v1::FrameworkInfo& info = call.subscribe().framework_info();
  EXPECT_FALSE(info.has_hostname());
  EXPECT_THAT(info.roles(), ::testing::ElementsAre("r"));
  EXPECT_TRUE(info.has_labels());
}

TEST(MesosJsonParse, CamelCaseKeysAreIgnored) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":"ACKNOWLEDGE","acknowledge":{"agentId":{"value":"a"},)"
                            R"("taskId":{"value":"t"},"uuid":"AAECAwQFBgcICQoLDA0ODw=="}})"),
              IsErrorWith("Missing required fields: acknowledge.agent_id, acknowledge.task_id"));
  EXPECT_TRUE(ParseAs<Call>(R"({"type":"TEARDOWN","frameworkId":"f"})").ok());
}

TEST(MesosJsonParse, MalformedJsonAndNonObjects) {
  EXPECT_THAT(ParseAs<Call>(R"({"type":)"), IsErrorWith("Failed to parse JSON"));
  EXPECT_THAT(ParseAs<Call>(""), IsErrorWith("Failed to parse JSON"));
  EXPECT_THAT(ParseAs<Call>(R"({"type":"SUBSCRIBE"} x)"), IsErrorWith("Failed to parse JSON"));
  EXPECT_THAT(ParseAs<Call>("[]"), IsErrorWith("Expecting a JSON object"));
  EXPECT_THAT(ParseAs<Call>(R"("SUBSCRIBE")"), IsErrorWith("Expecting a JSON object"));
  EXPECT_THAT(ParseAs<Call>("null"), IsErrorWith("Expecting a JSON object"));
}

TEST(MesosJsonParse, DeepInputNestingFailsCleanly) {
  const int kLevels = 10000;
  const std::string arrays =
      "{\"x\":" + std::string(kLevels, '[') + std::string(kLevels, ']') + "}";
  EXPECT_THAT(ParseAs<Call>(arrays), IsErrorWith("Failed to parse JSON"));

  std::string objects;
  for (int i = 0; i < kLevels; ++i) objects += R"({"value":"c","parent":)";
  objects += R"({"value":"c"})" + std::string(kLevels, '}');
  EXPECT_THAT(ParseAs<mesos::v1::ContainerID>(objects), IsErrorWith("Failed to parse JSON"));
}

std::string NestedContainerId(int levels) {
  std::string json;
  for (int i = 0; i < levels; ++i) json += R"({"value":"c","parent":)";
  return json + R"({"value":"c"})" + std::string(levels, '}');
}

TEST(MesosJsonParse, MessageNestingIsBounded) {
  // Within simdjson's depth limit but deeper than any sane message.
  EXPECT_THAT(ParseAs<mesos::v1::ContainerID>(NestedContainerId(500)),
              IsErrorWith("Messages nested deeper than 100 levels"));

  mesos::v1::ContainerID id;
  ASSERT_TRUE(Parse(NestedContainerId(50), &id).ok());
  int depth = 0;
  for (const mesos::v1::ContainerID* at = &id; at->has_parent(); at = &at->parent()) ++depth;
  EXPECT_EQ(depth, 50);
}

TEST(MesosJsonParse, ClearsTheMessageFirst) {
  mesos::v1::TaskStatus status;
  status.set_message("old");
  ASSERT_TRUE(Parse(R"({"task_id":{"value":"t"},"state":"TASK_FAILED"})", &status).ok());
  EXPECT_FALSE(status.has_message());
  EXPECT_EQ(status.state(), mesos::v1::TASK_FAILED);
}

TEST(MesosJsonParse, UnpaddedInputIsCopied) {
  // A view into a larger buffer whose bytes after the view are not JSON.
  const std::string buffer = R"({"value":"t"}{{{{garbage)";
  mesos::v1::TaskID id;
  ASSERT_TRUE(Parse(std::string_view(buffer).substr(0, 13), &id).ok());
  EXPECT_EQ(id.value(), "t");
}

TEST(MesosJsonParse, ParseValueReadsAnEmbeddedMessage) {
  simdjson::dom::parser parser;
  simdjson::dom::element line;
  ASSERT_EQ(parser.parse(std::string(R"({"at":12.5,"event":{"type":"HEARTBEAT"}})")).get(line),
            simdjson::SUCCESS);
  Event event;
  ASSERT_TRUE(ParseValue(line["event"].value_unsafe(), &event).ok());
  EXPECT_EQ(event.type(), Event::HEARTBEAT);
  EXPECT_THAT(ParseValue(line["at"].value_unsafe(), &event),
              IsErrorWith("Expecting a JSON object"));
}

TEST(MesosJsonParse, AllEnumValuesByName) {
  const auto* states = mesos::v1::TaskState_descriptor();
  for (int i = 0; i < states->value_count(); ++i) {
    mesos::v1::TaskStatus status;
    const std::string json =
        R"({"task_id":{"value":"t"},"state":")" + states->value(i)->name() + "\"}";
    ASSERT_TRUE(Parse(json, &status).ok()) << json;
    EXPECT_EQ(status.state(), states->value(i)->number());
    EXPECT_EQ(Print(status),
              R"({"state":")" + states->value(i)->name() + R"(","task_id":{"value":"t"}})");
  }
}

TEST(MesosJsonParse, DynamicMessagesWorkLikeGeneratedOnes) {
  google::protobuf::DynamicMessageFactory factory;
  const std::string json =
      R"({"labels":{"labels":[{"key":"k","value":"v"}]},"state":"TASK_RUNNING",)"
      R"("task_id":{"value":"t"},"uuid":"AAECAwQFBgcICQoLDA0ODw=="})";
  std::unique_ptr<Message> dynamic(
      factory.GetPrototype(mesos::v1::TaskStatus::descriptor())->New());
  ASSERT_TRUE(Parse(json, dynamic.get()).ok());
  EXPECT_EQ(Print(*dynamic), json);

  mesos::v1::TaskStatus generated;
  ASSERT_TRUE(generated.ParseFromString(dynamic->SerializeAsString()));
  EXPECT_EQ(Print(generated), json);
}

TEST(MesosJsonParse, ConcurrentFirstUseOfManyTypes) {
  const std::vector<const Descriptor*> descriptors = AllMesosMessages();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&descriptors, &failures, t] {
      for (size_t i = t; i < descriptors.size() + t; ++i) {
        const Descriptor* descriptor = descriptors[i % descriptors.size()];
        const Message* prototype = MessageFactory::generated_factory()->GetPrototype(descriptor);
        std::unique_ptr<Message> original(prototype->New());
        Populate(original.get(), kFullyFilledDepth - 1);
        std::unique_ptr<Message> parsed(prototype->New());
        if (!Parse(Print(*original), parsed.get()).ok() ||
            !MessageDifferencer::Equals(*original, *parsed)) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

// ---------------------------------------------------------------------------
// Ad-hoc timing of the hot path (printed, never asserted).

Event SampleUpdateEvent() {
  Event event;
  event.set_type(Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("web-server.3f9a7c4e-8b1d-11e7-bb31-be2e44b06b34");
  status->set_state(mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status->set_reason(mesos::v1::TaskStatus::REASON_TASK_UNKNOWN);
  status->set_uuid(
      std::string("\x9f\x3a\x7c\x4e\x8b\x1d\x11\xe7\xbb\x31\xbe\x2e\x44\xb0\x6b\x34", 16));
  status->mutable_agent_id()->set_value("2c5a3b5e-6a1f-4d5e-9c1b-7f2e8d9a0b1c-S3");
  status->mutable_executor_id()->set_value("web-server.3f9a7c4e-8b1d-11e7-bb31-be2e44b06b34");
  status->set_timestamp(1504000000.12345);
  status->set_message("Task is running");
  status->set_healthy(true);
  return event;
}

TEST(MesosJsonTiming, UpdateEvent) {
  const Event sample = SampleUpdateEvent();
  const std::string json = Print(sample);
  constexpr int kIterations = 200000;
  // CPU time of this thread, so other work on a shared machine skews it less.
  auto thread_cpu_ns = [] {
    timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e9 + now.tv_nsec;
  };
  auto per_event_ns = [](double elapsed) { return elapsed / kIterations; };

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
  Event event;
  bool all_ok = true;
  double start = thread_cpu_ns();
  for (int i = 0; i < kIterations; ++i) all_ok &= ParseValue(root, &event).ok();
  const double parse_value_ns = per_event_ns(thread_cpu_ns() - start);
  ASSERT_TRUE(all_ok);
  EXPECT_TRUE(MessageDifferencer::Equals(event, sample));

  start = thread_cpu_ns();
  for (int i = 0; i < kIterations; ++i) all_ok &= Parse(json, &event).ok();
  const double parse_ns = per_event_ns(thread_cpu_ns() - start);
  ASSERT_TRUE(all_ok);

  std::string out;
  size_t total = 0;
  start = thread_cpu_ns();
  for (int i = 0; i < kIterations; ++i) {
    out.clear();
    Print(event, &out);
    total += out.size();
  }
  const double print_ns = per_event_ns(thread_cpu_ns() - start);
  EXPECT_EQ(total, json.size() * kIterations);

  std::printf(
      "[ timing   ] UPDATE event, %zu bytes, CPU time each: ParseValue %.0f ns, Parse %.0f ns, "
      "Print %.0f ns\n",
      json.size(), parse_value_ns, parse_ns, print_ns);
}

}  // namespace
}  // namespace mc::mesos_json
