#!/usr/bin/env bash
# Installs what the build and tests need from Debian 12 packages, if missing.
# Idempotent and quiet; costs one dpkg-query when everything is present.
set -euo pipefail

packages=(
  cmake g++ ninja-build pkg-config
  libprotobuf-dev protobuf-compiler
  libgrpc++-dev protobuf-compiler-grpc libabsl-dev
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsimdjson-dev nlohmann-json3-dev
)
# Extra packages for the benchmark comparison (jq) are asked for by name.
packages+=("$@")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
