#include "fetch/transfer.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <utility>

#include "base/ascii.h"
#include "fetch/retry_after.h"

namespace tidings::fetch {
namespace {

bool HasControlBreak(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

std::optional<std::string> UrlPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK) return std::nullopt;
  CurlString owned(text);
  return std::string(owned.get());
}

bool IsTlsError(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

// The category a log reader needs first, for errors that are not a refusal or a size cap.
std::string_view Category(CURLcode code) {
  if (IsTlsError(code)) return "TLS";
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "DNS";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "DNS (proxy)";
    case CURLE_COULDNT_CONNECT:
      return "connect";
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout";
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects";
    case CURLE_PARTIAL_FILE:
      return "truncated body";
    case CURLE_BAD_CONTENT_ENCODING:
      return "bad content encoding";
    default:
      return "transfer";
  }
}

}  // namespace

Result<FetchUrl> ParseFetchUrl(std::string_view url) {
  CurlUrl parsed(curl_url());
  if (!parsed) return IOError("out of memory");
  std::string text(url);
  if (HasControlBreak(url) ||
      curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return InvalidError(fmt::format("{}: not an absolute URL", url));
  }
  std::optional<std::string> scheme = UrlPart(parsed.get(), CURLUPART_SCHEME);
  if (!scheme || (*scheme != "http" && *scheme != "https")) {
    return InvalidError(fmt::format("{}: only http and https URLs can be fetched", url));
  }
  std::optional<std::string> host = UrlPart(parsed.get(), CURLUPART_HOST);
  std::optional<std::string> normalized = UrlPart(parsed.get(), CURLUPART_URL);
  if (!host || host->empty() || !normalized) {
    return InvalidError(fmt::format("{}: URL without a host", url));
  }
  return FetchUrl{std::move(*normalized), AsciiLower(*host)};
}

Transfer::Transfer(FetchRequest request, FetchUrl url, Fetcher::Done done)
    : request_(std::move(request)), url_(std::move(url)), done_(std::move(done)) {}

Status Transfer::BuildHeaders() {
  std::vector<std::string> lines;
  if (request_.etag) lines.push_back("If-None-Match: " + *request_.etag);
  if (request_.last_modified) lines.push_back("If-Modified-Since: " + *request_.last_modified);
  for (const auto& [name, value] : request_.headers) {
    if (name.empty() || name.find_first_of(": \t") != std::string::npos) {
      return InvalidError(fmt::format("{}: bad request header name '{}'", url_.normalized, name));
    }
    lines.push_back(name + ": " + value);
  }
  for (const std::string& line : lines) {
    if (HasControlBreak(line)) {
      return InvalidError(fmt::format("{}: request header with a line break or NUL: {}",
                                      url_.normalized, line.substr(0, line.find(':'))));
    }
    curl_slist* appended = curl_slist_append(headers_.get(), line.c_str());
    if (appended == nullptr) return IOError("out of memory");
    if (!headers_) headers_.reset(appended);
  }
  return Status::Ok();
}

Status Transfer::Configure(const TransferContext& context) {
  context_ = context;
  const FetchOptions& options = *context.options;
  easy_.reset(curl_easy_init());
  if (!easy_) return IOError(fmt::format("{}: curl_easy_init failed", url_.normalized));
  if (Status headers = BuildHeaders(); !headers.ok()) return headers;
  CURL* e = easy_.get();
  curl_easy_setopt(e, CURLOPT_URL, url_.normalized.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every coding this curl build decodes
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);  // share an HTTP/2 connection, not open another
  curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT,
                   static_cast<long>(options.low_speed_bytes_per_second));
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
  // Catches a declared Content-Length early; OnWrite counts the decompressed bytes.
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::OnWrite);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Transfer::OnOpenSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &Transfer::OnPrereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, this);
  if (headers_) curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get());
  if (request_.credentials) curl_easy_setopt(e, CURLOPT_USERPWD, request_.credentials->c_str());
  if (options.proxy) curl_easy_setopt(e, CURLOPT_PROXY, options.proxy->c_str());
  if (context.resolve != nullptr) curl_easy_setopt(e, CURLOPT_RESOLVE, context.resolve);
  return Status::Ok();
}

std::size_t Transfer::OnWrite(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<Transfer*>(self);
  std::size_t bytes = size * count;
  // Counted after decompression: a small gzip bomb stops here, at the cap.
  if (transfer->body_.size() + bytes > transfer->context_.options->max_body_bytes) {
    transfer->too_large_ = true;
    return 0;  // curl fails the transfer with CURLE_WRITE_ERROR
  }
  try {
    transfer->body_.append(data, bytes);
  } catch (...) {  // out of memory: nothing may throw through curl
    return 0;
  }
  return bytes;
}

std::size_t Transfer::OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
  std::size_t bytes = size * count;
  try {
    static_cast<Transfer*>(self)->ReadHeaderLine(std::string_view(data, bytes));
  } catch (...) {
    return 0;
  }
  return bytes;
}

void Transfer::ReadHeaderLine(std::string_view line) {
  using Slot = std::optional<std::string> Transfer::*;
  static constexpr std::pair<std::string_view, Slot> kKept[] = {
      {"content-type", &Transfer::content_type_},
      {"etag", &Transfer::etag_},
      {"last-modified", &Transfer::last_modified_},
      {"cache-control", &Transfer::cache_control_},
      {"expires", &Transfer::expires_},
      {"retry-after", &Transfer::retry_after_},
      {"x-robots-tag", &Transfer::x_robots_tag_}};
  line = TrimAsciiSpace(line);
  if (line.starts_with("HTTP/")) {
    // A new response: redirect hops and 1xx answers come first, each with its own headers.
    std::size_t space = line.find(' ');
    int code = 0;
    if (space != std::string_view::npos) {
      for (std::size_t i = space + 1; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
        code = code * 10 + (line[i] - '0');
      }
    }
    if (code < 200) return;  // 100 Continue, 103 Early Hints: the real answer follows
    statuses_.push_back(code);
    for (const auto& [name, slot] : kKept) (this->*slot).reset();
    return;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  for (const auto& [name, slot] : kKept) {
    if (EqualsAsciiLower(line.substr(0, colon), name)) {
      const std::string_view value = TrimAsciiSpace(line.substr(colon + 1));
      if (slot == &Transfer::x_robots_tag_ && x_robots_tag_) {
        // Several X-Robots-Tag headers all apply, each with its own bot prefix: one per line.
        *x_robots_tag_ += "\n" + std::string(value);
        return;
      }
      this->*slot = std::string(value);
      return;
    }
  }
}

std::string Transfer::CurrentUrl() const {
  char* url = nullptr;
  curl_easy_getinfo(easy_.get(), CURLINFO_EFFECTIVE_URL, &url);
  return url != nullptr ? std::string(url) : url_.normalized;
}

void Transfer::Refuse(std::string reason) {
  std::string hop = CurrentUrl();
  if (statuses_.empty() || hop == url_.normalized) {
    refusal_ = "refused by the SSRF guard: " + reason;
  } else {
    refusal_ = fmt::format("redirect to {} refused by the SSRF guard: {}", hop, reason);
  }
  refusal_->append(" (allow_private_networks would allow it)");
}

bool Transfer::PrivateAllowed() const {
  return context_.options->allow_private_networks || request_.allow_private_networks;
}

curl_socket_t Transfer::OnOpenSocket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(self);
  if (!transfer->PrivateAllowed()) {
    try {
      std::optional<Endpoint> endpoint = EndpointFromSockaddr(&address->addr, address->addrlen);
      std::optional<std::string> refusal =
          endpoint ? transfer->context_.guard->Refusal(*endpoint) : "not an IP address";
      if (refusal) {
        transfer->Refuse(std::move(*refusal));
        return CURL_SOCKET_BAD;  // curl tries the host's next address, if any
      }
    } catch (...) {
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// Called before each request is sent, also on a reused connection (which OnOpenSocket never
// saw for this transfer) and on each redirect hop.
int Transfer::OnPrereq(void* self, char* primary_ip, char* /*local_ip*/, int primary_port,
                       int /*local_port*/) {
  auto* transfer = static_cast<Transfer*>(self);
  if (transfer->PrivateAllowed()) return CURL_PREREQFUNC_OK;
  try {
    std::optional<std::string> refusal = transfer->CheckPeer(primary_ip, primary_port);
    if (!refusal) refusal = transfer->CheckUrlLiteral();
    if (!refusal) return CURL_PREREQFUNC_OK;
    transfer->Refuse(std::move(*refusal));
  } catch (...) {
  }
  return CURL_PREREQFUNC_ABORT;
}

std::optional<std::string> Transfer::CheckPeer(const char* ip, int port) const {
  std::optional<Endpoint> peer = ParseAddressLiteral(ip != nullptr ? ip : "");
  if (!peer) return fmt::format("the peer address '{}' is not an IP address", ip ? ip : "");
  peer->port = static_cast<std::uint16_t>(port);
  return context_.guard->Refusal(*peer);
}

// Behind a proxy the peer is the proxy, and the proxy resolves names; a literal address in the
// URL of this hop is still ours to check.
std::optional<std::string> Transfer::CheckUrlLiteral() const {
  CurlUrl hop(curl_url());
  std::string hop_url = CurrentUrl();
  if (!hop || curl_url_set(hop.get(), CURLUPART_URL, hop_url.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;  // curl parsed it; nothing literal to see
  }
  std::optional<std::string> host = UrlPart(hop.get(), CURLUPART_HOST);
  std::optional<std::string> port = UrlPart(hop.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  std::optional<Endpoint> literal = host ? ParseAddressLiteral(*host) : std::nullopt;
  if (!literal || !port) return std::nullopt;
  std::uint16_t number = 0;
  std::from_chars(port->data(), port->data() + port->size(), number);
  literal->port = number;
  return context_.guard->Refusal(*literal);
}

FetchResult Transfer::Failed(Status status) const {
  FetchResult result;
  result.status = std::move(status);
  result.final_url = url_.normalized;
  return result;
}

void Transfer::CopyResponse(FetchResult& result) const {
  CURL* e = easy_.get();
  long code = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
  result.http_status = static_cast<int>(code);
  result.final_url = CurrentUrl();
  long redirects = 0;
  curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
  result.redirects = static_cast<int>(redirects);
  curl_off_t microseconds = 0;
  curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &microseconds);
  result.elapsed_ms = static_cast<std::int64_t>(microseconds / 1000);
  result.content_type = content_type_;
  result.etag = etag_;
  result.last_modified = last_modified_;
  result.cache_control = cache_control_;
  result.expires = expires_;
  result.retry_after = retry_after_;
  result.x_robots_tag = x_robots_tag_;
  if (retry_after_) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    result.retry_after_seconds = ParseRetryAfter(
        *retry_after_, std::chrono::duration_cast<std::chrono::seconds>(now).count());
  }
}

FetchResult Transfer::Finish(CURLcode code) {
  FetchResult result = Failed(Status::Ok());
  CopyResponse(result);
  if (code != CURLE_OK) {
    result.status = ErrorStatus(code);
    return result;
  }
  result.not_modified = result.http_status == 304;
  result.body = std::move(body_);
  bool answered = (result.http_status >= 200 && result.http_status < 300) || result.not_modified;
  bool all_permanent = statuses_.size() >= 2;
  for (std::size_t i = 0; i + 1 < statuses_.size(); ++i) {
    all_permanent = all_permanent && (statuses_[i] == 301 || statuses_[i] == 308);
  }
  if (result.redirects > 0 && answered && all_permanent) result.permanent_url = result.final_url;
  return result;
}

Status Transfer::ErrorStatus(CURLcode code) const {
  const std::string& url = request_.url;
  std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  if (refusal_ && (code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK)) {
    return InvalidError(fmt::format("{}: {}", url, *refusal_));
  }
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return TooLargeError(fmt::format("{}: body larger than {} bytes (decompressed)", url,
                                     context_.options->max_body_bytes));
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    return {StatusCode::kCancelled, fmt::format("{}: cancelled", url)};
  }
  if (code == CURLE_UNSUPPORTED_PROTOCOL) {
    return InvalidError(fmt::format("{}: only http and https may be fetched: {}", url, detail));
  }
  if (code == CURLE_TOO_MANY_REDIRECTS) {
    return IOError(
        fmt::format("{}: too many redirects (more than 5), last to {}", url, CurrentUrl()));
  }
  return IOError(fmt::format("{}: {}: {}", url, Category(code), detail));
}

}  // namespace tidings::fetch
