#include "fetch/ssrf.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace tidings::fetch {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr std::array<std::uint8_t, 12> kV4CompatiblePrefix = {};
constexpr std::array<std::uint8_t, 12> kNat64Prefix = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

bool HasPrefix(const std::array<std::uint8_t, 16>& address,
               const std::array<std::uint8_t, 12>& prefix) {
  return std::equal(prefix.begin(), prefix.end(), address.begin());
}

Endpoint FromV4(const in_addr& address, std::uint16_t port) {
  Endpoint e;
  std::copy(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), e.address.begin());
  std::memcpy(e.address.data() + 12, &address.s_addr, 4);
  e.port = port;
  e.is_v4 = true;
  return e;
}

Endpoint FromV6(const in6_addr& address, std::uint16_t port) {
  Endpoint e;
  std::memcpy(e.address.data(), address.s6_addr, 16);
  e.port = port;
  return e;
}

// The IPv4 ranges that are not public, by the first octets of the address.
std::optional<std::string_view> NonPublicV4(const std::uint8_t* a) {
  if (a[0] == 0) return "an unspecified (\"this network\", 0.0.0.0/8) address";
  if (a[0] == 10) return "a private (10.0.0.0/8) address";
  if (a[0] == 100 && (a[1] & 0xc0) == 64) return "a carrier-grade NAT (100.64.0.0/10) address";
  if (a[0] == 127) return "a loopback address";
  if (a[0] == 169 && a[1] == 254) return "a link-local (169.254.0.0/16) address";
  if (a[0] == 172 && (a[1] & 0xf0) == 16) return "a private (172.16.0.0/12) address";
  if (a[0] == 192 && a[1] == 168) return "a private (192.168.0.0/16) address";
  if ((a[0] & 0xf0) == 224) return "a multicast (224.0.0.0/4) address";
  if ((a[0] & 0xf0) == 240) return "a reserved or broadcast (240.0.0.0/4) address";
  return std::nullopt;
}

}  // namespace

std::optional<Endpoint> EndpointFromSockaddr(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return std::nullopt;
  // Copy out instead of casting: curl's buffer need not be aligned for sockaddr_in6.
  if (address->sa_family == AF_INET && length >= socklen_t{sizeof(sockaddr_in)}) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    return FromV4(v4.sin_addr, ntohs(v4.sin_port));
  }
  if (address->sa_family == AF_INET6 && length >= socklen_t{sizeof(sockaddr_in6)}) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    return FromV6(v6.sin6_addr, ntohs(v6.sin6_port));
  }
  return std::nullopt;
}

std::optional<Endpoint> ParseAddressLiteral(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  std::memcpy(text, host.data(), host.size());
  in_addr v4;
  if (inet_pton(AF_INET, text, &v4) == 1) return FromV4(v4, 0);
  in6_addr v6;
  if (inet_pton(AF_INET6, text, &v6) == 1) return FromV6(v6, 0);
  return std::nullopt;
}

std::optional<Endpoint> ParseEndpoint(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.find(':') != std::string_view::npos && host.front() != '[') return std::nullopt;
  std::uint16_t port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size()) return std::nullopt;
  std::optional<Endpoint> endpoint = ParseAddressLiteral(host);
  if (endpoint) endpoint->port = port;
  return endpoint;
}

std::string FormatAddress(const Endpoint& endpoint) {
  char text[INET6_ADDRSTRLEN] = {};
  if (endpoint.is_v4) {
    inet_ntop(AF_INET, endpoint.address.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, endpoint.address.data(), text, sizeof text);
  }
  return text;
}

std::optional<std::string_view> NonPublicRange(const Endpoint& endpoint) {
  const std::array<std::uint8_t, 16>& a = endpoint.address;
  if (HasPrefix(a, kV4MappedPrefix) || HasPrefix(a, kNat64Prefix)) return NonPublicV4(&a[12]);
  if (HasPrefix(a, kV4CompatiblePrefix)) {
    bool low_zero = a[12] == 0 && a[13] == 0 && a[14] == 0;
    if (low_zero && a[15] == 0) return "the unspecified address";
    if (low_zero && a[15] == 1) return "a loopback address";
    return NonPublicV4(&a[12]);  // deprecated v4-compatible form: judge the IPv4 inside
  }
  if ((a[0] & 0xfe) == 0xfc) return "a unique-local (fc00::/7) address";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "a link-local (fe80::/10) address";
  if (a[0] == 0xff) return "a multicast (ff00::/8) address";
  return std::nullopt;
}

std::optional<std::string> SsrfGuard::Refusal(const Endpoint& endpoint) const {
  if (std::find(exempt_.begin(), exempt_.end(), endpoint) != exempt_.end()) return std::nullopt;
  std::optional<std::string_view> range = NonPublicRange(endpoint);
  if (!range) return std::nullopt;
  std::string reason = FormatAddress(endpoint);
  reason += " is ";
  reason += *range;
  return reason;
}

}  // namespace tidings::fetch
