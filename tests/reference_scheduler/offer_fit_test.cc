#include "fixtures/schedulers/reference/offer_fit.h"

#include <gtest/gtest.h>

namespace mc::refsched {
namespace {

namespace v1 = mesos::v1;

v1::Offer MakeOffer(double cpus, double mem) {
  v1::Offer offer;
  offer.mutable_id()->set_value("O1");
  offer.mutable_agent_id()->set_value("S0");
  offer.mutable_framework_id()->set_value("F1");
  for (auto [name, value] : {std::pair{"cpus", cpus}, std::pair{"mem", mem}}) {
    v1::Resource* resource = offer.add_resources();
    resource->set_name(name);
    resource->set_type(v1::Value::SCALAR);
    resource->mutable_scalar()->set_value(value);
    resource->set_role("*");
    resource->mutable_allocation_info()->set_role("*");
  }
  return offer;
}

TEST(OfferFitTest, PacksAsManyAsFitInOrder) {
  auto tasks = FitTasks(MakeOffer(0.25, 4096), {"a", "b", "c"}, {"exit 0", ""});
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].task_id().value(), "a");
  EXPECT_EQ(tasks[1].task_id().value(), "b");
  EXPECT_EQ(FitTasks(MakeOffer(1, 40), {"a", "b"}, {"exit 0", ""}).size(), 1u);
  EXPECT_TRUE(FitTasks(MakeOffer(0.05, 4096), {"a"}, {"exit 0", ""}).empty());
}

TEST(OfferFitTest, CommandTaskKeepsTheOfferedRoleAndAllocation) {
  auto tasks = FitTasks(MakeOffer(1, 128), {"a"}, {"sleep 1", ""});
  ASSERT_EQ(tasks.size(), 1u);
  const v1::TaskInfo& task = tasks[0];
  EXPECT_EQ(task.name(), "a");
  EXPECT_EQ(task.agent_id().value(), "S0");
  EXPECT_TRUE(task.command().shell());
  EXPECT_EQ(task.command().value(), "sleep 1");
  EXPECT_FALSE(task.has_executor());
  ASSERT_EQ(task.resources_size(), 2);
  EXPECT_EQ(task.resources(0).name(), "cpus");
  EXPECT_DOUBLE_EQ(task.resources(0).scalar().value(), 0.1);
  EXPECT_EQ(task.resources(0).role(), "*");
  EXPECT_EQ(task.resources(0).allocation_info().role(), "*");
  EXPECT_DOUBLE_EQ(task.resources(1).scalar().value(), 32);
}

TEST(OfferFitTest, CustomExecutorCarriesTheCommandInDataAndLabel) {
  auto tasks = FitTasks(MakeOffer(1, 128), {"a"}, {"echo hi", "/bin/exec"});
  ASSERT_EQ(tasks.size(), 1u);
  const v1::TaskInfo& task = tasks[0];
  EXPECT_FALSE(task.has_command());
  EXPECT_EQ(task.executor().type(), v1::ExecutorInfo::CUSTOM);
  EXPECT_EQ(task.executor().executor_id().value(), kExecutorId);
  EXPECT_EQ(task.executor().command().value(), "/bin/exec");
  EXPECT_FALSE(task.executor().command().shell());
  EXPECT_EQ(task.data(), "echo hi");
  ASSERT_EQ(task.labels().labels_size(), 1);
  EXPECT_EQ(task.labels().labels(0).key(), kCommandLabel);
  EXPECT_EQ(task.labels().labels(0).value(), "echo hi");
}

TEST(OfferFitTest, TaskGroupTakesTheExecutorsResourcesFirst) {
  // 0.35 cpus: the executor's 0.1, then two tasks' 0.1 each; a third does not fit.
  auto group = FitTaskGroup(MakeOffer(0.35, 4096), {"a", "b", "c"}, {"sleep 1", ""}, "E7");
  ASSERT_TRUE(group.has_value());
  const v1::ExecutorInfo& executor = group->executor;
  EXPECT_EQ(executor.type(), v1::ExecutorInfo::DEFAULT);
  EXPECT_EQ(executor.executor_id().value(), "E7");
  EXPECT_EQ(executor.framework_id().value(), "F1");
  EXPECT_FALSE(executor.has_command());
  ASSERT_EQ(executor.resources_size(), 2);
  EXPECT_EQ(executor.resources(0).name(), "cpus");
  EXPECT_DOUBLE_EQ(executor.resources(0).scalar().value(), 0.1);
  EXPECT_EQ(executor.resources(0).allocation_info().role(), "*");
  EXPECT_EQ(executor.resources(1).name(), "mem");
  EXPECT_DOUBLE_EQ(executor.resources(1).scalar().value(), 32);

  ASSERT_EQ(group->tasks.size(), 2u);
  EXPECT_EQ(group->tasks[0].task_id().value(), "a");
  EXPECT_EQ(group->tasks[1].task_id().value(), "b");
  for (const v1::TaskInfo& task : group->tasks) {
    EXPECT_EQ(task.agent_id().value(), "S0");
    EXPECT_FALSE(task.has_executor());
    EXPECT_TRUE(task.command().shell());
    EXPECT_EQ(task.command().value(), "sleep 1");
    ASSERT_EQ(task.resources_size(), 2);
    EXPECT_DOUBLE_EQ(task.resources(0).scalar().value(), 0.1);
    EXPECT_DOUBLE_EQ(task.resources(1).scalar().value(), 32);
  }

  // Memory for the executor and one task only.
  group = FitTaskGroup(MakeOffer(1, 70), {"a", "b"}, {"exit 0", ""});
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->executor.executor_id().value(), kDefaultExecutorId);
  EXPECT_EQ(group->tasks.size(), 1u);
}

TEST(OfferFitTest, TaskGroupNeedsRoomForTheExecutorAndOneTask) {
  // Enough for one plain task, not for the executor as well.
  EXPECT_EQ(FitTasks(MakeOffer(0.15, 4096), {"a"}, {"exit 0", ""}).size(), 1u);
  EXPECT_FALSE(FitTaskGroup(MakeOffer(0.15, 4096), {"a"}, {"exit 0", ""}).has_value());
  EXPECT_FALSE(FitTaskGroup(MakeOffer(1, 50), {"a"}, {"exit 0", ""}).has_value());
  EXPECT_FALSE(FitTaskGroup(MakeOffer(0.05, 4096), {"a"}, {"exit 0", ""}).has_value());
  // Nothing waiting: no group either.
  EXPECT_FALSE(FitTaskGroup(MakeOffer(1, 4096), {}, {"exit 0", ""}).has_value());
}

TEST(OfferFitTest, TaskGroupTasksAreCommandTasksWhateverTheTemplate) {
  auto group = FitTaskGroup(MakeOffer(1, 128), {"a"}, {"echo hi", "/bin/exec", true});
  ASSERT_TRUE(group.has_value());
  ASSERT_EQ(group->tasks.size(), 1u);
  const v1::TaskInfo& task = group->tasks[0];
  EXPECT_FALSE(task.has_executor());
  EXPECT_EQ(task.command().value(), "echo hi");
  EXPECT_TRUE(task.has_check());
  EXPECT_TRUE(task.has_health_check());
}

}  // namespace
}  // namespace mc::refsched
