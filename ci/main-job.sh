#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the executor suite on
# the bundled reference executor, the framework suite on the bundled reference
# scheduler (both encodings, partition aware, profile marathon, and the full
# stack with the reference executor), and the checker on the bundled traces;
# writes the reports to out/reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
cli=${BUILD_DIR:-build}/harness/mesos-conformance
out=out/reports
mkdir -p "$out"

status=0
reference=${BUILD_DIR:-build}/fixtures/executors/reference/mc-reference-executor
scheduler=${BUILD_DIR:-build}/fixtures/schedulers/reference/mc-reference-scheduler
framework() {  # NAME SCHEDULER-ARGS [SUITE-ARGS...]
  local name=$1 args=$2
  shift 2
  "$cli" framework --scheduler "$scheduler $args --master {master_url}" --strict "$@" \
    --work-dir "out/framework-suite-$name" \
    --json-report "$out/framework-$name.json" --junit "$out/framework-$name.xml" \
    | tail -n 2 || status=1
}
# Over JSON the framework does not checkpoint, over protobuf it does: an agent's
# disconnect loses the first one's tasks and the second one's agent reconciles; the
# second one's tasks carry a check and a health check, which the command executor reports.
# The first one reconciles finished and lost tasks too, which the master no longer knows.
for codec in json protobuf; do
  variant=$([ "$codec" = json ] && echo "--no-checkpoint --reconcile-all" || echo "--checkpoint --checks")
  framework "reference-$codec" "--codec $codec $variant"
  "$cli" executor --executor "$reference" --executor-arg=--codec=$codec \
    --executor-supports health-checks --executor-supports task-groups --strict \
    --work-dir "out/executor-suite-$codec" \
    --json-report "$out/executor-reference-$codec.json" --junit "$out/executor-reference-$codec.xml" \
    | tail -n 1 || status=1
done
# A partition-aware framework with TASK_KILLING_STATE receives the rest of the table's rows;
# it launches task groups.
framework reference-partition-aware "--partition-aware --task-killing-state --task-groups --reconcile-all"
framework reference-marathon "--profile marathon --partition-aware --task-killing-state" --profile marathon
# A framework that kills its tasks at once meets the launches the mock holds.
framework reference-kill-on-launch "--kill-on-launch" --scenario 'kill_during_launch_*'
# Frameworks that send a task the master's validation refuses, alone and in a group.
framework reference-invalid-task "--invalid-task" --scenario launch_and_acknowledge
framework reference-invalid-task-group "--invalid-task --task-groups" --scenario launch_and_acknowledge
# The full stack: the reference scheduler's tasks on the reference executor.
framework reference-full-stack "--executor {executor}" --executor "$reference"

# Reference traces must pass; each known-bad trace must fail with exit 1 (--strict, so
# that the recommended-level rules count too).
for trace in fixtures/traces/good/*; do
  name=$(basename "$trace")
  "$cli" check "$trace" --json-report "$out/check-$name.json" >"$out/check-$name.txt" || {
    echo "main-job: $trace is not conformant:" >&2; cat "$out/check-$name.txt" >&2; status=1; }
done
for trace in fixtures/traces/bad/*; do
  name=$(basename "$trace")
  set +e
  "$cli" check "$trace" --strict --json-report "$out/check-$name.json" >"$out/check-$name.txt"
  code=$?
  set -e
  if [[ $code -ne 1 ]]; then
    echo "main-job: $trace gave exit $code, expected 1" >&2
    status=1
  fi
done
echo "main-job: reports in $out/"
exit $status
