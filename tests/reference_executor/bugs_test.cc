#include "fixtures/executors/reference/bugs.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace mc::refexec {
namespace {

TEST(BugsTest, NamesAreUniqueAndFound) {
  std::set<std::string_view> names;
  for (const BugInfo& info : AllBugs()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(BugByName(info.name), info.bug);
    EXPECT_EQ(BugName(info.bug), info.name);
    EXPECT_FALSE(info.rule.empty());
  }
  EXPECT_EQ(AllBugs().size(), 30u);
  EXPECT_EQ(BugByName("no-such-bug"), std::nullopt);
}

TEST(BugsTest, ReadmeTableListsEveryBugWithItsRule) {
  std::ifstream in(std::string(MC_SOURCE_DIR) + "/fixtures/executors/reference/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  ASSERT_FALSE(readme.empty());
  for (const BugInfo& info : AllBugs()) {
    const std::string row_start = "| `" + std::string(info.name) + "` |";
    const size_t row = readme.find(row_start);
    ASSERT_NE(row, std::string::npos) << info.name;
    const std::string line = readme.substr(row, readme.find('\n', row) - row);
    EXPECT_NE(line.find("`" + std::string(info.rule) + "`"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace mc::refexec
