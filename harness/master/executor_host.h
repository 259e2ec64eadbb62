// Where the mock master runs tasks that carry a custom ExecutorInfo in the full
// stack: a host starts the real executor under a mock agent and hands the
// agent's updates back through MockMaster::RelayUpdate. Without a host the
// master emulates every executor itself.
#pragma once

#include <chrono>
#include <string>

#include "mesos/v1/mesos.pb.h"

namespace mc::master {

class ExecutorHost {
 public:
  virtual ~ExecutorHost() = default;
  // Called on the master's thread; must not wait for the master.
  virtual void Launch(const std::string& agent_id, const mesos::v1::FrameworkInfo& framework,
                      const mesos::v1::TaskInfo& task) = 0;
  virtual void Kill(const std::string& task_id) = 0;
  // SIGKILL to every executor on the agent; the agent then fails their tasks.
  virtual void CrashExecutors(const std::string& agent_id) = 0;
  // The agent restarts: its executors must re-subscribe within the
  // re-registration timeout, or their tasks are lost.
  virtual void RestartAgent(const std::string& agent_id, std::chrono::milliseconds unavailable) = 0;
};

}  // namespace mc::master
