// One control socket connection: read a request within the limits, route it to where it runs
// (event loop, reader thread, archive writer), write the response, and keep the connection for
// the next one; or stream /v1/events until the client leaves.
#include "daemon/control_session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <ctime>
#include <optional>

#include "daemon/metrics.h"

namespace tidings::daemon {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::optional<std::uint64_t> ParseEventId(const std::string& text) {
  std::uint64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// What a failed read says to the client, if anything (nullopt: just close).
std::optional<api::Response> ReadFailure(const error_code& ec) {
  if (ec == http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
      ec == http::error::partial_message) {
    return std::nullopt;
  }
  if (ec == http::error::header_limit) {
    return api::Error(431, "the request line and headers are limited to 16 KB");
  }
  if (ec == http::error::body_limit) return api::Error(413, "the body is limited to 64 KB");
  if (ec.category() == make_error_code(http::error::bad_method).category()) {
    return api::Error(400, "malformed HTTP request: " + ec.message());
  }
  return std::nullopt;
}

constexpr std::string_view kStreamHeader =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
    "Connection: close\r\nServer: tidingsd\r\n\r\nretry: 3000\n\n";

}  // namespace

class ControlSession : public std::enable_shared_from_this<ControlSession> {
 public:
  ControlSession(std::shared_ptr<ControlServer::Core> core, asio::local::stream_protocol::socket s,
                 PeerCredentials peer)
      : core_(std::move(core)),
        socket_(std::move(s)),
        deadline_(core_->io),
        heartbeat_(core_->io),
        buffer_(core_->options.max_header_bytes + core_->options.max_body_bytes),
        peer_(peer) {}

  ~ControlSession() {
    if (subscription_) core_->options.events->Unsubscribe(subscription_);
    core_->sessions.erase(this);
  }

  void Start() { ReadRequest(); }

  void Close() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_both, ignored);
    socket_.close(ignored);
    deadline_.cancel();
    heartbeat_.cancel();
    if (subscription_) core_->options.events->Unsubscribe(subscription_);
    subscription_ = 0;
  }

 private:
  void ArmDeadline() {
    deadline_.expires_after(core_->options.io_timeout);
    deadline_.async_wait([weak = weak_from_this()](const error_code& ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->Close();  // too slow: a trickling or stalled peer
    });
  }

  void ReadRequest() {
    if (closed_ || core_->stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(core_->options.max_header_bytes));
    parser_->body_limit(core_->options.max_body_bytes);
    ArmDeadline();  // covers the idle wait and the whole request
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](const error_code& ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(const error_code& ec) {
    if (ec) return Failed(ec);
    const auto& header = parser_->get();
    if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) >
        core_->options.max_headers) {
      return Reject(api::Error(431, "at most 64 header fields"));
    }
    if (parser_->is_done()) return OnRequest({});
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const error_code& error, std::size_t) {
                       self->OnRequest(error);
                     });
  }

  void Failed(const error_code& ec) {
    std::optional<api::Response> response = ReadFailure(ec);
    if (!response) return Close();
    Reject(std::move(*response));
  }

  // Answers and closes: after a broken request the stream's framing cannot be trusted.
  void Reject(api::Response response) {
    keep_alive_ = false;
    Send(std::move(response));
  }

  void OnRequest(const error_code& ec) {
    if (ec) return Failed(ec);
    http::request<http::string_body> message = parser_->release();
    keep_alive_ = message.keep_alive();
    api::Request request;
    request.method = std::string(message.method_string().data(), message.method_string().size());
    if (Status parsed = api::ParseTarget(
            std::string_view(message.target().data(), message.target().size()), request);
        !parsed.ok()) {
      return Reject(api::Error(400, parsed.message()));
    }
    request.body = std::move(message.body());
    if (auto id = message.find("Last-Event-ID"); id != message.end()) {
      request.last_event_id = std::string(id->value().data(), id->value().size());
    }
    Dispatch(std::move(request));
  }

  void Dispatch(api::Request request) {
    api::Resolved resolved = api::Resolve(request.method, request.path);
    if (!resolved.route) return Send(std::move(resolved.error));
    const api::Route& route = *resolved.route;
    if (route.changes_state && !core_->options.policy.MayChangeState(peer_)) {
      return Send(api::Error(403,
                             "changing the daemon's state is for root, the daemon's user "
                             "and members of its control_group"));
    }
    switch (route.place) {
      case api::Place::kLoop:
        return Send(RunOnLoop(request, route));
      case api::Place::kReader:
        return RunOnReader(std::move(request), route);
      case api::Place::kWriter:
        return RunOnWriter(request, route);
      case api::Place::kStream:
        return StartEvents(request);
    }
  }

  api::Response RunOnLoop(const api::Request& request, const api::Route& route) {
    const ControlHooks& hooks = core_->hooks;
    switch (route.endpoint) {
      case api::Endpoint::kStatus:
        return api::StatusResponse(hooks.state());
      case api::Endpoint::kMetrics:
        return api::MetricsResponse(hooks.state());
      case api::Endpoint::kPoll: {
        Result<std::vector<std::string>> started =
            hooks.poll(api::Param(request, "feed").value_or(""));
        if (!started.ok()) return api::FromStatus(started.status());
        return api::JsonResponse(api::Json{{"started", started->size()}, {"feeds", *started}}, 202);
      }
      case api::Endpoint::kReload: {
        Status reloaded = hooks.reload();
        if (!reloaded.ok()) return api::Error(409, reloaded.message());
        return api::JsonResponse(api::Json{{"reloaded", true}});
      }
      default:
        return api::Error(500, "not an event loop endpoint");
    }
  }

  // Posts the response back to the event loop; `self` is moved along so that the session is
  // always released on the loop's thread.
  static void Reply(std::shared_ptr<ControlSession> self, api::Response response) {
    asio::io_context& io = self->core_->io;
    asio::post(io, [self = std::move(self), response = std::move(response)]() mutable {
      self->Send(std::move(response));
    });
  }

  void RunOnReader(api::Request request, api::Route route) {
    auto task = [self = shared_from_this(), request = std::move(request), route]() mutable {
      api::Response response = api::HandleRead(request, route, *self->core_->reader_archive, Now());
      Reply(std::move(self), std::move(response));
    };
    if (!core_->reader.TrySubmit(std::move(task))) Send(Busy());
  }

  void RunOnWriter(const api::Request& request, api::Route route) {
    Result<api::Mark> mark = api::ParseMark(request.body);
    if (!mark.ok()) return Send(api::FromStatus(mark.status()));
    auto task = [self = shared_from_this(), mark = std::move(*mark),
                 route](storage::Archive& archive) mutable {
      api::Response response = api::HandleMark(route, mark, archive, Now());
      if (response.status == 200 && self->core_->hooks.topics_changed) {
        asio::post(self->core_->io, [core = self->core_] { core->hooks.topics_changed(); });
      }
      Reply(std::move(self), std::move(response));
    };
    if (!core_->hooks.write(std::move(task))) Send(Busy());
  }

  static api::Response Busy() {
    api::Response response = api::Error(503, "busy: too many requests queued; retry shortly");
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }

  void Send(api::Response response) {
    if (closed_) return;
    Metrics::Global().CountRequest();
    auto& out = response_.emplace(static_cast<http::status>(response.status), 11);
    out.set(http::field::server, "tidingsd");
    out.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    out.keep_alive(keep_alive_ && !core_->stopping);
    out.body() = std::move(response.body);
    out.prepare_payload();
    ArmDeadline();
    http::async_write(socket_, out, [self = shared_from_this()](const error_code& ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->Close();
      self->ReadRequest();
    });
  }

  // --- GET /v1/events ---

  void StartEvents(const api::Request& request) {
    EventBus& bus = *core_->options.events;
    std::optional<std::uint64_t> resume = ParseEventId(request.last_event_id);
    last_sent_ = resume ? *resume : bus.last_id();
    asio::io_context& io = core_->io;
    subscription_ = bus.Subscribe([weak = weak_from_this(), &io] {
      asio::post(io, [weak] {
        if (auto self = weak.lock()) self->PumpEvents();
      });
    });
    Write(std::string(kStreamHeader));
    WatchForHangUp();
    ArmHeartbeat();
  }

  // The client sends nothing more; a read ends when it hangs up, which frees the slot at once.
  void WatchForHangUp() {
    socket_.async_read_some(asio::buffer(probe_),
                            [self = shared_from_this()](const error_code& ec, std::size_t) {
                              if (ec) return self->Close();
                              self->WatchForHangUp();
                            });
  }

  void ArmHeartbeat() {
    heartbeat_.expires_after(core_->options.heartbeat);
    heartbeat_.async_wait([weak = weak_from_this()](const error_code& ec) {
      if (ec) return;
      auto self = weak.lock();
      if (!self || self->closed_) return;
      if (!self->writing_) self->Write(": ping\n\n");
      self->ArmHeartbeat();
    });
  }

  void PumpEvents() {
    if (closed_) return;
    if (writing_) return;  // the write's completion pumps again
    EventBus::Batch batch = core_->options.events->Since(last_sent_, 256);
    if (batch.events.empty()) return;
    std::string text =
        batch.gap ? ": events were dropped; re-read the archive for the gap\n\n" : "";
    for (const MatchEvent& event : batch.events) text += SseMessage(event);
    last_sent_ = batch.events.back().id;
    Write(std::move(text));
  }

  void Write(std::string text) {
    writing_ = true;
    stream_out_ = std::move(text);
    ArmDeadline();  // a client that stops reading is cut off
    asio::async_write(socket_, asio::buffer(stream_out_),
                      [self = shared_from_this()](const error_code& ec, std::size_t) {
                        self->writing_ = false;
                        self->deadline_.cancel();
                        if (ec) return self->Close();
                        self->PumpEvents();  // whatever was published meanwhile
                      });
  }

  std::shared_ptr<ControlServer::Core> core_;
  asio::local::stream_protocol::socket socket_;
  asio::steady_timer deadline_;
  asio::steady_timer heartbeat_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  PeerCredentials peer_;
  bool keep_alive_ = false;
  bool closed_ = false;
  // The event stream.
  int subscription_ = 0;
  std::uint64_t last_sent_ = 0;
  bool writing_ = false;
  std::string stream_out_;
  char probe_[256];
};

void StartSession(std::shared_ptr<ControlServer::Core> core,
                  asio::local::stream_protocol::socket socket, PeerCredentials peer) {
  auto session = std::make_shared<ControlSession>(core, std::move(socket), peer);
  core->sessions.emplace(session.get(), session);
  session->Start();
}

void CloseSession(ControlSession& session) { session.Close(); }

}  // namespace tidings::daemon
