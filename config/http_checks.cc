// Deliberately a check, not a parser: base/url.h and base/canonical_url.h do the parsing; this
// only says, for a person editing a config file, why a value cannot be used.
#include "config/http_checks.h"

#include <fmt/format.h>

#include <array>
#include <cstddef>

#include "base/ascii.h"

namespace tidings::config::internal {
namespace {

struct SplitUrl {
  std::string_view scheme;  // as written
  std::string_view authority;
  std::string_view rest;  // path, query and fragment
  bool has_slashes = false;
};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsControlOrSpace(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7F;
}

// RFC 3986 scheme: a letter, then letters, digits, '+', '-', '.'. nullopt: no scheme.
std::optional<SplitUrl> Split(std::string_view url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 || !IsAsciiAlpha(url[0])) return std::nullopt;
  // "localhost:8080/feed" is a host and a port, not a scheme.
  if (colon + 1 < url.size() && IsAsciiDigit(url[colon + 1])) return std::nullopt;
  for (const char c : url.substr(0, colon)) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  SplitUrl split;
  split.scheme = url.substr(0, colon);
  std::string_view after = url.substr(colon + 1);
  split.has_slashes = after.starts_with("//");
  if (!split.has_slashes) return split;
  after.remove_prefix(2);
  const std::size_t end = after.find_first_of("/?#");
  split.authority = after.substr(0, end);
  split.rest = end == std::string_view::npos ? std::string_view() : after.substr(end);
  return split;
}

// The host and port of an authority without userinfo.
std::optional<std::string> WhyNotHostPort(std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return "the IPv6 address has no closing \"]\"";
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return "unexpected text after the IPv6 address";
    if (!after.empty()) port = after.substr(1);
    for (const char c : host) {
      if (!IsAsciiDigit(c) && !IsAsciiAlpha(c) && c != ':' && c != '.' && c != '%') {
        return "the IPv6 address is not valid";
      }
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return "the URL has no host";
  if (!authority.starts_with('[')) {
    for (const char c : host) {
      // Non-ASCII bytes are an internationalized host name, which curl converts (IDN).
      if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '-' && c != '.' && c != '_' &&
          static_cast<unsigned char>(c) < 0x80) {
        return "the host name may only contain letters, digits, '-' and '.'";
      }
    }
  }
  if (authority.ends_with(':') || !port.empty()) {
    int number = 0;
    bool valid = !port.empty() && port.size() <= 5;
    for (const char c : port) {
      valid = valid && IsAsciiDigit(c);
      if (valid) number = number * 10 + (c - '0');
    }
    if (!valid || number < 1 || number > 65535) return "the port must be a number from 1 to 65535";
  }
  return std::nullopt;
}

// What every URL in the config file must satisfy before its parts are looked at.
std::optional<std::string> WhyNotUrlText(std::string_view url) {
  if (url.empty()) return "the URL is empty";
  if (IsControlOrSpace(url.front()) || IsControlOrSpace(url.back())) {
    return "the URL has spaces or control characters around it";
  }
  for (const char c : url) {
    if (IsControlOrSpace(c)) {
      return "a URL cannot contain spaces or control characters (write a space as %20)";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> WhyNotFeedUrl(std::string_view url) {
  if (std::optional<std::string> why = WhyNotUrlText(url)) return why;
  const std::optional<SplitUrl> split = Split(url);
  if (!split) return "the URL has no scheme: start it with https:// or http://";
  const std::string scheme = AsciiLower(split->scheme);
  if (scheme == "feed" || scheme == "rss") {
    return fmt::format("\"{}:\" is not a scheme tidings can fetch; write the http(s) URL itself",
                       scheme);
  }
  if (scheme != "http" && scheme != "https") {
    return fmt::format("only http and https feeds can be fetched, not \"{}\"", scheme);
  }
  if (!split->has_slashes) return fmt::format("expected \"//\" after \"{}:\"", scheme);
  if (split->authority.find('@') != std::string_view::npos) {
    return "the URL carries a user name or password; put credentials in credentials_file";
  }
  return WhyNotHostPort(split->authority);
}

std::optional<std::string> WhyNotProxyUrl(std::string_view url) {
  static constexpr std::array<std::string_view, 6> kSchemes = {"http",    "https",  "socks4",
                                                               "socks4a", "socks5", "socks5h"};
  if (std::optional<std::string> why = WhyNotUrlText(url)) return why;
  const std::optional<SplitUrl> split = Split(url);
  if (!split || !split->has_slashes) {
    return "expected \"none\" or a proxy URL such as \"http://proxy.example:3128\"";
  }
  const std::string scheme = AsciiLower(split->scheme);
  bool known = false;
  for (const std::string_view candidate : kSchemes) known = known || candidate == scheme;
  if (!known) {
    return fmt::format(
        "unsupported proxy scheme \"{}\": use http, https, socks4, socks4a, socks5 or socks5h",
        scheme);
  }
  if (split->authority.find('@') != std::string_view::npos) {
    return "proxy credentials do not belong in the config file; leave proxy unset and give "
           "them in $https_proxy / $http_proxy";
  }
  if (!split->rest.empty() && split->rest != "/")
    return "a proxy URL has no path, query or fragment";
  return WhyNotHostPort(split->authority);
}

std::optional<std::string> WhyNotHeaderName(std::string_view name) {
  if (name.empty()) return "a header name cannot be empty";
  for (const char c : name) {
    const bool token = IsAsciiAlpha(c) || IsAsciiDigit(c) ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return "a header name may only contain letters, digits and !#$%&'*+-.^_`|~";
  }
  const std::string lower = AsciiLower(name);
  if (lower == "authorization" || lower == "proxy-authorization" || lower == "cookie") {
    return fmt::format(
        "secrets do not belong in the config file: put the {} header in a file named by "
        "credentials_file",
        name);
  }
  static constexpr std::array<std::string_view, 12> kOwnHeaders = {"host",
                                                                   "content-length",
                                                                   "transfer-encoding",
                                                                   "connection",
                                                                   "keep-alive",
                                                                   "upgrade",
                                                                   "te",
                                                                   "trailer",
                                                                   "if-none-match",
                                                                   "if-modified-since",
                                                                   "accept-encoding",
                                                                   "proxy-connection"};
  for (const std::string_view own : kOwnHeaders) {
    if (lower == own) return fmt::format("tidings sets the {} header itself", name);
  }
  return std::nullopt;
}

std::optional<std::string> WhyNotHeaderValue(std::string_view value) {
  constexpr std::size_t kMaxValueBytes = 8192;
  if (value.size() > kMaxValueBytes) return "a header value can be at most 8192 bytes long";
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      return "a header value cannot contain line breaks or control characters";
    }
  }
  return std::nullopt;
}

}  // namespace tidings::config::internal
