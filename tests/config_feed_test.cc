// [[feed]] entries: every key, URL checks that say why, duplicates, headers and secrets.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/http_checks.h"
#include "tests/config_fixtures.h"

using config_test::InvalidMessage;
using config_test::PlainEnvironment;
using config_test::Valid;
using std::chrono::seconds;
using tidings::config::Config;
using tidings::config::FeedConfig;
using tidings::config::FullText;
using tidings::config::internal::WhyNotFeedUrl;

TEST_CASE("every key of a feed entry is read", "[config]") {
  const PlainEnvironment environment;
  const Config config = Valid(
      "[[feed]]\n"
      "url = \"https://example.com/feed.xml\"\n"
      "\n"
      "[[feed]]\n"
      "url = \"http://例子.中国:8080/rss?x=1\"\n"
      "title = \"例子 News\"\n"
      "interval = \"45m\"\n"
      "tags = [\"tech\", \"zh\", \"tech\"]\n"
      "enabled = false\n"
      "full_text = \"all\"\n"
      "respect_robots = false\n"
      "headers = { \"Accept-Language\" = \"zh-CN\", \"User-Agent\" = \"Mozilla/5.0\" }\n"
      "credentials_file = \"secrets/example.headers\"\n"
      "allow_private_networks = true\n");
  REQUIRE(config.feeds.size() == 2);
  const FeedConfig& plain = config.feeds[0];
  CHECK(plain.url == "https://example.com/feed.xml");
  CHECK(plain.canonical_url == "https://example.com/feed.xml");
  CHECK(plain.title.empty());
  CHECK_FALSE(plain.interval);
  CHECK(plain.tags.empty());
  CHECK(plain.enabled);
  CHECK_FALSE(plain.full_text);  // [articles].full_text applies
  CHECK_FALSE(plain.respect_robots);
  CHECK(plain.headers.empty());
  CHECK(plain.credentials_file.empty());
  CHECK_FALSE(plain.allow_private_networks);
  CHECK(plain.defined_in == "/etc/tidings/tidings.toml");
  CHECK(plain.line == 1);

  const FeedConfig& full = config.feeds[1];
  CHECK(full.url == "http://例子.中国:8080/rss?x=1");
  CHECK(full.title == "例子 News");
  CHECK(full.interval == seconds(2700));
  CHECK(full.tags == std::vector<std::string>{"tech", "zh"});  // duplicates dropped
  CHECK_FALSE(full.enabled);
  CHECK(full.full_text == FullText::kAll);
  CHECK(full.respect_robots == false);
  CHECK(full.headers == std::vector<std::pair<std::string, std::string>>{
                            {"Accept-Language", "zh-CN"}, {"User-Agent", "Mozilla/5.0"}});
  CHECK(full.credentials_file == "/etc/tidings/secrets/example.headers");
  CHECK(full.allow_private_networks == true);
  CHECK(full.line == 4);
  CHECK(tidings::config::FullTextName(*full.full_text) == "all");
}

TEST_CASE("feeds may be written as an inline array", "[config]") {
  const Config config = Valid(
      "feed = [{ url = \"https://a.example/\" }, { url = \"https://b.example/\", tags = [] }]\n");
  REQUIRE(config.feeds.size() == 2);
  CHECK(config.feeds[1].url == "https://b.example/");
}

TEST_CASE("bad feed URLs say why", "[config]") {
  const auto why = [](std::string_view url) { return WhyNotFeedUrl(url).value_or("ok"); };
  CHECK(why("https://example.com/feed") == "ok");
  CHECK(why("HTTP://Example.COM:80") == "ok");
  CHECK(why("https://[2001:db8::1]:8443/feed") == "ok");
  CHECK(why("") == "the URL is empty");
  CHECK(why(" https://example.com/") == "the URL has spaces or control characters around it");
  CHECK(why("https://example.com/a b") ==
        "a URL cannot contain spaces or control characters (write a space as %20)");
  CHECK(why("example.com/feed") == "the URL has no scheme: start it with https:// or http://");
  CHECK(why("localhost:8080/feed") == "the URL has no scheme: start it with https:// or http://");
  CHECK(why("ftp://example.com/feed") == "only http and https feeds can be fetched, not \"ftp\"");
  CHECK(why("file:///etc/passwd") == "only http and https feeds can be fetched, not \"file\"");
  CHECK(why("feed:https://example.com/rss") ==
        "\"feed:\" is not a scheme tidings can fetch; write the http(s) URL itself");
  CHECK(why("https:example.com") == "expected \"//\" after \"https:\"");
  CHECK(why("https:///feed") == "the URL has no host");
  CHECK(why("https://:443/feed") == "the URL has no host");
  CHECK(why("https://user:pw@example.com/") ==
        "the URL carries a user name or password; put credentials in credentials_file");
  CHECK(why("https://example.com:0/") == "the port must be a number from 1 to 65535");
  CHECK(why("https://example.com:https/") == "the port must be a number from 1 to 65535");
  CHECK(why("https://example.com:/") == "the port must be a number from 1 to 65535");
  CHECK(why("https://exa$mple.com/") ==
        "the host name may only contain letters, digits, '-' and '.'");
  CHECK(why("https://[::1/") == "the IPv6 address has no closing \"]\"");

  CHECK(InvalidMessage("[[feed]]\nurl = \"ftp://example.com/rss\"\n") ==
        "/etc/t.toml:2:7: bad feed URL \"ftp://example.com/rss\": only http and https feeds can "
        "be fetched, not \"ftp\"");
  CHECK(InvalidMessage("[[feed]]\nurl = 42\n") ==
        "/etc/t.toml:2:7: expected a feed URL (a string), got 42");
  CHECK(InvalidMessage("[[feed]]\ntitle = \"x\"\n") == "/etc/t.toml:1:1: this [[feed]] has no url");
}

TEST_CASE("a feed listed twice is reported with both places", "[config]") {
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://example.com/rss\"\n"
                       "[[feed]]\nurl = \"https://example.com/rss\"\n") ==
        "/etc/t.toml:4:7: duplicate feed: \"https://example.com/rss\" is already listed at "
        "/etc/t.toml:2:7");
  // The same feed written differently: scheme, www., case of the host, default port, fragment.
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://www.example.com/rss\"\n"
                       "[[feed]]\nurl = \"HTTP://Example.com:80/rss#latest\"\n") ==
        "/etc/t.toml:4:7: duplicate feed: \"HTTP://Example.com:80/rss#latest\" is already listed "
        "at /etc/t.toml:2:7");
  // Different paths and queries are different feeds.
  CHECK(Valid("[[feed]]\nurl = \"https://example.com/rss?c=1\"\n"
              "[[feed]]\nurl = \"https://example.com/rss?c=2\"\n"
              "[[feed]]\nurl = \"https://example.com/RSS?c=2\"\n")
            .feeds.size() == 3);
}

TEST_CASE("feed values are checked", "[config]") {
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\ntags = \"science\"\n") ==
        "/etc/t.toml:3:8: expected an array of strings such as [\"science\", \"en\"], got "
        "\"science\"");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\ntags = [\"a\", 3]\n") ==
        "/etc/t.toml:3:14: expected a non-empty string, got 3");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nfull_text = \"yes\"\n") ==
        "/etc/t.toml:3:13: expected one of \"matched\", \"all\", \"none\", got \"yes\"");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nfull_text = \"matchd\"\n") ==
        "/etc/t.toml:3:13: expected one of \"matched\", \"all\", \"none\", got \"matchd\" "
        "(did you mean \"matched\"?)");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nrespect_robots = \"no\"\n") ==
        "/etc/t.toml:3:18: expected true or false, got \"no\"");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\ninterval = \"10s\"\n") ==
        "/etc/t.toml:3:12: expected a duration from 1m to 4w2d, got \"10s\"");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nenabled = 1\n") ==
        "/etc/t.toml:3:11: expected true or false, got 1");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\ntitle = \"\"\n") ==
        "/etc/t.toml:3:9: expected a non-empty string, got \"\"");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\ncredentials_file = \"/etc/\"\n") ==
        "/etc/t.toml:3:20: expected a file path, got a folder");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nurls = \"x\"\n") ==
        "/etc/t.toml:3:1: unknown key \"urls\" in [[feed]] (did you mean \"url\"?)");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nlog_level = \"debug\"\n") ==
        "/etc/t.toml:3:1: unknown key \"log_level\" in [[feed]] (it belongs in [daemon])");
  CHECK(InvalidMessage("[feed]\nurl = \"https://e.com/\"\n") ==
        "/etc/t.toml:1:1: expected a list of feeds: write [[feed]] (double brackets) before each "
        "one, got a table");
  CHECK(InvalidMessage("feed = [\"https://e.com/\"]\n") ==
        "/etc/t.toml:1:9: expected a feed as a table such as { url = \"https://...\" }, got "
        "\"https://e.com/\"");
}

TEST_CASE("secrets and headers tidings sets itself are refused in headers", "[config]") {
  const auto message = [](const std::string& headers) {
    return InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\n[feed.headers]\n" + headers);
  };
  CHECK(message("Authorization = \"Bearer abc\"\n") ==
        "/etc/t.toml:4:1: header \"Authorization\": secrets do not belong in the config file: "
        "put the Authorization header in a file named by credentials_file");
  CHECK(message("cookie = \"session=1\"\n") ==
        "/etc/t.toml:4:1: header \"cookie\": secrets do not belong in the config file: put the "
        "cookie header in a file named by credentials_file");
  CHECK(message("Proxy-Authorization = \"x\"\n").find("secrets do not belong") !=
        std::string::npos);
  CHECK(message("If-None-Match = \"x\"\n") ==
        "/etc/t.toml:4:1: header \"If-None-Match\": tidings sets the If-None-Match header itself");
  CHECK(message("host = \"x\"\n") ==
        "/etc/t.toml:4:1: header \"host\": tidings sets the host header itself");
  CHECK(message("\"Bad Name\" = \"x\"\n") ==
        "/etc/t.toml:4:1: header \"Bad Name\": a header name may only contain letters, digits and "
        "!#$%&'*+-.^_`|~");
  CHECK(message("X-A = \"a\\r\\nX-B: b\"\n") ==
        "/etc/t.toml:4:7: header \"X-A\": a header value cannot contain line breaks or control "
        "characters");
  CHECK(message("X-A = 1\n") ==
        "/etc/t.toml:4:7: expected the value of header \"X-A\" as a "
        "string, got 1");
  CHECK(message("X-A = \"1\"\nx-a = \"2\"\n") ==
        "/etc/t.toml:5:1: header \"x-a\" is given twice (names ignore case)");
  CHECK(InvalidMessage("[[feed]]\nurl = \"https://e.com/\"\nheaders = \"X-A: 1\"\n") ==
        "/etc/t.toml:3:11: expected a table of header names and values such as "
        "{ \"Accept-Language\" = \"en\" }, got \"X-A: 1\"");
}

TEST_CASE("[articles] sets the full-text policy and robots.txt default for every feed",
          "[config]") {
  const Config defaults = Valid("");
  CHECK(defaults.articles.full_text == FullText::kMatched);
  CHECK(defaults.articles.respect_robots);
  const Config config = Valid("[articles]\nfull_text = \"none\"\nrespect_robots = false\n");
  CHECK(config.articles.full_text == FullText::kNone);
  CHECK_FALSE(config.articles.respect_robots);
  CHECK(InvalidMessage("[articles]\nfull_text = \"always\"\n") ==
        "/etc/t.toml:2:13: expected one of \"matched\", \"all\", \"none\", got \"always\"");
  CHECK(InvalidMessage("[articles]\nrespect_robots = 0\n") ==
        "/etc/t.toml:2:18: expected true or false, got 0");
}
