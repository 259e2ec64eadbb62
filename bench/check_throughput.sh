#!/usr/bin/env bash
# Times the real CLI on generated 1,000,000-update traces (JSON Lines and
# protobuf RecordIO), next to `jq -c . FILE > /dev/null` on the same JSON file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh jq
bash ci/build.sh
build=${BUILD_DIR:-build}
updates=${UPDATES:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/bench/mc_make_trace" "$updates" json "$dir/trace.jsonl"
"$build/bench/mc_make_trace" "$updates" recordio "$dir/trace.recordio"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
for file in trace.jsonl trace.recordio; do
  s=$(seconds taskset -c 0 "$build/harness/mesos-conformance" check "$dir/$file")
  printf '%-15s %9d bytes  check %6.2f s  %10.0f records/s\n' "$file" "$(stat -c %s "$dir/$file")" "$s" \
    "$(echo "($updates + 1) / $s" | bc -l)"
done
s=$(seconds taskset -c 0 jq -c . "$dir/trace.jsonl")
printf '%-15s jq -c . %6.2f s\n' trace.jsonl "$s"
