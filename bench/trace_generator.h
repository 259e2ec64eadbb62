// Generates large, valid scheduler-side traces for the benchmarks: tasks that
// run and finish, each update from the executor with a fresh uuid.
#pragma once

#include <cstdint>
#include <string>

namespace mc::bench {

enum class TraceEncoding { kJsonLines, kRecordIOProtobuf };

// A trace of `updates` UPDATE events (after one SUBSCRIBED), deterministic for a seed.
std::string GenerateTrace(uint64_t updates, TraceEncoding encoding, uint64_t seed = 1);

}  // namespace mc::bench
