// Internal to mc_http: what the server and its connections share.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "harness/http/server.h"

namespace mc::http::internal {

class Connection;

struct ServerCore {
  ServerCore(Handler handler, ServerOptions options,
             boost::asio::io_context::executor_type executor)
      : handler(std::move(handler)), options(options), executor(executor) {}

  const Handler handler;
  const ServerOptions options;
  const boost::asio::io_context::executor_type executor;
  // Set when the Server starts shutting down; read from any thread.
  std::atomic<bool> stopping{false};
  // Open connections by id; touched on the server thread only.
  std::map<uint64_t, std::weak_ptr<Connection>> connections;
};

}  // namespace mc::http::internal
