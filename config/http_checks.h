// Internal to config/: what the config file may say about HTTP. Feed and proxy URLs, extra
// request headers. Each check returns nullopt when the text is fine, else why it is not, in
// words for a config file's author (no location: the caller adds it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tidings::config::internal {

// An absolute http or https URL with a host, without spaces, control characters or
// credentials ("https://user:pw@host/" would put a secret in the config file).
std::optional<std::string> WhyNotFeedUrl(std::string_view url);

// A proxy URL: http, https, socks4, socks4a, socks5 or socks5h, a host, an optional port,
// no credentials and no path.
std::optional<std::string> WhyNotProxyUrl(std::string_view url);

// An extra request header for a feed. The name must be an HTTP token; headers that carry
// secrets (Authorization, Proxy-Authorization, Cookie) belong in credentials_file; headers that
// tidings sets itself (Host, If-None-Match, Accept-Encoding ...) are refused. The value must
// fit on one line.
std::optional<std::string> WhyNotHeaderName(std::string_view name);
std::optional<std::string> WhyNotHeaderValue(std::string_view value);

}  // namespace tidings::config::internal
