#include "harness/rules/uuid_table.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/wire/uuid.h"

namespace mc {
namespace {

TEST(UuidTable, RemembersTheFirstUseOfEachUuid) {
  UuidTable table;
  std::mt19937_64 rng(1);
  const std::string a = uuid::Random(rng), b = uuid::Random(rng);
  EXPECT_EQ(table.FindOrInsert(a.data(), {7, 1}), nullptr);
  EXPECT_EQ(table.FindOrInsert(b.data(), {8, 2}), nullptr);
  const UuidTable::Use* first = table.FindOrInsert(a.data(), {9, 3});
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->task, 7u);
  EXPECT_EQ(first->state, 1);
  EXPECT_EQ(table.size(), 2u);
}

TEST(UuidTable, KeepsEveryUuidAcrossGrowth) {
  UuidTable table;
  std::mt19937_64 rng(2);
  std::vector<std::string> uuids;
  for (uint32_t i = 0; i < 200000; ++i) {
    uuids.push_back(uuid::Random(rng));
    table.Prefetch(uuids.back().data());
    ASSERT_EQ(table.FindOrInsert(uuids.back().data(), {i, static_cast<int32_t>(i % 13)}), nullptr);
  }
  for (uint32_t i = 0; i < uuids.size(); ++i) {
    const UuidTable::Use* use = table.FindOrInsert(uuids[i].data(), {0, 0});
    ASSERT_NE(use, nullptr);
    EXPECT_EQ(use->task, i);
    EXPECT_EQ(use->state, static_cast<int32_t>(i % 13));
  }
  EXPECT_EQ(table.size(), uuids.size());
}

// Uuids that differ in one byte only, or share a whole half, are still told apart.
TEST(UuidTable, TellsApartUuidsThatShareMostBytes) {
  UuidTable table;
  std::string base(16, '\x11');
  base[6] = 0x41;  // version 4
  for (uint32_t i = 0; i < 4096; ++i) {
    std::string id = base;
    id[15] = static_cast<char>(i & 0xff);
    id[7] = static_cast<char>(i >> 8);
    ASSERT_EQ(table.FindOrInsert(id.data(), {i, 0}), nullptr) << i;
  }
  for (uint32_t i = 0; i < 4096; ++i) {
    std::string id = base;
    id[15] = static_cast<char>(i & 0xff);
    id[7] = static_cast<char>(i >> 8);
    const UuidTable::Use* use = table.FindOrInsert(id.data(), {0, 0});
    ASSERT_NE(use, nullptr);
    EXPECT_EQ(use->task, i);
  }
}

}  // namespace
}  // namespace mc
