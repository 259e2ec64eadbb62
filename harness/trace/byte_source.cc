#include "harness/trace/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace mc {
namespace {

class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  absl::StatusOr<size_t> Read(char* dst, size_t size) override {
    for (;;) {
      ssize_t n = ::read(fd_, dst, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return absl::InternalError(absl::StrCat("read: ", std::strerror(errno)));
    }
  }

 private:
  int fd_;
  bool owned_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  absl::StatusOr<size_t> Read(char* dst, size_t size) override {
    size_t n = std::min(size, data_.size() - position_);
    if (n > 0) std::memcpy(dst, data_.data() + position_, n);
    position_ += n;
    return n;
  }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)), source_(data_) {}
  absl::StatusOr<size_t> Read(char* dst, size_t size) override { return source_.Read(dst, size); }

 private:
  std::string data_;
  MemorySource source_;  // over data_
};

}  // namespace

absl::StatusOr<std::unique_ptr<ByteSource>> ByteSource::OpenFile(const std::string& path) {
  if (path == "-") return std::make_unique<FdSource>(STDIN_FILENO, false);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  return std::make_unique<FdSource>(fd, true);
}

std::unique_ptr<ByteSource> ByteSource::FromString(std::string data) {
  return std::make_unique<StringSource>(std::move(data));
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string_view data) {
  return std::make_unique<MemorySource>(data);
}

}  // namespace mc
