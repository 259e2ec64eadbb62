// Agent restarts: a second restart starts recovery over, so the first one's
// timers cannot end the second recovery early.
#include <chrono>
#include <condition_variable>
#include <memory>
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

// An agent with one task its executor never took, and what it forwards.
class AgentRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = std::move(*ExpectationTable::Load("1.4"));
    AgentSettings settings;
    settings.table = table_.get();
    settings.reregistration_timeout = milliseconds(50);
    settings.forward = [this](const mesos::v1::TaskStatus& status) { forwarded_.Add(status); };
    agent_ = std::move(*MockAgent::Start(settings));
    mesos::v1::TaskInfo task;
    task.set_name("t1");
    task.mutable_task_id()->set_value("t1");
    task.mutable_agent_id()->set_value(settings.agent_id);
    agent_->Launch(task);
  }

  std::unique_ptr<ExpectationTable> table_;
  ForwardedLog forwarded_;
  std::unique_ptr<MockAgent> agent_;
};

TEST_F(AgentRestart, ASecondRestartCancelsTheFirstOnesTimers) {
  agent_->Restart(milliseconds(20));
  agent_->Restart(milliseconds(60000));
  // The first restart alone would lose the task after 20 + 50 ms.
  EXPECT_FALSE(forwarded_.AnyWithin(milliseconds(1000)))
      << "the task was lost while the agent was still recovering from the second restart";
}

TEST_F(AgentRestart, ExecutorsThatDoNotComeBackLoseTheirTasks) {
  agent_->Restart(milliseconds(20));
  ASSERT_TRUE(forwarded_.AnyWithin(milliseconds(10000)));
  auto statuses = forwarded_.Taken();
  EXPECT_EQ(statuses[0].state(), mesos::v1::TASK_LOST);
  EXPECT_EQ(statuses[0].reason(), mesos::v1::TaskStatus::REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
}

}  // namespace
}  // namespace mc::agent
