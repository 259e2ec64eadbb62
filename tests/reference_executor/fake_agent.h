// A stand-in for the mock agent, enough to drive the reference executor: it
// serves SUBSCRIBE as a chunked RecordIO stream (one record per chunk, the
// Content-Type exactly the negotiated media type), answers UPDATE and MESSAGE
// with 202, acknowledges updates if told to, and records every call.
//
// It runs its own io_context thread; the test thread talks to it through the
// methods below, which are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "harness/wire/content_type.h"
#include "mesos/v1/executor/executor.pb.h"

namespace mc::refexec::testing {

struct RecordedCall {
  std::string content_type;  // the header as sent
  std::string accept;
  bool decoded = false;      // false: 415 or 400, `call` is empty
  mesos::v1::executor::Call call;
  int answered = 0;          // HTTP status of the answer
  uint64_t connection = 0;   // same for calls on one connection
  std::chrono::steady_clock::time_point at;
};

class FakeAgent {
 public:
  struct Config {
    bool killing_capability = false;
    bool auto_acknowledge = true;
  };

  explicit FakeAgent(Config config);
  ~FakeAgent();
  FakeAgent(const FakeAgent&) = delete;
  FakeAgent& operator=(const FakeAgent&) = delete;

  uint16_t port() const { return port_; }

  // Waits until `done(calls so far)` holds; false at the deadline.
  bool WaitFor(const std::function<bool(const std::vector<RecordedCall>&)>& done,
               std::chrono::milliseconds timeout);
  std::vector<RecordedCall> calls() const;

  // Events on the current subscription (dropped if there is none).
  void Launch(const std::string& task_id, const std::string& command);
  void LaunchTask(const mesos::v1::TaskInfo& task);
  void LaunchGroup(const std::vector<mesos::v1::TaskInfo>& tasks);
  void Kill(const std::string& task_id,
            std::optional<std::chrono::nanoseconds> grace_period = std::nullopt);
  void Message(const std::string& data);
  void Shutdown();
  void Acknowledge(const mesos::v1::TaskStatus& status);
  void SetAutoAcknowledge(bool on);

  // Breaks the SUBSCRIBE connection (the executor sees the stream fail).
  void DropStream();
  // Closes the listening socket and every connection: later connects are refused.
  void StopListening();

  static mesos::v1::TaskInfo Task(const std::string& task_id, const std::string& command);

 private:
  class Session;
  void Accept();
  void Handle(const std::shared_ptr<Session>& session, RecordedCall call, std::string body,
              Encoding encoding);
  void Send(const mesos::v1::executor::Event& event);
  void Run(std::function<void()> work);  // on the io thread, waits for it

  Config config_;
  boost::asio::io_context io_;
  // Keeps io_.run() going while the agent has nothing to do.
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::vector<std::weak_ptr<Session>> sessions_;
  std::shared_ptr<Session> stream_;
  Encoding stream_encoding_ = Encoding::kJson;
  uint64_t next_connection_ = 1;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<RecordedCall> calls_;
};

// Helpers over recorded calls.
std::vector<mesos::v1::executor::Call> CallsOfType(const std::vector<RecordedCall>& calls,
                                                   mesos::v1::executor::Call::Type type);
// The statuses of UPDATE calls for one task, in arrival order.
std::vector<mesos::v1::TaskStatus> StatusesOf(const std::vector<RecordedCall>& calls,
                                              const std::string& task_id);
std::vector<mesos::v1::TaskState> StatesOf(const std::vector<RecordedCall>& calls,
                                           const std::string& task_id);
bool HasState(const std::vector<RecordedCall>& calls, const std::string& task_id,
              mesos::v1::TaskState state);

}  // namespace mc::refexec::testing
