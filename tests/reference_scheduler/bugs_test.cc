#include "fixtures/schedulers/reference/bugs.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace mc::refsched {
namespace {

TEST(BugsTest, NamesAreUniqueAndFound) {
  std::set<std::string_view> names;
  for (const BugInfo& info : AllBugs()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(BugByName(info.name), info.bug);
    EXPECT_EQ(BugName(info.bug), info.name);
    EXPECT_FALSE(info.misbehaviour.empty());
  }
  EXPECT_EQ(AllBugs().size(), 14u);
  EXPECT_EQ(BugByName("no-such-bug"), std::nullopt);
}

TEST(BugsTest, ReadmeTableListsEveryBug) {
  std::ifstream in(std::string(MC_SOURCE_DIR) + "/fixtures/schedulers/reference/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  ASSERT_FALSE(readme.empty());
  for (const BugInfo& info : AllBugs()) {
    EXPECT_NE(readme.find("| `" + std::string(info.name) + "` |"), std::string::npos) << info.name;
  }
}

}  // namespace
}  // namespace mc::refsched
