// A fast path for the scheduler Events that make up nearly all of a captured
// stream: {"type": ..., "update": {"status": {...}}} with the usual TaskStatus
// fields, read with simdjson On-Demand and set through the generated setters.
//
// It never decides anything on its own: input that is malformed, or merely
// unusual (an unknown or duplicate key, a null, a field it does not cover, an
// unknown enum name, a number that needs care), makes it give up, and the
// caller runs the generic decoder (mesos_json::ParseValue), which then gives
// the verdict and the error text. When it succeeds, the Event equals what the
// generic decoder makes with require_initialized = false.
#pragma once

#include <cstddef>

#include <simdjson.h>

#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::mesos_json {

class FastEventParser {
 public:
  // Parses `size` bytes at `json`, which must be followed by at least
  // simdjson::SIMDJSON_PADDING readable bytes. True when *event holds the
  // result; false when the generic decoder must decide (*event is then
  // unspecified). The object must have a "type" key.
  bool Parse(const char* json, size_t size, mesos::v1::scheduler::Event* event);

 private:
  simdjson::ondemand::parser parser_;
};

}  // namespace mc::mesos_json
