// Running work on a server's thread from another thread and waiting for it,
// bounded: how the mocks' public methods reach state that lives on that thread.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>

#include "harness/http/server.h"

namespace mc::http {

inline constexpr std::chrono::seconds kAskDeadline{10};

// Runs `query` on the server thread and returns its result, or `fallback` if
// the thread did not get to it in time. The query may then still run later, so
// it must own what it touches (capture by value, never the caller's locals).
template <typename T>
T Ask(Server& server, std::function<T()> query, T fallback, const char* who) {
  auto answer = std::make_shared<std::promise<T>>();
  auto future = answer->get_future();
  server.Post([query = std::move(query), answer] { answer->set_value(query()); });
  if (future.wait_for(kAskDeadline) != std::future_status::ready) {
    std::fprintf(stderr, "mesos-conformance: the %s did not answer in time\n", who);
    return fallback;
  }
  return future.get();
}

// Runs `work` on the server thread and waits for it; false on a timeout.
inline bool Run(Server& server, std::function<void()> work, const char* who) {
  return Ask<bool>(
      server,
      [work = std::move(work)] {
        work();
        return true;
      },
      false, who);
}

}  // namespace mc::http
