// What the mock agent answers, as a 1.4 agent does: the status codes, their
// order when a call has several problems, and the rule each refusal breaks.
#include "harness/agent/call_check.h"

#include <gtest/gtest.h>

#include "harness/wire/mesos_json.h"

namespace mc::agent {
namespace {

constexpr char kUuid[] = "\x10\x20\x30\x40\x50\x60\x40\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0";

AgentView Subscribed() {
  AgentView view;
  view.framework_id = "f";
  view.executor_id = "e";
  view.executor_subscribed = true;
  view.tolerate_missing_subscribe = false;
  return view;
}

mesos::v1::executor::Call Update() {
  mesos::v1::executor::Call call;
  call.set_type(mesos::v1::executor::Call::UPDATE);
  call.mutable_framework_id()->set_value("f");
  call.mutable_executor_id()->set_value("e");
  auto* status = call.mutable_update()->mutable_status();
  status->mutable_task_id()->set_value("t");
  status->set_state(mesos::v1::TASK_RUNNING);
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status->set_uuid(std::string(kUuid, 16));
  return call;
}

http::Request Json(const mesos::v1::executor::Call& call) {
  http::Request request;
  request.method = "POST";
  request.target = "/api/v1/executor";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = mesos_json::Print(call);
  return request;
}

CallVerdict Check(const mesos::v1::executor::Call& call, const AgentView& view = Subscribed()) {
  return CheckExecutorCall(Json(call), view);
}

TEST(CallCheck, AcceptsAValidUpdateInBothEncodings) {
  EXPECT_EQ(Check(Update()).status, 202);
  http::Request request = Json(Update());
  request.headers = {{"Content-Type", "application/x-protobuf"}};
  request.body = Update().SerializeAsString();
  CallVerdict verdict = CheckExecutorCall(request, Subscribed());
  EXPECT_EQ(verdict.status, 202);
  EXPECT_EQ(verdict.request_encoding, Encoding::kProtobuf);
}

TEST(CallCheck, RecoveryComesFirst) {
  AgentView view = Subscribed();
  view.recovering = true;
  http::Request request = Json(Update());
  request.method = "GET";  // would be 405
  EXPECT_EQ(CheckExecutorCall(request, view).status, 503);
}

TEST(CallCheck, MethodThenContentTypeThenBody) {
  http::Request request = Json(Update());
  request.method = "GET";
  request.headers.clear();
  EXPECT_EQ(CheckExecutorCall(request, Subscribed()).status, 405);
  request.method = "POST";
  CallVerdict missing = CheckExecutorCall(request, Subscribed());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.rule, "executor.content-type");
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  CallVerdict unsupported = CheckExecutorCall(request, Subscribed());
  EXPECT_EQ(unsupported.status, 415);
  EXPECT_EQ(unsupported.rule, "executor.content-type");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "{not json";
  CallVerdict garbage = CheckExecutorCall(request, Subscribed());
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(garbage.rule, "wire.mesos-json");
}

TEST(CallCheck, ValidationNamesTheRule) {
  struct Case {
    std::function<void(mesos::v1::executor::Call*)> spoil;
    std::string rule;
    std::string reason;
  };
  std::vector<Case> cases = {
      {[](auto* c) { c->mutable_update()->mutable_status()->clear_uuid(); }, "status.uuid-required",
       "Expecting 'uuid' to be present"},
      {[](auto* c) { c->mutable_update()->mutable_status()->set_uuid("not-a-uuid"); },
       "status.uuid-valid", "Not a valid UUID"},
      {[](auto* c) { c->mutable_update()->mutable_status()->clear_source(); },
       "executor.update-source", "invalid source"},
      {[](auto* c) { c->mutable_update()->mutable_status()->set_state(mesos::v1::TASK_STAGING); },
       "status.staging-from-executor", "TASK_STAGING"},
      {[](auto* c) { c->mutable_update()->mutable_status()->mutable_executor_id()->set_value("x"); },
       "executor.update-executor-id", "does not match"},
      {[](auto* c) {
         c->mutable_update()->mutable_status()->mutable_check_status()->set_type(
             mesos::v1::CheckInfo::COMMAND);
       },
       "status.check-status-valid", "check_status"},
      {[](auto* c) { c->clear_type(); }, "executor.call-accepted", "Expecting 'type'"},
      {[](auto* c) { c->set_type(mesos::v1::executor::Call::HEARTBEAT); }, "executor.call-accepted",
       "Expecting 'type'"},
  };
  for (const Case& bad : cases) {
    mesos::v1::executor::Call call = Update();
    bad.spoil(&call);
    CallVerdict verdict = Check(call);
    EXPECT_EQ(verdict.status, 400) << bad.rule;
    EXPECT_EQ(verdict.rule, bad.rule);
    EXPECT_NE(verdict.reason.find(bad.reason), std::string::npos) << verdict.reason;
  }
}

TEST(CallCheck, SubscribeWithoutBodyIsRefusedOrToleratedWithAFinding) {
  mesos::v1::executor::Call call = Update();
  call.set_type(mesos::v1::executor::Call::SUBSCRIBE);
  call.clear_update();
  AgentView view = Subscribed();
  view.executor_subscribed = false;
  CallVerdict strict = Check(call, view);
  EXPECT_EQ(strict.status, 400);
  EXPECT_EQ(strict.rule, "executor.subscribe-body");
  view.tolerate_missing_subscribe = true;
  CallVerdict tolerated = Check(call, view);
  EXPECT_EQ(tolerated.status, 200);
  EXPECT_EQ(tolerated.rule, "executor.subscribe-body");
  EXPECT_FALSE(tolerated.tolerated.empty());
}

TEST(CallCheck, AcceptDecidesTheStreamEncoding) {
  mesos::v1::executor::Call call = Update();
  call.set_type(mesos::v1::executor::Call::SUBSCRIBE);
  call.clear_update();
  call.mutable_subscribe();
  http::Request request = Json(call);
  request.headers.push_back({"Accept", "application/x-protobuf"});
  CallVerdict verdict = CheckExecutorCall(request, Subscribed());
  EXPECT_EQ(verdict.status, 200);
  EXPECT_EQ(verdict.response_encoding, Encoding::kProtobuf);
  request.headers.back().second = "text/html";
  EXPECT_EQ(CheckExecutorCall(request, Subscribed()).status, 406);
}

TEST(CallCheck, UnknownIdsThenNotSubscribedThenUnknownType) {
  mesos::v1::executor::Call call = Update();
  call.mutable_framework_id()->set_value("other");
  CallVerdict framework = Check(call);
  EXPECT_EQ(framework.status, 400);
  EXPECT_EQ(framework.reason, "Framework cannot be found");
  EXPECT_EQ(framework.rule, "executor.subscribe-ids");
  call = Update();
  call.mutable_executor_id()->set_value("other");
  call.mutable_update()->mutable_status()->clear_executor_id();
  EXPECT_EQ(Check(call).reason, "Executor cannot be found");
  AgentView view = Subscribed();
  view.executor_subscribed = false;
  EXPECT_EQ(Check(Update(), view).status, 403);
  call = Update();
  call.set_type(mesos::v1::executor::Call::UNKNOWN);
  EXPECT_EQ(Check(call).status, 501);
}

TEST(CallCheck, UpdatesWaitForRecoveryButSubscribeDoesNot) {
  AgentView view = Subscribed();
  view.recovering_executors = true;
  EXPECT_EQ(Check(Update(), view).status, 503);
  mesos::v1::executor::Call call = Update();
  call.set_type(mesos::v1::executor::Call::SUBSCRIBE);
  call.clear_update();
  call.mutable_subscribe();
  EXPECT_EQ(Check(call, view).status, 200);
}

}  // namespace
}  // namespace mc::agent
