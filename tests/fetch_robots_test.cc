// robots.txt: which group applies to us, longest match, wildcards, and the odd files sites serve.
#include <catch2/catch.hpp>

#include "fetch/robots.h"

namespace tidings::fetch {
namespace {

bool Allowed(std::string_view robots, std::string_view path) {
  return RobotsRules::Parse(robots, "tidings").Allowed(path);
}

TEST_CASE("robots: our own group wins over '*', and '*' applies when we are not named",
          "[fetch][robots]") {
  const std::string_view text =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: Tidings/1.0\nDisallow: /private/\n";
  CHECK(Allowed(text, "/news/a.html"));
  CHECK_FALSE(Allowed(text, "/private/x"));
  const std::string_view others =
      "User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp\n";
  CHECK(Allowed(others, "/news"));
  CHECK_FALSE(Allowed(others, "/tmp/file"));
  CHECK(RobotsRules::Parse(others, "googlebot").Allowed("/news") == false);
}

TEST_CASE("robots: a group naming us with no rules allows everything despite '*'",
          "[fetch][robots]") {
  CHECK(Allowed("User-agent: *\nDisallow: /\n\nUser-agent: tidings\n", "/a"));
}

TEST_CASE("robots: several user-agent lines share a group, and groups for us are merged",
          "[fetch][robots]") {
  const std::string_view text =
      "User-agent: other\nUser-agent: tidings\nDisallow: /a\n\n"
      "User-agent: tidings\nDisallow: /b\n\nUser-agent: *\nDisallow: /c\n";
  CHECK_FALSE(Allowed(text, "/a/1"));
  CHECK_FALSE(Allowed(text, "/b/1"));
  CHECK(Allowed(text, "/c/1"));
}

TEST_CASE("robots: the longest matching rule wins, Allow wins a tie", "[fetch][robots]") {
  const std::string_view text =
      "User-agent: *\nDisallow: /news/\nAllow: /news/public/\nAllow: /x\nDisallow: /x\n";
  CHECK_FALSE(Allowed(text, "/news/secret"));
  CHECK(Allowed(text, "/news/public/a"));
  CHECK(Allowed(text, "/x/y"));
  CHECK(Allowed(text, "/other"));
}

TEST_CASE("robots: '*' matches any run and '$' anchors the end", "[fetch][robots]") {
  const std::string_view text = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/print\n";
  CHECK_FALSE(Allowed(text, "/docs/a.pdf"));
  CHECK(Allowed(text, "/docs/a.pdf?page=2"));
  CHECK(Allowed(text, "/docs/a.pdfx"));
  CHECK_FALSE(Allowed(text, "/2024/story/print"));
  CHECK(Allowed(text, "/print"));
  CHECK(RobotsPatternMatches("/a*b*c$", "/axxbyyc"));
  CHECK_FALSE(RobotsPatternMatches("/a*b*c$", "/axxbyycd"));
  CHECK(RobotsPatternMatches("*", ""));
  CHECK(RobotsPatternMatches("/$", "/"));
  CHECK_FALSE(RobotsPatternMatches("/$", "/a"));
}

TEST_CASE("robots: an empty Disallow allows all; comments, case and CRLF are handled",
          "[fetch][robots]") {
  CHECK(Allowed("User-agent: *\nDisallow:\n", "/anything"));
  CHECK_FALSE(Allowed("\xEF\xBB\xBFuser-AGENT: * # all\r\nDISALLOW: /a # no\r\n", "/a"));
  CHECK_FALSE(Allowed("User-agent: *\rDisallow: /a\r", "/a/b"));
  CHECK(Allowed("User-agent: *\nDisallow: /a\n", "/b"));
}

TEST_CASE("robots: rules before any user-agent line and unknown lines are ignored",
          "[fetch][robots]") {
  CHECK(Allowed("Disallow: /\nSitemap: https://e.com/s.xml\n", "/a"));
  CHECK(Allowed("<html><body>Not found</body></html>", "/a"));
  CHECK(RobotsRules::Parse("garbage\n\x01\x02: \xff\n", "tidings").size() == 0);
  // A non-group line inside a group does not end it.
  CHECK_FALSE(Allowed("User-agent: *\nCrawl-delay: 5\nDisallow: /a\n", "/a"));
}

TEST_CASE("robots: percent-escapes and non-ASCII paths compare equal", "[fetch][robots]") {
  const std::string_view text = "User-agent: *\nDisallow: /caf\xC3\xA9/\nDisallow: /a%2fb\n";
  CHECK_FALSE(Allowed(text, "/caf%C3%A9/menu"));
  CHECK_FALSE(Allowed(text, "/caf%c3%a9/menu"));
  CHECK_FALSE(Allowed(text, "/a%2Fb"));
}

TEST_CASE("robots: /robots.txt is always allowed and an empty path is '/'", "[fetch][robots]") {
  CHECK(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /\n", ""));
  CHECK(RobotsRules::AllowAll().Allowed("/x"));
}

TEST_CASE("robots: only the first 500 KiB are read", "[fetch][robots]") {
  std::string text = "User-agent: *\n";
  text += std::string(kMaxRobotsBytes, '\n');
  text += "Disallow: /\n";
  CHECK(Allowed(text, "/a"));
}

TEST_CASE("robots: the target of a URL", "[fetch][robots]") {
  auto target = RobotsTargetOf("HTTPS://User:pw@Example.COM:8443/a/b?x=1#frag");
  REQUIRE(target);
  CHECK(target->origin == "https://example.com:8443");
  CHECK(target->path == "/a/b?x=1");
  CHECK(target->RobotsUrl() == "https://example.com:8443/robots.txt");
  CHECK(RobotsTargetOf("http://example.com")->path == "/");
  CHECK(RobotsTargetOf("http://example.com?q")->path == "/?q");
  CHECK_FALSE(RobotsTargetOf("ftp://example.com/a"));
  CHECK_FALSE(RobotsTargetOf("/relative"));
  CHECK_FALSE(RobotsTargetOf("http:///nohost"));
}

}  // namespace
}  // namespace tidings::fetch
