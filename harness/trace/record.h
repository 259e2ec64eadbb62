// One record of a captured or harness-made trace, as the rule engine sees it.
//
// A trace is a sequence of Mesos messages, each on a hop (who sent it to whom).
// Captured scheduler traffic has only master->scheduler events; the harness's
// own traces add the executor and agent hops and a context line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesos/v1/executor/executor.pb.h"
#include "mesos/v1/mesos.pb.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc {

enum class Hop {
  kMasterToScheduler,  // scheduler Event (the default for captured traffic)
  kSchedulerToMaster,  // scheduler Call
  kAgentToExecutor,    // executor Event
  kExecutorToAgent,    // executor Call
};

// "master->scheduler" etc.; ParseHop accepts the same texts.
const char* HopName(Hop hop);
std::optional<Hop> ParseHop(std::string_view text);

// Where a record came from, for messages: "FILE:LINE" or "FILE:record N @byte B".
struct Location {
  std::string_view file;  // the reader's name for its input; valid while the reader lives
  uint64_t line = 0;    // 1-based line of a JSON Lines trace; 0 for RecordIO
  uint64_t record = 0;  // 1-based record number
  uint64_t offset = 0;  // byte offset of the record's start
  std::string ToString() const;
};

// What the trace says about the framework under test (from a context line or
// the command line). Unset members are unknown.
struct TraceContext {
  std::string mesos_version;
  std::optional<bool> partition_aware;
  std::optional<bool> task_killing_state;
  std::string scenario;
  // The input's size in bytes when the reader knows it up front (0 otherwise):
  // a hint for sizing the checker's tables once.
  uint64_t input_bytes = 0;
};

// An enum value in a status that the compiled protos do not know (a newer
// release's number sent in protobuf, kept by proto2 as an unknown field).
struct UnknownEnum {
  int field_number;  // in TaskStatus: 2 state, 9 source, 10 reason
  int64_t value;
};

enum class RecordKind {
  kSchedulerEvent,
  kSchedulerCall,
  kExecutorEvent,
  kExecutorCall,
  kBareStatus,  // a TaskStatus on its own line (master->scheduler)
  kContext,     // a context line: no message
};

// A decoded record. The messages are owned by the reader and reused: a record
// is valid until the reader's next Next() call.
struct TraceRecord {
  Location where;
  RecordKind kind = RecordKind::kSchedulerEvent;
  Hop hop = Hop::kMasterToScheduler;
  std::string scenario;            // from the record, else the context's
  std::optional<double> time;      // seconds, when the trace says
  bool first_in_stream = false;    // first record of a RecordIO stream capture
  // The receiver refused this call ("400 Failed to validate..."): it never took
  // effect, and whoever refused it has reported why.
  std::string refused;
  // A copy, checked on the hop it came from ("forwarded": true).
  bool forwarded = false;
  // Sent outside the table on purpose, as a fault ("injected": why); the
  // status rules leave it alone.
  std::string injected;
  const mesos::v1::scheduler::Event* scheduler_event = nullptr;
  const mesos::v1::scheduler::Call* scheduler_call = nullptr;
  const mesos::v1::executor::Event* executor_event = nullptr;
  const mesos::v1::executor::Call* executor_call = nullptr;
  // The status this record carries (UPDATE event or call, or a bare status).
  const mesos::v1::TaskStatus* status = nullptr;
  std::vector<UnknownEnum> unknown_status_enums;
  // Set when the record broke the wire rules: the rule id and what was wrong.
  // The message pointers may then be partial or null.
  std::string wire_rule;
  std::string wire_error;
  // The reader's context as of this record (context lines update it); valid
  // until the reader's next Next() call. Null outside a reader.
  const TraceContext* context = nullptr;
};

}  // namespace mc
