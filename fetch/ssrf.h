// The SSRF guard's address rules: which IP addresses a fetch may connect to.
//
// A feed URL is data from the outside, so a fetch must not become a way to reach the machine
// itself or its private network (cloud metadata at 169.254.169.254, an admin page on 127.0.0.1).
// The check is made on the *resolved* address of each connection (curl's open-socket callback),
// never on URL strings, which have many spellings of one address. See fetch/fetcher.h for where
// it applies and how it is switched off.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::fetch {

// An IP address and port. IPv4 addresses are held in their v4-mapped IPv6 form, so that
// 127.0.0.1 and ::ffff:127.0.0.1 compare equal; `is_v4` remembers how to print it.
struct Endpoint {
  std::array<std::uint8_t, 16> address{};
  std::uint16_t port = 0;
  bool is_v4 = false;

  friend bool operator==(const Endpoint& a, const Endpoint& b) {
    return a.address == b.address && a.port == b.port;
  }
};

// The endpoint of an AF_INET or AF_INET6 socket address; nullopt for other families or a short
// `length`.
std::optional<Endpoint> EndpointFromSockaddr(const sockaddr* address, socklen_t length);

// "127.0.0.1:8080" or "[::1]:8080"; nullopt when malformed.
std::optional<Endpoint> ParseEndpoint(std::string_view text);

// An IP address literal ("10.0.0.1", "::1", "[::1]") with port 0; nullopt when `host` is not one.
std::optional<Endpoint> ParseAddressLiteral(std::string_view host);

// "127.0.0.1" or "::ffff:127.0.0.1" (no port).
std::string FormatAddress(const Endpoint& endpoint);

// Names the non-public range `endpoint`'s address is in ("loopback", "private (RFC 1918)" ...),
// or nullopt when the address is public. IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
// 192.168/16, 224/4, 240/4 (255.255.255.255 included); IPv6 ::, ::1, fc00::/7, fe80::/10,
// ff00::/8; and the IPv4 ranges inside v4-mapped (::ffff:0:0/96), v4-compatible (::/96) and
// NAT64 (64:ff9b::/96) addresses.
std::optional<std::string_view> NonPublicRange(const Endpoint& endpoint);

class SsrfGuard {
 public:
  // Connections to `exempt` endpoints (address and port) are always allowed: a proxy, or a test
  // server playing a public host.
  explicit SsrfGuard(std::vector<Endpoint> exempt) : exempt_(std::move(exempt)) {}

  // nullopt when a connection to `endpoint` may be made without allow_private_networks;
  // otherwise why not, e.g. "127.0.0.1 is a loopback address".
  std::optional<std::string> Refusal(const Endpoint& endpoint) const;

 private:
  std::vector<Endpoint> exempt_;
};

}  // namespace tidings::fetch
