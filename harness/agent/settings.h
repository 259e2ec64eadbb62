// How a mock agent is set up for one scenario run: who the framework and the
// executor are, and the agent flags that shape timing. Durations are legal
// agent flag values chosen small, so a suite takes seconds, not minutes.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mesos/v1/mesos.pb.h"

namespace mc {
class ExpectationTable;
}

namespace mc::agent {

struct TraceFile;
using std::chrono::milliseconds;

struct AgentSettings {
  std::string agent_id = "mc-agent-S0";
  std::string hostname = "127.0.0.1";
  std::string framework_id = "mc-framework-0000";
  std::string framework_name = "mesos-conformance";
  std::string user = "mesos-conformance";
  bool checkpoint = false;
  std::vector<std::string> framework_capabilities;  // FrameworkInfo.Capability.Type names
  std::string executor_id = "mc-executor";
  std::string container_id = "mc-container-0";

  milliseconds registration_timeout{60000};   // --executor_registration_timeout (Mesos default)
  milliseconds reregistration_timeout{1000};  // --executor_reregistration_timeout
  milliseconds shutdown_grace_period{2000};   // --executor_shutdown_grace_period
  milliseconds recovery_timeout{3000};        // --recovery_timeout
  // MESOS_SUBSCRIPTION_BACKOFF_MAX: the agent passes its re-registration timeout.
  milliseconds subscription_backoff_max{1000};

  bool tolerate_missing_subscribe = true;
  const ExpectationTable* table = nullptr;  // the version's table (terminal states); required
  std::string scenario;
  std::string trace_path;   // JSON Lines trace of every hop; empty: none
  // Full stack: the trace is shared with the master (trace_path unused), and
  // the updates the agent forwards go to the master through `forward`, called
  // on the agent's thread.
  std::shared_ptr<TraceFile> trace_file;
  std::function<void(const mesos::v1::TaskStatus&)> forward;
};

// The environment a 1.4 agent gives the executor (shared facts
// executor-http-api.md §5), for an agent at 127.0.0.1:port.
std::map<std::string, std::string> ExecutorEnvironment(const AgentSettings& settings,
                                                       uint16_t port,
                                                       const std::string& sandbox);

}  // namespace mc::agent
