// An append-only log that one thread fills and another waits on, with
// deadlines: how the scenario runners wait for what a mock saw. Entries are
// copies; nothing points into the mock's state. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace mc {

template <typename Entry>
class EventLog {
 public:
  void Add(Entry entry) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entries_.push_back(std::move(entry));
    }
    changed_.notify_all();
  }

  // Index the next entry will get: a cursor for "from now on".
  size_t Size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

  // Waits until an entry at index >= from satisfies `match`, or the deadline
  // passes. Returns its index.
  std::optional<size_t> WaitFor(size_t from, const std::function<bool(const Entry&)>& match,
                                std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock<std::mutex> lock(mutex_);
    size_t next = from;
    for (;;) {
      for (; next < entries_.size(); ++next) {
        if (match(entries_[next])) return next;
      }
      if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
        for (; next < entries_.size(); ++next) {
          if (match(entries_[next])) return next;
        }
        return std::nullopt;
      }
    }
  }

  Entry At(size_t index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.at(index);
  }

  std::vector<Entry> Snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Entry> entries_;  // guarded by mutex_
};

}  // namespace mc
