#include "tests/support/cli_runner.h"

#include <future>

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>

namespace mc::testing {

namespace bp = boost::process;

CliResult RunCli(const std::vector<std::string>& args, const std::string& input,
                 std::chrono::seconds deadline) {
  boost::asio::io_context io;
  std::future<std::string> out, err;
  CliResult result;
  bool exited = false;
  // The exit is observed through the io_context: a later child.wait() would
  // race the library's own SIGCHLD reaping and lose the exit code.
  bp::child child(MC_CLI_PATH, bp::args(args), bp::std_in < boost::asio::buffer(input),
                  bp::std_out > out, bp::std_err > err, io,
                  bp::on_exit([&](int code, const std::error_code&) {
                    exited = true;
                    result.exit_code = code;
                  }));
  io.run_for(deadline);
  if (!exited) {
    result.timed_out = true;
    child.terminate();
    child.wait();
  }
  if (out.wait_for(std::chrono::seconds(0)) == std::future_status::ready) result.out = out.get();
  if (err.wait_for(std::chrono::seconds(0)) == std::future_status::ready) result.err = err.get();
  return result;
}

std::string SourcePath(const std::string& relative) {
  return std::string(MC_SOURCE_DIR) + "/" + relative;
}

}  // namespace mc::testing
