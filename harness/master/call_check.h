// The mock master's front door: decides what a 1.4 master answers to an HTTP
// request on the scheduler API, in the order the master checks (shared facts
// scheduler-http-api.md §2). A pure function: no sockets, no state.
#pragma once

#include <map>
#include <string>

#include "harness/http/server.h"
#include "harness/wire/content_type.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::master {

// What the master knows when a request arrives.
struct MasterView {
  struct Framework {
    // Whether the framework has a live event stream; a known framework
    // without one gets 403 on every call but SUBSCRIBE.
    bool connected = false;
    // The Mesos-Stream-Id of the live stream (text form).
    std::string stream_id;
  };
  bool recovering = false;  // every request gets 503
  // Every framework the master knows, by framework id.
  std::map<std::string, Framework> frameworks;
};

struct SchedulerCallVerdict {
  int status = 0;                // HTTP status the master answers
  std::string reason;            // the master's text for refusals (the response body)
  std::string rule;              // the rule a refusal breaks; empty when the master is at fault
  std::string detail;            // for the report: what exactly was wrong, beyond `reason`
  bool decoded = false;          // `call` holds the decoded call
  Encoding request_encoding = Encoding::kJson;
  Encoding response_encoding = Encoding::kJson;  // SUBSCRIBE's stream encoding
  mesos::v1::scheduler::Call call;
};

// Status codes: 503 recovering; 405 method; 400/415 Content-Type; 400 decode
// or validation; SUBSCRIBE: 406 Accept, 400 Mesos-Stream-Id present, else 200;
// other calls: 400 unknown framework, 403 framework not subscribed, 400
// Mesos-Stream-Id missing or not the framework's, else 202 (501 for UNKNOWN).
// A request with several faults gets the answer for the first one checked.
//
// Rules named in refusals:
//   scheduler.call-accepted  405, missing type or payload, 403, 501
//   scheduler.content-type   Content-Type 400/415, Accept 406
//   scheduler.subscribe-ids  framework_id missing, differing from
//                            subscribe.framework_info.id, or unknown
//   scheduler.stream-id      Mesos-Stream-Id on SUBSCRIBE, missing or wrong elsewhere
//   wire.protobuf, wire.required-fields, wire.mesos-json   undecodable body
//   status.uuid-valid        ACKNOWLEDGE with a uuid that is not 16 bytes, version 1-5
SchedulerCallVerdict CheckSchedulerCall(const http::Request& request, const MasterView& view);

}  // namespace mc::master
