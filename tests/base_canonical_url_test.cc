#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "base/canonical_url.h"

using tidings::CanonicalUrl;

namespace {

void CheckAll(const std::pair<const char*, const char*>* begin,
              const std::pair<const char*, const char*>* end) {
  for (const auto* c = begin; c != end; ++c) {
    INFO("input: " << c->first);
    CHECK(CanonicalUrl(c->first) == c->second);
  }
}

}  // namespace

TEST_CASE("the header's example canonicalises as documented", "[canonical]") {
  CHECK(CanonicalUrl("HTTPS://WWW.Example.COM:443/a/b/../c?utm_source=rss&id=7&fbclid=x#top") ==
        "https://example.com/a/c?id=7");
}

TEST_CASE("scheme, host, www and default ports fold together", "[canonical]") {
  const std::pair<const char*, const char*> cases[] = {
      {"http://example.com/a", "https://example.com/a"},
      {"HtTp://EXAMPLE.com/a", "https://example.com/a"},
      {"https://www.example.com/a", "https://example.com/a"},
      {"https://WWW.example.com/a", "https://example.com/a"},
      {"http://example.com:80/a", "https://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"https://example.com:/a", "https://example.com/a"},
      {"https://example.com./a", "https://example.com/a"},
      {"https://example.com", "https://example.com/"},
      {"https://example.com?id=1", "https://example.com/?id=1"},
      {"  https://example.com/a \n", "https://example.com/a"},
  };
  CheckAll(std::begin(cases), std::end(cases));
}

TEST_CASE("ports and hosts that name another server stay apart", "[canonical]") {
  const std::pair<const char*, const char*> cases[] = {
      {"https://example.com:8080/a", "https://example.com:8080/a"},
      {"https://example.com:08080/a", "https://example.com:8080/a"},
      // 443 is not http's port, nor 80 https's: the server is another one.
      {"http://example.com:443/a", "https://example.com:443/a"},
      {"https://example.com:80/a", "https://example.com:80/a"},
      // Only a leading "www." label goes; "www.com" is a domain, "www2." another host.
      {"https://www.com/a", "https://www.com/a"},
      {"https://www2.example.com/a", "https://www2.example.com/a"},
      {"https://news.www.example.com/a", "https://news.www.example.com/a"},
      {"http://[2001:DB8::1]:8080/a", "https://[2001:db8::1]:8080/a"},
      {"http://[2001:db8::1]:80/a", "https://[2001:db8::1]/a"},
  };
  CheckAll(std::begin(cases), std::end(cases));
}

TEST_CASE("userinfo is dropped", "[canonical]") {
  CHECK(CanonicalUrl("https://user:secret@example.com/a") == "https://example.com/a");
  CHECK(CanonicalUrl("https://user@www.example.com/a") == "https://example.com/a");
}

TEST_CASE("non-ASCII hosts are kept as written, only ASCII lower-cased", "[canonical]") {
  CHECK(CanonicalUrl("https://BÜCHER.Example/a") == "https://bÜcher.example/a");
  CHECK(CanonicalUrl("https://xn--bcher-kva.example/a") == "https://xn--bcher-kva.example/a");
}

TEST_CASE("dot segments are removed from the path", "[canonical]") {
  const std::pair<const char*, const char*> cases[] = {
      {"https://example.com/a/./b", "https://example.com/a/b"},
      {"https://example.com/a/b/../c", "https://example.com/a/c"},
      {"https://example.com/a/b/..", "https://example.com/a/"},
      {"https://example.com/a/b/.", "https://example.com/a/b/"},
      {"https://example.com/../../a", "https://example.com/a"},
      {"https://example.com/..", "https://example.com/"},
      {"https://example.com/a/%2E%2E/b", "https://example.com/b"},
      // Not dot segments: names that merely contain dots, and empty segments.
      {"https://example.com/a/..b/.c/d.", "https://example.com/a/..b/.c/d."},
      {"https://example.com/a//b", "https://example.com/a//b"},
  };
  CheckAll(std::begin(cases), std::end(cases));
}

TEST_CASE("percent-encoding is normalised, case of path and query kept", "[canonical]") {
  const std::pair<const char*, const char*> cases[] = {
      {"https://example.com/%7Euser/%61b", "https://example.com/~user/ab"},
      {"https://example.com/caf%c3%a9?q=%e2%82%ac", "https://example.com/caf%C3%A9?q=%E2%82%AC"},
      {"https://example.com/café", "https://example.com/caf%C3%A9"},
      {"https://example.com/a b", "https://example.com/a%20b"},
      // Escaped delimiters mean something else than the delimiter: they stay escaped.
      {"https://example.com/a%2fb?x=%26%3d", "https://example.com/a%2Fb?x=%26%3D"},
      {"https://example.com/100%/%zz/%4", "https://example.com/100%25/%25zz/%254"},
      {"https://example.com/%%37", "https://example.com/%257"},
      {"https://example.com/Story/ABC?Q=Mixed", "https://example.com/Story/ABC?Q=Mixed"},
  };
  CheckAll(std::begin(cases), std::end(cases));
}

TEST_CASE("tracking parameters are dropped, the others kept in order", "[canonical]") {
  const std::pair<const char*, const char*> cases[] = {
      {"https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x&utm_term=y"
       "&utm_content=z&utm_id=1",
       "https://example.com/a"},
      {"https://example.com/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&msclkid=6&mc_cid=7"
       "&mc_eid=8&yclid=9&igshid=10&_ga=11&_gl=12&ref_src=twsrc",
       "https://example.com/a"},
      {"https://example.com/a?z=1&utm_source=rss&a=2&m=3", "https://example.com/a?z=1&a=2&m=3"},
      {"https://example.com/a?utm_source", "https://example.com/a"},
      {"https://example.com/a?utm%5Fsource=rss&id=1", "https://example.com/a?id=1"},
      {"https://example.com/a?", "https://example.com/a"},
      {"https://example.com/a?&&id=1&&", "https://example.com/a?id=1"},
      {"https://example.com/a?id=&x", "https://example.com/a?id=&x"},
  };
  CheckAll(std::begin(cases), std::end(cases));
}

TEST_CASE("parameters that may select content are kept", "[canonical]") {
  // Dropping one of these would merge two different stories, which is worse than a missed
  // duplicate.
  const char* kept[] = {
      "https://example.com/a?ref=home",     "https://example.com/a?source=ap",
      "https://example.com/a?id=7",         "https://example.com/a?p=2",
      "https://example.com/a?page=3",       "https://example.com/a?cmpid=99",
      "https://example.com/a?ref_url=x",    "https://example.com/a?UTM_SOURCE=x",
      "https://example.com/a?my_utm_x=1",   "https://example.com/a?fbclid_page=1",
      "https://example.com/a?x=utm_source", "https://example.com/a?gclid2=1",
  };
  for (const char* url : kept) {
    INFO(url);
    CHECK(CanonicalUrl(url) == url);
  }
}

TEST_CASE("fragments are dropped unless they route a script-driven site", "[canonical]") {
  CHECK(CanonicalUrl("https://example.com/a#comments") == "https://example.com/a");
  CHECK(CanonicalUrl("https://example.com/a?id=1#") == "https://example.com/a?id=1");
  CHECK(CanonicalUrl("https://example.com/#!/story/1") == "https://example.com/#!/story/1");
  CHECK(CanonicalUrl("https://example.com/#/story/2") == "https://example.com/#/story/2");
  CHECK(CanonicalUrl("https://example.com/#!/story/1") !=
        CanonicalUrl("https://example.com/#!/story/2"));
}

TEST_CASE("the same story from different feeds gets one key", "[canonical]") {
  const char* variants[] = {
      "http://www.example.com/news/2026/story.html?utm_source=feedburner&utm_medium=rss",
      "https://example.com/news/2026/story.html",
      "https://EXAMPLE.com:443/news/./2026/story.html#main",
      "https://example.com/news/world/../2026/story.html?fbclid=IwAR0",
  };
  for (const char* url : variants) {
    INFO(url);
    CHECK(CanonicalUrl(url) == "https://example.com/news/2026/story.html");
  }
}

TEST_CASE("what is not an absolute http(s) URL comes back unchanged", "[canonical]") {
  const char* unchanged[] = {
      "",
      "example.com/a?utm_source=x",
      "/relative/path?utm_source=x",
      "//example.com/a",
      "ftp://Example.com/a?utm_source=x",
      "mailto:someone@example.com",
      "javascript:alert(1)",
      "http:/example.com/a",
      "https://",
      "https:///a",
      "https://user@/a",
      "https://example.com:http/a",
      "https://example.com:99999/a",
      "https://[::1/a",
      "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
      " not a url ",
  };
  for (const char* url : unchanged) {
    INFO(url);
    CHECK(CanonicalUrl(url) == url);
  }
}

TEST_CASE("canonical URLs are fixed points", "[canonical]") {
  const char* urls[] = {
      "HTTP://www.Example.com:80/a/../b/%7e?utm_source=x&b=%c3%a9&a=1#!/x",
      "https://example.com/a b/café?q=a%20b",
      "https://user:pw@example.com.:0443/",
  };
  for (const char* url : urls) {
    INFO(url);
    std::string once = CanonicalUrl(url);
    CHECK(CanonicalUrl(once) == once);
  }
}
