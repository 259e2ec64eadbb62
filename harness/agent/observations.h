// What the mock agent saw, for the scenario runner to wait on.
#pragma once

#include <chrono>
#include <string>

#include "harness/common/event_log.h"

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

using ObservationLog = EventLog<Observation>;

}  // namespace mc::agent
