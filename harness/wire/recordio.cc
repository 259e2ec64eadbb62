#include "harness/wire/recordio.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_format.h"

namespace mc::recordio {

std::string Encode(std::string_view payload) {
  std::string out;
  AppendEncoded(payload, &out);
  return out;
}

void AppendEncoded(std::string_view payload, std::string* out) {
  out->append(std::to_string(payload.size()));
  out->push_back('\n');
  out->append(payload);
}

namespace detail {
namespace {

absl::Status UnexpectedByte(unsigned char byte, uint64_t offset) {
  const char* hint = byte == '\r'   ? " (a CR: lengths end with a bare '\\n')"
                     : byte == ' ' ? " (whitespace is not allowed)"
                                   : "";
  return absl::InvalidArgumentError(absl::StrFormat(
      "RecordIO: unexpected byte 0x%02x at offset %d in a record length; "
      "expected decimal digits then '\\n'%s",
      byte, offset, hint));
}

}  // namespace

LengthParser::Result LengthParser::Parse(std::string_view data, size_t* pos,
                                         uint64_t base, uint64_t max_record_size,
                                         absl::Status* error) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  // Work on locals: members written through `this` could alias *pos.
  uint64_t value = value_;
  size_t digits = digits_;
  uint64_t start = start_;
  size_t i = *pos;
  Result result = Result::kNeedMore;
  for (; i < data.size(); ++i) {
    const unsigned char byte = static_cast<unsigned char>(data[i]);
    if (byte >= '0' && byte <= '9') {
      if (digits == 0) start = base + i;
      if (digits == kMaxLengthDigits) {
        *error = absl::InvalidArgumentError(absl::StrFormat(
            "RecordIO: record length at offset %d has more than %d digits",
            start, kMaxLengthDigits));
        result = Result::kFailed;
        break;
      }
      const uint64_t digit = byte - '0';
      if (value > (kMax - digit) / 10) {
        *error = absl::InvalidArgumentError(absl::StrFormat(
            "RecordIO: record length at offset %d does not fit in 64 bits",
            start));
        result = Result::kFailed;
        break;
      }
      value = value * 10 + digit;
      ++digits;
    } else if (byte == '\n') {
      if (digits == 0) {
        *error = absl::InvalidArgumentError(absl::StrFormat(
            "RecordIO: empty record length at offset %d ('\\n' with no digits "
            "before it)",
            base + i));
        result = Result::kFailed;
      } else if (value > max_record_size) {
        *error = absl::InvalidArgumentError(absl::StrFormat(
            "RecordIO: record at offset %d declares %d bytes, over the limit "
            "of %d bytes",
            start, value, max_record_size));
        result = Result::kFailed;
      } else {
        ++i;
        result = Result::kDone;
      }
      break;
    } else {
      *error = UnexpectedByte(byte, base + i);
      result = Result::kFailed;
      break;
    }
  }
  value_ = value;
  digits_ = digits;
  start_ = start;
  *pos = i;
  return result;
}

}  // namespace detail

Decoder::Decoder(uint64_t max_record_size) : max_record_size_(max_record_size) {}

absl::Status Decoder::Feed(std::string_view data) {
  if (!status_.ok()) return status_;
  DropTakenRecords();
  Reserve(data.size());
  size_t pos = 0;
  while (pos < data.size()) {
    if (state_ == State::kLength) {
      switch (length_.Parse(data, &pos, offset_, max_record_size_, &status_)) {
        case detail::LengthParser::Result::kNeedMore:
          break;
        case detail::LengthParser::Result::kFailed:
          offset_ += pos;
          return status_;
        case detail::LengthParser::Result::kDone:
          record_start_ = length_.start();
          expected_ = length_.length();
          length_.Reset();
          state_ = State::kPayload;
          break;
      }
      if (state_ == State::kLength) continue;
    }
    const size_t start = PartialStart();
    const size_t missing = static_cast<size_t>(expected_) - (arena_.size() - start);
    const size_t take = std::min(missing, data.size() - pos);
    arena_.append(data.data() + pos, take);
    pos += take;
    if (take == missing) {
      ready_.push_back({start, static_cast<size_t>(expected_)});
      ++records_;
      state_ = State::kLength;
    }
  }
  offset_ += data.size();
  return status_;
}

size_t Decoder::PartialStart() const {
  return ready_.empty() ? 0 : ready_.back().offset + ready_.back().size;
}

void Decoder::DropTakenRecords() {
  if (taken_ == 0 || taken_ < ready_.size()) return;
  arena_.erase(0, PartialStart());
  ready_.clear();
  taken_ = 0;
}

void Decoder::Reserve(size_t more) {
  const size_t needed = arena_.size() + more;
  if (needed > arena_.capacity()) {
    arena_.reserve(std::max(needed, 2 * arena_.capacity()));
  }
}

bool Decoder::Next(std::string_view* record) {
  if (taken_ == ready_.size()) return false;
  const Span& span = ready_[taken_++];
  *record = std::string_view(arena_).substr(span.offset, span.size);
  return true;
}

bool Decoder::Next(std::string* record) {
  std::string_view view;
  if (!Next(&view)) return false;
  record->assign(view.data(), view.size());
  return true;
}

bool Decoder::HasPartialRecord() const {
  return status_.ok() && (state_ == State::kPayload || length_.started());
}

absl::Status Decoder::EndOfInput() const {
  if (!status_.ok()) return status_;
  if (state_ == State::kPayload) {
    return absl::DataLossError(absl::StrFormat(
        "RecordIO: input ends inside the record at offset %d: %d of %d "
        "payload bytes received",
        record_start_, arena_.size() - PartialStart(), expected_));
  }
  if (length_.started()) {
    return absl::DataLossError(absl::StrFormat(
        "RecordIO: input ends inside the length of the record at offset %d",
        length_.start()));
  }
  return absl::OkStatus();
}

BufferReader::BufferReader(std::string_view data, uint64_t max_record_size)
    : data_(data), max_record_size_(max_record_size) {}

bool BufferReader::Next(std::string_view* record) {
  if (!status_.ok() || truncated_ || pos_ == data_.size()) return false;
  detail::LengthParser length;
  size_t pos = pos_;
  switch (length.Parse(data_, &pos, 0, max_record_size_, &status_)) {
    case detail::LengthParser::Result::kFailed:
      pos_ = pos;
      return false;
    case detail::LengthParser::Result::kNeedMore:
      truncated_ = true;
      return false;
    case detail::LengthParser::Result::kDone:
      break;
  }
  if (length.length() > data_.size() - pos) {
    truncated_ = true;
    return false;
  }
  *record = data_.substr(pos, static_cast<size_t>(length.length()));
  pos_ = pos + record->size();
  ++records_;
  return true;
}

}  // namespace mc::recordio
