// Records checked per second by the offline checker (reader + rule engine), one
// core, on a generated trace of valid updates: JSON Lines and protobuf RecordIO.
#include <benchmark/benchmark.h>

#include "bench/trace_generator.h"
#include "harness/expectations/table.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"

namespace mc::bench {
namespace {

constexpr uint64_t kUpdates = 1000000;

const std::string& Trace(TraceEncoding encoding) {
  static const std::string json = GenerateTrace(kUpdates, TraceEncoding::kJsonLines);
  static const std::string protobuf = GenerateTrace(kUpdates, TraceEncoding::kRecordIOProtobuf);
  return encoding == TraceEncoding::kJsonLines ? json : protobuf;
}

void CheckTrace(benchmark::State& state, TraceEncoding encoding) {
  const std::string& trace = Trace(encoding);
  auto table = ExpectationTable::Load("1.4");
  uint64_t records = 0;
  for (auto _ : state) {
    auto reader = TraceReader::FromMemory(trace, "bench");
    Checker checker(**table, CheckOptions{});
    TraceRecord record;
    while (reader->Next(&record)) checker.Observe(record);
    if (checker.total_findings() != 0 || !reader->input_errors().empty()) {
      state.SkipWithError("the generated trace is not clean");
    }
    records += checker.records();
  }
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
}

BENCHMARK_CAPTURE(CheckTrace, JsonLines, TraceEncoding::kJsonLines)
    ->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(CheckTrace, RecordIOProtobuf, TraceEncoding::kRecordIOProtobuf)
    ->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace mc::bench
