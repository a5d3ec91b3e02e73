// posix_spawn with two pipes, and a poll() loop that feeds the input and drains the output at
// once (writing everything first could deadlock against a program that writes as it reads).
#include "daemon/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace tidings::daemon {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;
constexpr int kPollSliceMs = 100;  // how often a finished program is noticed (see Drain)

// Closes the descriptor when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// SIGPIPE blocked on this thread for the scope; one raised by a write to the pipe is consumed,
// so it never reaches the process (where its default action would kill the daemon).
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    Consume();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  void Consume() {
    timespec zero{};
    while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
    }
  }

 private:
  sigset_t pipe_, old_;
};

Status Errno(std::string_view what) {
  return IOError(fmt::format("{}: {}", what, std::strerror(errno)));
}

// Spawns argv with stdin from `in` and stdout/stderr to `out`, everything else closed.
Result<pid_t> Spawn(const std::vector<std::string>& argv, int in, int out) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  posix_spawn_file_actions_adddup2(&actions, out, 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, pipe;
  sigemptyset(&none);
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &pipe);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int error = posix_spawn(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return IOError(fmt::format("cannot run {}: {}", argv[0], std::strerror(error)));
  }
  return pid;
}

struct Pipes {
  Fd child_in, to_child;     // the program's stdin, our end
  Fd from_child, child_out;  // our end, the program's stdout and stderr
};

Status OpenPipes(Pipes& pipes) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return Errno("pipe");
  pipes.child_in.Reset(in[0]);
  pipes.to_child.Reset(in[1]);
  if (pipe2(out, O_CLOEXEC) != 0) return Errno("pipe");
  pipes.from_child.Reset(out[0]);
  pipes.child_out.Reset(out[1]);
  fcntl(pipes.to_child.get(), F_SETFL, O_NONBLOCK);
  fcntl(pipes.from_child.get(), F_SETFL, O_NONBLOCK);
  return Status::Ok();
}

// Feeds `input` and collects the output until both pipes are done, the program has exited
// (a daemon it forked may hold the output open forever), or the deadline passes.
void Exchange(pid_t pid, Pipes& pipes, std::string_view input,
              std::chrono::steady_clock::time_point deadline, SigpipeBlock& sigpipe,
              CommandResult& result, int& wait_status, bool& reaped) {
  if (input.empty()) pipes.to_child.Close();
  char buffer[8192];
  while (pipes.to_child.get() >= 0 || pipes.from_child.get() >= 0) {
    if (!reaped && waitpid(pid, &wait_status, WNOHANG) == pid) reaped = true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      return;
    }
    pollfd fds[2] = {{pipes.to_child.get(), POLLOUT, 0}, {pipes.from_child.get(), POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(std::min<long>(left.count(), kPollSliceMs)));
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) {
      if (reaped) return;  // exited, and nothing more came within a slice
      continue;
    }
    if (fds[0].revents != 0) {
      ssize_t wrote = ::write(pipes.to_child.get(), input.data(), input.size());
      if (wrote > 0) input.remove_prefix(static_cast<std::size_t>(wrote));
      if (wrote < 0 && errno != EAGAIN && errno != EINTR) {
        sigpipe.Consume();
        result.input_cut = true;
        pipes.to_child.Close();
      } else if (input.empty()) {
        pipes.to_child.Close();
      }
    }
    if (fds[1].revents != 0) {
      ssize_t got = ::read(pipes.from_child.get(), buffer, sizeof buffer);
      if (got > 0) {
        std::size_t room = kMaxOutput - std::min(kMaxOutput, result.output.size());
        result.output.append(buffer, std::min(room, static_cast<std::size_t>(got)));
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        pipes.from_child.Close();
      }
    }
  }
}

}  // namespace

std::string CommandResult::Describe() const {
  if (timed_out) return "timed out and was killed";
  if (signal != 0) return fmt::format("was killed by signal {} ({})", signal, strsignal(signal));
  if (input_cut) return fmt::format("exited with status {} before reading its input", exit_code);
  return fmt::format("exited with status {}", exit_code);
}

Result<CommandResult> RunCommand(const std::vector<std::string>& argv, std::string_view input,
                                 std::chrono::milliseconds timeout) {
  if (argv.empty() || argv[0].empty()) return InvalidError("no command to run");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  SigpipeBlock sigpipe;
  Pipes pipes;
  if (Status opened = OpenPipes(pipes); !opened.ok()) return opened;
  Result<pid_t> pid = Spawn(argv, pipes.child_in.get(), pipes.child_out.get());
  if (!pid.ok()) return pid.status();
  pipes.child_in.Close();
  pipes.child_out.Close();
  CommandResult result;
  int wait_status = 0;
  bool reaped = false;
  Exchange(*pid, pipes, input, deadline, sigpipe, result, wait_status, reaped);
  if (!reaped && result.timed_out) ::kill(*pid, SIGKILL);
  if (!reaped) {
    while (waitpid(*pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
  }
  if (WIFEXITED(wait_status)) result.exit_code = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) result.signal = WTERMSIG(wait_status);
  if (result.input_cut && result.exit_code == 0) result.input_cut = false;  // read what it needed
  return result;
}

}  // namespace tidings::daemon
