#include "harness/agent/trace_writer.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "harness/wire/mesos_json.h"

namespace mc::agent {

TraceFile::~TraceFile() {
  if (file != nullptr) std::fclose(file);
}

TraceWriter::TraceWriter(const std::string& path, std::string scenario)
    : scenario_(std::move(scenario)) {
  if (path.empty()) return;
  file_ = std::make_shared<TraceFile>();
  file_->file = std::fopen(path.c_str(), "we");
  if (file_->file == nullptr) file_.reset();
}

TraceWriter::TraceWriter(std::shared_ptr<TraceFile> file, std::string scenario)
    : file_(std::move(file)), scenario_(std::move(scenario)) {}


void TraceWriter::Context(const std::string& mesos_version,
                          const std::vector<std::string>& capabilities) {
  if (!file_) return;
  nlohmann::json context = {{"context",
                             {{"mesos_version", mesos_version},
                              {"framework_capabilities", capabilities},
                              {"scenario", scenario_}}}};
  std::string line = context.dump() + "\n";
  std::fwrite(line.data(), 1, line.size(), file_->file);
}

void TraceWriter::Record(Hop hop, const google::protobuf::Message& message,
                         const std::string& refused, bool forwarded,
                         const std::string& injected) {
  if (!file_) return;
  line_.clear();
  mesos_json::Print(message, &line_);
  // Annotations go in front of the message's own keys: "{" + ours + ",".
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - file_->start).count();
  nlohmann::json annotations = {{"hop", HopName(hop)}, {"time", seconds}, {"scenario", scenario_}};
  if (!refused.empty()) annotations["refused"] = refused;
  if (forwarded) annotations["forwarded"] = true;
  if (!injected.empty()) annotations["injected"] = injected;
  std::string prefix = annotations.dump();
  if (line_ == "{}") {
    line_ = prefix;
  } else {
    prefix.back() = ',';
    line_.replace(0, 1, prefix);
  }
  line_.push_back('\n');
  std::fwrite(line_.data(), 1, line_.size(), file_->file);
}

void TraceWriter::Flush() {
  if (file_) std::fflush(file_->file);
}

}  // namespace mc::agent
