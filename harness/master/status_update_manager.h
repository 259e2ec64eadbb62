// Reliable delivery of status updates from an agent to a framework, as a 1.4
// agent does it (shared facts executor-http-api.md §8.2, scheduler-http-api.md
// §7): per task, updates go out one at a time and in order; the one in flight is
// re-sent with exponential backoff until the scheduler acknowledges its uuid,
// and only then does the next queued update of that task go out.
//
// A pure state machine: no threads, no sockets, no clock of its own. Every
// method that depends on time takes `now`, and the caller sends what the
// methods return. A mock arms one timer for NextDeadline() and calls Due()
// when it fires.
//
// Streams are keyed by (framework id, task id). A stream ends when its terminal
// update is acknowledged; it is then kept (so late acks read as duplicates)
// until its agent is dropped. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "mesos/v1/mesos.pb.h"

namespace mc::master {

using UpdateClock = std::chrono::steady_clock;

// Mesos 1.4: STATUS_UPDATE_RETRY_INTERVAL_MIN and _MAX. The harness compresses them.
struct RetryPolicy {
  UpdateClock::duration initial = std::chrono::seconds(10);
  UpdateClock::duration max = std::chrono::minutes(10);
};

// An update to put on the wire now.
struct UpdateToSend {
  std::string framework_id;
  mesos::v1::TaskStatus status;  // exactly as enqueued
  uint32_t attempt = 1;          // 1 for the first send, then 2, 3, ... for retries
};

// An update not yet acknowledged, for reports.
struct UnacknowledgedUpdate {
  std::string framework_id;
  std::string agent_id;
  mesos::v1::TaskStatus status;
  bool in_flight = false;   // false: queued behind the one in flight
  uint32_t sends = 0;       // times sent so far (0 while queued)
  std::optional<UpdateClock::time_point> next_retry;  // for the one in flight
};

enum class EnqueueOutcome {
  kSendNow,        // it is the task's only pending update: send it (now in flight)
  kQueued,         // it waits behind the update in flight
  kDuplicate,      // the stream already has this uuid (queued or acknowledged): ignored
  kAfterTerminal,  // the stream already holds a terminal update: dropped
};

enum class AckOutcome {
  kAccepted,       // matched the update in flight, which is now done
  kDuplicate,      // that uuid was acknowledged before (stale or repeated ack): ignored
  kNotInFlight,    // that uuid is queued but not yet sent: ignored, as Mesos does
  kUnknownUuid,    // the task's stream never had that uuid: ignored
  kUnknownTask,    // no stream for that (framework, task): ignored
};

struct AckResult {
  AckOutcome outcome = AckOutcome::kUnknownTask;
  std::optional<UpdateToSend> next;  // the task's next update, to send now
  bool stream_ended = false;         // the acknowledged update was terminal
};

class StatusUpdateManager {
 public:
  // `policy.initial` must be positive and at most `policy.max`; otherwise the
  // values are clamped so (initial > 0, max >= initial).
  explicit StatusUpdateManager(RetryPolicy policy = {});

  // Takes an update the agent forwards for `framework_id`. `status` must carry
  // a task_id, an agent_id and a valid uuid (16 bytes, version 1-5), else
  // InvalidArgument. With kSendNow the caller sends `status` now; its first
  // retry is due at now + initial.
  absl::StatusOr<EnqueueOutcome> Enqueue(const std::string& framework_id,
                                         const mesos::v1::TaskStatus& status,
                                         UpdateClock::time_point now);

  // The scheduler's ACKNOWLEDGE for (framework, task, uuid). Only a match with
  // the update in flight counts; any other ack changes nothing. On a match the
  // next queued update (if any) becomes in flight and is returned to send now.
  AckResult Acknowledge(const std::string& framework_id, const std::string& task_id,
                        const std::string& uuid, UpdateClock::time_point now);

  // Every in-flight update whose retry is due at `now` (deadline <= now), in
  // (framework, task) order; each one's next retry is then now + the doubled
  // backoff, capped at max.
  std::vector<UpdateToSend> Due(UpdateClock::time_point now);

  // The earliest retry deadline of any in-flight update; nullopt if none.
  std::optional<UpdateClock::time_point> NextDeadline() const;

  // What an agent does after (re-)registering with a master: every in-flight
  // update is sent again now and its backoff restarts at `initial`.
  std::vector<UpdateToSend> ResendAll(UpdateClock::time_point now);

  // The agent is gone: forgets every stream of its tasks, pending updates
  // included. Returns how many unacknowledged updates were dropped.
  size_t DropAgent(const std::string& agent_id);

  // Every update not yet acknowledged, in (framework, task, queue) order.
  std::vector<UnacknowledgedUpdate> Unacknowledged() const;

  // Whether the (framework, task) stream has ended (its terminal update acknowledged).
  bool Ended(const std::string& framework_id, const std::string& task_id) const;

 private:
  struct Pending {
    mesos::v1::TaskStatus status;
    uint32_t sends = 0;
  };
  struct Stream {
    std::string agent_id;
    std::deque<Pending> queue;             // front is in flight once sent
    absl::flat_hash_set<std::string> acknowledged;  // uuids
    bool has_terminal = false;             // a terminal update was enqueued
    bool ended = false;                    // ... and acknowledged
    UpdateClock::duration backoff{};       // wait before the front's next retry
    UpdateClock::time_point next_retry{};  // valid while the queue is non-empty
  };
  using Key = std::pair<std::string, std::string>;  // (framework id, task id)

  // Marks the stream's front as sent now, with a fresh backoff.
  UpdateToSend SendFront(const Key& key, Stream* stream, UpdateClock::time_point now);

  RetryPolicy policy_;
  std::map<Key, Stream> streams_;
};

const char* EnqueueOutcomeName(EnqueueOutcome outcome);
const char* AckOutcomeName(AckOutcome outcome);

}  // namespace mc::master
