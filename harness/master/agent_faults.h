// The agent fault catalogue built into the binary (fixtures/faults/agent.textpb):
// what a Mesos agent sends when one of its parts fails.
#pragma once

#include <string_view>

#include "conformance/faults.pb.h"

namespace mc::master {

const mesos_conformance::AgentFaults& AgentFaultCatalogue();

// The fault named `name`, or null.
const mesos_conformance::AgentFault* FindAgentFault(std::string_view name);

}  // namespace mc::master
