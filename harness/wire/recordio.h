// RecordIO framing as Mesos streams events: "<decimal byte length>\n<payload>",
// no separator after the payload. See shared facts executor-http-api.md §4.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace mc::recordio {

// Longest length prefix accepted: 20 digits hold any uint64 (mesos-go's cap too).
inline constexpr size_t kMaxLengthDigits = 20;
// Largest record accepted by default (mesos-go's default cap).
inline constexpr uint64_t kDefaultMaxRecordSize = 4u << 20;

// Frames one record.
std::string Encode(std::string_view payload);
void AppendEncoded(std::string_view payload, std::string* out);

// Incremental decoder: feed bytes as they arrive, in any split; take records out.
// After an error the decoder stays failed; status() says where and why.
// Not thread-safe.
class Decoder {
 public:
  explicit Decoder(uint64_t max_record_size = kDefaultMaxRecordSize);
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Consumes `data`. Returns the decoder's status (OK unless the framing is bad).
  absl::Status Feed(std::string_view data);
  // Moves the next complete record into *record. False when none is ready.
  bool Next(std::string* record);
  // OK while the framing is good.
  const absl::Status& status() const { return status_; }
  // True if bytes of an unfinished record (or length) are buffered: at end of
  // input this means the stream was truncated.
  bool HasPartialRecord() const;
  // Bytes consumed so far, for error locations.
  uint64_t offset() const { return offset_; }
  // Records completed so far.
  uint64_t records() const { return records_; }

 private:
  enum class State { kLength, kPayload };
  uint64_t max_record_size_;
  State state_ = State::kLength;
  std::string length_digits_;
  uint64_t expected_ = 0;
  std::string payload_;
  std::deque<std::string> ready_;
  uint64_t offset_ = 0;
  uint64_t records_ = 0;
  uint64_t record_start_ = 0;
  absl::Status status_;
};

}  // namespace mc::recordio
