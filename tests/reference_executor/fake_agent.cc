#include "tests/reference_executor/fake_agent.h"

#include <array>
#include <deque>
#include <future>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/str_format.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"

namespace mc::refexec::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace v1 = mesos::v1;
using asio::ip::tcp;
using boost::system::error_code;
using v1::executor::Call;
using v1::executor::Event;

// One accepted connection: a sequence of calls, or, after SUBSCRIBE, a stream.
class FakeAgent::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(FakeAgent* agent, tcp::socket socket, uint64_t id)
      : agent_(agent), socket_(std::move(socket)), id_(id) {}

  uint64_t id() const { return id_; }

  void ReadRequest() {
    request_ = {};
    http::async_read(socket_, buffer_, request_, [self = shared_from_this()](error_code ec, size_t) {
      if (ec) return self->Close();
      self->OnRequest();
    });
  }

  void Reply(int status, std::string body = "") {
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(status), 11);
    response->body() = std::move(body);
    response->keep_alive(true);
    response->prepare_payload();
    http::async_write(socket_, *response,
                      [self = shared_from_this(), response](error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->ReadRequest();
                      });
  }

  // Status line and headers of an endless chunked response.
  void StartStream(std::string_view content_type) {
    Write(absl::StrFormat(
        "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n\r\n",
        content_type));
    // Nothing more is expected from the executor here; a read notices the close.
    socket_.async_read_some(asio::buffer(sink_), [self = shared_from_this()](error_code, size_t) {
      self->Close();
    });
  }

  void WriteChunk(const std::string& payload) {
    Write(absl::StrFormat("%x\r\n%s\r\n", payload.size(), payload));
  }

  void Close() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void OnRequest();

  void Write(std::string data) {
    pending_.push_back(std::move(data));
    if (pending_.size() == 1) WriteNext();
  }

  void WriteNext() {
    asio::async_write(socket_, asio::buffer(pending_.front()),
                      [self = shared_from_this()](error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->pending_.pop_front();
                        if (!self->pending_.empty()) self->WriteNext();
                      });
  }

  FakeAgent* agent_;
  tcp::socket socket_;
  uint64_t id_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::deque<std::string> pending_;
  std::array<char, 256> sink_;
};

void FakeAgent::Session::OnRequest() {
  RecordedCall call;
  call.content_type = std::string(request_[http::field::content_type]);
  call.accept = std::string(request_[http::field::accept]);
  call.connection = id_;
  call.at = std::chrono::steady_clock::now();
  Encoding encoding = Encoding::kJson;
  if (CheckRequestContentType(call.content_type.empty()
                                  ? std::nullopt
                                  : std::optional<std::string_view>(call.content_type),
                              &encoding) != RequestTypeCheck::kOk) {
    call.answered = call.content_type.empty() ? 400 : 415;
    agent_->Handle(shared_from_this(), std::move(call), "", encoding);
    return;
  }
  agent_->Handle(shared_from_this(), std::move(call), std::move(request_.body()), encoding);
}

FakeAgent::FakeAgent(Config config)
    : config_(config), work_(boost::asio::make_work_guard(io_)), acceptor_(io_) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  Accept();
  thread_ = std::thread([this] { io_.run(); });
}

FakeAgent::~FakeAgent() {
  StopListening();
  work_.reset();
  io_.stop();
  thread_.join();
}

void FakeAgent::Accept() {
  acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
    if (ec) return;
    auto session = std::make_shared<Session>(this, std::move(socket), next_connection_++);
    sessions_.push_back(session);
    session->ReadRequest();
    Accept();
  });
}

void FakeAgent::Handle(const std::shared_ptr<Session>& session, RecordedCall call,
                       std::string body, Encoding encoding) {
  if (call.answered == 0) {
    absl::Status status;
    if (encoding == Encoding::kJson) {
      status = mesos_json::Parse(body, &call.call);
    } else if (!call.call.ParseFromString(body)) {
      status = absl::InvalidArgumentError("Failed to parse body into Call protobuf");
    }
    call.decoded = status.ok();
    call.answered = status.ok() ? (call.call.type() == Call::SUBSCRIBE ? 200 : 202) : 400;
  }
  const int answer = call.answered;
  const Call decoded = call.call;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(std::move(call));
  }
  changed_.notify_all();

  if (answer != 200) {
    session->Reply(answer);
  } else {
    if (stream_) stream_->Close();
    stream_ = session;
    stream_encoding_ = encoding;
    session->StartStream(MediaType(encoding));
    Event event;
    event.set_type(Event::SUBSCRIBED);
    auto* subscribed = event.mutable_subscribed();
    subscribed->mutable_executor_info()->mutable_executor_id()->set_value(
        decoded.executor_id().value());
    auto* framework = subscribed->mutable_framework_info();
    framework->set_user("nobody");
    framework->set_name("reference-executor-test");
    framework->mutable_id()->set_value(decoded.framework_id().value());
    if (config_.killing_capability) {
      framework->add_capabilities()->set_type(v1::FrameworkInfo::Capability::TASK_KILLING_STATE);
    }
    subscribed->mutable_agent_info()->set_hostname("localhost");
    subscribed->mutable_agent_info()->mutable_id()->set_value("agent-1");
    subscribed->mutable_container_id()->set_value("container-1");
    Send(event);
  }
  if (answer == 202 && decoded.type() == Call::UPDATE && config_.auto_acknowledge &&
      decoded.update().status().has_uuid()) {
    Acknowledge(decoded.update().status());
  }
}

void FakeAgent::Send(const Event& event) {
  if (!stream_) return;
  const std::string payload = stream_encoding_ == Encoding::kJson ? mesos_json::Print(event)
                                                                  : event.SerializeAsString();
  stream_->WriteChunk(recordio::Encode(payload));
}

void FakeAgent::Run(std::function<void()> work) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  asio::post(io_, [work = std::move(work), done] {
    work();
    done->set_value();
  });
  finished.wait_for(std::chrono::seconds(10));
}

bool FakeAgent::WaitFor(const std::function<bool(const std::vector<RecordedCall>&)>& done,
                        std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return done(calls_); });
}

std::vector<RecordedCall> FakeAgent::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

v1::TaskInfo FakeAgent::Task(const std::string& task_id, const std::string& command) {
  v1::TaskInfo task;
  task.set_name(task_id);
  task.mutable_task_id()->set_value(task_id);
  task.mutable_agent_id()->set_value("agent-1");
  task.set_data(command);
  return task;
}

void FakeAgent::Launch(const std::string& task_id, const std::string& command) {
  LaunchTask(Task(task_id, command));
}

void FakeAgent::LaunchTask(const v1::TaskInfo& task) {
  Event event;
  event.set_type(Event::LAUNCH);
  *event.mutable_launch()->mutable_task() = task;
  Run([this, event] { Send(event); });
}

void FakeAgent::LaunchGroup(const std::vector<v1::TaskInfo>& tasks) {
  Event event;
  event.set_type(Event::LAUNCH_GROUP);
  for (const v1::TaskInfo& task : tasks) {
    *event.mutable_launch_group()->mutable_task_group()->add_tasks() = task;
  }
  Run([this, event] { Send(event); });
}

void FakeAgent::Kill(const std::string& task_id,
                     std::optional<std::chrono::nanoseconds> grace_period) {
  Event event;
  event.set_type(Event::KILL);
  event.mutable_kill()->mutable_task_id()->set_value(task_id);
  if (grace_period) {
    event.mutable_kill()->mutable_kill_policy()->mutable_grace_period()->set_nanoseconds(
        grace_period->count());
  }
  Run([this, event] { Send(event); });
}

void FakeAgent::Message(const std::string& data) {
  Event event;
  event.set_type(Event::MESSAGE);
  event.mutable_message()->set_data(data);
  Run([this, event] { Send(event); });
}

void FakeAgent::Shutdown() {
  Event event;
  event.set_type(Event::SHUTDOWN);
  Run([this, event] { Send(event); });
}

void FakeAgent::Acknowledge(const v1::TaskStatus& status) {
  Event event;
  event.set_type(Event::ACKNOWLEDGED);
  *event.mutable_acknowledged()->mutable_task_id() = status.task_id();
  event.mutable_acknowledged()->set_uuid(status.uuid());
  if (io_.get_executor().running_in_this_thread()) return Send(event);
  Run([this, event] { Send(event); });
}

void FakeAgent::SetAutoAcknowledge(bool on) {
  Run([this, on] { config_.auto_acknowledge = on; });
}

void FakeAgent::DropStream() {
  Run([this] {
    if (stream_) stream_->Close();
    stream_.reset();
  });
}

void FakeAgent::StopListening() {
  Run([this] {
    error_code ignored;
    acceptor_.close(ignored);
    for (const auto& weak : sessions_) {
      if (auto session = weak.lock()) session->Close();
    }
    stream_.reset();
  });
}

std::vector<Call> CallsOfType(const std::vector<RecordedCall>& calls, Call::Type type) {
  std::vector<Call> result;
  for (const RecordedCall& call : calls) {
    if (call.decoded && call.call.type() == type) result.push_back(call.call);
  }
  return result;
}

std::vector<v1::TaskStatus> StatusesOf(const std::vector<RecordedCall>& calls,
                                       const std::string& task_id) {
  std::vector<v1::TaskStatus> result;
  for (const Call& call : CallsOfType(calls, Call::UPDATE)) {
    if (call.update().status().task_id().value() == task_id) {
      result.push_back(call.update().status());
    }
  }
  return result;
}

std::vector<v1::TaskState> StatesOf(const std::vector<RecordedCall>& calls,
                                    const std::string& task_id) {
  std::vector<v1::TaskState> result;
  for (const v1::TaskStatus& status : StatusesOf(calls, task_id)) {
    result.push_back(status.state());
  }
  return result;
}

bool HasState(const std::vector<RecordedCall>& calls, const std::string& task_id,
              v1::TaskState state) {
  for (v1::TaskState seen : StatesOf(calls, task_id)) {
    if (seen == state) return true;
  }
  return false;
}

}  // namespace mc::refexec::testing
