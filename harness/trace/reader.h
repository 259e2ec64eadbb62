// Reads a trace file: JSON Lines (one Mesos JSON message per line, with optional
// annotation keys "hop", "time", "scenario", or a {"context": {...}} line), or a
// RecordIO stream of scheduler Events as curl saves it from /api/v1/scheduler,
// each record JSON or protobuf. The format is detected from the first byte.
//
// Two kinds of trouble are kept apart. A record that breaks Mesos's wire rules
// is still a record (TraceRecord::wire_rule says what broke): the rule engine
// reports it as a finding. Input that is not a trace at all (not JSON, broken
// framing, a line over the size cap) is an InputError: the checker exits 2.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/trace/record.h"

namespace google::protobuf {
class Message;
}

namespace mc {

struct ReaderOptions {
  uint64_t max_record_size = 16u << 20;  // a line or record; larger ones are input errors
};

struct InputError {
  std::string where;  // Location::ToString() of where the trouble is
  std::string message;
  std::string ToString() const { return where + ": " + message; }
};

enum class TraceFormat { kUnknown, kJsonLines, kRecordIO };

class ByteSource;

// Not thread-safe. Memory and regular files (mapped) are read in place; other
// input (standard input, pipes) is read lazily, in a buffer bounded by the
// size cap. (A mapped file cut short while being read ends the process with
// an input error, exit code 2: see mapped_input_guard.h.)
class TraceReader {
 public:
  // `path` "-" reads standard input.
  static absl::StatusOr<std::unique_ptr<TraceReader>> Open(const std::string& path,
                                                           const ReaderOptions& options = {});
  // Reads from memory; `name` stands for the file in locations.
  static std::unique_ptr<TraceReader> FromString(std::string data, std::string name,
                                                 const ReaderOptions& options = {});
  // Same without the copy: `data` must outlive the reader.
  static std::unique_ptr<TraceReader> FromMemory(std::string_view data, std::string name,
                                                 const ReaderOptions& options = {});
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  // Fills *record with the next record; false at the end of the input (or after
  // input trouble that leaves nothing readable). The record's messages stay
  // valid until the next call.
  bool Next(TraceRecord* record);

  const std::vector<InputError>& input_errors() const { return input_errors_; }
  TraceFormat format() const { return format_; }
  uint64_t records() const { return records_; }
  const std::string& name() const { return name_; }

 private:
  TraceReader(std::unique_ptr<ByteSource> source, std::string name, const ReaderOptions& options);

  bool Fill();                       // reads more bytes; false at end of input
  // `data` with simdjson's padding readable after its `size` bytes: in place,
  // or copied to scratch_ near the end of in-place contents.
  const char* Padded(const char* data, size_t size);
  bool DetectFormat();
  bool NextJsonLine(TraceRecord* record);
  bool NextRecordIO(TraceRecord* record);
  bool DecodeJsonLine(const char* data, size_t size, TraceRecord* record);
  bool DecodeRecordIO(const char* data, size_t size, TraceRecord* record);
  void AddInputError(const Location& where, std::string message);
  google::protobuf::Message* MessageFor(RecordKind kind);
  // Points the record at its messages and status and notes missing fields.
  void Complete(TraceRecord* record);

  class Decoders;
  std::unique_ptr<ByteSource> source_;
  std::string name_;
  ReaderOptions options_;
  std::unique_ptr<Decoders> decoders_;
  // The input: bytes [begin_, end_) of data_ are unread. data_ is either the
  // source's contents, read in place (contents_ set), or buffer_, whose
  // capacity keeps simdjson's padding readable after end_.
  const char* data_ = nullptr;
  std::string_view contents_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  std::unique_ptr<char[]> scratch_;  // a padded copy of a document at the end of contents_
  size_t scratch_capacity_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool failed_ = false;              // input trouble that stops reading
  TraceFormat format_ = TraceFormat::kUnknown;
  uint64_t line_ = 0;                // lines consumed (JSON Lines)
  uint64_t offset_ = 0;              // bytes of the input before data_[0]
  uint64_t records_ = 0;
  TraceContext context_;
  std::vector<InputError> input_errors_;
};

}  // namespace mc
