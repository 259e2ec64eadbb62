#!/usr/bin/env bash
# Builds a Go system under test on Debian's mesos-go 0.0.6: fixtures/sut/NAME
# (NAME = go-executor by default, or the one given, such as go-scheduler) into
# ${BUILD_DIR:-build}/sut/NAME, and prints the binary's path.
# Installs golang-go and the mesos-go packages with apt-get if missing (idempotent, quiet).
# GOPATH mode, Debian's /usr/share/gocode only: no module downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-deps.sh golang-go golang-github-mesos-mesos-go-dev \
  golang-github-gogo-protobuf-dev golang-github-pquerna-ffjson-dev golang-github-pborman-uuid-dev

out_dir=$(mkdir -p "${BUILD_DIR:-build}/sut" && cd "${BUILD_DIR:-build}/sut" && pwd)
name=${1:-go-executor}
binary=$out_dir/$name
src=fixtures/sut/$name
# Up to date: nothing newer than the binary among the sources and this script.
if [[ ! -x "$binary" || -n $(find "$src" ci/build-go-sut.sh -newer "$binary" -print -quit) ]]; then
  export GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0
  export GOPATH=$out_dir/gopath:/usr/share/gocode GOCACHE=$out_dir/go-cache
  (cd "$src" && go build -o "$binary.tmp" .)
  mv "$binary.tmp" "$binary"
fi
echo "$binary"
