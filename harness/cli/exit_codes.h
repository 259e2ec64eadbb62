// The exit codes of every subcommand.
#pragma once

namespace mc::cli {

inline constexpr int kConformant = 0;
inline constexpr int kFindings = 1;
inline constexpr int kUsageOrHarnessError = 2;  // also: unreadable input

}  // namespace mc::cli
