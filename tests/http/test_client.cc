#include "tests/http/test_client.h"

#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace mc::http::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

TestClient::TestClient(uint16_t port, std::optional<int> receive_buffer) {
  beast::error_code ec;
  tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
  if (receive_buffer) {
    stream_.socket().open(tcp::v4(), ec);
    if (!ec) stream_.socket().set_option(net::socket_base::receive_buffer_size(*receive_buffer), ec);
    if (ec) return;
  }
  stream_.expires_after(kDeadline);
  stream_.async_connect(endpoint, [&](beast::error_code result) { ec = result; });
  Run();
  connected_ = !ec;
}

void TestClient::Run() {
  ioc_.restart();
  ioc_.run();
}

bool TestClient::Write(std::string_view bytes) {
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  net::async_write(stream_, net::buffer(bytes.data(), bytes.size()),
                   [&](beast::error_code result, size_t) { ec = result; });
  Run();
  return !ec;
}

bool TestClient::Send(BeastRequest request) {
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  bhttp::async_write(stream_, request, [&](beast::error_code result, size_t) { ec = result; });
  Run();
  return !ec;
}

std::optional<BeastResponse> TestClient::ReadResponse() {
  beast::error_code ec;
  BeastResponse response;
  stream_.expires_after(kDeadline);
  bhttp::async_read(stream_, buffer_, response,
                    [&](beast::error_code result, size_t) { ec = result; });
  Run();
  if (ec) return std::nullopt;
  return response;
}

beast::error_code TestClient::ReadSome() {
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  stream_.async_read_some(buffer_.prepare(64 * 1024), [&](beast::error_code result, size_t size) {
    ec = result;
    buffer_.commit(size);
  });
  Run();
  return ec;
}

std::optional<std::string> TestClient::ReadUntil(std::string_view needle) {
  for (;;) {
    std::string data = beast::buffers_to_string(buffer_.data());
    size_t at = data.find(needle);
    if (at != std::string::npos) {
      data.resize(at + needle.size());
      buffer_.consume(data.size());
      return data;
    }
    if (ReadSome()) return std::nullopt;
  }
}

std::optional<std::string> TestClient::ReadExactly(size_t size) {
  while (buffer_.size() < size) {
    if (ReadSome()) return std::nullopt;
  }
  std::string data = beast::buffers_to_string(buffer_.data()).substr(0, size);
  buffer_.consume(size);
  return data;
}

bool TestClient::WaitForClose() {
  for (;;) {
    buffer_.consume(buffer_.size());
    beast::error_code ec = ReadSome();
    if (ec == beast::error::timeout) return false;
    if (ec) return true;
  }
}

bool TestClient::WaitForCloseWithNothingRead() {
  beast::error_code ec = ReadSome();
  return ec && ec != beast::error::timeout && buffer_.size() == 0;
}

void TestClient::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

BeastRequest Post(std::string target, std::string body) {
  BeastRequest request{bhttp::verb::post, target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  request.set(bhttp::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

}  // namespace mc::http::testing
