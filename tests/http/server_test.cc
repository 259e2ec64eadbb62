// Plain requests and responses: framing, keep-alive, headers, limits, bad input.
#include "harness/http/server.h"

#include <string>

#include <boost/beast/http/field.hpp>

#include "gtest/gtest.h"
#include "tests/http/server_test_util.h"
#include "tests/http/test_client.h"

namespace mc::http::testing {
namespace {

namespace bhttp = boost::beast::http;
using namespace std::string_literals;

// Records every request and answers 202 with an empty body.
Handler RecordAndAccept(Recorder& recorder) {
  return [&recorder](const Request& request, Responder& responder) {
    recorder.Add(request);
    responder.Respond(202);
  };
}

TEST(RequestTest, HeaderLookupIsCaseInsensitiveAndJoinsRepeats) {
  Request request;
  request.headers = {{"Accept", "application/x-protobuf"},
                     {"Content-Type", "application/json"},
                     {"accept", "application/json"}};
  EXPECT_EQ(request.Header("ACCEPT"), "application/x-protobuf, application/json");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("Mesos-Stream-Id"), std::nullopt);
}

TEST(ServerTest, ListensOnAnEphemeralPort) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);
}

TEST(ServerTest, AnswersARequestWithContentLength) {
  Recorder recorder;
  auto server = StartServer([&](const Request& request, Responder& responder) {
    recorder.Add(request);
    responder.Respond(201, "hello", {{"X-Test", "1"}});
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Post("/api/v1/executor", R"({"type":"SUBSCRIBE"})")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 201);
  EXPECT_EQ(response->body(), "hello");
  EXPECT_EQ((*response)[bhttp::field::content_length], "5");
  EXPECT_EQ((*response)["X-Test"], "1");
  EXPECT_EQ(response->count(bhttp::field::content_type), 0u);
  EXPECT_EQ(response->count(bhttp::field::transfer_encoding), 0u);

  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/v1/executor");
  EXPECT_EQ(requests[0].body, R"({"type":"SUBSCRIBE"})");
  EXPECT_FALSE(requests[0].chunked);
  EXPECT_EQ(requests[0].Header("content-type"), "application/json");
}

TEST(ServerTest, EmptyResponseHasContentLengthZero) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(client.ReadUntil("\r\n\r\n"),
            "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
}

TEST(ServerTest, AnswersHeadWithHeadersOnly) {
  auto server = StartServer([](const Request& request, Responder& responder) {
    responder.Respond(200, request.method);
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write("HEAD /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(client.ReadUntil("\r\n\r\n"), "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(client.ReadUntil("\r\n\r\n"), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(client.ReadExactly(3), "GET");
}

TEST(ServerTest, DechunksAChunkedRequestBody) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(
      "POST /api/v1/scheduler HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, "hello world");
  EXPECT_TRUE(requests[0].chunked);
}

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient first(server->port());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(first.Send(Post("/a", "x")));
    auto response = first.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 202);
    EXPECT_TRUE(response->keep_alive());
  }
  TestClient second(server->port());
  ASSERT_TRUE(second.Send(Post("/b")));
  ASSERT_TRUE(second.ReadResponse());

  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].connection_id, requests[1].connection_id);
  EXPECT_NE(requests[0].connection_id, requests[2].connection_id);
}

TEST(ServerTest, AnswersPipelinedRequestsInOrder) {
  auto server = StartServer([](const Request& request, Responder& responder) {
    responder.Respond(200, request.target);
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write("POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
                           "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"));
  auto one = client.ReadResponse();
  auto two = client.ReadResponse();
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->body(), "/one");
  EXPECT_EQ(two->body(), "/two");
}

TEST(ServerTest, ClosesAfterAnswerWhenTheClientAsksForIt) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  BeastRequest request = Post("/a");
  request.keep_alive(false);
  ASSERT_TRUE(client.Send(request));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForCloseWithNothingRead());
}

TEST(ServerTest, ClosesAfterAnswerWhenTheHandlerAsksForIt) {
  auto server = StartServer([](const Request&, Responder& responder) {
    responder.Respond(503, "later", {{"Connection", "close"}});
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 503);
  EXPECT_TRUE(client.WaitForCloseWithNothingRead());
}

TEST(ServerTest, JoinsRepeatedHeaders) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(
      "POST /api/v1/executor HTTP/1.1\r\nHost: a\r\nAccept: application/x-protobuf\r\n"
      "accept: application/x-protobuf\r\nmesos-stream-id: abc\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(client.ReadResponse());
  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("Accept"), "application/x-protobuf, application/x-protobuf");
  EXPECT_EQ(requests[0].Header("Mesos-Stream-Id"), "abc");
}

TEST(ServerTest, SendsContinueWhenAsked) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(
      "POST /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  EXPECT_EQ(client.ReadUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Write("abc"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  ASSERT_EQ(recorder.requests().size(), 1u);
  EXPECT_EQ(recorder.requests()[0].body, "abc");
}

TEST(ServerTest, BodyOverTheLimitGets413AndClose) {
  Recorder recorder;
  ServerOptions options;
  options.max_body_size = 1000;
  auto server = StartServer(RecordAndAccept(recorder), options);
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n"));
  client.Write(std::string(5000, 'x'));  // may fail: the server does not want it
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_TRUE(recorder.requests().empty());
}

TEST(ServerTest, ChunkedBodyOverTheLimitGets413AndClose) {
  Recorder recorder;
  ServerOptions options;
  options.max_body_size = 1000;
  auto server = StartServer(RecordAndAccept(recorder), options);
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  std::string chunk = "258\r\n" + std::string(600, 'x') + "\r\n";  // 0x258 = 600
  ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" +
                           chunk + chunk));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_TRUE(recorder.requests().empty());
}

TEST(ServerTest, HandlerThatDoesNotAnswerGives500) {
  auto server = StartServer([](const Request&, Responder&) {});
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 500);
}

TEST(ServerTest, HandlerThatThrowsGives500AndTheServerGoesOn) {
  auto server = StartServer([](const Request& request, Responder& responder) {
    if (request.target == "/throw") throw std::runtime_error("boom");
    responder.Respond(200, "fine");
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/throw")));
  auto thrown = client.ReadResponse();
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->result_int(), 500);
  ASSERT_TRUE(client.Send(Post("/fine")));
  auto fine = client.ReadResponse();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body(), "fine");
}

TEST(ServerTest, OnlyTheFirstAnswerCounts) {
  auto server = StartServer([](const Request&, Responder& responder) {
    responder.Respond(202);
    responder.Respond(400, "ignored");
    EXPECT_TRUE(responder.StartStream({})->closed());
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  ASSERT_TRUE(client.Send(Post("/a")));
  EXPECT_TRUE(client.ReadResponse());
}

TEST(ServerTest, GarbageGets400AndCloseAndTheServerGoesOn) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  {
    TestClient client(server->port());
    ASSERT_TRUE(client.Write("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 junk\r\n\r\n"s));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 400);
    EXPECT_TRUE(client.WaitForClose());
  }
  {
    TestClient client(server->port());
    ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 400);
    EXPECT_TRUE(client.WaitForClose());
  }
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  EXPECT_EQ(recorder.requests().size(), 1u);
}

TEST(ServerTest, OversizedHeaderGets431AndClose) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(20000, 'b') +
                           "\r\nContent-Length: 0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_TRUE(recorder.requests().empty());
}

TEST(ServerTest, ClientVanishingMidRequestIsHarmless) {
  Recorder recorder;
  auto server = StartServer(RecordAndAccept(recorder));
  ASSERT_NE(server, nullptr);
  {
    TestClient client(server->port());
    ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc"));
  }
  {
    TestClient client(server->port());
    ASSERT_TRUE(client.Write("POST /a HTTP/1.1\r\nHo"));
  }
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  EXPECT_TRUE(client.ReadResponse());
  EXPECT_EQ(recorder.requests().size(), 1u);
}

TEST(ServerTest, DropsAnIdleClientAfterTheReadTimeout) {
  Recorder recorder;
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  auto server = StartServer(RecordAndAccept(recorder), options);
  ASSERT_NE(server, nullptr);
  TestClient idle(server->port());
  TestClient slow(server->port());
  ASSERT_TRUE(slow.Write("POST /a HTTP/1.1\r\nHost: a\r\n"));
  TestClient between(server->port());
  ASSERT_TRUE(between.Send(Post("/a")));
  ASSERT_TRUE(between.ReadResponse());
  EXPECT_TRUE(idle.WaitForCloseWithNothingRead());
  EXPECT_TRUE(slow.WaitForCloseWithNothingRead());
  EXPECT_TRUE(between.WaitForCloseWithNothingRead());
}

}  // namespace
}  // namespace mc::http::testing
