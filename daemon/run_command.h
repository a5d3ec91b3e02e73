// Running a program with some bytes on its standard input, as a scheduled digest does with
// `sendmail -t`: bounded in time and in what it may print, and never through a shell unless
// the argv asks for one.
//
//   Result<CommandResult> r = RunCommand({"/usr/sbin/sendmail", "-t"}, message, 2min);
//   if (!r.ok()) ...                        // could not start it (the message says why)
//   else if (!r->Succeeded()) log(r->Describe() + ": " + r->output);
//
// Blocks the calling thread until the program exits or the timeout passes (it is then killed
// with SIGKILL); call it off the event loop. Safe to call from any thread: SIGPIPE, when the
// program stops reading early, is blocked and consumed on this thread only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tidings::daemon {

struct CommandResult {
  int exit_code = -1;      // when it exited; -1 when a signal ended it
  int signal = 0;          // the signal that ended it, 0 when it exited
  bool timed_out = false;  // killed by us at the timeout
  bool input_cut = false;  // it exited (or closed stdin) before reading all of the input
  std::string output;      // its standard output and error, interleaved, the first 64 KB

  bool Succeeded() const { return exit_code == 0 && !timed_out && !input_cut; }
  // "exited with status 75", "killed by signal 9", "timed out after 120 s" ...
  std::string Describe() const;
};

// argv[0] is the program's absolute path. The program inherits the environment and the
// working folder; its standard input is `input`, its output is collected; every other file
// descriptor of this process is closed to it. kInvalid for an empty argv, kIO when it cannot be
// started.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv, std::string_view input,
                                 std::chrono::milliseconds timeout);

}  // namespace tidings::daemon
