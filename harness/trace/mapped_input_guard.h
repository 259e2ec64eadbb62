// A mapped input file that shrinks while it is read (truncated, rotated with
// copytruncate) makes the next access fault with SIGBUS. The guard turns that
// into a clear input error and exit code 2 instead of a crash.
#pragma once

#include <cstddef>

namespace mc {

// Watches [begin, begin + size); false if no more ranges can be watched (then
// do not map). Installs the SIGBUS handler on first use.
bool GuardMappedInput(const void* begin, size_t size);
void UnguardMappedInput(const void* begin);

}  // namespace mc
