// How a mock master is set up for one scenario run. Durations are compressed:
// legal values chosen small, so a suite takes seconds.
#pragma once

#include <chrono>
#include <string>

namespace mc {
class ExpectationTable;
}

namespace mc::master {

using std::chrono::milliseconds;

struct MasterSettings {
  std::string master_id = "mc-master";
  int agents = 1;                               // simulated agents, each offering the same
  double agent_cpus = 4;
  double agent_mem = 4096;
  milliseconds heartbeat_interval{1000};        // reported in SUBSCRIBED
  milliseconds update_retry_initial{300};       // agent status update retries
  milliseconds update_retry_max{2000};
  milliseconds reoffer_delay{300};              // declined resources come back after this
  milliseconds agent_away{500};                 // a disconnected agent's absence, by a fault
  enum class TaskOutcome { kFinishes, kFails, kRuns };
  TaskOutcome task_outcome = TaskOutcome::kFinishes;  // what the emulated executor does
  const ExpectationTable* table = nullptr;      // required
  std::string scenario;
  std::string trace_path;                       // JSON Lines trace; empty: none
};

}  // namespace mc::master
