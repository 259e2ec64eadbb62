// A small HTTP/1.1 server on Boost.Beast for the mock agent and mock master:
// 127.0.0.1, an ephemeral port, keep-alive, chunked request bodies, and
// long-lived streamed responses (one HTTP chunk per write, no Content-Length).
//
// Threading: the server runs its own io_context on one thread. Handlers and
// Stream methods run on that thread; Post() runs work there from elsewhere.
// Everything a mock does with its state happens on that thread, so mock state
// needs no locks. Work that throws there (a handler, posted work, a callback)
// is reported on stderr and the server goes on; a handler that throws before
// answering gets a 500.
//
// Connections: HTTP/1.1 keep-alive (several requests per connection, answered
// in order), "Expect: 100-continue" honoured. Bad input (unparsable requests,
// headers over Beast's 8 KiB limit, bodies over max_body_size) gets a 400, 431
// or 413 with "Connection: close"; a peer that vanishes or stalls is dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mc::http {

struct Request {
  std::string method;   // "POST"
  std::string target;   // "/api/v1/executor"
  // Header lookup is case-insensitive; repeated headers are joined with ", "
  // (mesos-go sends Accept twice).
  std::optional<std::string> Header(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;     // de-chunked
  bool chunked = false; // the request came with Transfer-Encoding: chunked
  uint64_t connection_id = 0;  // same value for requests on one connection
};

// A streamed response: headers go out at once (status 200, the given headers,
// Transfer-Encoding: chunked, no Content-Length); each Write is one HTTP chunk.
// Methods must be called on the server thread. Safe to hold after the peer is
// gone (or the Server destroyed): writes then fail quietly and closed() is true.
// The peer should send nothing while its stream is open; what it sends anyway
// is kept as the start of its next request, and more than 64 KiB of it closes
// the connection.
class Stream {
 public:
  virtual ~Stream() = default;
  // Queues `chunk` as one HTTP chunk; chunks go out in order. Empty chunks are
  // ignored. If max_queued_bytes are already waiting (the peer stopped
  // reading), the connection is closed instead.
  virtual void Write(std::string chunk) = 0;
  // Ends the response with the terminating chunk, after the queued chunks; the
  // connection then serves further requests if the request allowed keep-alive,
  // else it is closed. With abort, drops the connection at once (queued chunks
  // are lost). Either way closed() is true on return.
  virtual void Close(bool abort = false) = 0;
  // True once the stream has ended: Close, the peer closing or failing, a slow
  // peer, DropAllConnections, or server shutdown.
  virtual bool closed() const = 0;
  // `callback` runs once, posted to the server thread (never inside a Stream or
  // Server call), when the stream ends for any reason, including Close; at once
  // (posted) if it has already ended. A second call replaces a pending callback.
  // Not run when the stream ends because the Server is being destroyed.
  virtual void OnClosed(std::function<void()> callback) = 0;
  virtual uint64_t connection_id() const = 0;
};

// What a handler answers: either a plain response or a stream. Answer before
// the handler returns: the Responder is gone afterwards (a handler that has not
// answered gets a 500). Only the first answer counts; a later StartStream
// returns an already closed Stream.
class Responder {
 public:
  virtual ~Responder() = default;
  // A complete response with Content-Length (none, and no body, for 1xx, 204
  // and 304). `headers` are sent as given (no Content-Type is added); given
  // Content-Length or Transfer-Encoding headers are ignored. The connection is
  // closed afterwards if the request or `headers` say "Connection: close".
  // A status outside 100-999 becomes 500. A HEAD request gets the headers only.
  virtual void Respond(int status, std::string body = "",
                       std::vector<std::pair<std::string, std::string>> headers = {}) = 0;
  // Starts a stream (see Stream); its headers are written at once.
  virtual std::shared_ptr<Stream> StartStream(
      std::vector<std::pair<std::string, std::string>> headers) = 0;
};

using Handler = std::function<void(const Request&, Responder&)>;

struct ServerOptions {
  uint64_t max_body_size = 16u << 20;            // larger bodies get 413
  // Idle or slow peers are dropped: the time allowed to send a whole request
  // (from the end of the previous answer) and to take a plain response. An open
  // stream has no timeout.
  std::chrono::milliseconds read_timeout{30000};
  // A stream whose peer stops reading is cut once this much waits to be sent.
  size_t max_queued_bytes = 64 << 20;
};

class Server {
 public:
  // Binds 127.0.0.1:0 and starts the server thread. Every request goes to `handler`.
  static absl::StatusOr<std::unique_ptr<Server>> Start(Handler handler,
                                                       ServerOptions options = {});
  // Stops accepting, closes every connection, joins the thread; work still
  // queued (Post, PostAfter, OnClosed callbacks) is dropped, not run. Must not
  // run on the server thread (that aborts); no other thread may call into the
  // Server once destruction has begun.
  virtual ~Server() = default;
  // What the destructor does, while the Server is still there: handlers still
  // running may call into it. Idempotent; the same rules as the destructor.
  virtual void Stop() = 0;
  virtual uint16_t port() const = 0;
  // Runs `work` on the server thread (thread-safe; no-op after shutdown).
  virtual void Post(std::function<void()> work) = 0;
  // Runs `work` on the server thread after `delay` (thread-safe); the returned
  // id cancels it.
  virtual uint64_t PostAfter(std::chrono::milliseconds delay, std::function<void()> work) = 0;
  // Thread-safe; a no-op if the work has already run. On the server thread it
  // takes effect at once, even if the timer has just expired.
  virtual void Cancel(uint64_t timer_id) = 0;
  // Closes every open connection (streams included), keeps listening. Runs at
  // once when called on the server thread, else is posted there.
  virtual void DropAllConnections() = 0;
};

}  // namespace mc::http
