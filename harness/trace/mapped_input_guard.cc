#include "harness/trace/mapped_input_guard.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

namespace mc {
namespace {

constexpr int kSlots = 16;
std::atomic<const char*> g_begin[kSlots];
std::atomic<size_t> g_size[kSlots];
std::mutex g_slots_mutex;  // registration only; the handler reads the atomics

void OnSigbus(int signal, siginfo_t* info, void*) {
  const char* address = static_cast<const char*>(info->si_addr);
  for (int i = 0; i < kSlots; ++i) {
    const char* begin = g_begin[i].load(std::memory_order_acquire);
    if (begin == nullptr || address < begin || address >= begin + g_size[i].load()) continue;
    static const char kMessage[] =
        "mesos-conformance: an input file shrank while it was being read (truncated or "
        "rotated?); input error\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(2);
  }
  // Not ours: die of it as we would have.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void InstallHandler() {
  struct sigaction action {};
  action.sa_sigaction = OnSigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, nullptr);
}

}  // namespace

bool GuardMappedInput(const void* begin, size_t size) {
  static std::once_flag installed;
  std::call_once(installed, InstallHandler);
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (g_begin[i].load() != nullptr) continue;
    g_size[i].store(size);
    g_begin[i].store(static_cast<const char*>(begin), std::memory_order_release);
    return true;
  }
  return false;
}

void UnguardMappedInput(const void* begin) {
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (g_begin[i].load() == begin) g_begin[i].store(nullptr);
  }
}

}  // namespace mc
