#include "harness/rules/task_table.h"

#include <string>

#include <gtest/gtest.h>

namespace mc {
namespace {

TEST(TaskTable, NumbersTasksInOrderOfFirstSight) {
  TaskTable table;
  bool added = false;
  EXPECT_EQ(table.FindOrAdd("a", &added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(table.FindOrAdd("b", &added), 1u);
  EXPECT_TRUE(added);
  EXPECT_EQ(table.FindOrAdd("a", &added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(table.FindOrAdd("", &added), 2u);
  EXPECT_TRUE(added);
  EXPECT_EQ(table.FindOrAdd("", &added), 2u);
  EXPECT_FALSE(added);
  EXPECT_EQ(table.Id(1), "b");
  EXPECT_EQ(table.size(), 3u);
}

TEST(TaskTable, KeepsEveryIdAcrossGrowthAndIdBlocks) {
  TaskTable table;
  bool added = false;
  // Short, 8-to-16-byte and long ids, and ones that differ only at the end.
  auto id_of = [](uint32_t i) {
    std::string id = "task-" + std::to_string(i);
    if (i % 3 == 1) id = std::string(40, 'x') + id;
    if (i % 3 == 2) id = std::to_string(i % 10);
    return id + std::string(i % 7, '#');
  };
  std::vector<uint32_t> numbers;
  for (uint32_t i = 0; i < 300000; ++i) {
    table.Prefetch(id_of(i));
    numbers.push_back(table.FindOrAdd(id_of(i), &added));
  }
  for (uint32_t i = 0; i < 300000; ++i) {
    ASSERT_EQ(table.FindOrAdd(id_of(i), &added), numbers[i]) << id_of(i);
    ASSERT_FALSE(added);
    ASSERT_EQ(table.Id(numbers[i]), id_of(i));
  }
}

TEST(TaskTable, HashDependsOnEveryByteAndTheLength) {
  EXPECT_NE(TaskTable::Hash("abc"), TaskTable::Hash("abd"));
  EXPECT_NE(TaskTable::Hash(std::string("a\0", 2)), TaskTable::Hash("a"));
  std::string long_id(100, 'q');
  std::string other = long_id;
  other[50] = 'r';
  EXPECT_NE(TaskTable::Hash(long_id), TaskTable::Hash(other));
  EXPECT_EQ(TaskTable::Hash(long_id), TaskTable::Hash(std::string(100, 'q')));
}

}  // namespace
}  // namespace mc
