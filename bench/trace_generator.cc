#include "bench/trace_generator.h"

#include <random>

#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"
#include "harness/wire/uuid.h"
#include "mesos/v1/scheduler/scheduler.pb.h"

namespace mc::bench {
namespace {

void Append(const mesos::v1::scheduler::Event& event, TraceEncoding encoding, std::string* out) {
  if (encoding == TraceEncoding::kJsonLines) {
    mesos_json::Print(event, out);
    out->push_back('\n');
  } else {
    recordio::AppendEncoded(event.SerializeAsString(), out);
  }
}

}  // namespace

std::string GenerateTrace(uint64_t updates, TraceEncoding encoding, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out;
  out.reserve(updates * (encoding == TraceEncoding::kJsonLines ? 420 : 190));

  mesos::v1::scheduler::Event subscribed;
  subscribed.set_type(mesos::v1::scheduler::Event::SUBSCRIBED);
  subscribed.mutable_subscribed()->mutable_framework_id()->set_value("bench-framework-0000");
  subscribed.mutable_subscribed()->set_heartbeat_interval_seconds(15);
  Append(subscribed, encoding, &out);

  mesos::v1::scheduler::Event event;
  event.set_type(mesos::v1::scheduler::Event::UPDATE);
  mesos::v1::TaskStatus* status = event.mutable_update()->mutable_status();
  status->set_source(mesos::v1::TaskStatus::SOURCE_EXECUTOR);
  status->mutable_agent_id()->set_value("0f6b6c39-a0e4-4b3c-9b7e-6a1f2bd0c6a1-S3");
  status->mutable_executor_id()->set_value("bench-executor");
  auto* network = status->mutable_container_status()->add_network_infos();
  network->add_ip_addresses()->set_ip_address("127.0.0.1");
  double timestamp = 1504000000.0;
  for (uint64_t i = 0; i < updates; ++i) {
    uint64_t task = i / 2;
    status->mutable_task_id()->set_value("bench-task-" + std::to_string(task));
    status->set_state(i % 2 == 0 ? mesos::v1::TASK_RUNNING : mesos::v1::TASK_FINISHED);
    status->set_uuid(uuid::Random(rng));
    status->set_timestamp(timestamp += 0.001);
    if (i % 2 == 1) {
      status->set_message("Command exited with status 0");
    } else {
      status->clear_message();
    }
    Append(event, encoding, &out);
  }
  return out;
}

}  // namespace mc::bench
