// The control socket: HTTP/1.1 over a Unix socket, serving the API of daemon/api.h.
//
//   ControlHooks hooks = {...};                      // how to reach the daemon's loop and writer
//   auto server = ControlServer::Start(io, options, std::move(hooks), log);
//   if (!server.ok()) { log.Error("{}", server.status().message()); ... }
//   ... io.run() ...
//   (*server)->Stop();                               // before the io_context is destroyed
//
// The listening socket is the one systemd passes (socket activation: $LISTEN_FDS/$LISTEN_PID,
// fd 3) when there is one, else `options.socket_path`, bound by us: a stale socket file left by a
// crash is removed (only when nothing answers on it), the new one gets mode 0660 and, with a
// control group, that group. Each connection's peer credentials are read once (SO_PEERCRED).
//
// Limits keep a hostile or broken client from hurting the daemon: request line + headers
// <= 16 KB and <= 64 headers (431), body <= 64 KB (413), malformed requests 400, at most 64
// connections at once (the 65th gets 503 and is closed), and every read or write must finish
// within 10 s (a client trickling bytes is cut off; an idle keep-alive connection is closed).
//
// Threads: everything runs on the io_context's thread except archive reads (one reader thread
// with its own read-only connection) and writes (the daemon's archive writer, through
// hooks.write). Start(), Stop() and set_policy() must be called on the io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/api.h"
#include "daemon/control_auth.h"
#include "daemon/events.h"
#include "daemon/log.h"
#include "storage/archive.h"

namespace tidings::daemon {

// How the server reaches the rest of the daemon. Called on the io_context's thread.
struct ControlHooks {
  std::function<api::DaemonState()> state;
  // Starts polls now: every enabled feed ("" ) or the ones `feed` names (config URL, or text in
  // its URL or title). The config URLs started; kNotFound when `feed` names none.
  std::function<Result<std::vector<std::string>>(const std::string& feed)> poll;
  // Rereads the config as SIGHUP does; kInvalid listing the problems when it is kept.
  std::function<Status()> reload;
  // Queues a task on the archive writer; false when its queue is full.
  std::function<bool(std::function<void(storage::Archive&)>)> write;
  // A mark was stored (POST /v1/items/{id}/mark): the topics take it as an example now, not
  // at the next reload. Called on the event loop; may be empty.
  std::function<void()> topics_changed;
};

struct ControlOptions {
  std::string socket_path;   // bound when systemd passed no socket
  std::string archive_path;  // opened read-only for the reader thread
  AuthPolicy policy{0, std::nullopt};
  EventBus* events = nullptr;  // the bus /v1/events streams; required
  std::size_t max_connections = 64;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_headers = 64;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds io_timeout{10000};
  std::chrono::milliseconds heartbeat{15000};  // SSE comment lines keep proxies and clients awake
};

class ControlServer {
 public:
  // Opens the listener and the reader's archive and starts accepting. `io` and `log` must
  // outlive the server.
  static Result<std::unique_ptr<ControlServer>> Start(boost::asio::io_context& io,
                                                      ControlOptions options, ControlHooks hooks,
                                                      Log& log);
  ~ControlServer();  // Stop()
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Stops accepting, closes every connection, waits for the reader thread and removes the socket
  // file it bound (never one systemd passed). Idempotent.
  void Stop();

  void set_policy(AuthPolicy policy);
  std::size_t connections() const;
  std::size_t event_subscribers() const;
  // Where it listens, and whether systemd passed the socket.
  const std::string& path() const { return path_; }
  bool activated() const { return activated_; }

  struct Core;  // shared with the connections (control_session.cc)

 private:
  ControlServer(std::shared_ptr<Core> core, std::string path, bool activated);

  std::shared_ptr<Core> core_;
  std::string path_;
  bool activated_ = false;
  bool stopped_ = false;
};

}  // namespace tidings::daemon
