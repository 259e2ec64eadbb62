// A mapped input file cut short while it is read: an input error and exit
// code 2, not a crash by SIGBUS.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "harness/trace/byte_source.h"

namespace mc {
namespace {

TEST(MappedInputGuardDeathTest, ATruncatedInputIsAnInputError) {
  std::string path = ::testing::TempDir() + "/mc-shrinking-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(1 << 20, 'x');
  }
  EXPECT_EXIT(
      {
        auto source = ByteSource::OpenFile(path);
        auto contents = (*source)->Contents();
        if (!contents) ::_exit(0);  // not mapped: nothing to guard
        if (::truncate(path.c_str(), 0) != 0) ::_exit(3);
        volatile char last = contents->back();  // a page no longer backed
        (void)last;
        ::_exit(4);
      },
      ::testing::ExitedWithCode(2), "shrank while it was being read");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace mc
