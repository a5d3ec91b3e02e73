#include "fetch/curl_multi.h"

#include <poll.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdlib>
#include <utility>
#include <vector>

namespace tidings::fetch {
namespace {

// After this many back-to-back "already ready" rounds on one socket, wait for the reactor
// instead (see ArmDirection), so a socket curl does not drain cannot spin the loop.
constexpr int kMaxImmediateRounds = 64;

// True when `fd` is ready for `direction` (CURL_POLL_IN or CURL_POLL_OUT) right now.
bool ReadyNow(curl_socket_t fd, int direction) {
  pollfd entry{};
  entry.fd = fd;
  entry.events = direction == CURL_POLL_IN ? POLLIN : POLLOUT;
  return ::poll(&entry, 1, 0) > 0;
}

}  // namespace

struct CurlMulti::SocketWatch {
  SocketWatch(boost::asio::io_context& io, curl_socket_t socket) : descriptor(io), fd(socket) {}

  boost::asio::posix::stream_descriptor descriptor;  // does not own fd: released, never closed
  curl_socket_t fd;
  int wanted = 0;  // CURL_POLL_IN | CURL_POLL_OUT bits curl asked for
  bool read_pending = false;
  bool write_pending = false;
  bool closed = false;
  int immediate_rounds = 0;
};

CurlMulti::CurlMulti(boost::asio::io_context& io) : io_(io), multi_(curl_multi_init()), timer_(io) {
  if (multi_ == nullptr) std::abort();  // only fails when out of memory
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMulti::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMulti::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlMulti::~CurlMulti() {
  alive_.reset();
  for (auto& [easy, done] : transfers_) curl_multi_remove_handle(multi_, easy);
  transfers_.clear();
  // Closes cached connections; curl reports each socket's removal to OnSocket first.
  curl_multi_cleanup(multi_);
  for (auto& [fd, watch] : watches_) {
    watch->closed = true;
    watch->descriptor.release();
  }
  watches_.clear();
  timer_.cancel();
}

Status CurlMulti::Add(CURL* easy, Done done) {
  CURLMcode code = curl_multi_add_handle(multi_, easy);
  if (code != CURLM_OK) return IOError(curl_multi_strerror(code));
  transfers_.emplace(easy, std::move(done));
  return Status::Ok();
}

void CurlMulti::Remove(CURL* easy) {
  if (transfers_.erase(easy) == 0) return;
  curl_multi_remove_handle(multi_, easy);
}

int CurlMulti::OnSocket(CURL* /*easy*/, curl_socket_t fd, int what, void* self,
                        void* /*socket_data*/) {
  static_cast<CurlMulti*>(self)->Watch(fd, what);
  return 0;
}

void CurlMulti::Watch(curl_socket_t fd, int what) {
  auto it = watches_.find(fd);
  if (what == CURL_POLL_REMOVE) {
    // curl is about to close fd: stop watching, and give the fd back without closing it.
    if (it == watches_.end()) return;
    it->second->closed = true;
    it->second->descriptor.release();
    watches_.erase(it);
    return;
  }
  if (it == watches_.end()) {
    auto watch = std::make_shared<SocketWatch>(io_, fd);
    boost::system::error_code error;
    watch->descriptor.assign(fd, error);
    if (error) return;  // cannot happen for a fresh socket; curl's timeouts end the transfer
    it = watches_.emplace(fd, std::move(watch)).first;
  }
  it->second->wanted = what & (CURL_POLL_IN | CURL_POLL_OUT);
  Arm(it->second);
}

void CurlMulti::Arm(const std::shared_ptr<SocketWatch>& watch) {
  if ((watch->wanted & CURL_POLL_IN) != 0 && !watch->read_pending) {
    ArmDirection(watch, CURL_POLL_IN);
  }
  if ((watch->wanted & CURL_POLL_OUT) != 0 && !watch->write_pending) {
    ArmDirection(watch, CURL_POLL_OUT);
  }
}

void CurlMulti::ArmDirection(const std::shared_ptr<SocketWatch>& watch, int direction) {
  (direction == CURL_POLL_IN ? watch->read_pending : watch->write_pending) = true;
  std::weak_ptr<int> alive = alive_;
  // Asio's epoll reactor is edge-triggered: a wait started on a socket that is already ready
  // (curl left data unread, or wants to write on a writable socket) may never complete. So look
  // first, and act at once when it is ready.
  if (watch->immediate_rounds < kMaxImmediateRounds && ReadyNow(watch->fd, direction)) {
    ++watch->immediate_rounds;
    boost::asio::post(io_, [this, alive, watch, direction] {
      if (!alive.expired()) OnReady(watch, direction, false);
    });
    return;
  }
  watch->immediate_rounds = 0;
  auto wait = direction == CURL_POLL_IN ? boost::asio::posix::descriptor_base::wait_read
                                        : boost::asio::posix::descriptor_base::wait_write;
  watch->descriptor.async_wait(wait, [this, alive, watch, direction](boost::system::error_code ec) {
    if (alive.expired() || ec == boost::asio::error::operation_aborted) return;
    OnReady(watch, direction, static_cast<bool>(ec));
  });
}

void CurlMulti::OnReady(const std::shared_ptr<SocketWatch>& watch, int direction, bool failed) {
  (direction == CURL_POLL_IN ? watch->read_pending : watch->write_pending) = false;
  if (watch->closed || (watch->wanted & direction) == 0) return;
  int events = direction == CURL_POLL_IN ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
  Action(watch->fd, failed ? CURL_CSELECT_ERR : events);
  // A failed wait is not re-armed: it would fail again at once. curl's timeouts end the transfer
  // if it goes nowhere.
  if (!watch->closed && !failed) Arm(watch);
}

int CurlMulti::OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* multi = static_cast<CurlMulti*>(self);
  if (timeout_ms < 0) {
    multi->timer_.cancel();
    return 0;
  }
  // Even a timeout of 0 goes through the timer: curl must not be re-entered from its callback.
  multi->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  std::weak_ptr<int> alive = multi->alive_;
  multi->timer_.async_wait([multi, alive](boost::system::error_code ec) {
    if (alive.expired() || ec) return;
    multi->Action(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

void CurlMulti::Action(curl_socket_t fd, int events) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, events, &running);
  DrainFinished();
}

void CurlMulti::DrainFinished() {
  // Collect first: a Done may start new transfers, which must not happen while curl's message
  // queue is being read.
  std::vector<std::pair<CURL*, CURLcode>> finished;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg == CURLMSG_DONE)
      finished.emplace_back(message->easy_handle, message->data.result);
  }
  for (auto [easy, result] : finished) {
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;  // removed by an earlier Done
    Done done = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, easy);
    done(result);
  }
}

}  // namespace tidings::fetch
