// Reserving room up front (the ledger sizes its tables from the input's size)
// keeps what the tables hold, and growth still works past the reservation.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/rules/task_table.h"
#include "harness/rules/uuid_table.h"
#include "harness/wire/uuid.h"

namespace mc {
namespace {

TEST(TableReserve, UuidTableKeepsItsUuidsAndGrowsPastTheReservation) {
  UuidTable table;
  std::mt19937_64 rng(3);
  std::vector<std::string> uuids;
  for (uint32_t i = 0; i < 300; ++i) {
    uuids.push_back(uuid::Random(rng));
    ASSERT_EQ(table.FindOrInsert(uuids.back().data(), {i, 1}), nullptr);
  }
  table.Reserve(5000);
  table.Reserve(10);  // never shrinks
  for (uint32_t i = 300; i < 20000; ++i) {
    uuids.push_back(uuid::Random(rng));
    table.Prefetch(uuids.back().data());
    ASSERT_EQ(table.FindOrInsert(uuids.back().data(), {i, 2}), nullptr);
  }
  for (uint32_t i = 0; i < uuids.size(); ++i) {
    const UuidTable::Use* use = table.FindOrInsert(uuids[i].data(), {0, 0});
    ASSERT_NE(use, nullptr) << i;
    EXPECT_EQ(use->task, i);
    EXPECT_EQ(use->state, i < 300 ? 1 : 2);
  }
  EXPECT_EQ(table.size(), uuids.size());
}

TEST(TableReserve, TaskTableKeepsItsNumbersAndGrowsPastTheReservation) {
  TaskTable table;
  bool added = false;
  for (uint32_t i = 0; i < 300; ++i) {
    ASSERT_EQ(table.FindOrAdd("task-" + std::to_string(i), &added), i);
    ASSERT_TRUE(added);
  }
  table.Reserve(4000);
  table.Reserve(1);
  for (uint32_t i = 300; i < 20000; ++i) {
    const std::string id = "task-" + std::to_string(i);
    table.Prefetch(id);
    ASSERT_EQ(table.FindOrAdd(id, &added), i);
    ASSERT_TRUE(added);
  }
  for (uint32_t i = 0; i < 20000; ++i) {
    ASSERT_EQ(table.FindOrAdd("task-" + std::to_string(i), &added), i);
    ASSERT_FALSE(added);
    EXPECT_EQ(table.Id(i), "task-" + std::to_string(i));
  }
  EXPECT_EQ(table.size(), 20000u);
}

}  // namespace
}  // namespace mc
