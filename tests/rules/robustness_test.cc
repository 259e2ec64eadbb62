// Garbage never crashes or hangs the checker: seeded mutations of real traces
// (bit flips, cuts, splices, junk) go through the reader and the rule engine.
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "harness/expectations/table.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Mutate(std::string data, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 4);
  for (int round = 0, rounds = 1 + static_cast<int>(rng() % 4); round < rounds; ++round) {
    if (data.empty()) data = "{";
    size_t at = rng() % data.size();
    switch (kind(rng)) {
      case 0: data[at] = static_cast<char>(data[at] ^ (1 << (rng() % 8))); break;
      case 1: data.resize(at); break;
      case 2: data.insert(at, data.substr(rng() % data.size(), rng() % 64)); break;
      case 3: data.insert(at, std::string(1 + rng() % 8, static_cast<char>(rng()))); break;
      default: data.erase(at, rng() % 32); break;
    }
  }
  return data;
}

TEST(Robustness, MutatedTracesNeverCrashTheChecker) {
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  std::vector<std::string> seeds;
  for (const auto& kind : {"good", "bad"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(MC_SOURCE_DIR) / "fixtures" /
                                             "traces" / kind)) {
      seeds.push_back(Slurp(entry.path()));
    }
  }
  ASSERT_FALSE(seeds.empty());
  std::mt19937_64 rng(20261121);
  uint64_t records = 0, errors = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string input = Mutate(seeds[rng() % seeds.size()], rng);
    auto reader = TraceReader::FromString(input, "mutant");
    Checker checker(**table, CheckOptions{});
    TraceRecord record;
    while (reader->Next(&record)) checker.Observe(record);
    records += checker.records();
    errors += reader->input_errors().size();
  }
  // Both paths were exercised: records were understood and inputs were refused.
  EXPECT_GT(records, 1000u);
  EXPECT_GT(errors, 100u);
}

TEST(Robustness, RandomBytesAreRefusedOrUnderstood) {
  auto table = ExpectationTable::Load("1.4");
  ASSERT_TRUE(table.ok());
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string input(rng() % 512, '\0');
    for (char& c : input) c = static_cast<char>(rng());
    if (i % 2 == 0 && !input.empty()) input[0] = static_cast<char>('0' + rng() % 10);
    auto reader = TraceReader::FromString(input, "random");
    Checker checker(**table, CheckOptions{});
    TraceRecord record;
    while (reader->Next(&record)) checker.Observe(record);
  }
}

}  // namespace
}  // namespace mc
