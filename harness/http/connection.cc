#include "harness/http/connection.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <sstream>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "absl/strings/str_cat.h"
#include "harness/http/server_core.h"
#include "harness/http/stream_impl.h"

namespace mc::http::internal {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

// Bytes a peer may send while its stream is open (kept for its next request).
constexpr size_t kMaxInputWhileStreaming = 64 * 1024;
constexpr size_t kWatchReadSize = 4096;
constexpr std::chrono::milliseconds kMaxLinger{1000};

using Response = bhttp::response<bhttp::empty_body>;

// The handler's side of one request: the first answer wins, later ones are ignored.
class OneShotResponder final : public Responder {
 public:
  explicit OneShotResponder(Connection& connection) : connection_(connection) {}

  void Respond(int status, std::string body, Headers headers) override {
    if (answered_) return;
    answered_ = true;
    connection_.Respond(status, std::move(body), headers);
  }

  std::shared_ptr<Stream> StartStream(Headers headers) override {
    if (answered_) return connection_.ClosedStream();
    answered_ = true;
    return connection_.StartStream(headers);
  }

  bool answered() const { return answered_; }

 private:
  Connection& connection_;
  bool answered_ = false;
};

void AddHeaders(Response& response, const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding")) {
      continue;
    }
    response.insert(name, value);
  }
}

std::string Serialize(const Response& response) {
  std::ostringstream out;
  out << response.base();
  return out.str();
}

bool IsHttpParseError(beast::error_code ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

}  // namespace

Connection::Connection(net::ip::tcp::socket socket, uint64_t id, std::shared_ptr<ServerCore> core)
    : socket_(std::move(socket)), id_(id), core_(std::move(core)), timer_(socket_.get_executor()) {}

void Connection::Start() {
  core_->connections[id_] = weak_from_this();
  beast::error_code ec;
  socket_.set_option(net::ip::tcp::no_delay(true), ec);
  DoRead();
}

void Connection::Close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  DisarmTimer();
  beast::error_code ec;
  socket_.close(ec);
  core_->connections.erase(id_);
  EndStreamHandle(!core_->stopping);
}

// --- Reading requests -------------------------------------------------------

void Connection::DoRead() {
  state_ = State::kReading;
  ArmTimer(core_->options.read_timeout);
  parser_.emplace();
  parser_->body_limit(core_->options.max_body_size);
  bhttp::async_read_header(socket_, input_, *parser_,
                           beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
}

void Connection::OnHeader(beast::error_code ec, size_t) {
  if (state_ == State::kClosed) return;
  if (ec) return OnReadError(ec);
  const auto& message = parser_->get();
  if (parser_->is_done()) return Dispatch();
  if (message.version() >= 11 &&
      beast::iequals(message[bhttp::field::expect], "100-continue")) {
    Send("HTTP/1.1 100 Continue\r\n\r\n");
  }
  bhttp::async_read(socket_, input_, *parser_,
                    beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
}

void Connection::OnBody(beast::error_code ec, size_t) {
  if (state_ == State::kClosed) return;
  if (ec) return OnReadError(ec);
  Dispatch();
}

void Connection::OnReadError(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) return Reject(413);
  if (ec == bhttp::error::header_limit) return Reject(431);
  if (IsHttpParseError(ec)) return Reject(400);
  Close();  // the peer went away, or the read timed out
}

void Connection::Dispatch() {
  auto& message = parser_->get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.chunked = message.chunked();
  request.body = std::move(message.body());
  request.connection_id = id_;
  keep_alive_ = message.keep_alive();
  version_ = message.version() >= 11 ? 11 : 10;
  head_ = message.method() == bhttp::verb::head;
  parser_.reset();

  state_ = State::kHandling;
  DisarmTimer();
  OneShotResponder responder(*this);
  try {
    core_->handler(request, responder);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mc::http: handler for %s %s threw: %s\n", request.method.c_str(),
                 request.target.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "mc::http: handler for %s %s threw\n", request.method.c_str(),
                 request.target.c_str());
  }
  if (!responder.answered()) responder.Respond(500, "The handler did not respond\n", {});
}

void Connection::Reject(int status) {
  keep_alive_ = false;
  version_ = 11;
  head_ = false;
  QueueResponse(status, "", {});
}

// --- Answers ----------------------------------------------------------------

void Connection::Respond(int status, std::string body, const Headers& headers) {
  if (state_ != State::kHandling) return;
  QueueResponse(status, std::move(body), headers);
}

void Connection::QueueResponse(int status, std::string body, const Headers& headers) {
  if (status < 100 || status > 999) status = 500;
  Response response{static_cast<bhttp::status>(status), 11};
  AddHeaders(response, headers);
  keep_alive_ = keep_alive_ && response.keep_alive();  // as HTTP/1.1: only "close" says no
  response.version(version_);
  response.keep_alive(keep_alive_);
  if (status < 200 || status == 204 || status == 304) {
    body.clear();
  } else {
    response.content_length(body.size());
  }
  state_ = State::kResponding;
  ArmTimer(core_->options.read_timeout);
  Send(head_ ? Serialize(response) : Serialize(response) + body);
  // A pipelining client's next request is read while this answer goes out,
  // so answers queued together leave in one write.
  if (keep_alive_ && state_ == State::kResponding) DoRead();
}

std::shared_ptr<Stream> Connection::StartStream(const Headers& headers) {
  if (state_ != State::kHandling) return ClosedStream();
  auto stream = std::make_shared<StreamImpl>(weak_from_this(), id_, core_);
  Response response{bhttp::status::ok, 11};
  AddHeaders(response, headers);
  keep_alive_ = keep_alive_ && response.keep_alive();
  response.keep_alive(keep_alive_);
  response.chunked(true);
  state_ = State::kStreaming;
  stream_ = stream;
  Send(Serialize(response));
  DoWatch();
  return stream;
}

std::shared_ptr<Stream> Connection::ClosedStream() {
  auto stream = std::make_shared<StreamImpl>(std::weak_ptr<Connection>(), id_, core_);
  stream->MarkClosed(/*notify=*/true);
  return stream;
}

void Connection::WriteChunk(std::string chunk) {
  if (state_ != State::kStreaming || chunk.empty()) return;
  if (output_bytes_ >= core_->options.max_queued_bytes) return Close();  // the peer stopped reading
  Send(absl::StrCat(absl::Hex(chunk.size()), "\r\n", chunk, "\r\n"));
}

void Connection::EndStream(bool abort) {
  if (state_ != State::kStreaming) return;
  if (abort) return Close();
  state_ = State::kEndingStream;
  EndStreamHandle(/*notify=*/true);
  Send("0\r\n\r\n");
}

void Connection::EndStreamHandle(bool notify) {
  if (!stream_) return;
  stream_->MarkClosed(notify);
  stream_.reset();
}

// --- Writing ----------------------------------------------------------------

void Connection::Send(std::string bytes) {
  if (state_ == State::kClosed) return;
  output_bytes_ += bytes.size();
  output_.push_back(std::move(bytes));
  if (!writing_) DoWrite();
}

void Connection::DoWrite() {
  writing_ = true;
  // Everything queued goes out in one gathered write: under load, one syscall
  // for many chunks.
  constexpr size_t kMaxGathered = 64;
  gathered_.clear();
  for (size_t i = 0; i < output_.size() && i < kMaxGathered; ++i) {
    gathered_.push_back(net::buffer(output_[i]));
  }
  net::async_write(socket_, gathered_,
                   beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
}

void Connection::OnWrite(beast::error_code ec, size_t) {
  writing_ = false;
  if (state_ == State::kClosed) {
    output_.clear();
    output_bytes_ = 0;
    return;
  }
  if (ec) return Close();
  for (size_t i = 0; i < gathered_.size(); ++i) output_bytes_ -= output_[i].size();
  output_.erase(output_.begin(), output_.begin() + static_cast<std::ptrdiff_t>(gathered_.size()));
  if (!output_.empty()) return DoWrite();
  OnWritesDone();
}

void Connection::OnWritesDone() {
  switch (state_) {
    case State::kResponding:
      if (keep_alive_) return DoRead();
      return Linger();
    case State::kEndingStream:
      if (keep_alive_) {
        state_ = State::kAfterStream;
        beast::error_code ec;
        socket_.cancel(ec);  // ends the watch read; OnWatch goes on with DoRead
        return;
      }
      return Linger();
    default:
      return;  // a "100 Continue" went out, or a stream's queue drained
  }
}

// --- Watching the peer ------------------------------------------------------

void Connection::DoWatch() {
  watching_ = true;
  socket_.async_read_some(input_.prepare(kWatchReadSize),
                          beast::bind_front_handler(&Connection::OnWatch, shared_from_this()));
}

void Connection::OnWatch(beast::error_code ec, size_t bytes) {
  watching_ = false;
  input_.commit(bytes);
  switch (state_) {
    case State::kStreaming:
    case State::kEndingStream:
      if (ec || input_.size() > kMaxInputWhileStreaming) return Close();
      return DoWatch();
    case State::kAfterStream:
      if (ec && ec != net::error::operation_aborted) return Close();
      return DoRead();
    case State::kLingering:
      if (ec) return Close();
      input_.consume(input_.size());
      return DoWatch();
    default:
      return;
  }
}

void Connection::Linger() {
  state_ = State::kLingering;
  beast::error_code ec;
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ec);
  ArmTimer(std::min<std::chrono::steady_clock::duration>(core_->options.read_timeout, kMaxLinger));
  if (!watching_) {
    input_.consume(input_.size());
    DoWatch();
  }
}

// --- Timer ------------------------------------------------------------------

void Connection::ArmTimer(std::chrono::steady_clock::duration timeout) {
  timer_.expires_after(timeout);
  timer_.async_wait([self = shared_from_this(), generation = ++timer_generation_](
                        beast::error_code ec) {
    if (ec || generation != self->timer_generation_) return;
    self->Close();
  });
}

void Connection::DisarmTimer() {
  ++timer_generation_;
  timer_.cancel();
}

}  // namespace mc::http::internal
