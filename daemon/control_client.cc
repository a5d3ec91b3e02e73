#include "daemon/control_client.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "base/ascii.h"

namespace tidings::daemon {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

using Clock = std::chrono::steady_clock;

// Waits for `events` on `fd` until `deadline`; false on timeout.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd entry{fd, events, 0};
  int ready = poll(&entry, 1, static_cast<int>(left.count()));
  return ready > 0;
}

Status SendAll(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    if (!WaitFor(fd, POLLOUT, deadline)) return IOError("the daemon did not take the request");
    ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && errno == EAGAIN) continue;
    if (sent <= 0) return IOError(fmt::format("sending to the daemon: {}", std::strerror(errno)));
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return Status::Ok();
}

Result<ControlReply> ParseReply(std::string_view raw) {
  std::size_t end = raw.find("\r\n\r\n");
  if (!raw.starts_with("HTTP/1.") || end == std::string_view::npos || raw.size() < 12) {
    return IOError("the daemon's reply is not HTTP");
  }
  ControlReply reply;
  std::from_chars(raw.data() + 9, raw.data() + 12, reply.status);
  std::optional<std::size_t> length;
  std::string_view headers = raw.substr(0, end);
  while (!headers.empty()) {
    std::size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = AsciiLower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (name == "content-type") reply.content_type = std::string(value);
    if (name == "content-length") {
      std::size_t n = 0;
      std::from_chars(value.data(), value.data() + value.size(), n);
      length = n;
    }
  }
  std::string_view body = raw.substr(end + 4);
  if (length && *length < body.size()) body = body.substr(0, *length);
  reply.body = std::string(body);
  return reply;
}

}  // namespace

Result<ControlReply> CallDaemon(const std::string& socket_path, std::string_view method,
                                std::string_view target, std::string_view body,
                                std::chrono::milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  sockaddr_un address{};
  if (socket_path.empty() || socket_path.size() >= sizeof address.sun_path) {
    return InvalidError(fmt::format("{}: not a usable socket path", socket_path));
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
  Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return IOError(fmt::format("socket(): {}", std::strerror(errno)));
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    int error = errno;
    if (error == ENOENT || error == ECONNREFUSED) {
      return NotFoundError(
          fmt::format("tidingsd is not running (nothing listens on {})", socket_path));
    }
    if (error == EACCES) {
      return IOError(
          fmt::format("no permission to use {}: ask to be added to its group", socket_path));
    }
    return IOError(fmt::format("{}: {}", socket_path, std::strerror(error)));
  }
  std::string request = fmt::format(
      "{} {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n{}\r\n{}",
      method, target, body.size(), body.empty() ? "" : "Content-Type: application/json\r\n", body);
  if (Status sent = SendAll(fd.get(), request, deadline); !sent.ok()) return sent;
  std::string raw;
  char chunk[65536];
  while (true) {
    if (!WaitFor(fd.get(), POLLIN, deadline)) return IOError("the daemon did not answer in time");
    ssize_t got = recv(fd.get(), chunk, sizeof chunk, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got < 0)
      return IOError(fmt::format("reading the daemon's reply: {}", std::strerror(errno)));
    if (got == 0) break;
    raw.append(chunk, static_cast<std::size_t>(got));
  }
  return ParseReply(raw);
}

bool IsNotRunning(const Status& status) { return status.code() == StatusCode::kNotFound; }

std::string QueryEscape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace tidings::daemon
