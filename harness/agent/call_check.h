// The mock agent's front door: decides what a 1.4 agent answers to an HTTP
// request on the executor API, in the order the agent checks (shared facts
// executor-http-api.md §2 and §6). A pure function: no sockets, no state.
#pragma once

#include <optional>
#include <string>

#include "harness/http/server.h"
#include "harness/wire/content_type.h"
#include "mesos/v1/executor/executor.pb.h"

namespace mc::agent {

// What the agent knows when a request arrives.
struct AgentView {
  bool recovering = false;             // early recovery: everything gets 503
  bool recovering_executors = false;   // SUBSCRIBE accepted, other calls 503
  std::string framework_id;
  std::string executor_id;
  bool executor_subscribed = false;
  // Accept a SUBSCRIBE without its subscribe object (the finding is still made).
  bool tolerate_missing_subscribe = true;
};

struct CallVerdict {
  int status = 0;                // HTTP status the agent answers
  std::string reason;            // the agent's text for refusals
  std::string rule;              // the rule a refusal (or a tolerated fault) breaks
  std::string tolerated;         // a fault the agent let pass, for the finding
  bool decoded = false;          // `call` holds the decoded call
  Encoding request_encoding = Encoding::kJson;
  Encoding response_encoding = Encoding::kJson;  // SUBSCRIBE's stream encoding
  mesos::v1::executor::Call call;
};

CallVerdict CheckExecutorCall(const http::Request& request, const AgentView& view);

}  // namespace mc::agent
