#include "harness/http/server.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "harness/http/connection.h"
#include "harness/http/server_core.h"

namespace mc::http {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using internal::Connection;
using internal::ServerCore;

constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
constexpr std::chrono::milliseconds kLongestDelay = std::chrono::hours(24 * 365);

class ServerImpl final : public Server {
 public:
  ServerImpl(Handler handler, ServerOptions options)
      : core_(std::make_shared<ServerCore>(std::move(handler), options, ioc_.get_executor())) {}

  ~ServerImpl() override { Stop(); }

  void Stop() override {
    if (!thread_.joinable()) return;
    if (ioc_.get_executor().running_in_this_thread()) {
      std::fputs("mc::http: a Server was destroyed on its own thread\n", stderr);
      std::abort();
    }
    core_->stopping = true;
    net::post(ioc_, [this] { Shutdown(); });
    thread_.join();
  }

  // Binds, starts accepting and starts the server thread.
  absl::Status Open() {
    boost::system::error_code ec;
    tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("cannot listen on 127.0.0.1: ", ec.message()));
    port_ = acceptor_.local_endpoint(ec).port();
    if (ec) return absl::UnavailableError(absl::StrCat("no local endpoint: ", ec.message()));
    DoAccept();
    thread_ = std::thread([this] { Run(); });
    return absl::OkStatus();
  }

  uint16_t port() const override { return port_; }

  void Post(std::function<void()> work) override {
    if (core_->stopping || !work) return;
    net::post(ioc_, std::move(work));
  }

  uint64_t PostAfter(std::chrono::milliseconds delay, std::function<void()> work) override {
    uint64_t id = next_timer_id_++;
    if (core_->stopping || !work) return id;
    auto deadline = std::chrono::steady_clock::now() + std::min(delay, kLongestDelay);
    net::dispatch(ioc_, [this, id, deadline, work = std::move(work)]() mutable {
      if (core_->stopping) return;
      auto timer = std::make_unique<net::steady_timer>(ioc_, deadline);
      timer->async_wait([this, id](boost::system::error_code ec) { OnTimer(id, ec); });
      timers_.emplace(id, Delayed{std::move(timer), std::move(work)});
    });
    return id;
  }

  void Cancel(uint64_t timer_id) override {
    if (core_->stopping) return;
    net::dispatch(ioc_, [this, timer_id] { timers_.erase(timer_id); });
  }

  void DropAllConnections() override {
    if (core_->stopping) return;
    net::dispatch(ioc_, [this] { CloseConnections(); });
  }

 private:
  struct Delayed {
    std::unique_ptr<net::steady_timer> timer;
    std::function<void()> work;
  };

  void Run() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "mc::http: work on the server thread threw: %s\n", e.what());
      } catch (...) {
        std::fputs("mc::http: work on the server thread threw\n", stderr);
      }
    }
  }

  void DoAccept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      OnAccept(ec, std::move(socket));
    });
  }

  void OnAccept(boost::system::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || core_->stopping) return;
    if (ec) {
      // Out of descriptors and the like: try again a little later instead of spinning.
      accept_retry_.expires_after(kAcceptRetryDelay);
      accept_retry_.async_wait([this](boost::system::error_code wait_ec) {
        if (!wait_ec) DoAccept();
      });
      return;
    }
    std::make_shared<Connection>(std::move(socket), next_connection_id_++, core_)->Start();
    DoAccept();
  }

  void OnTimer(uint64_t id, boost::system::error_code ec) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    std::function<void()> work = std::move(it->second.work);
    timers_.erase(it);
    if (!ec) work();
  }

  void CloseConnections() {
    std::vector<std::shared_ptr<Connection>> open;
    for (const auto& [id, weak] : core_->connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    for (const auto& connection : open) connection->Close();
    core_->connections.clear();
  }

  void Shutdown() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    accept_retry_.cancel();
    timers_.clear();
    CloseConnections();
    ioc_.stop();  // whatever is still queued is destroyed with ioc_, never run
  }

  // ioc_ first: it is destroyed last, after everything that uses it.
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_ = net::make_work_guard(ioc_);
  tcp::acceptor acceptor_{ioc_};
  net::steady_timer accept_retry_{ioc_};
  std::shared_ptr<ServerCore> core_;
  std::map<uint64_t, Delayed> timers_;  // server thread only
  std::atomic<uint64_t> next_timer_id_{1};
  uint64_t next_connection_id_ = 1;     // server thread only
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(Handler handler, ServerOptions options) {
  if (!handler) return absl::InvalidArgumentError("the server needs a handler");
  auto server = std::make_unique<ServerImpl>(std::move(handler), options);
  if (absl::Status status = server->Open(); !status.ok()) return status;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace mc::http
