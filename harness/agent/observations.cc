#include "harness/agent/observations.h"

namespace mc::agent {

void ObservationLog::Add(Observation observation) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    observations_.push_back(std::move(observation));
  }
  changed_.notify_all();
}

size_t ObservationLog::Size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return observations_.size();
}

std::optional<size_t> ObservationLog::WaitFor(
    size_t from, const std::function<bool(const Observation&)>& match,
    std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  size_t next = from;
  for (;;) {
    for (; next < observations_.size(); ++next) {
      if (match(observations_[next])) return next;
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      for (; next < observations_.size(); ++next) {
        if (match(observations_[next])) return next;
      }
      return std::nullopt;
    }
  }
}

Observation ObservationLog::At(size_t index) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return observations_.at(index);
}

std::vector<Observation> ObservationLog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return observations_;
}

}  // namespace mc::agent
