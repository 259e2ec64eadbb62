#include "harness/trace/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "harness/trace/mapped_input_guard.h"

namespace mc {
namespace {

constexpr size_t kPopulateLimit = size_t{1} << 30;

class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdSource() override {
    if (mapped_ != nullptr) {
      UnguardMappedInput(mapped_);
      ::munmap(mapped_, mapped_size_);
    }
    if (owned_) ::close(fd_);
  }
  absl::StatusOr<size_t> Read(char* dst, size_t size) override {
    for (;;) {
      ssize_t n = ::read(fd_, dst, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return absl::InternalError(absl::StrCat("read: ", std::strerror(errno)));
    }
  }
  // Maps a regular file we opened (so nothing was read from it yet); anything
  // else (standard input, pipes, devices, empty files) is read.
  std::optional<std::string_view> Contents() override {
    if (mapped_ != nullptr) return View();
    struct stat info;
    if (!owned_ || ::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) {
      return std::nullopt;
    }
    const size_t size = static_cast<size_t>(info.st_size);
    // Filling the page tables up front costs less than a fault per page, but
    // would read a huge file once before its first record.
    const int populate = size <= kPopulateLimit ? MAP_POPULATE : 0;
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | populate, fd_, 0);
    if (mapped == MAP_FAILED) return std::nullopt;
    if (!GuardMappedInput(mapped, size)) {
      ::munmap(mapped, size);
      return std::nullopt;
    }
    if (populate == 0) ::madvise(mapped, size, MADV_SEQUENTIAL);
    mapped_ = mapped;
    mapped_size_ = size;
    return View();
  }

 private:
  std::string_view View() const { return {static_cast<const char*>(mapped_), mapped_size_}; }

  int fd_;
  bool owned_;
  void* mapped_ = nullptr;
  size_t mapped_size_ = 0;
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
  std::optional<std::string_view> Contents() override { return data_; }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)), source_(data_) {}
  absl::StatusOr<size_t> Read(char* dst, size_t size) override { return source_.Read(dst, size); }
  std::optional<std::string_view> Contents() override { return source_.Contents(); }

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
