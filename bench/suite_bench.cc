// The executor suite's own overhead per scenario: starting and stopping a mock
// agent, spawning and reaping a process, and one whole short scenario against
// the reference executor.
#include <benchmark/benchmark.h>

#include "harness/agent/mock_agent.h"
#include "harness/expectations/table.h"
#include "harness/process/child.h"
#include "harness/suite/scenario_runner.h"
#include "harness/suite/scenarios.h"

namespace mc::bench {
namespace {

const ExpectationTable& Table() {
  static auto table = ExpectationTable::Load("1.4");
  return **table;
}

void AgentStartStop(benchmark::State& state) {
  for (auto _ : state) {
    agent::AgentSettings settings;
    settings.table = &Table();
    auto agent = agent::MockAgent::Start(settings);
    if (!agent.ok()) state.SkipWithError("agent did not start");
    benchmark::DoNotOptimize(agent);
  }
}
BENCHMARK(AgentStartStop)->Unit(benchmark::kMillisecond);

void SpawnAndReap(benchmark::State& state) {
  process::ChildSpec spec;
  spec.executable = "/bin/true";
  for (auto _ : state) {
    auto child = process::Child::Spawn(spec);
    if (!child.ok()) state.SkipWithError("spawn failed");
    (*child)->Wait(std::chrono::seconds(5));
  }
}
BENCHMARK(SpawnAndReap)->Unit(benchmark::kMillisecond);

void ScenarioLaunchFinishes(benchmark::State& state) {
  auto scenarios = suite::LoadScenarios("executor", "launch_finishes");
  suite::RunConfig config;
  config.table = &Table();
  config.executor.path = MC_REFERENCE_EXECUTOR;
  config.work_dir = "/tmp/mc-bench-suite";
  for (auto _ : state) {
    auto result = suite::RunScenario(scenarios->at(0), false, config);
    if (!result.findings.empty() || result.skipped) state.SkipWithError("the scenario failed");
  }
}
BENCHMARK(ScenarioLaunchFinishes)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mc::bench
