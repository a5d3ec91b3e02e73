// A small blocking HTTP/1.1 client for the control socket: what `tidings status`, `reload`,
// `digest` and `poll` use to talk to a running tidingsd (and what the tests use).
//
//   Result<ControlReply> r = CallDaemon(config.control_socket, "GET", "/v1/status");
//   if (!r.ok() && IsNotRunning(r.status())) { "tidingsd is not running" }
//
// One request per connection (Connection: close). Never throws.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::daemon {

struct ControlReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Sends one request and reads the whole reply, within `timeout`. kNotFound when nothing listens
// on `socket_path` (no file, or connection refused: the daemon is not running); kIO for other
// failures (permission denied names the socket and the group to join).
Result<ControlReply> CallDaemon(const std::string& socket_path, std::string_view method,
                                std::string_view target, std::string_view body = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Whether `status` from CallDaemon means the daemon is not running.
bool IsNotRunning(const Status& status);

// `text` percent-encoded for a query string value.
std::string QueryEscape(std::string_view text);

}  // namespace tidings::daemon
