#include "harness/master/call_check.h"

#include <optional>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/uuid.h"

namespace mc::master {
namespace {

using mesos::v1::scheduler::Call;

constexpr std::string_view kJsonSyntaxPrefix = "Failed to parse JSON: ";
constexpr std::string_view kMissingFieldsPrefix = "Missing required fields";

SchedulerCallVerdict Refuse(SchedulerCallVerdict verdict, int status, std::string reason,
                            std::string rule, std::string detail = "") {
  verdict.status = status;
  verdict.reason = std::move(reason);
  verdict.rule = std::move(rule);
  verdict.detail = std::move(detail);
  return verdict;
}

// Why a call fails the master's validation; empty reason when it passes.
struct Invalid {
  std::string reason;
  std::string rule;
  std::string detail;
};

// Whether `call` carries the payload its type needs (true for types needing none).
// Sets *name to the payload's field name.
bool HasPayload(const Call& call, const char** name) {
  switch (call.type()) {
    case Call::ACCEPT: *name = "accept"; return call.has_accept();
    case Call::DECLINE: *name = "decline"; return call.has_decline();
    case Call::ACCEPT_INVERSE_OFFERS:
      *name = "accept_inverse_offers";
      return call.has_accept_inverse_offers();
    case Call::DECLINE_INVERSE_OFFERS:
      *name = "decline_inverse_offers";
      return call.has_decline_inverse_offers();
    case Call::KILL: *name = "kill"; return call.has_kill();
    case Call::SHUTDOWN: *name = "shutdown"; return call.has_shutdown();
    case Call::ACKNOWLEDGE: *name = "acknowledge"; return call.has_acknowledge();
    case Call::RECONCILE: *name = "reconcile"; return call.has_reconcile();
    case Call::MESSAGE: *name = "message"; return call.has_message();
    case Call::REQUEST: *name = "request"; return call.has_request();
    default: return true;  // TEARDOWN, REVIVE, SUPPRESS, UNKNOWN
  }
}

Invalid Validate(const Call& call) {
  // A type number newer than 1.4 is kept as an unknown field: has_type() is false.
  if (!call.has_type()) return {"Expecting 'type' to be present", "scheduler.call-accepted", ""};
  if (call.type() == Call::SUBSCRIBE) {
    if (!call.has_subscribe()) {
      return {"Expecting 'subscribe' to be present", "scheduler.call-accepted", ""};
    }
    // Mesos compares the ids' values, so an unset id equals an empty one.
    const std::string& info_id = call.subscribe().framework_info().id().value();
    if (info_id != call.framework_id().value()) {
      return {"'framework_id' differs from 'subscribe.framework_info.id'",
              "scheduler.subscribe-ids",
              absl::StrCat("framework_id \"", call.framework_id().value(),
                           "\", subscribe.framework_info.id \"", info_id, "\"")};
    }
    return {};
  }
  if (!call.has_framework_id()) {
    return {"Expecting 'framework_id' to be present", "scheduler.subscribe-ids", ""};
  }
  const char* payload = "";
  if (!HasPayload(call, &payload)) {
    return {absl::StrCat("Expecting '", payload, "' to be present"), "scheduler.call-accepted",
            ""};
  }
  if (call.type() == Call::ACKNOWLEDGE &&
      uuid::Validate(call.acknowledge().uuid()) != uuid::Check::kValid) {
    return {"Not a valid UUID", "status.uuid-valid", uuid::Explain(call.acknowledge().uuid())};
  }
  return {};
}

// Decodes the body into verdict->call; a refusal verdict on failure.
std::optional<SchedulerCallVerdict> Decode(const http::Request& request,
                                           SchedulerCallVerdict* verdict) {
  if (verdict->request_encoding == Encoding::kProtobuf) {
    // C++ ParseFromString also fails on a missing required field; parsing
    // partially first tells the two faults apart for the report.
    if (!verdict->call.ParsePartialFromString(request.body)) {
      return Refuse(*verdict, 400, "Failed to parse body into Call protobuf", "wire.protobuf");
    }
    if (!verdict->call.IsInitialized()) {
      return Refuse(*verdict, 400, "Failed to parse body into Call protobuf",
                    "wire.required-fields",
                    absl::StrCat("Missing required fields: ",
                                 verdict->call.InitializationErrorString()));
    }
    return std::nullopt;
  }
  absl::Status parsed = mesos_json::Parse(request.body, &verdict->call);
  if (parsed.ok()) return std::nullopt;
  std::string why(parsed.message());
  if (why.rfind(kJsonSyntaxPrefix, 0) == 0) {
    return Refuse(*verdict, 400,
                  "Failed to parse body into JSON: " + why.substr(kJsonSyntaxPrefix.size()),
                  "wire.mesos-json");
  }
  bool missing = why.rfind(kMissingFieldsPrefix, 0) == 0;
  return Refuse(*verdict, 400, "Failed to convert JSON into Call protobuf: " + why,
                missing ? "wire.required-fields" : "wire.mesos-json");
}

SchedulerCallVerdict CheckSubscribe(const http::Request& request, SchedulerCallVerdict verdict) {
  std::optional<std::string> accept = request.Header("Accept");
  std::optional<Encoding> encoding = NegotiateAccept(accept);
  if (!encoding) {
    return Refuse(verdict, 406,
                  "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
                  "scheduler.content-type", absl::StrCat("Accept: ", accept.value_or("")));
  }
  verdict.response_encoding = *encoding;
  if (std::optional<std::string> stream = request.Header("Mesos-Stream-Id")) {
    return Refuse(verdict, 400,
                  "Subscribe calls should not include the 'Mesos-Stream-Id' header",
                  "scheduler.stream-id", absl::StrCat("Mesos-Stream-Id: ", *stream));
  }
  verdict.status = 200;
  return verdict;
}

SchedulerCallVerdict CheckFrameworkCall(const http::Request& request, const MasterView& view,
                                        SchedulerCallVerdict verdict) {
  const std::string& framework_id = verdict.call.framework_id().value();
  auto framework = view.frameworks.find(framework_id);
  if (framework == view.frameworks.end()) {
    return Refuse(verdict, 400, "Framework cannot be found", "scheduler.subscribe-ids",
                  absl::StrCat("framework_id \"", framework_id, "\""));
  }
  if (!framework->second.connected) {
    return Refuse(verdict, 403, "Framework is not subscribed", "scheduler.call-accepted");
  }
  std::optional<std::string> stream = request.Header("Mesos-Stream-Id");
  if (!stream) {
    return Refuse(verdict, 400,
                  "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
                  "scheduler.stream-id");
  }
  if (*stream != framework->second.stream_id) {
    return Refuse(verdict, 400,
                  absl::StrCat("The stream ID '", *stream,
                               "' included in this request didn't match the stream ID "
                               "currently associated with framework ID ",
                               framework_id),
                  "scheduler.stream-id",
                  absl::StrCat("the framework's stream id is ", framework->second.stream_id));
  }
  if (verdict.call.type() == Call::UNKNOWN) {
    return Refuse(verdict, 501, "501 Not Implemented.", "scheduler.call-accepted",
                  "a call of type UNKNOWN");
  }
  verdict.status = 202;
  return verdict;
}

}  // namespace

SchedulerCallVerdict CheckSchedulerCall(const http::Request& request, const MasterView& view) {
  SchedulerCallVerdict verdict;
  if (view.recovering) {
    return Refuse(verdict, 503, "Master has not finished recovery", "");
  }
  if (request.method != "POST") {
    return Refuse(verdict, 405,
                  absl::StrCat("405 Method Not Allowed. Expecting one of { 'POST' }, but received '",
                               request.method, "'."),
                  "scheduler.call-accepted");
  }
  std::optional<std::string> content_type = request.Header("Content-Type");
  switch (CheckRequestContentType(content_type, &verdict.request_encoding)) {
    case RequestTypeCheck::kMissing:
      return Refuse(verdict, 400, "Expecting 'Content-Type' to be present",
                    "scheduler.content-type");
    case RequestTypeCheck::kUnsupported:
      return Refuse(verdict, 415,
                    "Expecting 'Content-Type' of application/json or application/x-protobuf",
                    "scheduler.content-type",
                    absl::StrCat("Content-Type: ", content_type.value_or("")));
    case RequestTypeCheck::kOk: break;
  }
  if (std::optional<SchedulerCallVerdict> refused = Decode(request, &verdict)) return *refused;
  verdict.decoded = true;

  Invalid invalid = Validate(verdict.call);
  if (!invalid.reason.empty()) {
    return Refuse(verdict, 400, "Failed to validate scheduler::Call: " + invalid.reason,
                  invalid.rule, invalid.detail);
  }
  if (verdict.call.type() == Call::SUBSCRIBE) return CheckSubscribe(request, std::move(verdict));
  return CheckFrameworkCall(request, view, std::move(verdict));
}

}  // namespace mc::master
