// Records checked per second by the offline checker (reader + rule engine), one
// core, on a generated trace of valid updates: JSON Lines and protobuf RecordIO.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "bench/trace_generator.h"
#include "harness/expectations/table.h"
#include "harness/rules/engine.h"
#include "harness/trace/reader.h"
#include "harness/wire/fast_event_protobuf.h"
#include "harness/wire/recordio.h"

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

// Decoding alone: the protobuf RecordIO records of the same trace into one
// reused Event, as the reader does (the fast path, the generic parse for what
// it leaves), or through the generic parse only.
void DecodeProtobuf(benchmark::State& state, bool fast) {
  std::vector<std::string_view> records;
  recordio::BufferReader reader(Trace(TraceEncoding::kRecordIOProtobuf), ~uint64_t{0});
  for (std::string_view record; reader.Next(&record);) records.push_back(record);
  mesos::v1::scheduler::Event event;
  for (auto _ : state) {
    for (std::string_view record : records) {
      const bool parsed =
          (fast && mesos_protobuf::ParseEventFast(record.data(), record.size(), &event)) ||
          event.ParsePartialFromArray(record.data(), static_cast<int>(record.size()));
      if (!parsed) state.SkipWithError("a record did not decode");
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
}

BENCHMARK_CAPTURE(DecodeProtobuf, Fast, true)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(DecodeProtobuf, Generic, false)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace mc::bench
