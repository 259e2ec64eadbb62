// The server thread, timers, dropping connections and shutting down.
#include <atomic>
#include <functional>
#include <future>
#include <thread>

#include "gtest/gtest.h"
#include "harness/http/server.h"
#include "tests/http/server_test_util.h"
#include "tests/http/test_client.h"

namespace mc::http::testing {
namespace {

constexpr char kStreamRequest[] = "POST /stream HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";

TEST(LifecycleTest, HandlersAndPostedWorkRunOnTheServerThread) {
  std::promise<std::thread::id> in_handler;
  auto server = StartServer([&](const Request&, Responder& responder) {
    in_handler.set_value(std::this_thread::get_id());
    responder.Respond(202);
  });
  ASSERT_NE(server, nullptr);
  TestClient client(server->port());
  ASSERT_TRUE(client.Send(Post("/a")));
  ASSERT_TRUE(client.ReadResponse());

  std::promise<std::thread::id> in_post;
  server->Post([&] { in_post.set_value(std::this_thread::get_id()); });
  std::promise<std::thread::id> in_timer;
  server->PostAfter(std::chrono::milliseconds(20),
                    [&] { in_timer.set_value(std::this_thread::get_id()); });

  auto handler_thread = in_handler.get_future();
  auto post_thread = in_post.get_future();
  auto timer_thread = in_timer.get_future();
  ASSERT_TRUE(Ready(handler_thread) && Ready(post_thread) && Ready(timer_thread));
  std::thread::id server_thread = handler_thread.get();
  EXPECT_NE(server_thread, std::this_thread::get_id());
  EXPECT_EQ(post_thread.get(), server_thread);
  EXPECT_EQ(timer_thread.get(), server_thread);
}

TEST(LifecycleTest, CancelStopsATimer) {
  auto server = StartServer([](const Request&, Responder& responder) { responder.Respond(202); });
  ASSERT_NE(server, nullptr);
  std::atomic<bool> fired{false};
  uint64_t id = server->PostAfter(std::chrono::milliseconds(50), [&] { fired = true; });
  server->Cancel(id);
  std::promise<void> later;
  server->PostAfter(std::chrono::milliseconds(150), [&] { later.set_value(); });
  auto done = later.get_future();
  ASSERT_TRUE(Ready(done));
  EXPECT_FALSE(fired);
}

TEST(LifecycleTest, CancelOnTheServerThreadWinsOverAnExpiredTimer) {
  auto server = StartServer([](const Request&, Responder& responder) { responder.Respond(202); });
  ASSERT_NE(server, nullptr);
  std::atomic<bool> fired{false};
  std::promise<void> later;
  ASSERT_TRUE(RunOnServer(*server, [&] {
    uint64_t id = server->PostAfter(std::chrono::milliseconds(0), [&] { fired = true; });
    server->Cancel(id);
    server->PostAfter(std::chrono::milliseconds(20), [&] { later.set_value(); });
  }));
  auto done = later.get_future();
  ASSERT_TRUE(Ready(done));
  EXPECT_FALSE(fired);
}

TEST(LifecycleTest, DropAllConnectionsClosesStreamsAndKeepsListening) {
  StreamSlot slot;
  auto server = StartServer([&](const Request& request, Responder& responder) {
    if (request.target == "/stream") {
      slot.Start(responder);
    } else {
      responder.Respond(202);
    }
  });
  ASSERT_NE(server, nullptr);
  TestClient streaming(server->port());
  ASSERT_TRUE(streaming.Write(kStreamRequest));
  ASSERT_TRUE(streaming.ReadUntil("\r\n\r\n"));
  TestClient idle(server->port());
  ASSERT_TRUE(idle.Send(Post("/a")));
  ASSERT_TRUE(idle.ReadResponse());

  server->DropAllConnections();
  EXPECT_TRUE(streaming.WaitForCloseWithNothingRead());
  EXPECT_TRUE(idle.WaitForCloseWithNothingRead());
  auto closed = slot.closed.get_future();
  EXPECT_TRUE(Ready(closed));

  TestClient fresh(server->port());
  ASSERT_TRUE(fresh.Send(Post("/a")));
  auto response = fresh.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 202);
}

TEST(LifecycleTest, DestructionDoesNotWaitForPeersOrWork) {
  StreamSlot slot;
  Server* running = nullptr;
  std::function<void()> spin = [&] { running->Post(spin); };
  auto server = StartServer([&](const Request& request, Responder& responder) {
    if (request.target == "/stream") {
      slot.Start(responder);
    } else {
      responder.Respond(202);
    }
  });
  ASSERT_NE(server, nullptr);
  running = server.get();

  TestClient streaming(server->port());
  ASSERT_TRUE(streaming.Write(kStreamRequest));
  ASSERT_TRUE(streaming.ReadUntil("\r\n\r\n"));
  TestClient idle(server->port());
  ASSERT_TRUE(idle.Send(Post("/a")));
  ASSERT_TRUE(idle.ReadResponse());
  TestClient half(server->port());
  ASSERT_TRUE(half.Write("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"));
  std::atomic<bool> fired{false};
  server->PostAfter(std::chrono::hours(1), [&] { fired = true; });
  server->Post(spin);

  server.reset();  // a hang here is caught by the ctest timeout
  EXPECT_TRUE(streaming.WaitForClose());
  EXPECT_TRUE(idle.WaitForClose());
  EXPECT_TRUE(half.WaitForClose());
  EXPECT_FALSE(fired);
}

}  // namespace
}  // namespace mc::http::testing
