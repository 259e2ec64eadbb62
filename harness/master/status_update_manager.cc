#include "harness/master/status_update_manager.h"

#include <algorithm>

#include "harness/wire/uuid.h"

namespace mc::master {
namespace {

bool IsTerminal(mesos::v1::TaskState state) {
  switch (state) {
    case mesos::v1::TASK_FINISHED:
    case mesos::v1::TASK_FAILED:
    case mesos::v1::TASK_KILLED:
    case mesos::v1::TASK_LOST:
    case mesos::v1::TASK_ERROR:
    case mesos::v1::TASK_DROPPED:
    case mesos::v1::TASK_GONE:
    case mesos::v1::TASK_GONE_BY_OPERATOR:
      return true;
    default:
      return false;
  }
}

RetryPolicy Clamped(RetryPolicy policy) {
  if (policy.initial <= UpdateClock::duration::zero()) policy.initial = UpdateClock::duration(1);
  policy.max = std::max(policy.max, policy.initial);
  return policy;
}

}  // namespace

StatusUpdateManager::StatusUpdateManager(RetryPolicy policy) : policy_(Clamped(policy)) {}

UpdateToSend StatusUpdateManager::SendFront(const Key& key, Stream* stream,
                                            UpdateClock::time_point now) {
  Pending& front = stream->queue.front();
  front.sends = 1;
  stream->backoff = policy_.initial;
  stream->next_retry = now + stream->backoff;
  return UpdateToSend{key.first, front.status, front.sends};
}

absl::StatusOr<EnqueueOutcome> StatusUpdateManager::Enqueue(const std::string& framework_id,
                                                            const mesos::v1::TaskStatus& status,
                                                            UpdateClock::time_point now) {
  if (!status.has_task_id()) return absl::InvalidArgumentError("the status has no task_id");
  if (!status.has_agent_id()) return absl::InvalidArgumentError("the status has no agent_id");
  if (uuid::Validate(status.uuid()) != uuid::Check::kValid) {
    return absl::InvalidArgumentError(uuid::Explain(status.uuid()));
  }
  Key key(framework_id, status.task_id().value());
  Stream& stream = streams_[key];
  if (stream.agent_id.empty()) stream.agent_id = status.agent_id().value();

  const std::string& id = status.uuid();
  bool queued = std::any_of(stream.queue.begin(), stream.queue.end(),
                            [&](const Pending& pending) { return pending.status.uuid() == id; });
  if (queued || stream.acknowledged.count(id) > 0) return EnqueueOutcome::kDuplicate;
  if (stream.has_terminal) return EnqueueOutcome::kAfterTerminal;

  stream.has_terminal = IsTerminal(status.state());
  stream.queue.push_back(Pending{status, 0});
  if (stream.queue.size() > 1) return EnqueueOutcome::kQueued;
  SendFront(key, &stream, now);
  return EnqueueOutcome::kSendNow;
}

AckResult StatusUpdateManager::Acknowledge(const std::string& framework_id,
                                           const std::string& task_id, const std::string& uuid,
                                           UpdateClock::time_point now) {
  AckResult result;
  Key key(framework_id, task_id);
  auto it = streams_.find(key);
  if (it == streams_.end()) return result;
  Stream& stream = it->second;
  if (stream.acknowledged.count(uuid) > 0) {
    result.outcome = AckOutcome::kDuplicate;
    return result;
  }
  if (stream.queue.empty() || stream.queue.front().status.uuid() != uuid) {
    bool queued = std::any_of(stream.queue.begin(), stream.queue.end(),
                              [&](const Pending& pending) { return pending.status.uuid() == uuid; });
    result.outcome = queued ? AckOutcome::kNotInFlight : AckOutcome::kUnknownUuid;
    return result;
  }
  result.outcome = AckOutcome::kAccepted;
  result.stream_ended = IsTerminal(stream.queue.front().status.state());
  stream.acknowledged.insert(uuid);
  stream.queue.erase(stream.queue.begin());
  if (result.stream_ended) {
    stream.ended = true;
  } else if (!stream.queue.empty()) {
    result.next = SendFront(key, &stream, now);
  }
  return result;
}

std::vector<UpdateToSend> StatusUpdateManager::Due(UpdateClock::time_point now) {
  std::vector<UpdateToSend> due;
  for (auto& [key, stream] : streams_) {
    if (stream.queue.empty() || stream.next_retry > now) continue;
    Pending& front = stream.queue.front();
    ++front.sends;
    stream.backoff = std::min(stream.backoff * 2, policy_.max);
    stream.next_retry = now + stream.backoff;
    due.push_back(UpdateToSend{key.first, front.status, front.sends});
  }
  return due;
}

std::optional<UpdateClock::time_point> StatusUpdateManager::NextDeadline() const {
  std::optional<UpdateClock::time_point> earliest;
  for (const auto& [key, stream] : streams_) {
    if (stream.queue.empty()) continue;
    if (!earliest || stream.next_retry < *earliest) earliest = stream.next_retry;
  }
  return earliest;
}

std::vector<UpdateToSend> StatusUpdateManager::ResendAll(UpdateClock::time_point now) {
  std::vector<UpdateToSend> sent;
  for (auto& [key, stream] : streams_) {
    if (stream.queue.empty()) continue;
    Pending& front = stream.queue.front();
    ++front.sends;
    stream.backoff = policy_.initial;
    stream.next_retry = now + stream.backoff;
    sent.push_back(UpdateToSend{key.first, front.status, front.sends});
  }
  return sent;
}

size_t StatusUpdateManager::DropAgent(const std::string& agent_id) {
  size_t dropped = 0;
  for (auto it = streams_.begin(); it != streams_.end();) {
    if (it->second.agent_id == agent_id) {
      dropped += it->second.queue.size();
      it = streams_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

std::vector<UnacknowledgedUpdate> StatusUpdateManager::Unacknowledged() const {
  std::vector<UnacknowledgedUpdate> pending;
  for (const auto& [key, stream] : streams_) {
    for (size_t i = 0; i < stream.queue.size(); ++i) {
      UnacknowledgedUpdate update;
      update.framework_id = key.first;
      update.agent_id = stream.agent_id;
      update.status = stream.queue[i].status;
      update.in_flight = i == 0;
      update.sends = stream.queue[i].sends;
      if (i == 0) update.next_retry = stream.next_retry;
      pending.push_back(std::move(update));
    }
  }
  return pending;
}

bool StatusUpdateManager::Ended(const std::string& framework_id,
                                const std::string& task_id) const {
  auto it = streams_.find(Key(framework_id, task_id));
  return it != streams_.end() && it->second.ended;
}

const char* EnqueueOutcomeName(EnqueueOutcome outcome) {
  switch (outcome) {
    case EnqueueOutcome::kSendNow: return "send now";
    case EnqueueOutcome::kQueued: return "queued";
    case EnqueueOutcome::kDuplicate: return "duplicate uuid";
    case EnqueueOutcome::kAfterTerminal: return "after the terminal update";
  }
  return "?";
}

const char* AckOutcomeName(AckOutcome outcome) {
  switch (outcome) {
    case AckOutcome::kAccepted: return "accepted";
    case AckOutcome::kDuplicate: return "already acknowledged";
    case AckOutcome::kNotInFlight: return "not yet sent";
    case AckOutcome::kUnknownUuid: return "unknown uuid";
    case AckOutcome::kUnknownTask: return "unknown task";
  }
  return "?";
}

}  // namespace mc::master
