// Tells the scenario runner the moment the executor process ends, so waits for
// the executor's next call can stop early instead of running to their deadline.
// A thread waits on a pidfd (it never reaps: the Child does that).
#pragma once

#include <sys/types.h>

#include <functional>
#include <thread>

namespace mc::suite {

class ExitNotifier {
 public:
  // Calls `on_exit` (on its own thread) once `pid` ends. Without pidfd support
  // it never calls: waits then run to their deadlines as before.
  ExitNotifier(pid_t pid, std::function<void()> on_exit);
  ~ExitNotifier();  // stops waiting and joins
  ExitNotifier(const ExitNotifier&) = delete;
  ExitNotifier& operator=(const ExitNotifier&) = delete;

 private:
  int pidfd_ = -1;
  int stop_ = -1;  // eventfd
  std::thread thread_;
};

}  // namespace mc::suite
