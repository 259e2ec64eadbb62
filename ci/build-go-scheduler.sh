#!/usr/bin/env bash
# Builds the Go scheduler under test (fixtures/sut/go-scheduler, mesos-go httpsched)
# into ${BUILD_DIR:-build}/sut/go-scheduler and prints the binary's path.
exec bash "$(dirname "$0")/build-go-sut.sh" go-scheduler
