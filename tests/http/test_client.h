// A small synchronous HTTP client for the server tests: raw bytes where the
// exact wire format matters, Beast messages elsewhere. Every call gives up at
// a deadline instead of blocking.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace mc::http::testing {

inline constexpr std::chrono::seconds kDeadline{10};

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

class TestClient {
 public:
  // Connects to 127.0.0.1:port; connected() tells whether that worked.
  explicit TestClient(uint16_t port, std::optional<int> receive_buffer = std::nullopt);
  bool connected() const { return connected_; }

  bool Write(std::string_view bytes);
  bool Send(BeastRequest request);
  std::optional<BeastResponse> ReadResponse();

  // Raw reads: up to and including `needle`, or exactly `size` bytes.
  std::optional<std::string> ReadUntil(std::string_view needle);
  std::optional<std::string> ReadExactly(size_t size);
  // True if the server closes the connection (EOF or reset) before the
  // deadline; whatever arrives before that is discarded.
  bool WaitForClose();
  // True if nothing but the close arrives before the deadline.
  bool WaitForCloseWithNothingRead();

  void Close();

 private:
  // Runs the io_context until the started operation completes.
  void Run();
  boost::beast::error_code ReadSome();

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_{ioc_};
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

// A plain POST with a Content-Length body.
BeastRequest Post(std::string target, std::string body = "");

}  // namespace mc::http::testing
