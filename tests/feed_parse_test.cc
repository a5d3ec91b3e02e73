// Behaviour of feed::Parse on small inline documents: text constructs, URLs, identity, repairs,
// safety. Realistic whole-feed fixtures are in feed_formats_test.cc.
#include <catch2/catch.hpp>

#include <string>

#include "base/time.h"
#include "feed/feed.h"
#include "feed/html_urls.h"
#include "feed/xml_prescan.h"

using tidings::feed::Feed;
using tidings::feed::Item;
using tidings::feed::Parse;
using tidings::feed::ParseOptions;

namespace {

Feed MustParse(std::string doc, std::string url = "") {
  ParseOptions options;
  options.url = std::move(url);
  tidings::Result<Feed> feed = Parse(std::move(doc), options);
  INFO(feed.status().ToString());
  REQUIRE(feed.ok());
  return std::move(*feed);
}

std::string Rss(const std::string& items, const std::string& extra_ns = "") {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\" " + extra_ns + "><channel><title>T</title>" +
         items + "</channel></rss>";
}

std::string Atom(const std::string& entries) {
  return "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>" + entries + "</feed>";
}

bool HasWarningContaining(const Feed& feed, const std::string& needle) {
  for (const std::string& w : feed.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("escaped, CDATA and double-escaped HTML all come out as HTML once", "[feed]") {
  Feed feed =
      MustParse(Rss("<item><title>a</title><description>&lt;b&gt;x&lt;/b&gt;</description></item>"
                    "<item><title>b</title><description><![CDATA[<b>x</b>]]></description></item>"
                    "<item><title>c</title><description>&amp;lt;b&amp;gt;x&amp;lt;/b&amp;gt;</"
                    "description></item>"));
  REQUIRE(feed.items.size() == 3);
  for (const Item& item : feed.items) CHECK(item.summary == "<b>x</b>");
}

TEST_CASE("text that merely mentions markup is not decoded again", "[feed]") {
  // It has a real tag, so the escaped one is meant to show as text.
  Feed feed =
      MustParse(Rss("<item><title>a</title><description>&lt;p&gt;use &amp;lt;b&amp;gt; for "
                    "bold&lt;/p&gt;</description></item>"));
  CHECK(feed.items[0].summary == "<p>use &lt;b&gt; for bold</p>");
}

TEST_CASE("Atom text constructs: text is escaped, html taken, xhtml unwrapped", "[feed]") {
  Feed feed = MustParse(
      Atom("<entry><id>1</id><title type=\"html\">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; more</title>"
           "<summary type=\"text\">a &lt; b</summary>"
           "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi "
           "<b>there</b></p></div></content></entry>"));
  const Item& item = feed.items.at(0);
  CHECK(item.title == "Bold & more");
  CHECK(item.summary == "a &lt; b");
  CHECK(item.content == "<p>Hi <b>there</b></p>");
}

TEST_CASE("Atom 0.3 base64 content is decoded", "[feed]") {
  Feed feed = MustParse(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>x</title><entry><id>1</id>"
      "<content type=\"text/html\" mode=\"base64\">PGI+aGk8L2I+</content></entry></feed>");
  CHECK(feed.format == tidings::feed::Format::kAtom03);
  CHECK(feed.items.at(0).content == "<b>hi</b>");
}

TEST_CASE("nested relative xml:base and the document URL resolve links", "[feed][url]") {
  Feed feed = MustParse(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"/blog/\"><title>x</title>"
      "<entry xml:base=\"2024/\"><id>1</id><link href=\"post.html\"/>"
      "<content type=\"html\">&lt;a href=\"../img/a.png\"&gt;a&lt;/a&gt;</content></entry></feed>",
      "http://example.org/feeds/atom.xml");
  const Item& item = feed.items.at(0);
  CHECK(item.link == "http://example.org/blog/2024/post.html");
  CHECK(item.content == "<a href=\"http://example.org/blog/img/a.png\">a</a>");
}

TEST_CASE("javascript: never becomes a link", "[feed][url]") {
  Feed feed = MustParse(Rss("<item><title>x</title><link>javascript:alert(1)</link>"
                            "<description>&lt;a href=\"JavaScript:alert(1)\" "
                            "title=\"t\"&gt;x&lt;/a&gt;</description></item>"),
                        "http://example.org/");
  const Item& item = feed.items.at(0);
  CHECK_FALSE(item.link.has_value());
  CHECK(item.summary == "<a title=\"t\">x</a>");
}

TEST_CASE("links in HTML keep their other attributes and entity-escaped queries", "[feed][url]") {
  using tidings::feed::ResolveHtmlUrls;
  CHECK(ResolveHtmlUrls("<img class=x src='a.png' alt=\"A\">", "http://h.example/d/") ==
        "<img class=x src=\"http://h.example/d/a.png\" alt=\"A\">");
  CHECK(ResolveHtmlUrls("<a href=\"?a=1&amp;b=2\">q</a>", "http://h.example/p") ==
        "<a href=\"http://h.example/p?a=1&amp;b=2\">q</a>");
  CHECK(ResolveHtmlUrls("<img srcset=\"a.png 1x, b.png 2x\">", "http://h.example/") ==
        "<img srcset=\"http://h.example/a.png 1x, http://h.example/b.png 2x\">");
  CHECK(ResolveHtmlUrls("x < y and <b>bold</b>", "http://h.example/") == "x < y and <b>bold</b>");
  CHECK(ResolveHtmlUrls("<img src=\"data:image/png;base64,AAA\">", "") ==
        "<img src=\"data:image/png;base64,AAA\">");
  CHECK(ResolveHtmlUrls("<a href=\"data:text/html,<script>\">x</a>", "") == "<a>x</a>");
}

TEST_CASE("every link of an article is resolved on its own, whatever came before", "[feed][url]") {
  using tidings::feed::ResolveHtmlUrls;
  // A long root-relative link, then a shorter one: the second must not keep the first's tail.
  CHECK(ResolveHtmlUrls("<a href=\"/a/very/long/path/page.html\">1</a> x=y <IMG SRC=/b.png>",
                        "https://h.example/feed/") ==
        "<a href=\"https://h.example/a/very/long/path/page.html\">1</a> x=y "
        "<IMG SRC=\"https://h.example/b.png\">");
  // Dot segments, white space around the value, and attributes that only end like URL ones.
  CHECK(ResolveHtmlUrls("<a target=_blank href=\" /x/../y \" data-href=\"/z\">t</a>",
                        "http://h.example/d/") ==
        "<a target=_blank href=\"http://h.example/y\" data-href=\"/z\">t</a>");
  CHECK(ResolveHtmlUrls("<a href=\"/1\">a</a><a href=\"b/2\">b</a><a href=\"/3\">c</a>",
                        "http://h.example/d/") ==
        "<a href=\"http://h.example/1\">a</a><a href=\"http://h.example/d/b/2\">b</a>"
        "<a href=\"http://h.example/3\">c</a>");
}

TEST_CASE("an escaped ampersand in a link decodes to a plain one", "[feed][url]") {
  Feed feed =
      MustParse(Rss("<item><title>x</title><link>http://e.example/?a=1&amp;b=2</link></item>"));
  CHECK(feed.items.at(0).link == "http://e.example/?a=1&b=2");
}

TEST_CASE("item identity: guid, then link, then a stable hash", "[feed][identity]") {
  std::string doc =
      Rss("<item><guid "
          "isPermaLink=\"false\">g-1</guid><title>a</title><link>http://e.example/1</link></item>"
          "<item><title>b</title><link>http://e.example/2</link></item>"
          "<item><title>c</title><description>text c</description></item>"
          "<item><title>d</title><description>text d</description></item>");
  Feed first = MustParse(doc);
  Feed second = MustParse(doc);
  REQUIRE(first.items.size() == 4);
  CHECK(first.items[0].id == "g-1");
  CHECK(first.items[1].id == "http://e.example/2");
  CHECK(first.items[2].id.starts_with("hash:"));
  CHECK(first.items[2].id.size() == 21);
  CHECK(first.items[2].id == second.items[2].id);
  CHECK(first.items[2].id != first.items[3].id);
}

TEST_CASE("a guid is the link only when it is a permalink", "[feed][identity]") {
  Feed feed = MustParse(
      Rss("<item><title>a</title><guid>http://e.example/perma</guid></item>"
          "<item><title>b</title><guid isPermaLink=\"false\">http://e.example/not</guid></item>"));
  CHECK(feed.items[0].link == "http://e.example/perma");
  CHECK_FALSE(feed.items[1].link.has_value());
}

TEST_CASE("impossible dates are null with a warning, never wrong", "[feed][date]") {
  Feed feed = MustParse(
      Rss("<item><title>a</title><pubDate>Tue, 10 Jun 2003 25:00:00 GMT</pubDate></item>"));
  CHECK_FALSE(feed.items[0].published.has_value());
  CHECK(HasWarningContaining(feed, "pubDate"));
}

TEST_CASE("undeclared entities and control characters are repaired outside CDATA",
          "[feed][repair]") {
  std::string doc =
      Rss("<item><title>a&nbsp;b &hellip;\x01</title>"
          "<description><![CDATA[keep &nbsp; here]]></description></item>");
  Feed feed = MustParse(doc);
  CHECK(feed.items[0].title == "a\u00a0b \u2026");
  CHECK(feed.items[0].summary == "keep &nbsp; here");
  CHECK(HasWarningContaining(feed, "control character"));
  CHECK(HasWarningContaining(feed, "2 HTML entities"));
}

TEST_CASE("the prescan leaves a clean document untouched", "[feed][repair]") {
  std::string doc = Rss("<item><title>a &amp; b &#169; &lt;</title></item>");
  std::string copy = doc;
  std::vector<std::string> warnings;
  tidings::feed::PrescanXml(&copy, &warnings);
  CHECK(copy == doc);
  CHECK(warnings.empty());
}

TEST_CASE("a truncated document keeps the items before the cut", "[feed][repair]") {
  std::string doc = Rss("<item><title>one</title></item><item><title>two</title></item>");
  doc.resize(doc.find("two") + 2);
  Feed feed = MustParse(doc);
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].title == "one");
  CHECK(feed.items[1].title == "tw");
  CHECK_FALSE(feed.warnings.empty());
}

// Documents of a megabyte and more are parsed in a buffer outside the heap that each thread
// reuses; the original must still be there for the repair, and nothing of one parse may leak into
// the next.
TEST_CASE("large documents parse, repeatedly, and repair from their original", "[feed][repair]") {
  std::string items;
  for (int i = 0; i < 6000; ++i) {
    items += "<item><title>item " + std::to_string(i) + " &amp; more</title><link>/a/" +
             std::to_string(i) + "</link><description>&lt;img src=\"/i.jpg\"&gt; " +
             std::string(150, 'x') + "</description></item>\n";
  }
  const std::string doc = Rss(items);
  REQUIRE(doc.size() > (std::size_t{1} << 20));
  for (int round = 0; round < 2; ++round) {
    Feed feed = MustParse(doc, "https://example.org/feed");
    REQUIRE(feed.items.size() == 6000);
    CHECK(feed.items[5999].title == "item 5999 & more");
    CHECK(feed.items[5999].link == "https://example.org/a/5999");
    REQUIRE(feed.items[0].summary);
    CHECK(feed.items[0].summary->starts_with("<img src=\"https://example.org/i.jpg\">"));
    CHECK(feed.warnings.empty());
  }
  // Smaller documents, enough of them for the thread to give its buffer back; then a large one
  // again, in a fresh buffer.
  for (int i = 0; i < 20; ++i) {
    Feed small = MustParse(Rss("<item><title>only</title></item>"));
    REQUIRE(small.items.size() == 1);
    CHECK(small.items[0].title == "only");
  }
  CHECK(MustParse(doc).items.size() == 6000);

  // Cut inside the last item, after pugixml has rewritten most of its buffer: the repair must
  // read the document as it was, entities and all.
  std::string truncated = doc.substr(0, doc.rfind("<title>") + 20);
  Feed repaired = MustParse(truncated);
  REQUIRE(repaired.items.size() == 6000);
  CHECK(repaired.items[0].title == "item 0 & more");
  CHECK(repaired.items[5998].title == "item 5998 & more");
  REQUIRE(repaired.items[5999].title);
  CHECK(repaired.items[5999].title->starts_with("item 5999 &"));
  CHECK(HasWarningContaining(repaired, "not well-formed XML"));
}

TEST_CASE("what is not a feed fails with one clear message", "[feed]") {
  const std::pair<std::string, std::string> cases[] = {
      {"", "empty"},
      {"   \n ", "empty"},
      {"<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</body></html>", "HTML page"},
      {"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "<svg>"},
      {"{\"status\":\"ok\",\"items\":[{\"id\":1}]}", "JSON"},
      {"just some text", "neither XML nor JSON"},
      {"<?xml version=\"1.0\"?><!-- nothing but a comment -->", "no XML element"},
      {"[{\"title\": \"<b>x</b>\"}]", "JSON"},
  };
  for (const auto& [doc, needle] : cases) {
    INFO(doc);
    tidings::Result<Feed> feed = Parse(doc, {});
    REQUIRE_FALSE(feed.ok());
    CHECK(feed.status().message().starts_with("not a feed"));
    CHECK(feed.status().message().find(needle) != std::string::npos);
  }
}

TEST_CASE("entities declared in a DTD are never expanded", "[feed][safety]") {
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<rss "
      "version=\"2.0\"><channel><title>&c;</title><item><title>&x;</title></item></channel></rss>";
  Feed feed = MustParse(laughs);
  CHECK(feed.title.value_or("").size() < 10);
  CHECK(feed.items.at(0).title.value_or("").find("root:") == std::string::npos);
}

TEST_CASE("an upper-case root element is still a feed", "[feed]") {
  Feed feed = MustParse(
      "<RSS "
      "version=\"2.0\"><channel><title>T</title><item><title>x</title></item></channel></RSS>");
  CHECK(feed.format == tidings::feed::Format::kRss20);
  CHECK(feed.items.size() == 1);
}

TEST_CASE("JSON Feed 1.1 items", "[feed][json]") {
  Feed feed = MustParse(R"({"version":"https://jsonfeed.org/version/1.1","title":"J",
    "home_page_url":"https://j.example/","items":[{"id":7,"url":"/p/7","title":"Seven",
    "content_text":"a < b","date_published":"2024-03-05T14:30:00+01:00","tags":["x"],
    "authors":[{"name":"Ann"}],"attachments":[{"url":"https://j.example/a.mp3","mime_type":"audio/mpeg","size_in_bytes":10}]}]})",
                        "https://j.example/feed.json");
  CHECK(feed.format == tidings::feed::Format::kJson);
  const Item& item = feed.items.at(0);
  CHECK(item.id == "7");
  CHECK(item.link == "https://j.example/p/7");
  CHECK(item.content == "a &lt; b");
  CHECK(tidings::FormatUtc(*item.published) == "2024-03-05T13:30:00Z");
  CHECK(item.author == "Ann");
  CHECK(item.categories == std::vector<std::string>{"x"});
  REQUIRE(item.enclosures.size() == 1);
  CHECK(item.enclosures[0].length == 10);
}
