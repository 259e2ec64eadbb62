// Writes a run's trace as JSON Lines, the form `check` reads: one Mesos JSON
// message per line with "hop", "time" and "scenario" beside it. Used from the
// agent thread only.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "harness/trace/record.h"

namespace mc::agent {

class TraceWriter {
 public:
  // An empty path writes nothing.
  TraceWriter(const std::string& path, std::string scenario);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void Context(const std::string& mesos_version, const std::vector<std::string>& capabilities);
  // `refused`: the agent's answer when it refused the call ("400 Failed to ...").
  // `forwarded`: a copy of a message checked on its own hop already.
  void Record(Hop hop, const google::protobuf::Message& message, const std::string& refused = "",
              bool forwarded = false);
  void Flush();

 private:
  std::FILE* file_ = nullptr;
  std::string scenario_;
  std::chrono::steady_clock::time_point start_;
  std::string line_;
};

}  // namespace mc::agent
