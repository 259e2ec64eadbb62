// Writes a generated trace to a file, for timing the CLI (and jq) on it:
//   mc_make_trace N json|recordio FILE
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bench/trace_generator.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: mc_make_trace UPDATES json|recordio FILE\n");
    return 2;
  }
  std::string kind = argv[2];
  if (kind != "json" && kind != "recordio") {
    std::fprintf(stderr, "mc_make_trace: encoding must be json or recordio\n");
    return 2;
  }
  auto encoding = kind == "json" ? mc::bench::TraceEncoding::kJsonLines
                                 : mc::bench::TraceEncoding::kRecordIOProtobuf;
  std::string trace = mc::bench::GenerateTrace(std::strtoull(argv[1], nullptr, 10), encoding);
  std::ofstream out(argv[3], std::ios::binary);
  out.write(trace.data(), static_cast<std::streamsize>(trace.size()));
  return out ? 0 : 2;
}
