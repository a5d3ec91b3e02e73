// The SSRF guard's address rules.
#include <catch2/catch.hpp>
#include <string>

#include "fetch/ssrf.h"

using tidings::fetch::Endpoint;
using tidings::fetch::FormatAddress;
using tidings::fetch::NonPublicRange;
using tidings::fetch::ParseAddressLiteral;
using tidings::fetch::ParseEndpoint;
using tidings::fetch::SsrfGuard;

namespace {

bool IsPublic(const std::string& address) {
  std::optional<Endpoint> endpoint = ParseAddressLiteral(address);
  REQUIRE(endpoint);
  return !NonPublicRange(*endpoint);
}

}  // namespace

TEST_CASE("IPv4 ranges that are not public", "[fetch][ssrf]") {
  for (const char* address :
       {"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255",
        "127.0.0.1", "127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255"}) {
    INFO(address);
    CHECK_FALSE(IsPublic(address));
  }
}

TEST_CASE("public IPv4 addresses next to those ranges", "[fetch][ssrf]") {
  for (const char* address : {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "100.63.255.255",
                              "100.128.0.1", "126.255.255.255", "128.0.0.1", "169.253.0.1",
                              "172.15.255.255", "172.32.0.1", "192.167.1.1", "223.255.255.255"}) {
    INFO(address);
    CHECK(IsPublic(address));
  }
}

TEST_CASE("IPv6 ranges that are not public, and IPv4 hidden in IPv6", "[fetch][ssrf]") {
  for (const char* address :
       {"::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1", "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe", "[::1]"}) {
    INFO(address);
    CHECK_FALSE(IsPublic(address));
  }
  for (const char* address : {"2606:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8",
                              "64:ff9b::808:808", "fec0::1"}) {
    INFO(address);
    CHECK(IsPublic(address));
  }
}

TEST_CASE("a refusal names the address and its range", "[fetch][ssrf]") {
  SsrfGuard guard({});
  std::optional<std::string> refusal = guard.Refusal(*ParseEndpoint("127.0.0.1:80"));
  REQUIRE(refusal);
  CHECK(*refusal == "127.0.0.1 is a loopback address");
  refusal = guard.Refusal(*ParseEndpoint("[::ffff:169.254.169.254]:80"));
  REQUIRE(refusal);
  CHECK(*refusal == "::ffff:169.254.169.254 is a link-local (169.254.0.0/16) address");
  CHECK_FALSE(guard.Refusal(*ParseEndpoint("93.184.216.34:443")));
}

TEST_CASE("exempt endpoints pass on their port only", "[fetch][ssrf]") {
  SsrfGuard guard({*ParseEndpoint("127.0.0.1:3128")});
  CHECK_FALSE(guard.Refusal(*ParseEndpoint("127.0.0.1:3128")));
  // The same address in its v4-mapped form is the same endpoint.
  CHECK_FALSE(guard.Refusal(*ParseEndpoint("[::ffff:127.0.0.1]:3128")));
  CHECK(guard.Refusal(*ParseEndpoint("127.0.0.1:8080")));
}

TEST_CASE("endpoint and address syntax", "[fetch][ssrf]") {
  std::optional<Endpoint> v6 = ParseEndpoint("[::1]:8080");
  REQUIRE(v6);
  CHECK(v6->port == 8080);
  CHECK(FormatAddress(*v6) == "::1");
  CHECK(FormatAddress(*ParseEndpoint("10.0.0.1:1")) == "10.0.0.1");
  CHECK_FALSE(ParseEndpoint("127.0.0.1"));
  CHECK_FALSE(ParseEndpoint("::1:80"));
  CHECK_FALSE(ParseEndpoint("127.0.0.1:99999"));
  CHECK_FALSE(ParseEndpoint("localhost:80"));
  CHECK_FALSE(ParseAddressLiteral("example.org"));
  CHECK_FALSE(ParseAddressLiteral(""));
}
