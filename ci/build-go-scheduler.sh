#!/usr/bin/env bash
# Builds the Go scheduler under test (fixtures/sut/go-scheduler, on Debian's mesos-go 0.0.6)
# into ${BUILD_DIR:-build}/sut/go-scheduler and prints the binary's path.
# Installs golang-go and the mesos-go packages with apt-get if missing (idempotent, quiet).
# GOPATH mode, Debian's /usr/share/gocode only: no module downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-deps.sh golang-go golang-github-mesos-mesos-go-dev \
  golang-github-gogo-protobuf-dev golang-github-pquerna-ffjson-dev

out_dir=$(mkdir -p "${BUILD_DIR:-build}/sut" && cd "${BUILD_DIR:-build}/sut" && pwd)
binary=$out_dir/go-scheduler
src=fixtures/sut/go-scheduler
# Up to date: nothing newer than the binary among the sources and this script.
if [[ ! -x "$binary" || -n $(find "$src" ci/build-go-scheduler.sh -newer "$binary" -print -quit) ]]; then
  export GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0
  export GOPATH=$out_dir/gopath:/usr/share/gocode GOCACHE=$out_dir/go-cache
  (cd "$src" && go build -o "$binary.tmp" .)
  mv "$binary.tmp" "$binary"
fi
echo "$binary"
