// An append-only log that one thread fills and another waits on, with
// deadlines: how the scenario runners wait for what a mock saw. Entries are
// copies; nothing points into the mock's state. Thread-safe.
//
// A waiter's predicate is evaluated by the appending thread as each entry is
// added, so a waiter is woken once, when its entry arrives, not on every
// entry: under load (tens of thousands of entries a second) a wake-up per
// entry costs more than the mock's own work.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace mc {

template <typename Entry>
class EventLog {
 public:
  using Match = std::function<bool(const Entry&)>;

  void Add(Entry entry) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back(std::move(entry));
    size_t index = entries_.size() - 1;
    for (Waiter* waiter : waiters_) {
      if (!waiter->found && (*waiter->match)(entries_.back())) {
        waiter->found = index;
        waiter->woken.notify_one();
      }
    }
  }

  // Index the next entry will get: a cursor for "from now on".
  size_t Size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

  // Waits until an entry at index >= from satisfies `match`, or the deadline
  // passes. Returns its index. `match` runs under the log's lock, on this
  // thread or the appending one, never on both at once.
  std::optional<size_t> WaitFor(size_t from, const Match& match,
                                std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock<std::mutex> lock(mutex_);
    for (size_t next = from; next < entries_.size(); ++next) {
      if (match(entries_[next])) return next;
    }
    Waiter waiter{&match};
    waiters_.push_back(&waiter);
    waiter.woken.wait_until(lock, deadline, [&waiter] { return waiter.found.has_value(); });
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &waiter));
    return waiter.found;
  }

  Entry At(size_t index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.at(index);
  }

  std::vector<Entry> Snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<Entry>(entries_.begin(), entries_.end());
  }

 private:
  struct Waiter {
    const Match* match;
    std::optional<size_t> found;
    std::condition_variable woken;
  };

  mutable std::mutex mutex_;
  std::deque<Entry> entries_;             // guarded by mutex_
  mutable std::vector<Waiter*> waiters_;  // guarded by mutex_
};

}  // namespace mc
