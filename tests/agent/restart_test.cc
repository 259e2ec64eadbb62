// Agent restarts: a second restart starts recovery over, so the first one's
// timers cannot end the second recovery early.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "harness/agent/mock_agent.h"
#include "harness/expectations/table.h"

namespace mc::agent {
namespace {

using std::chrono::milliseconds;

class ForwardedLog {
 public:
  void Add(const mesos::v1::TaskStatus& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    statuses_.push_back(status);
    changed_.notify_all();
  }
  // True if something was forwarded within `timeout`.
  bool AnyWithin(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return !statuses_.empty(); });
  }
  std::vector<mesos::v1::TaskStatus> Taken() {
    std::lock_guard<std::mutex> lock(mutex_);
    return statuses_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<mesos::v1::TaskStatus> statuses_;
};

TEST(AgentRestart, ASecondRestartCancelsTheFirstOnesTimers) {
  auto table = std::move(*ExpectationTable::Load("1.4"));
  ForwardedLog forwarded;
  AgentSettings settings;
  settings.table = table.get();
  settings.reregistration_timeout = milliseconds(50);
  settings.forward = [&forwarded](const mesos::v1::TaskStatus& status) { forwarded.Add(status); };
  auto agent = std::move(*MockAgent::Start(settings));
  mesos::v1::TaskInfo task;
  task.set_name("t1");
  task.mutable_task_id()->set_value("t1");
  task.mutable_agent_id()->set_value(settings.agent_id);
  agent->Launch(task);
  agent->Restart(milliseconds(20));
  agent->Restart(milliseconds(60000));
  // The first restart alone would lose the task after 20 + 50 ms.
  EXPECT_FALSE(forwarded.AnyWithin(milliseconds(1000)))
      << "the task was lost while the agent was still recovering from the second restart";
}

TEST(AgentRestart, ExecutorsThatDoNotComeBackLoseTheirTasks) {
  auto table = std::move(*ExpectationTable::Load("1.4"));
  ForwardedLog forwarded;
  AgentSettings settings;
  settings.table = table.get();
  settings.reregistration_timeout = milliseconds(50);
  settings.forward = [&forwarded](const mesos::v1::TaskStatus& status) { forwarded.Add(status); };
  auto agent = std::move(*MockAgent::Start(settings));
  mesos::v1::TaskInfo task;
  task.set_name("t1");
  task.mutable_task_id()->set_value("t1");
  task.mutable_agent_id()->set_value(settings.agent_id);
  agent->Launch(task);
  agent->Restart(milliseconds(20));
  ASSERT_TRUE(forwarded.AnyWithin(milliseconds(10000)));
  auto statuses = forwarded.Taken();
  EXPECT_EQ(statuses[0].state(), mesos::v1::TASK_LOST);
  EXPECT_EQ(statuses[0].reason(), mesos::v1::TaskStatus::REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
}

}  // namespace
}  // namespace mc::agent
