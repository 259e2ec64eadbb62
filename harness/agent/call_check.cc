#include "harness/agent/call_check.h"

#include "absl/strings/str_cat.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/uuid.h"

namespace mc::agent {
namespace {

using mesos::v1::executor::Call;

CallVerdict Refuse(CallVerdict verdict, int status, std::string reason, std::string rule) {
  verdict.status = status;
  verdict.reason = std::move(reason);
  verdict.rule = std::move(rule);
  return verdict;
}

// Semantic validation of a decoded call; empty when valid. *rule names what broke.
std::string Validate(const Call& call, std::string* rule) {
  *rule = "executor.call-accepted";
  // A 1.4 agent's protos stop at MESSAGE: a newer type reads as unset.
  if (!call.has_type() || call.type() == Call::HEARTBEAT) return "Expecting 'type' to be present";
  switch (call.type()) {
    case Call::SUBSCRIBE:
      if (!call.has_subscribe()) {
        *rule = "executor.subscribe-body";
        return "Expecting 'subscribe' to be present";
      }
      return "";
    case Call::MESSAGE:
      return call.has_message() ? "" : "Expecting 'message' to be present";
    case Call::UPDATE: break;
    default: return "";
  }
  if (!call.has_update()) return "Expecting 'update' to be present";
  const mesos::v1::TaskStatus& status = call.update().status();
  if (!status.has_uuid()) {
    *rule = "status.uuid-required";
    return "Expecting 'uuid' to be present";
  }
  if (uuid::Validate(status.uuid()) != uuid::Check::kValid) {
    *rule = "status.uuid-valid";
    return absl::StrCat("Not a valid UUID: ", uuid::Explain(status.uuid()));
  }
  if (status.has_executor_id() && status.executor_id().value() != call.executor_id().value()) {
    *rule = "executor.update-executor-id";
    return "ExecutorID in Call: " + call.executor_id().value() +
           " does not match ExecutorID in TaskStatus: " + status.executor_id().value();
  }
  if (status.source() != mesos::v1::TaskStatus::SOURCE_EXECUTOR) {
    *rule = "executor.update-source";
    return "Received Call from executor with invalid source";
  }
  if (status.state() == mesos::v1::TASK_STAGING) {
    *rule = "status.staging-from-executor";
    return "Received TASK_STAGING from executor";
  }
  if (status.has_check_status()) {
    const mesos::v1::CheckStatusInfo& check = status.check_status();
    bool matching = (check.type() == mesos::v1::CheckInfo::COMMAND && check.has_command()) ||
                    (check.type() == mesos::v1::CheckInfo::HTTP && check.has_http()) ||
                    (check.type() == mesos::v1::CheckInfo::TCP && check.has_tcp());
    if (!matching) {
      *rule = "status.check-status-valid";
      return "Expecting 'check_status' to have its type and matching result";
    }
  }
  return "";
}

}  // namespace

CallVerdict CheckExecutorCall(const http::Request& request, const AgentView& view) {
  CallVerdict verdict;
  if (view.recovering) {
    return Refuse(verdict, 503, "Agent has not finished recovery", "");
  }
  if (request.method != "POST") {
    return Refuse(verdict, 405, "Expecting POST", "executor.call-accepted");
  }
  switch (CheckRequestContentType(request.Header("Content-Type"), &verdict.request_encoding)) {
    case RequestTypeCheck::kMissing:
      return Refuse(verdict, 400, "Expecting 'Content-Type' to be present",
                    "executor.content-type");
    case RequestTypeCheck::kUnsupported:
      return Refuse(verdict, 415,
                    absl::StrCat("Expecting 'Content-Type' of application/json or "
                                 "application/x-protobuf, got '",
                                 request.Header("Content-Type").value_or(""), "'"),
                    "executor.content-type");
    case RequestTypeCheck::kOk: break;
  }
  if (verdict.request_encoding == Encoding::kProtobuf) {
    if (!verdict.call.ParseFromString(request.body)) {
      return Refuse(verdict, 400, "Failed to parse body into Call protobuf", "wire.protobuf");
    }
  } else {
    absl::Status parsed = mesos_json::Parse(request.body, &verdict.call);
    if (!parsed.ok()) {
      std::string why(parsed.message());
      bool missing = why.rfind("Missing required fields", 0) == 0;
      return Refuse(verdict, 400, "Failed to convert JSON into Call protobuf: " + why,
                    missing ? "wire.required-fields" : "wire.mesos-json");
    }
  }
  verdict.decoded = true;

  std::string rule;
  std::string invalid = Validate(verdict.call, &rule);
  if (!invalid.empty()) {
    bool tolerate = rule == "executor.subscribe-body" && view.tolerate_missing_subscribe;
    if (!tolerate) {
      return Refuse(verdict, 400, "Failed to validate Executor::Call: " + invalid, rule);
    }
    verdict.rule = rule;
    verdict.tolerated = invalid;
    verdict.call.mutable_subscribe();
  }

  const Call& call = verdict.call;
  if (call.type() == Call::SUBSCRIBE) {
    auto accepted = NegotiateAccept(request.Header("Accept"));
    if (!accepted) {
      return Refuse(verdict, 406, "Expecting 'Accept' to allow application/json or "
                    "application/x-protobuf", "executor.call-accepted");
    }
    verdict.response_encoding = *accepted;
  } else if (view.recovering_executors) {
    return Refuse(verdict, 503, "Agent has not finished recovery", "");
  }
  if (call.framework_id().value() != view.framework_id) {
    return Refuse(verdict, 400, "Framework cannot be found", "executor.subscribe-ids");
  }
  if (call.executor_id().value() != view.executor_id) {
    return Refuse(verdict, 400, "Executor cannot be found", "executor.subscribe-ids");
  }
  if (call.type() != Call::SUBSCRIBE && !view.executor_subscribed) {
    return Refuse(verdict, 403, "Executor is not subscribed", "executor.call-accepted");
  }
  switch (call.type()) {
    case Call::SUBSCRIBE: verdict.status = 200; break;
    case Call::UPDATE:
    case Call::MESSAGE: verdict.status = 202; break;
    default:
      return Refuse(verdict, 501, "Received 'UNKNOWN' call", "executor.call-accepted");
  }
  return verdict;
}

}  // namespace mc::agent
