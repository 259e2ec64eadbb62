#include "harness/http/stream_impl.h"

#include <utility>

#include <boost/asio/post.hpp>

#include "harness/http/connection.h"
#include "harness/http/server_core.h"

namespace mc::http::internal {

StreamImpl::StreamImpl(std::weak_ptr<Connection> connection, uint64_t connection_id,
                       std::weak_ptr<ServerCore> core)
    : connection_(std::move(connection)), connection_id_(connection_id), core_(std::move(core)) {}

void StreamImpl::Write(std::string chunk) {
  if (closed_) return;
  if (auto connection = connection_.lock()) connection->WriteChunk(std::move(chunk));
}

void StreamImpl::Close(bool abort) {
  if (closed_) return;
  if (auto connection = connection_.lock()) connection->EndStream(abort);
}

void StreamImpl::OnClosed(std::function<void()> callback) {
  if (!callback) return;
  if (!closed_) {
    on_closed_ = std::move(callback);
    return;
  }
  if (notify_) PostCallback(std::move(callback));
}

void StreamImpl::MarkClosed(bool notify) {
  if (closed_) return;
  closed_ = true;
  notify_ = notify;
  // Moved out so a callback that holds this stream does not keep itself alive.
  std::function<void()> callback = std::move(on_closed_);
  on_closed_ = nullptr;
  if (notify && callback) PostCallback(std::move(callback));
}

void StreamImpl::PostCallback(std::function<void()> callback) {
  std::shared_ptr<ServerCore> core = core_.lock();
  if (!core || core->stopping) return;
  boost::asio::post(core->executor, std::move(callback));
}

}  // namespace mc::http::internal
