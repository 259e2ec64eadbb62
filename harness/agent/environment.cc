#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "harness/agent/settings.h"
#include "harness/wire/duration.h"

namespace mc::agent {

std::map<std::string, std::string> ExecutorEnvironment(const AgentSettings& settings,
                                                       uint16_t port,
                                                       const std::string& sandbox) {
  std::string endpoint = absl::StrCat("127.0.0.1:", port);
  std::map<std::string, std::string> env = {
      {"MESOS_FRAMEWORK_ID", settings.framework_id},
      {"MESOS_EXECUTOR_ID", settings.executor_id},
      {"MESOS_DIRECTORY", sandbox},
      {"MESOS_SANDBOX", sandbox},
      {"MESOS_AGENT_ENDPOINT", endpoint},
      {"MESOS_SLAVE_PID", absl::StrCat("slave(1)@", endpoint)},
      {"MESOS_SLAVE_ID", settings.agent_id},
      {"MESOS_CHECKPOINT", settings.checkpoint ? "1" : "0"},
      {"MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", duration::Format(settings.shutdown_grace_period)},
      // The mock speaks only HTTP, as an agent run with --http_command_executor.
      {"MESOS_HTTP_COMMAND_EXECUTOR", "1"},
      {"LIBPROCESS_PORT", "0"},
  };
  if (settings.checkpoint) {
    env["MESOS_RECOVERY_TIMEOUT"] = duration::Format(settings.recovery_timeout);
    env["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = duration::Format(settings.subscription_backoff_max);
  }
  // Mesos fills PATH with a default when absent; keep the harness's so that
  // interpreters (node, sh) are found.
  const char* path = std::getenv("PATH");
  env["PATH"] = path ? path : "/usr/local/bin:/usr/bin:/bin";
  return env;
}

}  // namespace mc::agent
