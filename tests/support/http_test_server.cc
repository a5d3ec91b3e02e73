#include "tests/support/http_test_server.h"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

namespace tidings::testing {
namespace {

using boost::asio::ip::tcp;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

HttpRequest ParseRequest(std::string_view head) {
  HttpRequest request;
  std::size_t end = head.find("\r\n");
  std::string_view line = head.substr(0, end);
  std::size_t space1 = line.find(' ');
  std::size_t space2 = line.find(' ', space1 + 1);
  request.method = std::string(line.substr(0, space1));
  request.target = std::string(line.substr(space1 + 1, space2 - space1 - 1));
  std::string_view path = request.target;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    std::size_t slash = path.find('/', path.find("//") + 2);
    path = slash == std::string_view::npos ? "/" : path.substr(slash);
  }
  request.path = std::string(path.substr(0, path.find('?')));
  while (end != std::string_view::npos && end + 2 < head.size()) {
    std::size_t start = end + 2;
    end = head.find("\r\n", start);
    line = head.substr(start, end == std::string_view::npos ? end : end - start);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(Lower(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return request;
}

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void EncodeBody(HttpResponse& response) {
  if (!response.gzip) return;
  response.body = HttpTestServer::Gzip(response.body);
  response.headers.emplace_back("Content-Encoding", "gzip");
  response.gzip = false;
}

// The bytes to send: status line, headers and as much of the body as the script allows.
std::string Serialize(const HttpResponse& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " ";
  out += Reason(response.status);
  out += "\r\n";
  bool has_length = false;
  for (const auto& [name, value] : response.headers) {
    has_length = has_length || Lower(name) == "content-length";
    out += name + ": " + value + "\r\n";
  }
  if (!has_length && response.status != 304 && response.status != 204) {
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  if (response.close) out += "Connection: close\r\n";
  out += "\r\n";
  std::size_t body = response.body.size();
  if (response.stall_after) body = std::min(body, *response.stall_after);
  if (response.truncate_after) body = std::min(body, *response.truncate_after);
  if (response.status != 304 && response.status != 204) out.append(response.body, 0, body);
  return out;
}

}  // namespace

std::optional<std::string> HttpRequest::Header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return value;
  }
  return std::nullopt;
}

std::string HttpTestServer::Gzip(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    std::abort();
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

class HttpTestServer::Impl {
 public:
  Impl() : acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    io_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void SetRoute(const std::string& path, Handler handler) {
    std::lock_guard lock(mutex_);
    routes_[path] = std::move(handler);
  }

  std::vector<HttpRequest> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  std::atomic<std::size_t> accepted{0};
  std::atomic<std::size_t> open_connections{0};
  std::atomic<std::size_t> max_connections{0};
  std::atomic<std::size_t> active_requests{0};
  std::atomic<std::size_t> max_requests{0};

 private:
  class Connection;

  static void Raise(std::atomic<std::size_t>& current, std::atomic<std::size_t>& peak) {
    std::size_t now = ++current;
    std::size_t seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
  }

  void Accept();

  HttpResponse Answer(const HttpRequest& request) {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      auto it = routes_.find(request.path);
      if (it != routes_.end()) handler = it->second;
    }
    HttpResponse response;
    if (handler) {
      response = handler(request);
    } else {
      response.status = 404;
      response.body = "not found";
    }
    EncodeBody(response);
    return response;
  }

  mutable std::mutex mutex_;
  std::map<std::string, Handler> routes_;
  std::vector<HttpRequest> requests_;
  // Destroyed before the members above: pending handlers own connections, which use them.
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

class HttpTestServer::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Impl& server, tcp::socket socket)
      : server_(server), socket_(std::move(socket)), timer_(socket_.get_executor()) {
    Raise(server_.open_connections, server_.max_connections);
  }
  ~Connection() { --server_.open_connections; }

  void Read() {
    auto self = shared_from_this();
    boost::asio::async_read_until(socket_, buffer_, "\r\n\r\n",
                                  [self](boost::system::error_code ec, std::size_t size) {
                                    if (!ec) self->OnRequest(size);
                                  });
  }

 private:
  void OnRequest(std::size_t size) {
    std::string head(
        boost::asio::buffers_begin(buffer_.data()),
        boost::asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(size));
    buffer_.consume(size);
    Raise(server_.active_requests, server_.max_requests);
    response_ = server_.Answer(ParseRequest(head));
    auto self = shared_from_this();
    timer_.expires_after(response_.delay);
    timer_.async_wait([self](boost::system::error_code ec) {
      if (!ec) self->Write();
    });
  }

  void Write() {
    out_ = Serialize(response_);
    auto self = shared_from_this();
    boost::asio::async_write(socket_, boost::asio::buffer(out_),
                             [self](boost::system::error_code ec, std::size_t) {
                               --self->server_.active_requests;
                               if (!ec) self->AfterWrite();
                             });
  }

  void AfterWrite() {
    if (response_.stall_after) {
      // Hold the connection open, silent, by waiting for a request that never comes.
      Read();
      return;
    }
    if (response_.close || response_.truncate_after) {
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_both, ignored);
      socket_.close(ignored);
      return;
    }
    Read();
  }

  Impl& server_;
  tcp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::asio::streambuf buffer_;
  HttpResponse response_;
  std::string out_;
};

void HttpTestServer::Impl::Accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    ++accepted;
    std::make_shared<Connection>(*this, std::move(socket))->Read();
    Accept();
  });
}

HttpTestServer::HttpTestServer() : impl_(std::make_unique<Impl>()) {}
HttpTestServer::~HttpTestServer() = default;

std::uint16_t HttpTestServer::port() const { return impl_->port(); }

std::string HttpTestServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void HttpTestServer::Route(const std::string& path, HttpResponse response) {
  EncodeBody(response);  // once, here, not on every request
  impl_->SetRoute(path, [response](const HttpRequest&) { return response; });
}

void HttpTestServer::Route(const std::string& path, Handler handler) {
  impl_->SetRoute(path, std::move(handler));
}

std::vector<HttpRequest> HttpTestServer::Requests() const { return impl_->Requests(); }

std::size_t HttpTestServer::RequestCount(std::string_view path) const {
  std::vector<HttpRequest> requests = impl_->Requests();
  return static_cast<std::size_t>(std::count_if(
      requests.begin(), requests.end(), [&](const HttpRequest& r) { return r.path == path; }));
}

std::size_t HttpTestServer::connections_accepted() const { return impl_->accepted; }
std::size_t HttpTestServer::max_concurrent_connections() const { return impl_->max_connections; }
std::size_t HttpTestServer::max_concurrent_requests() const { return impl_->max_requests; }

}  // namespace tidings::testing
