// Internal to mc_http: one accepted TCP connection, from the first request to
// the close. Reads a request, hands it to the handler, writes the answer (a
// plain response or a stream), then reads the next one while keep-alive holds.
// Lives on the server thread; kept alive by its pending asynchronous operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "harness/http/server.h"

namespace mc::http::internal {

struct ServerCore;
class StreamImpl;

using Headers = std::vector<std::pair<std::string, std::string>>;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, uint64_t id, std::shared_ptr<ServerCore> core);

  // Registers with the server and reads the first request.
  void Start();
  // Closes the socket now; an open stream ends. Idempotent.
  void Close();

  // Used by the handler's Responder, only while the handler runs.
  void Respond(int status, std::string body, const Headers& headers);
  std::shared_ptr<Stream> StartStream(const Headers& headers);
  std::shared_ptr<Stream> ClosedStream();

  // Used by StreamImpl while the stream is open.
  void WriteChunk(std::string chunk);
  void EndStream(bool abort);

 private:
  enum class State {
    kReading,       // waiting for (the rest of) a request
    kHandling,      // the handler runs
    kResponding,    // a plain response is being written
    kStreaming,     // a stream is open
    kEndingStream,  // the terminating chunk is being written
    kAfterStream,   // waiting for the peer-watch read to stop, then kReading
    kLingering,     // our side is shut down; draining input until the peer closes
    kClosed,
  };

  void DoRead();
  void OnHeader(boost::beast::error_code ec, size_t bytes);
  void OnBody(boost::beast::error_code ec, size_t bytes);
  void OnReadError(boost::beast::error_code ec);
  void Dispatch();
  void Reject(int status);
  void QueueResponse(int status, std::string body, const Headers& headers);

  void Send(std::string bytes);
  void DoWrite();
  void OnWrite(boost::beast::error_code ec, size_t bytes);
  void OnWritesDone();

  // A read kept pending while streaming or lingering, to see the peer close.
  void DoWatch();
  void OnWatch(boost::beast::error_code ec, size_t bytes);
  void Linger();

  void ArmTimer(std::chrono::steady_clock::duration timeout);
  void DisarmTimer();
  void EndStreamHandle(bool notify);

  boost::asio::ip::tcp::socket socket_;
  const uint64_t id_;
  const std::shared_ptr<ServerCore> core_;
  State state_ = State::kReading;
  boost::asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;

  boost::beast::flat_buffer input_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  bool watching_ = false;
  bool keep_alive_ = false;  // of the request being answered
  unsigned version_ = 11;    // of the request being answered: 10 or 11
  bool head_ = false;        // the request is a HEAD: the answer has no body

  std::deque<std::string> output_;  // the front ones are being written while writing_
  std::vector<boost::asio::const_buffer> gathered_;  // what the write in flight covers
  size_t output_bytes_ = 0;                            // the sizes in output_
  bool writing_ = false;

  std::shared_ptr<StreamImpl> stream_;  // while kStreaming
};

}  // namespace mc::http::internal
