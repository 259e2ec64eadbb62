#include "fixtures/schedulers/reference/task_book.h"

#include <deque>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mc::refsched {
namespace {

namespace v1 = mesos::v1;

std::vector<std::string> Ids(const std::vector<const TaskRecord*>& tasks) {
  std::vector<std::string> ids;
  for (const TaskRecord* task : tasks) ids.push_back(task->id);
  return ids;
}

v1::TaskStatus Status(const std::string& id, v1::TaskState state, const std::string& agent = "") {
  v1::TaskStatus status;
  status.mutable_task_id()->set_value(id);
  status.set_state(state);
  if (!agent.empty()) status.mutable_agent_id()->set_value(agent);
  return status;
}

TEST(TaskBookTest, StartsWithEveryInstancePending) {
  TaskBook book(3);
  EXPECT_EQ(book.pending(), (std::deque<std::string>{"task-1", "task-2", "task-3"}));
  EXPECT_TRUE(book.ToReconcile().empty());
  EXPECT_EQ(book.Find("task-4"), nullptr);
}

TEST(TaskBookTest, LaunchFailureAndReconciliation) {
  TaskBook book(3);
  book.MarkLaunched({"task-1", "task-2"}, "S0");
  EXPECT_EQ(book.pending(), (std::deque<std::string>{"task-3"}));
  book.MarkPending({"task-2"});
  EXPECT_EQ(book.pending(), (std::deque<std::string>{"task-2", "task-3"}));
  EXPECT_EQ(Ids(book.ToReconcile()), (std::vector<std::string>{"task-1"}));

  book.Record(Status("task-1", v1::TASK_RUNNING, "S1"));
  EXPECT_EQ(book.Find("task-1")->agent_id, "S1");
  EXPECT_EQ(Ids(book.ToReconcile()), (std::vector<std::string>{"task-1"}));
  book.Record(Status("task-1", v1::TASK_UNREACHABLE));
  EXPECT_EQ(Ids(book.ToReconcile()), (std::vector<std::string>{"task-1"}));
  book.Record(Status("task-1", v1::TASK_FINISHED));
  EXPECT_TRUE(book.ToReconcile().empty());
  EXPECT_EQ(Ids(book.ToReconcile(/*include_done=*/true)), (std::vector<std::string>{"task-1"}));
}

TEST(TaskBookTest, ReplacementsGetNewIds) {
  TaskBook book(2);
  book.MarkLaunched({"task-1", "task-2"}, "S0");
  EXPECT_EQ(book.Replace("task-1"), "task-1-r1");
  EXPECT_TRUE(book.Find("task-1")->replaced);
  EXPECT_EQ(book.pending(), (std::deque<std::string>{"task-1-r1"}));
  book.MarkLaunched({"task-1-r1"}, "S0");
  EXPECT_EQ(book.Replace("task-1-r1"), "task-1-r2");
  EXPECT_EQ(book.Find("task-1-r2")->instance, 1);
  EXPECT_EQ(book.Find("task-1-r2")->generation, 2);
  // A replaced task that is still alive stays reconciled.
  EXPECT_EQ(Ids(book.ToReconcile()), (std::vector<std::string>{"task-1", "task-2", "task-1-r1"}));
}

}  // namespace
}  // namespace mc::refsched
