// RecordIO framing as Mesos streams events: "<decimal byte length>\n<payload>",
// no separator after the payload. See shared facts executor-http-api.md §4.
//
// Decoding policy (Decoder and BufferReader alike):
// - The length is ASCII digits then a bare '\n', as Mesos writes it and as
//   Mesos' own decoder reads it. No sign, no whitespace, no "\r\n" (mesos-go
//   would trim those; the C++ scheduler/executor libraries would fail).
// - Leading zeros are accepted (they count toward kMaxLengthDigits).
// - A zero length yields an empty record. Mesos never writes one; mesos-go
//   skips them; we hand them out so the caller can decide.
// - Lengths over the size cap are refused as soon as their '\n' is read, before
//   any payload byte is buffered.
// - Framing errors are InvalidArgument and name the stream offset of the fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace mc::recordio {

// Longest length prefix accepted: 20 digits hold any uint64 (mesos-go's cap too).
inline constexpr size_t kMaxLengthDigits = 20;
// Largest record accepted by default (mesos-go's default cap).
inline constexpr uint64_t kDefaultMaxRecordSize = 4u << 20;

// Frames one record.
std::string Encode(std::string_view payload);
void AppendEncoded(std::string_view payload, std::string* out);

namespace detail {

// Reads one "<digits>\n" length prefix, possibly across several buffers.
// Shared by Decoder and BufferReader so both apply the same rules.
class LengthParser {
 public:
  enum class Result { kNeedMore, kDone, kFailed };

  // Consumes bytes of `data` from *pos; `base` is the stream offset of data[0].
  // kNeedMore: all of `data` consumed, the '\n' not seen yet.
  // kDone: the '\n' consumed; length() is valid.
  // kFailed: *error set, *pos left at the offending byte.
  Result Parse(std::string_view data, size_t* pos, uint64_t base,
               uint64_t max_record_size, absl::Status* error);

  uint64_t length() const { return value_; }
  // True once a digit has been read.
  bool started() const { return digits_ > 0; }
  // Stream offset of the first digit (the start of the record).
  uint64_t start() const { return start_; }
  void Reset() { *this = LengthParser(); }

 private:
  uint64_t value_ = 0;
  size_t digits_ = 0;
  uint64_t start_ = 0;
};

}  // namespace detail

// Incremental decoder: feed bytes as they arrive, in any split; take records out.
// After an error the decoder stays failed; status() says where and why.
// Records completed before the error can still be taken with Next().
// Payload bytes are copied once, into one buffer that is reused once all its
// records have been taken (an unfinished record then moves to its front), so
// feed-then-drain costs no allocation per record. For one complete in-memory
// stream, BufferReader avoids even that copy.
// Not thread-safe.
class Decoder {
 public:
  explicit Decoder(uint64_t max_record_size = kDefaultMaxRecordSize);
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Consumes `data`. Returns the decoder's status (OK unless the framing is bad).
  absl::Status Feed(std::string_view data);
  // Copies the next complete record into *record (reusing its capacity).
  // False when none is ready.
  bool Next(std::string* record);
  // Same without the copy: *record stays valid until the next Feed().
  bool Next(std::string_view* record);
  // OK while the framing is good.
  const absl::Status& status() const { return status_; }
  // True if bytes of an unfinished record (or length) are buffered: at end of
  // input this means the stream was truncated. False once failed.
  bool HasPartialRecord() const;
  // The verdict if the input ends here: status() when failed, DataLoss naming
  // the unfinished record when HasPartialRecord(), else OK.
  absl::Status EndOfInput() const;
  // Bytes consumed so far, for error locations. After a failure: the offset of
  // the offending byte.
  uint64_t offset() const { return offset_; }
  // Records completed so far.
  uint64_t records() const { return records_; }

 private:
  enum class State { kLength, kPayload };
  struct Span {
    size_t offset;
    size_t size;
  };
  // Where the payload of the record being received starts in arena_.
  size_t PartialStart() const;
  void DropTakenRecords();
  void Reserve(size_t more);

  uint64_t max_record_size_;
  State state_ = State::kLength;
  detail::LengthParser length_;
  uint64_t expected_ = 0;
  // Payloads of ready records back to back, then the partial payload, if any.
  std::string arena_;
  std::vector<Span> ready_;
  size_t taken_ = 0;  // ready_[0, taken_) were handed out
  uint64_t offset_ = 0;
  uint64_t records_ = 0;
  uint64_t record_start_ = 0;
  absl::Status status_;
};

// Zero-copy reader over one complete in-memory stream: records are views into
// `data`, which must outlive them. Same rules and errors as Decoder.
class BufferReader {
 public:
  explicit BufferReader(std::string_view data,
                        uint64_t max_record_size = kDefaultMaxRecordSize);

  // Sets *record to the next record. False at the end of the data, on a framing
  // error (status() not OK) or on a truncated last record (truncated()).
  bool Next(std::string_view* record);
  const absl::Status& status() const { return status_; }
  // True if the data ends inside a record (length or payload).
  bool truncated() const { return truncated_; }
  // Offset of the next unread record; after a framing error, of the offending
  // byte; when truncated(), where the incomplete record starts.
  uint64_t offset() const { return pos_; }
  // Records returned so far.
  uint64_t records() const { return records_; }

 private:
  std::string_view data_;
  uint64_t max_record_size_;
  size_t pos_ = 0;
  uint64_t records_ = 0;
  bool truncated_ = false;
  absl::Status status_;
};

}  // namespace mc::recordio
