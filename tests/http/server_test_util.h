// Helpers shared by the mc_http server tests.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "harness/http/server.h"
#include "tests/http/test_client.h"

namespace mc::http::testing {

inline std::unique_ptr<Server> StartServer(Handler handler, ServerOptions options = {}) {
  auto server = Server::Start(std::move(handler), options);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? std::move(*server) : nullptr;
}

template <class T>
bool Ready(std::future<T>& future) {
  return future.wait_for(kDeadline) == std::future_status::ready;
}

// Runs `work` on the server thread and waits for it to finish.
inline bool RunOnServer(Server& server, std::function<void()> work) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  server.Post([work = std::move(work), done] {
    work();
    done->set_value();
  });
  return Ready(finished);
}

// What the handler saw, readable from the test thread.
class Recorder {
 public:
  void Add(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }
  std::vector<Request> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
};

// The handler side of one stream; touched on the server thread only, except
// for the futures.
struct StreamSlot {
  std::shared_ptr<Stream> stream;
  std::promise<void> started;
  std::promise<void> closed;

  void Start(Responder& responder,
             std::vector<std::pair<std::string, std::string>> headers = {
                 {"Content-Type", "application/json"}}) {
    stream = responder.StartStream(std::move(headers));
    stream->OnClosed([this] { closed.set_value(); });
    started.set_value();
  }
};

}  // namespace mc::http::testing
