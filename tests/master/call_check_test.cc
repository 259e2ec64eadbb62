// What the mock master answers on /api/v1/scheduler: every status code, the
// order of the checks, every validation message, both encodings.
#include "harness/master/call_check.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "harness/wire/mesos_json.h"
#include "harness/wire/uuid.h"

namespace mc::master {
namespace {

using mesos::v1::scheduler::Call;

constexpr char kFramework[] = "fw-1";          // known, connected
constexpr char kStream[] = "130ae4e3-6b13-4ef4-baa9-9f2e85c3e9af";
constexpr char kDisconnected[] = "fw-2";       // known, stream gone
constexpr char kValidationPrefix[] = "Failed to validate scheduler::Call: ";

MasterView View() {
  MasterView view;
  view.frameworks[kFramework] = {true, kStream};
  view.frameworks[kDisconnected] = {false, ""};
  return view;
}

std::string ValidUuid() {
  std::mt19937_64 rng(42);
  return uuid::Random(rng);
}

Call Subscribe() {
  Call call;
  call.set_type(Call::SUBSCRIBE);
  auto* info = call.mutable_subscribe()->mutable_framework_info();
  info->set_user("root");
  info->set_name("test framework");
  return call;
}

// A call of `type` that the master accepts from fw-1 (payload filled in).
Call Valid(Call::Type type) {
  if (type == Call::SUBSCRIBE) return Subscribe();
  Call call;
  call.set_type(type);
  call.mutable_framework_id()->set_value(kFramework);
  switch (type) {
    case Call::ACCEPT: call.mutable_accept()->add_offer_ids()->set_value("O1"); break;
    case Call::DECLINE: call.mutable_decline()->add_offer_ids()->set_value("O1"); break;
    case Call::ACCEPT_INVERSE_OFFERS:
      call.mutable_accept_inverse_offers()->add_inverse_offer_ids()->set_value("I1");
      break;
    case Call::DECLINE_INVERSE_OFFERS:
      call.mutable_decline_inverse_offers()->add_inverse_offer_ids()->set_value("I1");
      break;
    case Call::KILL: call.mutable_kill()->mutable_task_id()->set_value("t1"); break;
    case Call::SHUTDOWN:
      call.mutable_shutdown()->mutable_executor_id()->set_value("e1");
      call.mutable_shutdown()->mutable_agent_id()->set_value("a1");
      break;
    case Call::ACKNOWLEDGE:
      call.mutable_acknowledge()->mutable_agent_id()->set_value("a1");
      call.mutable_acknowledge()->mutable_task_id()->set_value("t1");
      call.mutable_acknowledge()->set_uuid(ValidUuid());
      break;
    case Call::RECONCILE: call.mutable_reconcile(); break;
    case Call::MESSAGE:
      call.mutable_message()->mutable_agent_id()->set_value("a1");
      call.mutable_message()->mutable_executor_id()->set_value("e1");
      call.mutable_message()->set_data("hi");
      break;
    case Call::REQUEST: call.mutable_request(); break;
    default: break;  // TEARDOWN, REVIVE, SUPPRESS, UNKNOWN need no payload
  }
  return call;
}

struct RequestBuilder {
  http::Request request;
  RequestBuilder() {
    request.method = "POST";
    request.target = "/api/v1/scheduler";
  }
  RequestBuilder& Method(std::string method) {
    request.method = std::move(method);
    return *this;
  }
  RequestBuilder& Header(std::string name, std::string value) {
    request.headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  RequestBuilder& Body(std::string body) {
    request.body = std::move(body);
    return *this;
  }
  RequestBuilder& Json(const Call& call) {
    return Header("Content-Type", "application/json").Body(mesos_json::Print(call));
  }
  RequestBuilder& Protobuf(const Call& call) {
    return Header("Content-Type", "application/x-protobuf").Body(call.SerializePartialAsString());
  }
  RequestBuilder& Stream(std::string id = kStream) { return Header("Mesos-Stream-Id", std::move(id)); }
  operator const http::Request&() const { return request; }
};

SchedulerCallVerdict Check(const http::Request& request, const MasterView& view = View()) {
  return CheckSchedulerCall(request, view);
}

void ExpectRefused(const SchedulerCallVerdict& verdict, int status, const std::string& reason,
                   const std::string& rule) {
  EXPECT_EQ(verdict.status, status) << verdict.reason;
  EXPECT_EQ(verdict.reason, reason);
  EXPECT_EQ(verdict.rule, rule);
}

// --- 503, 405, Content-Type --------------------------------------------------

TEST(CheckSchedulerCall, RecoveringMasterAnswers503BeforeAnythingElse) {
  MasterView view = View();
  view.recovering = true;
  auto verdict = Check(RequestBuilder().Method("GET").Body("junk"), view);
  ExpectRefused(verdict, 503, "Master has not finished recovery", "");
  EXPECT_FALSE(verdict.decoded);
  EXPECT_EQ(Check(RequestBuilder().Json(Valid(Call::SUBSCRIBE)), view).status, 503);
}

TEST(CheckSchedulerCall, OnlyPostIsAllowed) {
  for (const char* method : {"GET", "PUT", "DELETE", "HEAD", "post"}) {
    auto verdict = Check(RequestBuilder().Method(method).Header("Content-Type", "text/plain"));
    ExpectRefused(verdict, 405,
                  std::string("405 Method Not Allowed. Expecting one of { 'POST' }, but received '") +
                      method + "'.",
                  "scheduler.call-accepted");
  }
}

TEST(CheckSchedulerCall, MissingContentTypeIs400BeforeTheBodyIsRead) {
  ExpectRefused(Check(RequestBuilder().Body("{not json")), 400,
                "Expecting 'Content-Type' to be present", "scheduler.content-type");
}

TEST(CheckSchedulerCall, ContentTypeMustMatchExactly) {
  for (const char* type : {"application/json; charset=utf-8", "Application/JSON", "text/plain",
                           "application/protobuf", "", "application/x-protobuf "}) {
    auto verdict = Check(RequestBuilder().Header("Content-Type", type).Body("{not json"));
    ExpectRefused(verdict, 415,
                  "Expecting 'Content-Type' of application/json or application/x-protobuf",
                  "scheduler.content-type");
    EXPECT_EQ(verdict.detail, std::string("Content-Type: ") + type);
  }
}

// --- Decoding ----------------------------------------------------------------

TEST(CheckSchedulerCall, UndecodableProtobufIs400) {
  auto verdict =
      Check(RequestBuilder().Header("Content-Type", "application/x-protobuf").Body("\xff\xff\xff"));
  ExpectRefused(verdict, 400, "Failed to parse body into Call protobuf", "wire.protobuf");
  EXPECT_FALSE(verdict.decoded);
}

TEST(CheckSchedulerCall, ProtobufMissingARequiredFieldIs400WithTheSameText) {
  Call call = Subscribe();
  call.mutable_subscribe()->mutable_framework_info()->clear_user();
  auto verdict = Check(RequestBuilder().Protobuf(call));
  ExpectRefused(verdict, 400, "Failed to parse body into Call protobuf", "wire.required-fields");
  EXPECT_NE(verdict.detail.find("subscribe.framework_info.user"), std::string::npos)
      << verdict.detail;
}

TEST(CheckSchedulerCall, JsonSyntaxErrorIs400ParseIntoJson) {
  auto verdict = Check(RequestBuilder().Header("Content-Type", "application/json").Body("{\"type\":"));
  EXPECT_EQ(verdict.status, 400);
  EXPECT_EQ(verdict.reason.rfind("Failed to parse body into JSON: ", 0), 0u) << verdict.reason;
  EXPECT_EQ(verdict.rule, "wire.mesos-json");
}

TEST(CheckSchedulerCall, JsonThatIsNotACallIs400ConvertIntoCall) {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "Expecting a JSON object"},
      {R"({"type": 1})", "Not expecting a JSON number for field 'type'"},
      {R"({"type": "UPDATE_FRAMEWORK"})", "Failed to find enum for 'UPDATE_FRAMEWORK'"},
      {R"({"type": "SUBSCRIBE", "framework_id": "fw-1"})",
       "Not expecting a JSON string for field 'framework_id'"},
  };
  for (const auto& [body, why] : cases) {
    auto verdict = Check(RequestBuilder().Header("Content-Type", "application/json").Body(body));
    EXPECT_EQ(verdict.status, 400) << body;
    EXPECT_EQ(verdict.reason.rfind(std::string("Failed to convert JSON into Call protobuf: ") + why,
                                   0),
              0u)
        << verdict.reason;
    EXPECT_EQ(verdict.rule, "wire.mesos-json") << body;
  }
}

TEST(CheckSchedulerCall, JsonMissingARequiredFieldIs400) {
  auto verdict = Check(RequestBuilder()
                           .Header("Content-Type", "application/json")
                           .Body(R"({"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"x"}}})"));
  ExpectRefused(verdict, 400,
                "Failed to convert JSON into Call protobuf: Missing required fields: "
                "subscribe.framework_info.user",
                "wire.required-fields");
}

TEST(CheckSchedulerCall, JsonNullsAndUnknownKeysAreIgnored) {
  auto verdict = Check(RequestBuilder()
                           .Header("Content-Type", "application/json")
                           .Body(R"({"type":"SUBSCRIBE","framework_id":null,"frameworkId":{},)"
                                 R"("subscribe":{"framework_info":{"user":"u","name":"n","id":null}}})"));
  EXPECT_EQ(verdict.status, 200) << verdict.reason;
}

// --- Validation --------------------------------------------------------------

TEST(CheckSchedulerCall, TypeMustBePresent) {
  Call call;
  call.mutable_framework_id()->set_value(kFramework);
  for (const auto& request : {RequestBuilder().Json(call).Stream(), RequestBuilder().Protobuf(call).Stream()}) {
    auto verdict = Check(request);
    ExpectRefused(verdict, 400, std::string(kValidationPrefix) + "Expecting 'type' to be present",
                  "scheduler.call-accepted");
    EXPECT_TRUE(verdict.decoded);
  }
}

TEST(CheckSchedulerCall, ATypeNumberNewerThan14CountsAsAbsent) {
  Call call;
  call.mutable_framework_id()->set_value(kFramework);
  std::string body = call.SerializeAsString();
  body += std::string("\x10\x0f", 2);  // field 2 (type) = 15, UPDATE_FRAMEWORK in 1.9
  auto verdict = Check(RequestBuilder().Header("Content-Type", "application/x-protobuf").Body(body).Stream());
  ExpectRefused(verdict, 400, std::string(kValidationPrefix) + "Expecting 'type' to be present",
                "scheduler.call-accepted");
}

TEST(CheckSchedulerCall, SubscribeNeedsItsSubscribeObject) {
  Call call;
  call.set_type(Call::SUBSCRIBE);
  ExpectRefused(Check(RequestBuilder().Json(call)), 400,
                std::string(kValidationPrefix) + "Expecting 'subscribe' to be present",
                "scheduler.call-accepted");
}

TEST(CheckSchedulerCall, SubscribeIdsMustAgree) {
  const std::string differs =
      std::string(kValidationPrefix) + "'framework_id' differs from 'subscribe.framework_info.id'";
  Call only_call_id = Subscribe();
  only_call_id.mutable_framework_id()->set_value(kFramework);
  ExpectRefused(Check(RequestBuilder().Json(only_call_id)), 400, differs, "scheduler.subscribe-ids");

  Call only_info_id = Subscribe();
  only_info_id.mutable_subscribe()->mutable_framework_info()->mutable_id()->set_value(kFramework);
  ExpectRefused(Check(RequestBuilder().Json(only_info_id)), 400, differs, "scheduler.subscribe-ids");

  Call different = only_info_id;
  different.mutable_framework_id()->set_value("fw-other");
  auto verdict = Check(RequestBuilder().Protobuf(different));
  ExpectRefused(verdict, 400, differs, "scheduler.subscribe-ids");
  EXPECT_EQ(verdict.detail, "framework_id \"fw-other\", subscribe.framework_info.id \"fw-1\"");

  Call same = only_info_id;
  same.mutable_framework_id()->set_value(kFramework);
  EXPECT_EQ(Check(RequestBuilder().Json(same)).status, 200);
  EXPECT_EQ(Check(RequestBuilder().Json(Subscribe())).status, 200);  // both unset: a new framework
}

TEST(CheckSchedulerCall, SubscribeComparesIdValuesSoAnEmptyIdEqualsNone) {
  Call call = Subscribe();
  call.mutable_framework_id()->set_value("");
  EXPECT_EQ(Check(RequestBuilder().Json(call)).status, 200);
}

TEST(CheckSchedulerCall, SubscribeWithAnIdTheMasterDoesNotKnowIsAccepted) {
  Call call = Subscribe();
  call.mutable_framework_id()->set_value("from-before-failover");
  call.mutable_subscribe()->mutable_framework_info()->mutable_id()->set_value("from-before-failover");
  EXPECT_EQ(Check(RequestBuilder().Json(call)).status, 200);
}

const Call::Type kFrameworkCallTypes[] = {
    Call::TEARDOWN, Call::ACCEPT,  Call::DECLINE,  Call::REVIVE,  Call::KILL,
    Call::SHUTDOWN, Call::ACKNOWLEDGE, Call::RECONCILE, Call::MESSAGE, Call::REQUEST,
    Call::SUPPRESS, Call::ACCEPT_INVERSE_OFFERS, Call::DECLINE_INVERSE_OFFERS};

TEST(CheckSchedulerCall, EveryOtherCallNeedsAFrameworkId) {
  for (Call::Type type : kFrameworkCallTypes) {
    Call call = Valid(type);
    call.clear_framework_id();
    ExpectRefused(Check(RequestBuilder().Json(call).Stream()), 400,
                  std::string(kValidationPrefix) + "Expecting 'framework_id' to be present",
                  "scheduler.subscribe-ids");
  }
  Call unknown = Valid(Call::UNKNOWN);
  unknown.clear_framework_id();
  EXPECT_EQ(Check(RequestBuilder().Json(unknown).Stream()).reason,
            std::string(kValidationPrefix) + "Expecting 'framework_id' to be present");
}

TEST(CheckSchedulerCall, CallsWithAPayloadNeedIt) {
  const std::pair<Call::Type, const char*> cases[] = {
      {Call::ACCEPT, "accept"},
      {Call::DECLINE, "decline"},
      {Call::ACCEPT_INVERSE_OFFERS, "accept_inverse_offers"},
      {Call::DECLINE_INVERSE_OFFERS, "decline_inverse_offers"},
      {Call::KILL, "kill"},
      {Call::SHUTDOWN, "shutdown"},
      {Call::ACKNOWLEDGE, "acknowledge"},
      {Call::RECONCILE, "reconcile"},
      {Call::MESSAGE, "message"},
      {Call::REQUEST, "request"},
  };
  for (const auto& [type, payload] : cases) {
    Call call;
    call.set_type(type);
    call.mutable_framework_id()->set_value(kFramework);
    for (const auto& request : {RequestBuilder().Json(call).Stream(), RequestBuilder().Protobuf(call).Stream()}) {
      ExpectRefused(Check(request), 400,
                    std::string(kValidationPrefix) + "Expecting '" + payload + "' to be present",
                    "scheduler.call-accepted");
    }
  }
}

TEST(CheckSchedulerCall, ReviveSuppressAndTeardownNeedNoPayload) {
  for (Call::Type type : {Call::REVIVE, Call::SUPPRESS, Call::TEARDOWN}) {
    Call call;
    call.set_type(type);
    call.mutable_framework_id()->set_value(kFramework);
    EXPECT_EQ(Check(RequestBuilder().Json(call).Stream()).status, 202) << Call::Type_Name(type);
  }
}

TEST(CheckSchedulerCall, AcknowledgeNeedsA16ByteUuidOfVersion1To5) {
  std::string version0 = ValidUuid();
  version0[6] = static_cast<char>((version0[6] & 0x0f) | 0x00);
  std::string version6 = ValidUuid();
  version6[6] = static_cast<char>((version6[6] & 0x0f) | 0x60);
  std::string text = uuid::ToText(ValidUuid());  // the 36-character text form
  for (const std::string& bad : {std::string(), version0, version6, text, ValidUuid().substr(0, 15)}) {
    Call call = Valid(Call::ACKNOWLEDGE);
    call.mutable_acknowledge()->set_uuid(bad);
    auto verdict = Check(RequestBuilder().Json(call).Stream());
    ExpectRefused(verdict, 400, std::string(kValidationPrefix) + "Not a valid UUID",
                  "status.uuid-valid");
    EXPECT_EQ(verdict.detail, uuid::Explain(bad));
  }
  for (int version = 1; version <= 5; ++version) {
    std::string good = ValidUuid();
    good[6] = static_cast<char>((good[6] & 0x0f) | (version << 4));
    Call call = Valid(Call::ACKNOWLEDGE);
    call.mutable_acknowledge()->set_uuid(good);
    EXPECT_EQ(Check(RequestBuilder().Protobuf(call).Stream()).status, 202) << version;
  }
}

TEST(CheckSchedulerCall, AcknowledgeWithoutItsUuidFieldFailsDecoding) {
  Call call = Valid(Call::ACKNOWLEDGE);
  call.mutable_acknowledge()->clear_uuid();
  auto verdict = Check(RequestBuilder().Json(call).Stream());
  ExpectRefused(verdict, 400,
                "Failed to convert JSON into Call protobuf: Missing required fields: acknowledge.uuid",
                "wire.required-fields");
}

// --- SUBSCRIBE: Accept and Mesos-Stream-Id -------------------------------------

TEST(CheckSchedulerCall, SubscribeNegotiatesTheStreamEncoding) {
  const std::pair<std::optional<const char*>, Encoding> cases[] = {
      {std::nullopt, Encoding::kJson},
      {"application/json", Encoding::kJson},
      {"application/x-protobuf", Encoding::kProtobuf},
      {"application/x-protobuf, application/json;q=0.1", Encoding::kJson},
      {"application/json;q=0, application/x-protobuf", Encoding::kProtobuf},
      {"*/*", Encoding::kJson},
      {"application/*", Encoding::kJson},
  };
  for (const auto& [accept, encoding] : cases) {
    RequestBuilder request;
    request.Protobuf(Subscribe());
    if (accept) request.Header("Accept", *accept);
    auto verdict = Check(request);
    EXPECT_EQ(verdict.status, 200) << accept.value_or("(none)");
    EXPECT_EQ(verdict.response_encoding, encoding) << accept.value_or("(none)");
    EXPECT_EQ(verdict.request_encoding, Encoding::kProtobuf);
    EXPECT_EQ(verdict.rule, "");
  }
}

TEST(CheckSchedulerCall, SubscribeWithNoAcceptableEncodingIs406) {
  for (const char* accept : {"text/html", "application/json;q=0", "", "text/*"}) {
    auto verdict = Check(RequestBuilder().Json(Subscribe()).Header("Accept", accept));
    ExpectRefused(verdict, 406,
                  "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
                  "scheduler.content-type");
    EXPECT_TRUE(verdict.decoded);
  }
}

TEST(CheckSchedulerCall, SubscribeMustNotCarryAStreamId) {
  for (const char* name : {"Mesos-Stream-Id", "mesos-stream-id"}) {
    auto verdict = Check(RequestBuilder().Json(Subscribe()).Header(name, kStream));
    ExpectRefused(verdict, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header",
                  "scheduler.stream-id");
  }
  EXPECT_EQ(Check(RequestBuilder().Json(Subscribe()).Header("Mesos-Stream-Id", "")).status, 400);
}

TEST(CheckSchedulerCall, AcceptIsCheckedBeforeTheStreamId) {
  auto verdict =
      Check(RequestBuilder().Json(Subscribe()).Header("Accept", "text/html").Stream());
  EXPECT_EQ(verdict.status, 406);
}

TEST(CheckSchedulerCall, AcceptedSubscribeIs200WithTheDecodedCall) {
  auto verdict = Check(RequestBuilder().Json(Subscribe()));
  EXPECT_EQ(verdict.status, 200);
  EXPECT_TRUE(verdict.decoded);
  EXPECT_EQ(verdict.reason, "");
  EXPECT_EQ(verdict.call.subscribe().framework_info().name(), "test framework");
}

// --- Other calls: framework, subscription, stream id ----------------------------

TEST(CheckSchedulerCall, UnknownFrameworkIs400EvenWithoutAStreamId) {
  Call call = Valid(Call::REVIVE);
  call.mutable_framework_id()->set_value("fw-unknown");
  auto verdict = Check(RequestBuilder().Json(call));
  ExpectRefused(verdict, 400, "Framework cannot be found", "scheduler.subscribe-ids");
  EXPECT_EQ(verdict.detail, "framework_id \"fw-unknown\"");
  call.mutable_framework_id()->set_value("");  // present but empty: passes validation
  EXPECT_EQ(Check(RequestBuilder().Json(call).Stream()).reason, "Framework cannot be found");
}

TEST(CheckSchedulerCall, KnownFrameworkWithoutAStreamIs403EvenWithAWrongStreamId) {
  Call call = Valid(Call::DECLINE);
  call.mutable_framework_id()->set_value(kDisconnected);
  ExpectRefused(Check(RequestBuilder().Json(call).Stream("whatever")), 403,
                "Framework is not subscribed", "scheduler.call-accepted");
  ExpectRefused(Check(RequestBuilder().Json(call)), 403, "Framework is not subscribed",
                "scheduler.call-accepted");
}

TEST(CheckSchedulerCall, OtherCallsNeedTheFrameworksStreamId) {
  Call call = Valid(Call::KILL);
  ExpectRefused(Check(RequestBuilder().Json(call)), 400,
                "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
                "scheduler.stream-id");
  auto verdict = Check(RequestBuilder().Json(call).Stream("11111111-2222-4333-8444-555555555555"));
  ExpectRefused(verdict, 400,
                "The stream ID '11111111-2222-4333-8444-555555555555' included in this request "
                "didn't match the stream ID currently associated with framework ID fw-1",
                "scheduler.stream-id");
  EXPECT_EQ(verdict.detail, std::string("the framework's stream id is ") + kStream);
  EXPECT_EQ(Check(RequestBuilder().Json(call).Stream("")).status, 400);
  EXPECT_EQ(Check(RequestBuilder().Json(call).Header("mesos-stream-id", kStream)).status, 202);
}

TEST(CheckSchedulerCall, EveryOtherTypeIsAcceptedWith202InBothEncodings) {
  for (Call::Type type : kFrameworkCallTypes) {
    Call call = Valid(type);
    for (Encoding encoding : {Encoding::kJson, Encoding::kProtobuf}) {
      RequestBuilder request;
      if (encoding == Encoding::kJson) {
        request.Json(call);
      } else {
        request.Protobuf(call);
      }
      // Accept plays no part outside SUBSCRIBE.
      auto verdict = Check(request.Stream().Header("Accept", "text/html"));
      EXPECT_EQ(verdict.status, 202) << Call::Type_Name(type) << ": " << verdict.reason;
      EXPECT_EQ(verdict.rule, "");
      EXPECT_TRUE(verdict.decoded);
      EXPECT_EQ(verdict.request_encoding, encoding);
      EXPECT_EQ(verdict.call.SerializeAsString(), call.SerializeAsString());
    }
  }
}

TEST(CheckSchedulerCall, UnknownTypeIs501AfterEveryOtherCheck) {
  Call call = Valid(Call::UNKNOWN);
  ExpectRefused(Check(RequestBuilder().Json(call).Stream()), 501, "501 Not Implemented.",
                "scheduler.call-accepted");
  EXPECT_EQ(Check(RequestBuilder().Json(call)).status, 400);  // stream id first
  call.mutable_framework_id()->set_value(kDisconnected);
  EXPECT_EQ(Check(RequestBuilder().Json(call).Stream()).status, 403);
}

// --- Order: a request with two faults gets the first one's answer ---------------

TEST(CheckSchedulerCall, TheFirstFaultDecides) {
  // Method before Content-Type.
  EXPECT_EQ(Check(RequestBuilder().Method("GET")).status, 405);
  // Content-Type before the body.
  EXPECT_EQ(Check(RequestBuilder().Header("Content-Type", "text/xml").Body("{")).status, 415);
  // Body before validation: an unparsable body never reaches the type check.
  EXPECT_EQ(Check(RequestBuilder().Header("Content-Type", "application/json").Body("{}x")).reason.rfind(
                "Failed to parse body into JSON", 0),
            0u);
  // Validation before Accept and the stream-id header on SUBSCRIBE.
  Call bare;
  bare.set_type(Call::SUBSCRIBE);
  EXPECT_EQ(Check(RequestBuilder().Json(bare).Header("Accept", "text/html").Stream()).reason,
            std::string(kValidationPrefix) + "Expecting 'subscribe' to be present");
  // Validation before the framework lookup.
  Call kill = Valid(Call::KILL);
  kill.mutable_framework_id()->set_value("fw-unknown");
  kill.clear_kill();
  EXPECT_EQ(Check(RequestBuilder().Json(kill)).reason,
            std::string(kValidationPrefix) + "Expecting 'kill' to be present");
  // Payload before uuid: an ACKNOWLEDGE without acknowledge never gets "Not a valid UUID".
  Call ack = Valid(Call::ACKNOWLEDGE);
  ack.clear_acknowledge();
  EXPECT_EQ(Check(RequestBuilder().Json(ack).Stream()).reason,
            std::string(kValidationPrefix) + "Expecting 'acknowledge' to be present");
  // Framework lookup before the subscription, the subscription before the stream id.
  Call revive = Valid(Call::REVIVE);
  revive.mutable_framework_id()->set_value("fw-unknown");
  EXPECT_EQ(Check(RequestBuilder().Json(revive)).status, 400);
  revive.mutable_framework_id()->set_value(kDisconnected);
  EXPECT_EQ(Check(RequestBuilder().Json(revive)).status, 403);
}

TEST(CheckSchedulerCall, SubscribeIgnoresTheFrameworkTable) {
  MasterView empty;
  EXPECT_EQ(CheckSchedulerCall(RequestBuilder().Json(Subscribe()), empty).status, 200);
  Call resubscribe = Subscribe();
  resubscribe.mutable_framework_id()->set_value(kDisconnected);
  resubscribe.mutable_subscribe()->mutable_framework_info()->mutable_id()->set_value(kDisconnected);
  EXPECT_EQ(Check(RequestBuilder().Json(resubscribe)).status, 200);
}

}  // namespace
}  // namespace mc::master
