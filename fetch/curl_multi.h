// CurlMulti: libcurl's multi interface driven by a Boost.Asio io_context.
//
// The structure is curl's own multi-uv.c example translated to Asio (../shared/GUIDE.md §5):
// curl tells us which sockets to watch (socket callback) and when to wake it (timer callback);
// we wait with Asio and call curl_multi_socket_action. Sockets stay owned by curl: a watch holds
// a non-owning descriptor, released (never closed) when curl says it is done with the socket.
//
// Threads: everything on the io_context's thread; no locks. Callbacks run from the event loop,
// never from inside Add or Remove.
#pragma once

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>

#include "base/status.h"

namespace tidings::fetch {

class CurlMulti {
 public:
  using Done = std::function<void(CURLcode)>;

  // `io` must outlive this object.
  explicit CurlMulti(boost::asio::io_context& io);
  // Removes every easy handle still running (their Done is not called) and cleans up the multi
  // handle. Pending waits on the io_context become no-ops.
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Starts the transfer `easy` (configured, not running). When it ends, `easy` is removed from
  // the multi handle and then `done` is called with curl's result. `easy` must stay alive until
  // then or until Remove. Fails with kIO when curl refuses the handle.
  Status Add(CURL* easy, Done done);

  // Stops `easy` now, without calling its Done. Does nothing for an unknown handle.
  void Remove(CURL* easy);

  // Running transfers.
  std::size_t size() const { return transfers_.size(); }

  // For curl_multi_setopt (connection limits and such).
  CURLM* handle() const { return multi_; }

 private:
  struct SocketWatch;

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void Watch(curl_socket_t fd, int what);
  void Arm(const std::shared_ptr<SocketWatch>& watch);
  void ArmDirection(const std::shared_ptr<SocketWatch>& watch, int direction);
  void OnReady(const std::shared_ptr<SocketWatch>& watch, int direction, bool failed);
  void Action(curl_socket_t fd, int events);
  void DrainFinished();

  boost::asio::io_context& io_;
  CURLM* multi_;
  boost::asio::steady_timer timer_;
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> watches_;
  std::unordered_map<CURL*, Done> transfers_;
  // Handlers hold a weak_ptr to this: once it expires, the CurlMulti is gone and they return
  // without touching it.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace tidings::fetch
