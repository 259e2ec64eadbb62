#!/usr/bin/env bash
# Builds an npm system under test (npm package mesos-framework 0.5.3):
# fixtures/sut/npm-executor by default, or the folder given, such as
# fixtures/sut/npm-scheduler. Prints the path of its start script (run.sh).
# Installs Node.js and npm from Debian 12 packages if they are missing, and runs
# `npm ci` only when node_modules is missing or older than the lock file.
# Idempotent and quiet: everything but the printed path goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sut="$root/${1:-fixtures/sut/npm-executor}"

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
((${#missing[@]} == 0)) || bash "$root/ci/install-deps.sh" "${missing[@]}"

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 16)); then
  echo "build-npm-sut: Node.js $(node --version) is too old (need 16 or newer)" >&2
  exit 1
fi

# The stamp records the lock file and Node version node_modules was built from.
stamp="$sut/node_modules/.build-npm-sut.stamp"
want=$(cat "$sut/package.json" "$sut/package-lock.json" <(node --version) | sha256sum | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" \
      || ! -f "$sut/node_modules/mesos-framework/package.json" ]]; then
  echo "build-npm-sut: npm ci in $sut" >&2
  (cd "$sut" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" > "$stamp"
fi

chmod +x "$sut/run.sh"
echo "$sut/run.sh"
