// The control socket's listener: adopting systemd's socket or binding our own, accepting within
// the connection cap, and stopping cleanly.
#include "daemon/control_server.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "daemon/control_session.h"

namespace tidings::daemon {

namespace asio = boost::asio;
using boost::system::error_code;
using Protocol = asio::local::stream_protocol;

namespace {

constexpr std::string_view kFullBody = "{\"error\":\"too many connections; retry shortly\"}\n";

std::string FullResponse() {
  return fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{}",
      kFullBody.size(), kFullBody);
}

std::string Errno(std::string_view what, const std::string& path) {
  return fmt::format("control socket {}: {}: {}", path, what, std::strerror(errno));
}

// A socket file nobody listens on (left by a crash) may go; a live daemon's may not.
Status RemoveStale(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    return errno == ENOENT ? Status::Ok() : IOError(Errno("cannot inspect", path));
  }
  if (!S_ISSOCK(info.st_mode)) {
    return InvalidError(fmt::format(
        "control socket {}: a file that is not a socket is in the way; remove it or set "
        "control_socket",
        path));
  }
  int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (probe < 0) return IOError(Errno("socket()", path));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size());
  int connected = connect(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  int error = errno;
  close(probe);
  if (connected == 0) {
    return {StatusCode::kBusy,
            fmt::format("control socket {}: another process is listening on it (is tidingsd "
                        "already running?)",
                        path)};
  }
  if (error != ECONNREFUSED) {
    errno = error;
    return IOError(Errno("cannot probe", path));
  }
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return IOError(Errno("cannot remove", path));
  return Status::Ok();
}

Result<int> Bind(const std::string& path, std::optional<gid_t> group, Log& log) {
  if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) {
    return InvalidError(fmt::format("control socket {}: not a usable socket path", path));
  }
  if (Status removed = RemoveStale(path); !removed.ok()) return removed;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return IOError(Errno("socket()", path));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size());
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Status failed = IOError(Errno("cannot bind", path));
    close(fd);
    return failed;
  }
  // Owner and group only: the group (and root) decide who may even read digests.
  if (chmod(path.c_str(), 0660) != 0) log.Warning("{}", Errno("chmod 0660", path));
  if (group && chown(path.c_str(), static_cast<uid_t>(-1), *group) != 0) {
    log.Warning("{}", Errno("cannot give it to the control group", path));
  }
  if (listen(fd, SOMAXCONN) != 0) {
    Status failed = IOError(Errno("cannot listen", path));
    close(fd);
    unlink(path.c_str());
    return failed;
  }
  return fd;
}

// The first socket systemd passed, if it is a listening Unix stream socket.
std::optional<int> Activated(Log& log) {
  int count = sd_listen_fds(1);  // 1: unset $LISTEN_FDS so that children do not see it
  if (count <= 0) return std::nullopt;
  int fd = SD_LISTEN_FDS_START;
  if (sd_is_socket_unix(fd, SOCK_STREAM, 1, nullptr, 0) <= 0) {
    log.Warning(
        "systemd passed {} socket(s), but fd {} is not a listening Unix stream socket; "
        "binding our own",
        count, fd);
    return std::nullopt;
  }
  if (count > 1) log.Warning("systemd passed {} sockets; using only the first", count);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

void AcceptNext(const std::shared_ptr<ControlServer::Core>& core) {
  core->acceptor.async_accept([core](const error_code& ec, Protocol::socket socket) {
    if (ec == asio::error::operation_aborted || core->stopping) return;
    if (ec) {
      // EMFILE and friends: wait a little instead of spinning on the error.
      core->log.Warning("control socket: accept: {}", ec.message());
      auto timer = std::make_shared<asio::steady_timer>(core->io, std::chrono::milliseconds(100));
      timer->async_wait([core, timer](const error_code& wait) {
        if (!wait && !core->stopping) AcceptNext(core);
      });
      return;
    }
    if (core->sessions.size() >= core->options.max_connections) {
      error_code ignored;
      static const std::string kFull = FullResponse();
      socket.write_some(asio::buffer(kFull), ignored);  // fits in an empty send buffer
      socket.close(ignored);
    } else if (Result<PeerCredentials> peer = ReadPeerCredentials(socket.native_handle());
               peer.ok()) {
      StartSession(core, std::move(socket), *peer);
    }
    AcceptNext(core);
  });
}

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::Start(asio::io_context& io,
                                                            ControlOptions options,
                                                            ControlHooks hooks, Log& log) {
  if (!options.events) return InvalidError("control socket: no event bus");
  auto archive = storage::Archive::Open(options.archive_path, storage::OpenMode::kReadOnly);
  if (!archive.ok()) return archive.status();
  std::optional<int> fd = Activated(log);
  bool activated = fd.has_value();
  std::string path = options.socket_path;
  if (!fd) {
    Result<int> bound = Bind(path, options.policy.control_gid(), log);
    if (!bound.ok()) return bound.status();
    fd = *bound;
  } else {
    sockaddr_un address{};
    socklen_t size = sizeof address;
    if (getsockname(*fd, reinterpret_cast<sockaddr*>(&address), &size) == 0 &&
        address.sun_path[0] != '\0') {
      path = address.sun_path;
    }
  }
  auto core =
      std::make_shared<Core>(io, std::move(options), std::move(hooks), log, std::move(*archive));
  error_code ec;
  core->acceptor.assign(Protocol(), *fd, ec);
  if (ec) {
    close(*fd);
    if (!activated) unlink(path.c_str());
    return IOError(fmt::format("control socket {}: {}", path, ec.message()));
  }
  log.Info("control socket {}{}", path, activated ? " (from systemd)" : "");
  std::unique_ptr<ControlServer> server(new ControlServer(std::move(core), path, activated));
  AcceptNext(server->core_);
  return server;
}

ControlServer::ControlServer(std::shared_ptr<Core> core, std::string path, bool activated)
    : core_(std::move(core)), path_(std::move(path)), activated_(activated) {}

ControlServer::~ControlServer() { Stop(); }

void ControlServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  core_->stopping = true;
  error_code ignored;
  core_->acceptor.close(ignored);
  std::vector<std::shared_ptr<ControlSession>> open;
  for (auto& [raw, weak] : core_->sessions) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (const auto& session : open) CloseSession(*session);
  core_->reader.Shutdown();
  if (!activated_) unlink(path_.c_str());
}

void ControlServer::set_policy(AuthPolicy policy) { core_->options.policy = std::move(policy); }
std::size_t ControlServer::connections() const { return core_->sessions.size(); }
std::size_t ControlServer::event_subscribers() const {
  return core_->options.events->subscribers();
}

}  // namespace tidings::daemon
