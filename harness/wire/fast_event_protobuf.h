// A fast path for the protobuf scheduler Events that make up nearly all of a
// captured stream: Event{type, update{status{...}}} with the usual TaskStatus
// fields, decoded by hand from the wire format into a reused Event.
//
// Like the JSON fast path (fast_event_json.h) it never decides anything on its
// own: input that is malformed, or merely unusual (a field or enum number it
// does not know, a non-repeated field given twice, another wire type, a key
// over one byte, a field it does not cover), makes it give up, and the caller
// runs the generic parse (ParsePartialFromArray), which then gives the verdict
// and keeps unknown fields as proto2 does. When it succeeds, the Event equals
// what ParsePartialFromArray makes of the same bytes, unknown fields included
// (there are none).
#pragma once

#include <cstddef>

#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::mesos_protobuf {

// Decodes the `size` bytes at `data` into *event. True when *event holds the
// result; false when the generic parse must decide (*event is then unspecified).
bool ParseEventFast(const char* data, size_t size, mesos::v1::scheduler::Event* event);

}  // namespace mc::mesos_protobuf
