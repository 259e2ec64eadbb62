#!/usr/bin/env bash
# Builds the npm scheduler under test (fixtures/sut/npm-scheduler, npm package
# mesos-framework 0.5.3) and prints the path of its start script (run.sh).
exec bash "$(dirname "$0")/build-npm-sut.sh" fixtures/sut/npm-scheduler
