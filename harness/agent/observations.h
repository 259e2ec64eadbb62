// What the mock agent saw, for the scenario runner to wait on: a thread-safe,
// append-only log with deadline waits (the agent thread appends, the runner
// thread waits). Observations are copies; nothing points into agent state.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mesos/v1/executor/executor.pb.h"

namespace mc::agent {

struct Observation {
  enum class Kind {
    kSubscribe,      // an accepted SUBSCRIBE (call holds it)
    kUpdate,         // an accepted UPDATE (call holds it)
    kMessage,        // an accepted MESSAGE
    kRefused,        // a call the agent refused (status, reason)
    kStreamClosed,   // the event stream ended (either side)
    kExecutorExited, // the executor process ended (added by the runner)
  };
  Kind kind;
  mesos::v1::executor::Call call;
  int status = 0;
  std::string reason;
  std::chrono::steady_clock::time_point at;
};

class ObservationLog {
 public:
  void Add(Observation observation);
  // Index the next observation will get: a cursor for "from now on".
  size_t Size() const;
  // Waits until an observation at index >= from satisfies `match`, or the
  // deadline passes. Returns its index.
  std::optional<size_t> WaitFor(size_t from, const std::function<bool(const Observation&)>& match,
                                std::chrono::steady_clock::time_point deadline) const;
  Observation At(size_t index) const;
  std::vector<Observation> Snapshot() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Observation> observations_;  // guarded by mutex_
};

}  // namespace mc::agent
