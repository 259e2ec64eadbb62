// A kill that reaches the agent before the task was delivered: the agent
// answers TASK_KILLED (REASON_TASK_KILLED_DURING_LAUNCH) itself, for a queued
// task group for every task of the group, and the group is never delivered.
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/agent/mock_agent.h"
#include "harness/expectations/table.h"

namespace mc::agent {
namespace {

using ::testing::UnorderedElementsAre;

struct Forwarded {
  std::mutex mutex;
  std::vector<mesos::v1::TaskStatus> statuses;
};

mesos::v1::TaskInfo Task(const std::string& id) {
  mesos::v1::TaskInfo task;
  task.set_name(id);
  task.mutable_task_id()->set_value(id);
  task.mutable_agent_id()->set_value("mc-agent-S0");
  return task;
}

class KillBeforeDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = std::move(*ExpectationTable::Load("1.4"));
    AgentSettings settings;
    settings.table = table_.get();
    settings.forward = [this](const mesos::v1::TaskStatus& status) {
      std::lock_guard<std::mutex> lock(forwarded_.mutex);
      forwarded_.statuses.push_back(status);
    };
    agent_ = std::move(*MockAgent::Start(settings));
  }
  std::vector<mesos::v1::TaskStatus> Statuses() {
    agent_->LiveTasks();  // a round trip: what the kill forwarded is in
    std::lock_guard<std::mutex> lock(forwarded_.mutex);
    return forwarded_.statuses;
  }

  std::unique_ptr<ExpectationTable> table_;
  Forwarded forwarded_;
  std::unique_ptr<MockAgent> agent_;
};

TEST_F(KillBeforeDelivery, KillsTheWholeQueuedGroup) {
  mesos::v1::TaskGroupInfo group;
  *group.add_tasks() = Task("g1");
  *group.add_tasks() = Task("g2");
  agent_->LaunchGroup(group);  // the executor has not subscribed: queued
  agent_->Kill("g2", std::nullopt);
  std::set<std::string> killed;
  for (const auto& status : Statuses()) {
    EXPECT_EQ(status.state(), mesos::v1::TASK_KILLED);
    EXPECT_EQ(status.source(), mesos::v1::TaskStatus::SOURCE_AGENT);
    EXPECT_EQ(status.reason(), mesos::v1::TaskStatus::REASON_TASK_KILLED_DURING_LAUNCH);
    EXPECT_EQ(status.message(), "A task within the task group was killed before delivery to the executor");
    EXPECT_TRUE(status.has_uuid());
    killed.insert(status.task_id().value());
  }
  EXPECT_THAT(killed, UnorderedElementsAre("g1", "g2"));
  EXPECT_TRUE(agent_->LiveTasks().empty());
}

TEST_F(KillBeforeDelivery, KillsOnlyTheTaskOutsideAGroup) {
  agent_->Launch(Task("t1"));
  agent_->Launch(Task("t2"));
  agent_->Kill("t1", std::nullopt);
  auto statuses = Statuses();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].task_id().value(), "t1");
  EXPECT_EQ(statuses[0].message(), "Killed before delivery to the executor");
  EXPECT_THAT(agent_->LiveTasks(), UnorderedElementsAre("t2"));
}

}  // namespace
}  // namespace mc::agent
