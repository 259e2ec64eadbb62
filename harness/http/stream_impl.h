// Internal to mc_http: the Stream handle a handler gets from StartStream.
// It refers to its connection weakly, so mocks may keep it after the peer,
// the connection or the whole Server are gone.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "harness/http/server.h"

namespace mc::http::internal {

class Connection;
struct ServerCore;

class StreamImpl final : public Stream {
 public:
  StreamImpl(std::weak_ptr<Connection> connection, uint64_t connection_id,
             std::weak_ptr<ServerCore> core);

  void Write(std::string chunk) override;
  void Close(bool abort) override;
  bool closed() const override { return closed_; }
  void OnClosed(std::function<void()> callback) override;
  uint64_t connection_id() const override { return connection_id_; }

  // Called by the connection when the stream ends. With `notify` false (the
  // server is shutting down) no OnClosed callback runs.
  void MarkClosed(bool notify);

 private:
  void PostCallback(std::function<void()> callback);

  std::weak_ptr<Connection> connection_;
  uint64_t connection_id_;
  std::weak_ptr<ServerCore> core_;
  bool closed_ = false;
  bool notify_ = true;
  std::function<void()> on_closed_;
};

}  // namespace mc::http::internal
