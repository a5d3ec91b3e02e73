// Bugs found by differential testing against python3-feedparser on real-world-shaped feeds
// (fixtures in tests/data/feeds/diff/). Each test names the behaviour a user relies on.
#include <catch2/catch.hpp>

#include "feed/feed.h"
#include "tests/feed_fixtures.h"

using tidings::feed::Feed;
using tidings::feed::Item;
using tidings::feed::fixtures::ItemAt;
using tidings::feed::fixtures::Load;
using tidings::feed::fixtures::Num;
using tidings::feed::fixtures::Str;

TEST_CASE("an empty link names no link, and items without one keep distinct ids",
          "[feed][regression]") {
  Feed feed = Load("diff/empty_link_with_base.xml", "https://status.example.com/feed.xml");
  const Item& first = ItemAt(feed, 0);
  const Item& second = ItemAt(feed, 1);
  CHECK_FALSE(first.link.has_value());
  CHECK(first.enclosures.empty());
  CHECK(first.id != second.id);
  CHECK(first.id.starts_with("hash:"));
}

TEST_CASE("numeric references to windows-1252 code points read as browsers read them",
          "[feed][regression]") {
  Feed feed = Load("diff/c1_char_refs.xml");
  const Item& item = ItemAt(feed, 0);
  CHECK(Str(item.title) == "It\u2019s \u201chere\u201d \u2013 finally");
}

TEST_CASE("a NUL character reference does not cut the text short", "[feed][regression]") {
  Feed feed = Load("diff/nul_char_ref.xml");
  CHECK(Str(ItemAt(feed, 0).title).find("after the NUL reference") != std::string::npos);
}

TEST_CASE("JSON Feed items without authors have the feed's", "[feed][regression][json]") {
  Feed feed = Load("diff/jsonfeed_feed_author.json");
  CHECK(Str(ItemAt(feed, 0).author) == "Manton Reece");
}

TEST_CASE("one missing </item> does not swallow the items after it", "[feed][regression][repair]") {
  Feed feed = Load("diff/unclosed_item.xml");
  REQUIRE(feed.items.size() == 3);
  CHECK(Str(feed.items[1].title) == "Second");
  CHECK(Str(feed.items[2].title) == "Third");
}

TEST_CASE("an Atom entry copied from elsewhere has its source's author", "[feed][regression]") {
  Feed feed = Load("diff/atom_source_author.xml");
  CHECK(Str(ItemAt(feed, 0).author) == "Blog Author");
}

TEST_CASE("enclosure lengths with separators read whole, fractions not at all",
          "[feed][regression]") {
  Feed feed = Load("diff/enclosure_length_formatted.xml");
  CHECK(Num(ItemAt(feed, 0).enclosures.at(0).length) == 58382913);
  CHECK_FALSE(ItemAt(feed, 1).enclosures.at(0).length.has_value());
}

TEST_CASE("author name and address in either order, mailto: dropped", "[feed][regression]") {
  tidings::Result<Feed> feed = tidings::feed::Parse(
      "<rss><channel><item><title>x</title><author>John Doe (jdoe@example.com)</author></item>"
      "<item><title>y</title><author>mailto:x@y.org (J D)</author></item></channel></rss>",
      {});
  REQUIRE(feed.ok());
  CHECK(Str(ItemAt(*feed, 0).author) == "John Doe");
  CHECK(Str(ItemAt(*feed, 0).author_email) == "jdoe@example.com");
  CHECK(Str(ItemAt(*feed, 1).author) == "J D");
  CHECK(Str(ItemAt(*feed, 1).author_email) == "x@y.org");
}

TEST_CASE("an escaped author address and a year-1 placeholder date", "[feed][regression]") {
  tidings::Result<Feed> feed = tidings::feed::Parse(
      "<rss><channel><item><title>x</title><author>John Doe &amp;lt;jdoe@example.com&amp;gt;"
      "</author><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item></channel></rss>",
      {});
  REQUIRE(feed.ok());
  const Item& item = ItemAt(*feed, 0);
  CHECK(Str(item.author) == "John Doe");
  CHECK(Str(item.author_email) == "jdoe@example.com");
  CHECK_FALSE(item.published.has_value());
}

TEST_CASE("white space between elements written as markup survives", "[feed][regression]") {
  Feed xhtml = Load("diff2/xhtml_inline_whitespace.xml");
  CHECK(Str(ItemAt(xhtml, 0).content).find("<b>Bold</b> <i>italic</i>") != std::string::npos);
  Feed title = Load("diff2/xhtml_title_inline_whitespace.xml");
  CHECK(Str(ItemAt(title, 0).title) == "Bold italic");
  Feed pre = Load("diff2/xhtml_pre_whitespace.xml");
  CHECK(Str(ItemAt(pre, 0).content).find("</code>\n") != std::string::npos);
  Feed raw = Load("diff2/raw_html_inline_whitespace.xml");
  CHECK(Str(ItemAt(raw, 0).summary).find("</b> <i>") != std::string::npos);
}

TEST_CASE("a title that mentions a tag keeps it", "[feed][regression]") {
  Feed feed = Load("diff2/title_literal_angle_brackets.xml");
  CHECK(Str(ItemAt(feed, 0).title) == "The <dialog> element is here");
  CHECK(Str(ItemAt(feed, 3).title) == "Vector<int> in C++");
  Feed json = Load("diff2/json_title_literal_angle_brackets.json");
  CHECK(Str(ItemAt(json, 1).title) == "Vector<int> & Co");
}

TEST_CASE("JSON Feed attachments and tags are listed once", "[feed][regression][json]") {
  Feed feed = Load("diff2/json_attachments_duplicate_url.json");
  CHECK(ItemAt(feed, 0).enclosures.size() == 2);
}

TEST_CASE("RDF without RSS in it is not a feed", "[feed][regression]") {
  tidings::Result<Feed> feed = tidings::feed::fixtures::ParseBytes(
      tidings::feed::fixtures::ReadFixture("diff2/rdf_foaf_not_a_feed.xml"));
  REQUIRE_FALSE(feed.ok());
  CHECK(feed.status().message() == "not a feed: RDF without an RSS channel or items");
}

TEST_CASE("webMaster is not the author; itunes:owner's address is", "[feed][regression]") {
  Feed soundcloud = Load("diff3/rss_webmaster_as_feed_author.xml");
  CHECK(Str(soundcloud.author) == "Some DJ");
  CHECK(Str(soundcloud.author_email) == "dj@example.com");
  Feed rsshub = Load("diff3/rss_webmaster_only.xml");
  CHECK_FALSE(rsshub.author.has_value());
  CHECK_FALSE(rsshub.author_email.has_value());
}

TEST_CASE("episodes with nothing but an enclosure keep distinct ids", "[feed][regression]") {
  Feed feed = Load("diff3/rss_enclosure_only_items_same_id.xml");
  CHECK(ItemAt(feed, 0).id == "http://cdn.ex.com/ep1.mp3");
  CHECK(ItemAt(feed, 1).id == "http://cdn.ex.com/ep2.mp3");
}

TEST_CASE("an Atom text title escaped twice is decoded once more", "[feed][regression]") {
  Feed feed = Load("diff3/atom_text_title_double_escaped.xml");
  CHECK(Str(ItemAt(feed, 0).title) == "Why X & Y are <bad>");
}

TEST_CASE("itunes:title is the last resort for a title", "[feed][regression]") {
  Feed feed = Load("diff3/rss_itunes_title_only.xml");
  CHECK(Str(ItemAt(feed, 0).title) == "Hiking Treks Trailer");
}

TEST_CASE("an Atom feed with only <published> has that date", "[feed][regression]") {
  Feed feed = Load("diff3/atom_feed_published_only.xml");
  CHECK(tidings::feed::fixtures::Utc(feed.updated) == "2008-03-21T15:25:54Z");
}

TEST_CASE("a link escaped twice is unescaped", "[feed][regression]") {
  Feed feed = Load("diff3/rss_link_double_escaped_amp.xml");
  CHECK(Str(ItemAt(feed, 0).link) == "http://ex.com/x?a=1&b=2");
}

TEST_CASE("escaped CDATA markers do not show", "[feed][regression]") {
  Feed feed = Load("diff3/rss_escaped_cdata_markers.xml");
  CHECK(Str(ItemAt(feed, 0).title) == "Escaped CDATA title");
  CHECK(Str(ItemAt(feed, 0).summary) == "<p>Body</p>");
}

TEST_CASE("javascript: hidden behind references or white space is still removed",
          "[feed][regression][safety]") {
  Feed html = Load("diff4/html_href_encoded_javascript.xml");
  std::string summary = Str(ItemAt(html, 0).summary);
  CHECK(summary.find("href") == std::string::npos);
  CHECK(summary.find("src") == std::string::npos);
  Feed links = Load("diff4/link_javascript_split_by_whitespace.xml");
  CHECK_FALSE(ItemAt(links, 0).link.has_value());
  CHECK_FALSE(ItemAt(links, 1).link.has_value());
}

TEST_CASE("an item or entry may declare its own prefix", "[feed][regression]") {
  CHECK(Load("diff4/rss10_item_prefix_declared_on_item.xml").items.size() == 2);
  CHECK(Load("diff4/atom_entry_prefix_declared_on_entry.xml").items.size() == 2);
}

TEST_CASE("an element in a foreign default namespace is not an RSS element", "[feed][regression]") {
  Feed feed = Load("diff4/rss_foreign_default_namespace_elements.xml");
  CHECK_FALSE(ItemAt(feed, 0).link.has_value());
  CHECK_FALSE(ItemAt(feed, 1).title.has_value());
}

TEST_CASE("upper-case RSS element names are read", "[feed][regression]") {
  Feed feed = Load("diff4/rss_uppercase_element_names.xml");
  CHECK(Str(feed.title) == "T");
  REQUIRE(feed.items.size() == 1);
  CHECK(Str(feed.items[0].link) == "http://ex.com/a");
}

TEST_CASE("an unclosed CDATA section ends with its element", "[feed][regression][repair]") {
  Feed feed = Load("diff4/unclosed_cdata_swallows_items.xml");
  REQUIRE(feed.items.size() == 2);
  CHECK(Str(feed.items[0].summary) == "<p>x</p>");
  CHECK(Str(feed.items[1].title) == "B");
}

TEST_CASE("an Atom entry document is a feed of one", "[feed][regression]") {
  Feed feed = Load("diff4/atom_entry_document.xml");
  CHECK(feed.format == tidings::feed::Format::kAtom10);
  CHECK(feed.items.size() == 1);
}

TEST_CASE("IANA relation URIs name the same relations", "[feed][regression]") {
  Feed feed = Load("diff4/atom_link_rel_iana_alternate.xml");
  CHECK(Str(ItemAt(feed, 0).link) == "http://ex.com/e");
}

TEST_CASE("xml:base inside XHTML content applies to the links under it",
          "[feed][regression][url]") {
  Feed feed = Load("diff5/xhtml_inner_xml_base.xml");
  std::string content = Str(ItemAt(feed, 0).content);
  CHECK(content.find("href=\"http://other.ex.com/d/p/deep\"") != std::string::npos);
  CHECK(content.find("href=\"http://other.ex.com/d/shallow\"") != std::string::npos);
}

TEST_CASE("relative xml:base nests even without the document URL", "[feed][regression][url]") {
  Feed feed = Load("diff5/relative_xml_base_no_url.xml");
  CHECK(Str(ItemAt(feed, 0).link) == "a/b/c.html");
}

TEST_CASE("Atom 0.3 multipart/alternative content takes its HTML part", "[feed][regression]") {
  Feed feed = Load("diff5/atom03_multipart_alternative.xml");
  CHECK(Str(ItemAt(feed, 0).content) == "<p>html</p>");
}

TEST_CASE("a space in a link is sent as %20; an invisible title is no title",
          "[feed][regression]") {
  tidings::Result<Feed> feed = tidings::feed::Parse(
      "<rss><channel><item><title>&#160;&#8203;</title><link>http://e.com/a b/c</link>"
      "<description>x</description></item></channel></rss>",
      {});
  REQUIRE(feed.ok());
  CHECK_FALSE(ItemAt(*feed, 0).title.has_value());
  CHECK(Str(ItemAt(*feed, 0).link) == "http://e.com/a%20b/c");
}
