// Waits for a file to appear, on inotify events, with a deadline.
#pragma once

#include <chrono>
#include <string>

namespace mc::suite {

// True once `path` exists; false if it does not by the deadline.
bool WaitForFile(const std::string& path, std::chrono::milliseconds timeout);

}  // namespace mc::suite
