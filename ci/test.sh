#!/usr/bin/env bash
# Installs what is missing, builds, builds the interop executors and schedulers
# (mesos-go, npm mesos-framework), and runs every test. Exit code = ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
BUILD_DIR=${BUILD_DIR:-build} bash ci/build-go-sut.sh >/dev/null
BUILD_DIR=${BUILD_DIR:-build} bash ci/build-go-scheduler.sh >/dev/null
bash ci/build-npm-sut.sh >/dev/null
bash ci/build-npm-scheduler.sh >/dev/null
# The interop tests fail, rather than skip, when an interop executor is missing.
export MC_REQUIRE_INTEROP=1
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)" --timeout 600
