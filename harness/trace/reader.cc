#include "harness/trace/reader.h"

#include <algorithm>
#include <cstring>

#include <simdjson.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "harness/trace/byte_source.h"
#include "harness/trace/status_unknown_enums.h"
#include "harness/wire/fast_event_json.h"
#include "harness/wire/fast_event_protobuf.h"
#include "harness/wire/mesos_json.h"
#include "harness/wire/recordio.h"

namespace mc {
namespace {

constexpr size_t kChunk = 1u << 20;

// Starts *record afresh. Copying from an empty record keeps the capacity of
// its strings and vectors, and skips building and destroying a temporary.
void Clear(TraceRecord* record) {
  static const TraceRecord* const kEmpty = new TraceRecord();
  *record = *kEmpty;
}

bool IsBlank(const char* data, size_t size) {
  return std::all_of(data, data + size, [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Records a wire problem of `message` on *record, if it has one.
void CheckRequiredFields(const google::protobuf::Message& message, TraceRecord* record) {
  if (message.IsInitialized()) return;
  std::vector<std::string> missing;
  message.FindInitializationErrors(&missing);
  // A state from a newer release arrives as an unknown field: it is reported
  // as such, not as a missing state.
  bool state_unknown = std::any_of(record->unknown_status_enums.begin(),
                                   record->unknown_status_enums.end(),
                                   [](const UnknownEnum& e) { return e.field_number == 2; });
  if (state_unknown) {
    missing.erase(std::remove_if(missing.begin(), missing.end(),
                                 [](const std::string& path) {
                                   return path == "state" || absl::EndsWith(path, ".status.state") ||
                                          absl::EndsWith(path, "status.state");
                                 }),
                  missing.end());
  }
  if (missing.empty()) return;
  record->wire_rule = "wire.required-fields";
  record->wire_error = absl::StrCat("Missing required fields: ", absl::StrJoin(missing, ", "));
}

}  // namespace

// The reused messages and parsers behind the records.
class TraceReader::Decoders {
 public:
  simdjson::dom::parser json;
  mesos_json::FastEventParser fast_event;  // tried first, on the common shape
  mesos::v1::scheduler::Event scheduler_event;
  mesos::v1::scheduler::Call scheduler_call;
  mesos::v1::executor::Event executor_event;
  mesos::v1::executor::Call executor_call;
  mesos::v1::TaskStatus bare_status;
};

absl::StatusOr<std::unique_ptr<TraceReader>> TraceReader::Open(const std::string& path,
                                                               const ReaderOptions& options) {
  auto source = ByteSource::OpenFile(path);
  if (!source.ok()) return source.status();
  std::string name = path == "-" ? "<stdin>" : path;
  return std::unique_ptr<TraceReader>(new TraceReader(std::move(*source), name, options));
}

std::unique_ptr<TraceReader> TraceReader::FromString(std::string data, std::string name,
                                                     const ReaderOptions& options) {
  return std::unique_ptr<TraceReader>(
      new TraceReader(ByteSource::FromString(std::move(data)), std::move(name), options));
}

std::unique_ptr<TraceReader> TraceReader::FromMemory(std::string_view data, std::string name,
                                                     const ReaderOptions& options) {
  return std::unique_ptr<TraceReader>(
      new TraceReader(ByteSource::FromMemory(data), std::move(name), options));
}

TraceReader::TraceReader(std::unique_ptr<ByteSource> source, std::string name,
                         const ReaderOptions& options)
    : source_(std::move(source)),
      name_(std::move(name)),
      options_(options),
      decoders_(std::make_unique<Decoders>()) {
  if (auto contents = source_->Contents()) {
    contents_ = *contents;
    data_ = contents_.data();
    end_ = contents_.size();
    eof_ = true;
    context_.input_bytes = contents_.size();
  } else {
    capacity_ = kChunk;
    buffer_.reset(new char[capacity_ + simdjson::SIMDJSON_PADDING]);
    data_ = buffer_.get();
  }
}

TraceReader::~TraceReader() = default;

void TraceReader::AddInputError(const Location& where, std::string message) {
  input_errors_.push_back({where.ToString(), std::move(message)});
}

bool TraceReader::Fill() {
  if (eof_ || failed_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_) {
    size_t grown = std::max(capacity_ * 2, capacity_ + kChunk);
    std::unique_ptr<char[]> bigger(new char[grown + simdjson::SIMDJSON_PADDING]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    data_ = buffer_.get();
    capacity_ = grown;
  }
  auto n = source_->Read(buffer_.get() + end_, capacity_ - end_);
  if (!n.ok()) {
    AddInputError({name_, 0, 0, offset_ + end_}, std::string(n.status().message()));
    failed_ = true;
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  return true;
}

const char* TraceReader::Padded(const char* data, size_t size) {
  if (contents_.empty()) return data;  // buffer_ keeps the padding
  const size_t readable = static_cast<size_t>(contents_.data() + contents_.size() - data);
  if (readable >= size + simdjson::SIMDJSON_PADDING) return data;
  if (scratch_capacity_ < size) {
    scratch_.reset(new char[size + simdjson::SIMDJSON_PADDING]);
    scratch_capacity_ = size;
  }
  std::memcpy(scratch_.get(), data, size);
  return scratch_.get();
}

bool TraceReader::DetectFormat() {
  for (;;) {
    const char* data = data_;
    for (size_t i = begin_; i < end_; ++i) {
      unsigned char c = data[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      if (c == '{') {
        format_ = TraceFormat::kJsonLines;
      } else if (c >= '0' && c <= '9') {
        format_ = TraceFormat::kRecordIO;
      } else {
        AddInputError({name_, 0, 0, offset_ + i},
                      absl::StrFormat("not a trace: byte 0x%02x is neither '{' (JSON Lines) nor a "
                                      "digit (RecordIO)",
                                      c));
        failed_ = true;
      }
      return !failed_;
    }
    if (!Fill()) {
      if (!failed_) {
        AddInputError({name_, 0, 0, offset_ + end_}, "empty input: no trace records");
        failed_ = true;
      }
      return false;
    }
  }
}

bool TraceReader::Next(TraceRecord* record) {
  if (failed_) return false;
  if (format_ == TraceFormat::kUnknown && !DetectFormat()) return false;
  return format_ == TraceFormat::kJsonLines ? NextJsonLine(record) : NextRecordIO(record);
}

bool TraceReader::NextJsonLine(TraceRecord* record) {
  bool skipping = false;  // inside a line over the size cap
  for (;;) {
    const char* start = data_ + begin_;
    size_t available = end_ - begin_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    size_t length = newline ? static_cast<size_t>(newline - start) : available;
    if (!newline && !eof_) {
      if (available > options_.max_record_size) {
        if (!skipping) {
          AddInputError({name_, line_ + 1, 0, offset_ + begin_},
                        absl::StrCat("line longer than the ", options_.max_record_size,
                                     "-byte limit (--max-record-size); skipped"));
          skipping = true;
        }
        begin_ = end_;
      }
      if (Fill()) continue;
      if (failed_) return false;
      continue;  // end of input: the rest is the last line
    }
    if (!newline && available == 0) return false;
    uint64_t line_offset = offset_ + begin_;
    begin_ += length + (newline ? 1 : 0);
    ++line_;
    if (skipping) {
      skipping = false;
      continue;
    }
    if (length > options_.max_record_size) {
      AddInputError({name_, line_, 0, line_offset},
                    absl::StrCat("line longer than the ", options_.max_record_size,
                                 "-byte limit (--max-record-size); skipped"));
      continue;
    }
    if (IsBlank(start, length)) continue;
    Clear(record);
    record->where = {name_, line_, records_ + 1, line_offset};
    if (DecodeJsonLine(start, length, record)) {
      ++records_;
      return true;
    }
  }
}

bool TraceReader::NextRecordIO(TraceRecord* record) {
  // Records are read in place from the input; one that is not all there yet is
  // parsed again from its start once more bytes are in.
  for (;;) {
    const std::string_view buffered(data_, end_);
    const uint64_t record_offset = offset_ + begin_;
    size_t pos = begin_;
    absl::Status framing;
    recordio::detail::LengthParser length;
    const auto parsed = begin_ == end_ ? recordio::detail::LengthParser::Result::kNeedMore
                                       : length.Parse(buffered, &pos, offset_,
                                                      options_.max_record_size, &framing);
    if (parsed == recordio::detail::LengthParser::Result::kFailed) {
      AddInputError({name_, 0, records_ + 1, record_offset},
                    absl::StrCat("broken RecordIO framing: ", framing.message()));
      failed_ = true;
      return false;
    }
    if (parsed == recordio::detail::LengthParser::Result::kDone &&
        length.length() <= end_ - pos) {
      const size_t size = static_cast<size_t>(length.length());
      const char* payload = data_ + pos;
      begin_ = pos + size;
      Clear(record);
      record->where = {name_, 0, records_ + 1, record_offset};
      record->first_in_stream = records_ == 0;
      ++records_;
      DecodeRecordIO(payload, size, record);
      return true;
    }
    if (Fill()) continue;
    if (!failed_ && begin_ < end_) {
      AddInputError({name_, 0, records_ + 1, offset_ + begin_},
                    "truncated: the input ends inside a RecordIO record");
      failed_ = true;
    }
    return false;
  }
}

namespace {

// Reads the annotation keys of a JSON Lines record. False with *error set when
// one is malformed.
bool ReadAnnotations(simdjson::dom::object object, TraceRecord* record, std::string* error) {
  std::string_view hop;
  if (!object["hop"].get(hop)) {
    auto parsed = ParseHop(hop);
    if (!parsed) {
      *error = absl::StrCat("unknown hop \"", std::string(hop),
                            "\" (expected master->scheduler, scheduler->master, agent->executor or "
                            "executor->agent)");
      return false;
    }
    record->hop = *parsed;
  }
  std::string_view scenario;
  if (!object["scenario"].get(scenario)) record->scenario = std::string(scenario);
  double time;
  if (!object["time"].get(time)) record->time = time;
  std::string_view refused;
  if (!object["refused"].get(refused)) record->refused = std::string(refused);
  bool forwarded;
  if (!object["forwarded"].get(forwarded)) record->forwarded = forwarded;
  std::string_view injected;
  if (!object["injected"].get(injected)) record->injected = std::string(injected);
  return true;
}

// Applies a {"context": {...}} line to *context. False with *error when malformed.
bool ReadContext(simdjson::dom::object object, TraceContext* context, std::string* error) {
  std::string_view version;
  if (!object["mesos_version"].get(version)) context->mesos_version = std::string(version);
  std::string_view scenario;
  if (!object["scenario"].get(scenario)) context->scenario = std::string(scenario);
  bool flag;
  if (!object["partition_aware"].get(flag)) context->partition_aware = flag;
  if (!object["task_killing_state"].get(flag)) context->task_killing_state = flag;
  simdjson::dom::array capabilities;
  if (!object["framework_capabilities"].get(capabilities)) {
    context->partition_aware = false;
    context->task_killing_state = false;
    for (simdjson::dom::element item : capabilities) {
      std::string_view name;
      if (item.get(name)) {
        *error = "context.framework_capabilities must be an array of capability names";
        return false;
      }
      if (name == "PARTITION_AWARE") context->partition_aware = true;
      if (name == "TASK_KILLING_STATE") context->task_killing_state = true;
    }
  }
  return true;
}

}  // namespace

google::protobuf::Message* TraceReader::MessageFor(RecordKind kind) {
  Decoders& d = *decoders_;
  switch (kind) {
    case RecordKind::kSchedulerEvent: return &d.scheduler_event;
    case RecordKind::kSchedulerCall: return &d.scheduler_call;
    case RecordKind::kExecutorEvent: return &d.executor_event;
    case RecordKind::kExecutorCall: return &d.executor_call;
    case RecordKind::kBareStatus: return &d.bare_status;
    case RecordKind::kContext: break;
  }
  return nullptr;
}

void TraceReader::Complete(TraceRecord* record) {
  Decoders& d = *decoders_;
  const mesos::v1::TaskStatus* status = nullptr;
  switch (record->kind) {
    case RecordKind::kSchedulerEvent:
      record->scheduler_event = &d.scheduler_event;
      if (d.scheduler_event.type() == mesos::v1::scheduler::Event::UPDATE) {
        if (d.scheduler_event.has_update()) {
          status = &d.scheduler_event.update().status();
        } else if (record->wire_rule.empty()) {
          record->wire_rule = "wire.required-fields";
          record->wire_error = "an UPDATE event without 'update'";
        }
      }
      break;
    case RecordKind::kSchedulerCall:
      record->scheduler_call = &d.scheduler_call;
      break;
    case RecordKind::kExecutorEvent:
      record->executor_event = &d.executor_event;
      break;
    case RecordKind::kExecutorCall:
      record->executor_call = &d.executor_call;
      if (d.executor_call.type() == mesos::v1::executor::Call::UPDATE &&
          d.executor_call.has_update()) {
        status = &d.executor_call.update().status();
      }
      break;
    case RecordKind::kBareStatus:
      status = &d.bare_status;
      break;
    case RecordKind::kContext:
      break;
  }
  if (status != nullptr) CollectUnknownStatusEnums(*status, &record->unknown_status_enums);
  if (record->wire_rule.empty()) {
    if (const google::protobuf::Message* message = MessageFor(record->kind)) {
      CheckRequiredFields(*message, record);
    }
  }
  if (record->wire_rule.empty()) record->status = status;
  if (record->scenario.empty()) record->scenario = context_.scenario;
  record->context = &context_;
}

bool TraceReader::DecodeJsonLine(const char* data, size_t size, TraceRecord* record) {
  Decoders& d = *decoders_;
  data = Padded(data, size);
  // A plain Event (no annotation keys) is what the generic path would make of it.
  if (d.fast_event.Parse(data, size, &d.scheduler_event)) {
    record->kind = RecordKind::kSchedulerEvent;
    Complete(record);
    return true;
  }
  simdjson::dom::element document;
  auto error = d.json.parse(reinterpret_cast<const uint8_t*>(data), size, false).get(document);
  if (error) {
    AddInputError(record->where, absl::StrCat("not JSON: ", simdjson::error_message(error)));
    return false;
  }
  simdjson::dom::object object;
  if (document.get(object)) {
    AddInputError(record->where, "a JSON value that is not an object");
    return false;
  }
  std::string problem;
  simdjson::dom::object context;
  if (!object["context"].get(context)) {
    if (!ReadContext(context, &context_, &problem)) {
      AddInputError(record->where, problem);
      return false;
    }
    record->kind = RecordKind::kContext;
    record->context = &context_;
    return true;
  }
  if (!ReadAnnotations(object, record, &problem)) {
    AddInputError(record->where, problem);
    return false;
  }
  switch (record->hop) {
    case Hop::kMasterToScheduler: {
      simdjson::dom::element unused;
      if (!object["type"].get(unused)) {
        record->kind = RecordKind::kSchedulerEvent;
      } else if (!object["task_id"].get(unused)) {
        record->kind = RecordKind::kBareStatus;
      } else {
        AddInputError(record->where,
                      "neither a scheduler Event (no \"type\") nor a TaskStatus (no \"task_id\")");
        return false;
      }
      break;
    }
    case Hop::kSchedulerToMaster: record->kind = RecordKind::kSchedulerCall; break;
    case Hop::kAgentToExecutor: record->kind = RecordKind::kExecutorEvent; break;
    case Hop::kExecutorToAgent: record->kind = RecordKind::kExecutorCall; break;
  }
  google::protobuf::Message* message = MessageFor(record->kind);
  mesos_json::ParseOptions options;
  options.require_initialized = false;
  absl::Status parsed = mesos_json::ParseValue(document, message, options);
  if (!parsed.ok()) {
    record->wire_rule = "wire.mesos-json";
    record->wire_error = std::string(parsed.message());
  }
  Complete(record);
  return true;
}

bool TraceReader::DecodeRecordIO(const char* data, size_t size, TraceRecord* record) {
  Decoders& d = *decoders_;
  record->kind = RecordKind::kSchedulerEvent;
  size_t first = 0;
  while (first < size && (data[first] == ' ' || data[first] == '\n' || data[first] == '\r' ||
                          data[first] == '\t')) {
    ++first;
  }
  if (first < size && data[first] == '{') {
    data = Padded(data, size);
    if (d.fast_event.Parse(data, size, &d.scheduler_event)) {
      Complete(record);
      return true;
    }
    simdjson::dom::element document;
    auto error = d.json.parse(reinterpret_cast<const uint8_t*>(data), size, false).get(document);
    absl::Status parsed = error ? absl::InvalidArgumentError(absl::StrCat(
                                      "Failed to parse body into JSON: ",
                                      simdjson::error_message(error)))
                                : mesos_json::ParseValue(document, &d.scheduler_event,
                                                         {/*require_initialized=*/false});
    if (!parsed.ok()) {
      record->wire_rule = "wire.mesos-json";
      record->wire_error = std::string(parsed.message());
    }
  } else if (!mesos_protobuf::ParseEventFast(data, size, &d.scheduler_event) &&
             !d.scheduler_event.ParsePartialFromArray(data, static_cast<int>(size))) {
    record->wire_rule = "wire.protobuf";
    record->wire_error = "not a scheduler Event in protobuf";
  }
  Complete(record);
  return true;
}

}  // namespace mc
