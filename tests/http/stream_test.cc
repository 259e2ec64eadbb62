// Streamed responses: headers at once, one HTTP chunk per Write, the ends.
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "harness/http/server.h"
#include "tests/http/server_test_util.h"
#include "tests/http/test_client.h"

namespace mc::http::testing {
namespace {

constexpr char kStreamRequest[] = "POST /stream HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";
constexpr char kStreamHeader[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

// Streams on /stream, answers 202 elsewhere.
Handler StreamOrAccept(StreamSlot& slot, Recorder& recorder) {
  return [&slot, &recorder](const Request& request, Responder& responder) {
    recorder.Add(request);
    if (request.target == "/stream") {
      slot.Start(responder);
    } else {
      responder.Respond(202);
    }
  };
}

TEST(StreamTest, HeadersGoOutAtOnceAndEachWriteIsOneChunk) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));

  auto header = client.ReadUntil("\r\n\r\n");
  ASSERT_TRUE(header);
  EXPECT_NE(header->find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_EQ(header->find("Content-Length"), std::string::npos);
  EXPECT_EQ(*header, kStreamHeader);

  ASSERT_TRUE(RunOnServer(*server, [&] {
    slot.stream->Write("a");
    slot.stream->Write("");  // ignored: it would end the body
    slot.stream->Write("hello");
    slot.stream->Write(std::string(16, 'x'));
  }));
  std::string three_chunks = "1\r\na\r\n5\r\nhello\r\n10\r\nxxxxxxxxxxxxxxxx\r\n";
  EXPECT_EQ(client.ReadExactly(three_chunks.size()), three_chunks);

  ASSERT_TRUE(RunOnServer(*server, [&] {
    slot.stream->Close();
    EXPECT_TRUE(slot.stream->closed());
    slot.stream->Write("after close");  // dropped
  }));
  EXPECT_EQ(client.ReadExactly(5), "0\r\n\r\n");
  auto closed = slot.closed.get_future();
  EXPECT_TRUE(Ready(closed));

  // The request allowed keep-alive, so the connection serves the next one.
  ASSERT_TRUE(client.Send(Post("/after")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].connection_id, requests[1].connection_id);
}

TEST(StreamTest, KeepsWhatThePeerSendsDuringTheStreamForItsNextRequest) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  ASSERT_TRUE(client.Send(Post("/next", "body")));
  ASSERT_TRUE(RunOnServer(*server, [&] { slot.stream->Close(); }));
  EXPECT_EQ(client.ReadExactly(5), "0\r\n\r\n");
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
  auto requests = recorder.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, "/next");
  EXPECT_EQ(requests[1].body, "body");
}

TEST(StreamTest, ClosesAfterTheStreamWhenTheClientAskedForClose) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(
      "POST /stream HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
  auto header = client.ReadUntil("\r\n\r\n");
  ASSERT_TRUE(header);
  EXPECT_NE(header->find("\r\nConnection: close\r\n"), std::string::npos);
  ASSERT_TRUE(RunOnServer(*server, [&] {
    slot.stream->Write("{}");
    slot.stream->Close();
  }));
  EXPECT_EQ(client.ReadExactly(12), "2\r\n{}\r\n0\r\n\r\n");
  EXPECT_TRUE(client.WaitForCloseWithNothingRead());
}

TEST(StreamTest, PeerClosingEndsTheStream) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  client.Close();

  auto closed = slot.closed.get_future();
  ASSERT_TRUE(Ready(closed));
  ASSERT_TRUE(RunOnServer(*server, [&] {
    EXPECT_TRUE(slot.stream->closed());
    slot.stream->Write("nobody listens");
    slot.stream->Close();
  }));
}

TEST(StreamTest, AbortDropsTheConnectionWithoutTheLastChunk) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  ASSERT_TRUE(RunOnServer(*server, [&] { slot.stream->Close(/*abort=*/true); }));
  EXPECT_TRUE(client.WaitForCloseWithNothingRead());
  auto closed = slot.closed.get_future();
  EXPECT_TRUE(Ready(closed));
}

TEST(StreamTest, OnClosedRegisteredLateStillRuns) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  std::promise<void> late;
  ASSERT_TRUE(RunOnServer(*server, [&] {
    slot.stream->Close();
    slot.stream->OnClosed([&late] { late.set_value(); });
  }));
  auto ran = late.get_future();
  EXPECT_TRUE(Ready(ran));
}

TEST(StreamTest, AnOpenStreamIsNotSubjectToTheReadTimeout) {
  StreamSlot slot;
  Recorder recorder;
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  auto server = StartServer(StreamOrAccept(slot, recorder), options);
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  server->PostAfter(std::chrono::milliseconds(700), [&] { slot.stream->Write("late"); });
  EXPECT_EQ(client.ReadExactly(9), "4\r\nlate\r\n");
}

TEST(StreamTest, APeerThatStopsReadingIsCutOff) {
  StreamSlot slot;
  Recorder recorder;
  Server* running = nullptr;
  // Writes 256 KiB every millisecond until the stream is cut.
  std::function<void()> pump = [&] {
    if (slot.stream->closed()) return;
    slot.stream->Write(std::string(256 * 1024, 'x'));
    running->PostAfter(std::chrono::milliseconds(1), pump);
  };
  ServerOptions options;
  options.max_queued_bytes = 8 * 256 * 1024;
  auto server = StartServer(StreamOrAccept(slot, recorder), options);
  ASSERT_NE(server, nullptr);
  running = server.get();
  TestClient client(server->port(), /*receive_buffer=*/4096);
  ASSERT_TRUE(client.Write(kStreamRequest));
  auto started = slot.started.get_future();
  ASSERT_TRUE(Ready(started));
  server->Post(pump);

  auto closed = slot.closed.get_future();
  ASSERT_TRUE(Ready(closed));
  EXPECT_TRUE(client.WaitForClose());
}

TEST(StreamTest, AHeldStreamOutlivesTheServer) {
  StreamSlot slot;
  Recorder recorder;
  auto server = StartServer(StreamOrAccept(slot, recorder));
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Write(kStreamRequest));
  auto started = slot.started.get_future();
  ASSERT_TRUE(Ready(started));
  server.reset();
  EXPECT_TRUE(slot.stream->closed());
  slot.stream->Write("after the server");
  slot.stream->Close();
  EXPECT_TRUE(client.WaitForClose());
}

}  // namespace
}  // namespace mc::http::testing
