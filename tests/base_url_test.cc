#include <catch2/catch.hpp>

#include "base/url.h"

using tidings::ResolveUrl;

TEST_CASE("relative references resolve as RFC 3986 5.4 says", "[url]") {
  // The normal and abnormal examples of RFC 3986 section 5.4.
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) {
    INFO(ref);
    CHECK(ResolveUrl(base, ref) == want);
  }
}

TEST_CASE("resolution keeps absolute references and needs an absolute base", "[url]") {
  CHECK(ResolveUrl("http://example.org/a/", "https://other.example/x") ==
        "https://other.example/x");
  CHECK(ResolveUrl("", "/relative/path") == "/relative/path");
  CHECK(ResolveUrl("/not/absolute/", "x") == "/not/absolute/x");
  CHECK(ResolveUrl("a/", "b/c.html") == "a/b/c.html");
  CHECK(ResolveUrl("a/", "/root") == "/root");
  CHECK(ResolveUrl("http://example.org", "feed.xml") == "http://example.org/feed.xml");
  CHECK(ResolveUrl("http://example.org/a/b", "  ../c  ") == "http://example.org/c");
}

TEST_CASE("only http and https URLs with a host count as web links", "[url]") {
  CHECK(tidings::IsHttpUrl("https://example.org/x"));
  CHECK(tidings::IsHttpUrl("HTTP://EXAMPLE.ORG"));
  CHECK_FALSE(tidings::IsHttpUrl("javascript:alert(1)"));
  CHECK_FALSE(tidings::IsHttpUrl("http:///nohost"));
  CHECK_FALSE(tidings::IsHttpUrl("/relative"));
  CHECK(tidings::UrlScheme(" JavaScript:void(0)") == "javascript");
  CHECK(tidings::UrlScheme("no-scheme/here:x") == "");
}
