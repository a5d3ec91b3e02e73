#include "fetch/proxy.h"

#include <netdb.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

#include "fetch/curl_handles.h"

namespace tidings::fetch {
namespace {

std::optional<std::string> Part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK) return std::nullopt;
  CurlString owned(text);
  return std::string(owned.get());
}

// Every address `host` resolves to, with `port`.
void Resolve(const std::string& host, std::uint16_t port, std::vector<Endpoint>& out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return;
  for (addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    if (std::optional<Endpoint> endpoint =
            EndpointFromSockaddr(entry->ai_addr, entry->ai_addrlen)) {
      endpoint->port = port;
      out.push_back(*endpoint);
    }
  }
  freeaddrinfo(found);
}

void AddProxy(const std::string& proxy, std::vector<Endpoint>& out) {
  if (proxy.empty()) return;
  CurlUrl url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, proxy.c_str(),
                           CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return;
  }
  std::optional<std::string> host = Part(url.get(), CURLUPART_HOST);
  if (!host) return;
  std::uint16_t port = Part(url.get(), CURLUPART_SCHEME) == "https" ? 443 : 1080;
  if (std::optional<std::string> given = Part(url.get(), CURLUPART_PORT)) {
    std::from_chars(given->data(), given->data() + given->size(), port);
  }
  if (std::optional<Endpoint> literal = ParseAddressLiteral(*host)) {
    literal->port = port;
    out.push_back(*literal);
    return;
  }
  Resolve(*host, port, out);
}

}  // namespace

std::vector<Endpoint> ProxyEndpoints(const std::optional<std::string>& configured) {
  std::vector<Endpoint> endpoints;
  if (configured) {
    AddProxy(*configured, endpoints);
    return endpoints;
  }
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    if (const char* value = std::getenv(name)) AddProxy(value, endpoints);
  }
  return endpoints;
}

}  // namespace tidings::fetch
