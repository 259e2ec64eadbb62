// UPDATE events delivered and acknowledged per second between the mock master
// and a real scheduler over loopback: the master's status update manager keeps
// one update in flight per task, so throughput grows with the tasks the
// scheduler runs. Arguments: tasks, and whether the run's trace is written (as
// in the framework suite). The scheduler is the reference one, or the command
// line in $MC_BENCH_SCHEDULER ({master_url} filled in).
#include <cstdlib>

#include <benchmark/benchmark.h>
#include <boost/program_options/parsers.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "harness/expectations/table.h"
#include "harness/master/mock_master.h"
#include "harness/process/child.h"

namespace mc::bench {
namespace {

using master::MasterObservation;
using Clock = std::chrono::steady_clock;
constexpr int kUpdatesPerTask = 50;
constexpr auto kDeadline = std::chrono::seconds(60);

const ExpectationTable& Table() {
  static auto table = ExpectationTable::Load("1.4");
  return **table;
}

bool IsAcknowledge(const MasterObservation& seen) {
  return seen.kind == MasterObservation::Kind::kCall &&
         seen.call.type() == mesos::v1::scheduler::Call::ACKNOWLEDGE;
}

// Waits for `count` more ACKNOWLEDGE calls after `*from`.
bool AwaitAcknowledgements(master::MockMaster& master, size_t* from, int64_t count) {
  int64_t seen = 0;
  auto found = master.log().WaitFor(
      *from, [&seen, count](const MasterObservation& entry) { return IsAcknowledge(entry) && ++seen == count; },
      Clock::now() + kDeadline);
  if (!found) return false;
  *from = *found + 1;
  return true;
}

std::unique_ptr<process::Child> StartScheduler(uint16_t port, int tasks) {
  const char* custom = std::getenv("MC_BENCH_SCHEDULER");
  std::string line = custom != nullptr
                         ? custom
                         : absl::StrCat(MC_REFERENCE_SCHEDULER,
                                        " --quiet --codec protobuf --master {master_url} --tasks ", tasks);
  line = absl::StrReplaceAll(line, {{"{master_url}", absl::StrCat("http://127.0.0.1:", port)}});
  std::vector<std::string> words = boost::program_options::split_unix(line);
  process::ChildSpec spec;
  spec.executable = words[0];
  spec.args.assign(words.begin() + 1, words.end());
  spec.stdout_path = "/dev/null";
  spec.stderr_path = "/tmp/mc-update-bench-scheduler.stderr";
  auto child = process::Child::Spawn(spec);
  return child.ok() ? std::move(*child) : nullptr;
}

void UpdatesAcknowledged(benchmark::State& state) {
  int tasks = static_cast<int>(state.range(0));
  master::MasterSettings settings;
  settings.table = &Table();
  settings.scenario = "update_bench";
  settings.task_outcome = master::MasterSettings::TaskOutcome::kRuns;
  settings.agent_cpus = tasks;          // room for every task at 0.1 cpus
  settings.agent_mem = tasks * 64.0;
  if (state.range(1) != 0) settings.trace_path = "/tmp/mc-update-bench-trace.jsonl";
  auto master = master::MockMaster::Start(settings);
  if (!master.ok()) return state.SkipWithError("the mock master did not start");
  auto scheduler = StartScheduler((*master)->port(), tasks);
  if (!scheduler) return state.SkipWithError("the scheduler did not start");
  size_t from = 0;
  // Each task's TASK_RUNNING first.
  if (!AwaitAcknowledgements(**master, &from, tasks)) {
    return state.SkipWithError("the scheduler did not launch and acknowledge its tasks");
  }
  for (auto _ : state) {
    (*master)->SendRunningUpdates(kUpdatesPerTask);
    if (!AwaitAcknowledgements(**master, &from, static_cast<int64_t>(tasks) * kUpdatesPerTask)) {
      return state.SkipWithError("updates went unacknowledged");
    }
  }
  state.SetItemsProcessed(state.iterations() * tasks * kUpdatesPerTask);
  scheduler->Kill();
}
BENCHMARK(UpdatesAcknowledged)
    ->ArgNames({"tasks", "trace"})
    ->Args({1, 0})
    ->Args({16, 0})
    ->Args({64, 0})
    ->Args({256, 0})
    ->Args({256, 1})
    ->Args({1024, 0})
    ->Args({1024, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace mc::bench
