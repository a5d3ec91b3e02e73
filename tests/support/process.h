// Test helpers for running the real binaries: a child process with its own environment and
// stderr captured to a file, and a fake systemd notification socket.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tidings::testing {

// A started program. The destructor kills it (SIGKILL) if it is still running, so a failed test
// never leaves a process behind.
class ChildProcess {
 public:
  // Starts `argv` with the current environment plus `env` ("NAME=value"), stdin from /dev/null,
  // stdout and stderr appended to `log_path`.
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal) const;
  // The exit status (or 128 + signal) once the process ends, nullopt after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// An AF_UNIX datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }
  // Waits up to `timeout` for the next datagram; nullopt if none came.
  std::optional<std::string> Receive(std::chrono::milliseconds timeout);
  // Receives until a datagram containing `needle` arrives (returned) or `timeout` passes.
  std::optional<std::string> WaitFor(const std::string& needle, std::chrono::milliseconds timeout);
  // Every datagram received so far by Receive/WaitFor, in order.
  const std::vector<std::string>& seen() const { return seen_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> seen_;
};

// Reads a whole file ("" if it cannot).
std::string ReadText(const std::string& path);

}  // namespace tidings::testing
