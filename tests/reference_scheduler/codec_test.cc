#include "fixtures/schedulers/reference/codec.h"

#include <string>

#include <gtest/gtest.h>

#include "harness/wire/mesos_json.h"

namespace mc::refsched {
namespace {

using mesos::v1::scheduler::Call;
using mesos::v1::scheduler::Event;

Event Update() {
  Event event;
  event.set_type(Event::UPDATE);
  auto* status = event.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("task-1");
  status->mutable_agent_id()->set_value("S0");
  status->set_state(mesos::v1::TASK_FAILED);
  status->set_uuid(std::string(16, '\x41'));
  return event;
}

TEST(CodecTest, CallsInBothEncodings) {
  Call call;
  call.set_type(Call::SUPPRESS);
  call.mutable_framework_id()->set_value("F");
  EXPECT_EQ(EncodeCall(call, Encoding::kJson),
            R"({"framework_id":{"value":"F"},"type":"SUPPRESS"})");
  Call back;
  ASSERT_TRUE(back.ParseFromString(EncodeCall(call, Encoding::kProtobuf)));
  EXPECT_EQ(back.type(), Call::SUPPRESS);
}

TEST(CodecTest, KnownEventsInBothEncodings) {
  const Event event = Update();
  for (Encoding encoding : {Encoding::kJson, Encoding::kProtobuf}) {
    const std::string record = encoding == Encoding::kJson ? mesos_json::Print(event)
                                                           : event.SerializeAsString();
    DecodedEvent decoded;
    ASSERT_TRUE(DecodeEvent(record, encoding, &decoded).ok());
    EXPECT_EQ(decoded.event.update().status().state(), mesos::v1::TASK_FAILED);
    EXPECT_TRUE(decoded.unknown_enums.empty());
  }
}

TEST(CodecTest, UnknownReasonInProtobufIsSetAside) {
  // update.status with reason = 999 appended, framed by hand.
  std::string status_bytes = Update().update().status().SerializeAsString();
  status_bytes += std::string("\x50\xe7\x07", 3);  // field 10, varint 999
  std::string update_bytes;
  update_bytes.push_back(0x0a);  // Event.Update.status = 1
  update_bytes.push_back(static_cast<char>(status_bytes.size()));
  update_bytes += status_bytes;
  std::string record("\x08\x04", 2);  // type = UPDATE
  record.push_back(0x2a);               // Event.update = 5
  record.push_back(static_cast<char>(update_bytes.size()));
  record += update_bytes;

  DecodedEvent decoded;
  ASSERT_TRUE(DecodeEvent(record, Encoding::kProtobuf, &decoded).ok());
  EXPECT_TRUE(decoded.HasUnknownEnum("update.status.reason"));
  EXPECT_FALSE(decoded.event.update().status().has_reason());
  EXPECT_EQ(decoded.event.update().status().uuid(), std::string(16, '\x41'));
}

TEST(CodecTest, UnknownEnumNamesInJsonAreDropped) {
  std::string json = mesos_json::Print(Update());
  const std::string state = "\"state\":\"TASK_FAILED\"";
  json.replace(json.find(state), state.size(),
               "\"state\":\"TASK_FROM_THE_FUTURE\",\"reason\":\"REASON_FROM_THE_FUTURE\"");
  DecodedEvent decoded;
  absl::Status status = DecodeEvent(json, Encoding::kJson, &decoded);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_TRUE(decoded.HasUnknownEnum("update.status.reason"));
  EXPECT_TRUE(decoded.HasUnknownEnum("update.status.state"));
  EXPECT_FALSE(decoded.event.update().status().has_state());
  EXPECT_EQ(decoded.event.update().status().task_id().value(), "task-1");
  EXPECT_EQ(decoded.event.update().status().uuid(), std::string(16, '\x41'));
}

TEST(CodecTest, UnknownEnumInARepeatedMessage) {
  Event event;
  event.set_type(Event::OFFERS);
  auto* offer = event.mutable_offers()->add_offers();
  offer->mutable_id()->set_value("O1");
  offer->mutable_framework_id()->set_value("F");
  offer->mutable_agent_id()->set_value("S0");
  offer->set_hostname("h");
  for (const char* name : {"cpus", "mem"}) {
    auto* resource = offer->add_resources();
    resource->set_name(name);
    resource->set_type(mesos::v1::Value::SCALAR);
    resource->mutable_scalar()->set_value(1);
  }
  std::string json = mesos_json::Print(event);
  // The last resource's type (keys are alphabetical: "type" ends each resource).
  const std::string scalar = "\"type\":\"SCALAR\"";
  json.replace(json.rfind(scalar), scalar.size(), "\"type\":\"VECTOR\"");
  DecodedEvent decoded;
  ASSERT_TRUE(DecodeEvent(json, Encoding::kJson, &decoded).ok());
  ASSERT_EQ(decoded.unknown_enums.size(), 1u);
  EXPECT_EQ(decoded.unknown_enums[0], "offers.offers[0].resources[1].type");
  EXPECT_EQ(decoded.event.offers().offers(0).resources_size(), 2);
  EXPECT_FALSE(decoded.event.offers().offers(0).resources(1).has_type());
}

TEST(CodecTest, OtherFaultsStillFail) {
  DecodedEvent decoded;
  EXPECT_FALSE(DecodeEvent("{\"type\":4", Encoding::kJson, &decoded).ok());
  EXPECT_FALSE(DecodeEvent("{\"type\":4}", Encoding::kJson, &decoded).ok());
  EXPECT_FALSE(DecodeEvent(std::string("\xff\xff", 2), Encoding::kProtobuf, &decoded).ok());
}

}  // namespace
}  // namespace mc::refsched
