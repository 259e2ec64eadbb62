// Writes a run's trace as JSON Lines, the form `check` reads: one Mesos JSON
// message per line with "hop", "time" and "scenario" beside it. A writer is
// used from one thread; writers on other threads may share its file (the full
// stack: the master's and each agent's hops in one trace), each line going out
// in one fwrite, which stdio locks.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "harness/trace/record.h"

namespace mc::agent {

// One trace file and the moment its times count from.
struct TraceFile {
  std::FILE* file = nullptr;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~TraceFile();
};

class TraceWriter {
 public:
  // An empty path writes nothing.
  TraceWriter(const std::string& path, std::string scenario);
  // Writes into another writer's file (null: nothing).
  TraceWriter(std::shared_ptr<TraceFile> file, std::string scenario);
  std::shared_ptr<TraceFile> file() const { return file_; }
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void Context(const std::string& mesos_version, const std::vector<std::string>& capabilities);
  // `refused`: the agent's answer when it refused the call ("400 Failed to ...").
  // `forwarded`: a copy of a message checked on its own hop already.
  // `injected`: why the harness sent this outside the table on purpose (a
  // fault such as a reason from a later release); the rules leave it alone.
  void Record(Hop hop, const google::protobuf::Message& message, const std::string& refused = "",
              bool forwarded = false, const std::string& injected = "");
  void Flush();

 private:
  std::shared_ptr<TraceFile> file_;
  std::string scenario_;
  std::string line_;
};

}  // namespace mc::agent
