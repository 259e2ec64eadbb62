#include "harness/master/agent_faults.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <google/protobuf/text_format.h>

#include "harness/common/embedded_lookup.h"

namespace mc::master {

const mesos_conformance::AgentFaults& AgentFaultCatalogue() {
  static const auto* catalogue = [] {
    auto* faults = new mesos_conformance::AgentFaults;
    auto text = FindEmbeddedFile("fixtures/faults/agent.textpb");
    if (!text || !google::protobuf::TextFormat::ParseFromString(std::string(*text), faults)) {
      std::fprintf(stderr, "mesos-conformance: broken built-in agent fault catalogue\n");
      std::abort();
    }
    return faults;
  }();
  return *catalogue;
}

const mesos_conformance::AgentFault* FindAgentFault(std::string_view name) {
  for (const auto& fault : AgentFaultCatalogue().faults()) {
    if (fault.name() == name) return &fault;
  }
  return nullptr;
}

}  // namespace mc::master
