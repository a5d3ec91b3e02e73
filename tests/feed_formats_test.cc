// Conformance corpus for feed::Parse: what a demanding user expects from a forgiving reader such as
// Python's feedparser. Each fixture under tests/data/feeds/ is a small, realistic document shaped
// like a real publisher's feed (WordPress, Blogger, YouTube, GitHub, arXiv, Nature, BBC, CNN,
// podcasts, Chinese and Japanese sites, JSON Feed ...); each test names the behaviour it pins.
// Where feed/feed.h leaves a choice open, the tests follow feedparser; where feedparser falls
// short of what a user wants (dc prefix bound to another URI, double-escaped descriptions, markup
// in titles, RSS 0.90 images), they ask for more and a comment says so.
//
// This file: format detection and each format's reader, text constructs and dates. Extensions,
// namespaces, precedence and URLs are in feed_extensions_test.cc; encodings, ill-formed input,
// identity, JSON Feed and safety in feed_wild_test.cc; shared helpers in feed_fixtures.h.

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>

#include "feed/feed.h"
#include "tests/feed_fixtures.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using tidings::feed::Feed;
using tidings::feed::Format;
using tidings::feed::FormatName;
using tidings::feed::Item;
using tidings::feed::fixtures::HasCategory;
using tidings::feed::fixtures::IsHashId;
using tidings::feed::fixtures::ItemAt;
using tidings::feed::fixtures::Load;
using tidings::feed::fixtures::Num;
using tidings::feed::fixtures::ParseBytes;
using tidings::feed::fixtures::ReadFixture;
using tidings::feed::fixtures::Str;
using tidings::feed::fixtures::Utc;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Formats

namespace {
struct FormatCase {
  const char* file;
  Format format;
  const char* title;
  std::size_t items;
};
}  // namespace

TEST_CASE("The format is detected from the document's content", "[formats][detect]") {
  const FormatCase c = GENERATE(values<FormatCase>({
      {"formats/rss090_mozilla.rdf", Format::kRss09x, "Mozilla Dot Org", 3},
      {"formats/rss091_netscape.xml", Format::kRss09x, "WriteTheWeb", 2},
      {"formats/rss091_userland.xml", Format::kRss09x, "Scripting News", 2},
      {"formats/rss092_userland.xml", Format::kRss09x, "Dave Winer: Grateful Dead", 3},
      {"formats/rss093.xml", Format::kRss09x, "Radio Free Tinkerers", 1},
      {"formats/rss094.xml", Format::kRss09x, "Harbour Notes", 1},
      {"formats/rss20_nasa_liftoff.xml", Format::kRss20, "Liftoff News", 4},
      {"formats/rss201_wire.xml", Format::kRss20, "Wire Service: Top News", 2},
      {"formats/rss21_cms.xml", Format::kRss20, "Town Council Minutes", 1},
      {"formats/rss_noversion.xml", Format::kRss20, "Garden Club News", 2},
      {"formats/rss10_arxiv.rdf", Format::kRss10, "cs.CL updates on arXiv.org", 2},
      {"namespaces/rss10_prefixed.rdf", Format::kRss10, "New Acquisitions", 1},
      {"formats/atom03_blogger.xml", Format::kAtom03, "Backyard Astronomy", 2},
      {"formats/atom10_github_releases.xml", Format::kAtom10, "Release notes from curl", 2},
      {"formats/atom10_youtube.xml", Format::kAtom10, "TED-Ed", 2},
      {"namespaces/atom_prefixed.xml", Format::kAtom10, "Prefixed Atom Weekly", 1},
      {"formats/json10_microblog.json", Format::kJson, "Manton Reece", 2},
      {"formats/json11_blog.json", Format::kJson, "Field Notes", 1},
  }));
  INFO(c.file);
  const Feed feed = Load(c.file);
  CHECK(std::string(FormatName(feed.format)) == FormatName(c.format));
  CHECK(Str(feed.title) == c.title);
  CHECK(feed.items.size() == c.items);
  CHECK(feed.warnings.empty());  // well-formed documents need no repair
}

TEST_CASE("FormatName spells every format", "[formats][detect]") {
  CHECK(std::string(FormatName(Format::kRss20)) == "rss20");
  CHECK(std::string(FormatName(Format::kRss10)) == "rss10");
  CHECK(std::string(FormatName(Format::kRss09x)) == "rss09x");
  CHECK(std::string(FormatName(Format::kAtom10)) == "atom10");
  CHECK(std::string(FormatName(Format::kAtom03)) == "atom03");
  CHECK(std::string(FormatName(Format::kJson)) == "json");
}

TEST_CASE("A wrong Content-Type does not change the detected format", "[formats][detect]") {
  // Servers label feeds text/html or text/plain all the time; the content decides.
  CHECK(Load("formats/atom10_github_releases.xml", "", "text/html; charset=utf-8").format ==
        Format::kAtom10);
  CHECK(Load("formats/rss20_nasa_liftoff.xml", "", "application/json").format == Format::kRss20);
  CHECK(Load("formats/json11_blog.json", "", "text/xml").format == Format::kJson);
  CHECK(Load("formats/rss10_arxiv.rdf", "", "text/plain").format == Format::kRss10);
}

TEST_CASE("Documents that are not feeds are rejected", "[formats][detect]") {
  const std::string file =
      GENERATE(as<std::string>{}, "notfeeds/html_page.html", "notfeeds/xhtml_page.xml",
               "notfeeds/empty.xml", "notfeeds/whitespace_only.xml", "notfeeds/image.svg",
               "notfeeds/sitemap.xml", "notfeeds/api_response.json", "notfeeds/json_array.json");
  INFO(file);
  tidings::Result<Feed> result = ParseBytes(ReadFixture(file), "https://example.com/feed");
  CHECK_FALSE(result.ok());
  CHECK(result.status().code() == tidings::StatusCode::kInvalid);
  CHECK_FALSE(result.status().message().empty());
}

TEST_CASE("RSS 0.90 reads the image and items that sit beside the channel", "[formats][rss09x]") {
  const Feed feed = Load("formats/rss090_mozilla.rdf");
  CHECK(Str(feed.link) == "http://www.mozilla.org");
  CHECK(Str(feed.subtitle) == "the Mozilla Organization web site");
  // feedparser loses this image; the RSS 0.90 spec puts it outside <channel> on purpose.
  CHECK(Str(feed.image) == "http://www.mozilla.org/images/moz.gif");
  const Item& item = ItemAt(feed, 1);
  CHECK(Str(item.title) == "Bugzilla Reorganized");
  CHECK(Str(item.link) == "http://www.mozilla.org/bugs/");
  CHECK(item.id == "http://www.mozilla.org/bugs/");  // no guid: the link is the identity
}

TEST_CASE("RSS 0.91 Netscape and UserLand channels", "[formats][rss09x]") {
  const Feed netscape = Load("formats/rss091_netscape.xml");
  CHECK(Str(netscape.language) == "en-us");
  CHECK(Str(netscape.author_email) == "editor@writetheweb.com");
  CHECK(Str(netscape.image) == "http://writetheweb.com/images/mynetscape88.gif");
  CHECK_THAT(Str(ItemAt(netscape, 0).summary), StartsWith("WorldOS is a framework"));

  const Feed userland = Load("formats/rss091_userland.xml");
  CHECK(Utc(userland.updated) == "2000-07-24T17:51:02Z");  // lastBuildDate
  CHECK_THAT(Str(ItemAt(userland, 0).summary),
             Contains("<a href=\"http://www.theobvious.com/\">jewels of the web</a>"));
  const Item& untitled = ItemAt(userland, 1);
  CHECK_FALSE(untitled.title.has_value());
  CHECK(Str(untitled.link) == "http://www.scripting.com/2000/07/24.html#xmlrpc");
}

TEST_CASE("RSS 0.92 items without title or link still carry enclosures", "[formats][rss09x]") {
  const Feed feed = Load("formats/rss092_userland.xml");
  CHECK(Utc(feed.updated) == "2001-04-13T19:23:02Z");
  CHECK(Str(feed.author) == "Dave Winer");  // managingEditor "addr (Name)"
  CHECK(Str(feed.author_email) == "dave@userland.com");
  const Item& song = ItemAt(feed, 0);
  CHECK_FALSE(song.title.has_value());
  CHECK_FALSE(song.link.has_value());
  // No guid and no link: the enclosure's URL names the episode.
  CHECK(song.id == "http://www.scripting.com/mp3s/weatherReportDicksPicsVol7.mp3");
  CHECK_THAT(Str(song.summary), Contains("<i>A little change, the wind and rain.</i>"));
  REQUIRE(song.enclosures.size() == 1);
  CHECK(song.enclosures[0].url == "http://www.scripting.com/mp3s/weatherReportDicksPicsVol7.mp3");
  CHECK(Str(song.enclosures[0].type) == "audio/mpeg");
  CHECK(Num(song.enclosures[0].length) == 6182912);
  CHECK(ItemAt(feed, 1).enclosures.empty());
  CHECK(ItemAt(feed, 0).id != ItemAt(feed, 2).id);
}

TEST_CASE("RSS 0.93 and 0.94 items", "[formats][rss09x]") {
  const Feed rss093 = Load("formats/rss093.xml");
  const Item& show = ItemAt(rss093, 0);
  CHECK(Utc(show.published) == "2001-05-02T18:30:00Z");
  REQUIRE(show.enclosures.size() == 1);
  CHECK(Num(show.enclosures[0].length) == 1204833);

  const Feed rss094 = Load("formats/rss094.xml");
  const Item& tides = ItemAt(rss094, 0);
  CHECK(tides.id == "harbour-2002-0314");
  CHECK(Str(tides.link) == "http://harbour.example.com/2002/03/spring-tides");
  CHECK(HasCategory(tides, "Tides"));
  CHECK_THAT(Str(tides.summary), Contains("<b>very</b>"));
  CHECK(Utc(tides.published) == "2002-03-14T06:00:00Z");
}

TEST_CASE("RSS 2.0: the NASA Liftoff sample", "[formats][rss20]") {
  const Feed feed = Load("formats/rss20_nasa_liftoff.xml");
  CHECK(Str(feed.link) == "http://liftoff.msfc.nasa.gov/");
  CHECK(Str(feed.subtitle) == "Liftoff to Space Exploration.");
  CHECK(Str(feed.language) == "en-us");
  // Channel pubDate and lastBuildDate both present: updated is lastBuildDate, as in feedparser.
  CHECK(Utc(feed.updated) == "2003-06-10T09:41:01Z");
  CHECK(Num(feed.ttl_minutes) == 60);
  CHECK(Str(feed.author) == "Liftoff Editor");
  CHECK(Str(feed.author_email) == "editor@example.com");

  const Item& star = ItemAt(feed, 0);
  CHECK(star.id == "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573");
  CHECK(Str(star.link) == "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp");
  CHECK(Utc(star.published) == "2003-06-03T09:39:21Z");
  CHECK(Str(star.author) == "Neil Armstrong");
  CHECK(Str(star.author_email) == "neil.armstrong@example.com");
  CHECK_THAT(Str(star.summary),
             Contains("<a href=\"http://howe.iki.rssi.ru/GCTC/gctc_e.htm\">Star City</a>"));

  const Item& eclipse = ItemAt(feed, 1);  // no <link>, permalink guid
  CHECK_FALSE(eclipse.title.has_value());
  CHECK(Str(eclipse.link) == "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572");
  CHECK(Str(ItemAt(feed, 3).title) == "Astronauts' Dirty Laundry");  // document order kept
}

TEST_CASE("RSS 1.0: arXiv", "[formats][rss10]") {
  const Feed feed = Load("formats/rss10_arxiv.rdf");
  CHECK(Str(feed.language) == "en-us");                // dc:language
  CHECK(Utc(feed.updated) == "2018-10-03T01:30:00Z");  // dc:date
  CHECK(Str(feed.image) == "http://arxiv.org/icons/sfx.gif");
  const Item& paper = ItemAt(feed, 0);
  CHECK(paper.id == "http://arxiv.org/abs/1810.00001");
  CHECK(Str(paper.link) == "http://arxiv.org/abs/1810.00001");
  CHECK_THAT(Str(paper.summary), Contains("<p>We probe character-level"));
  // arXiv writes authors as escaped HTML links; the author is a plain-text name.
  CHECK(Str(paper.author) == "Jane Doe, Richard Roe");
}

TEST_CASE("Atom 0.3: Blogger", "[formats][atom03]") {
  const Feed feed = Load("formats/atom03_blogger.xml");
  CHECK(Str(feed.link) == "http://backyardastro.blogspot.com");  // not rel=service.post
  CHECK(Str(feed.subtitle) == "Notes from a small telescope");   // tagline
  CHECK(Utc(feed.updated) == "2005-08-12T03:42:16Z");            // modified
  CHECK(Str(feed.author) == "Ann Observer");
  CHECK(Str(feed.language) == "en-US");  // xml:lang on the root, as feedparser reports it

  const Item& first = ItemAt(feed, 0);
  CHECK(first.id == "tag:blogger.com,1999:blog-7712345.post-112381516613208142");
  CHECK(Str(first.link) == "http://backyardastro.blogspot.com/2005/08/first-light.html");
  CHECK(Utc(first.published) == "2005-08-12T03:12:00Z");  // issued
  CHECK(Utc(first.updated) == "2005-08-12T03:42:16Z");    // modified
  CHECK(Str(first.author_email) == "ann@example.com");
  CHECK_THAT(Str(first.content), Contains("<b>first light</b>"));
  CHECK(Str(ItemAt(feed, 1).summary) == "Aligning the mirrors took all evening.");
}

TEST_CASE("Atom 1.0: GitHub releases", "[formats][atom10]") {
  const Feed feed = Load("formats/atom10_github_releases.xml");
  CHECK(Str(feed.link) == "https://github.com/curl/curl/releases");
  CHECK(Str(feed.self_link) == "https://github.com/curl/curl/releases.atom");
  CHECK(Utc(feed.updated) == "2024-03-27T07:14:55Z");
  const Item& release = ItemAt(feed, 0);
  CHECK(release.id == "tag:github.com,2008:Repository/569041/curl-8_7_1");
  CHECK(Str(release.link) == "https://github.com/curl/curl/releases/tag/curl-8_7_1");
  CHECK(Utc(release.updated) == "2024-03-27T07:14:55Z");
  CHECK(Str(release.author) == "bagder");
  CHECK_THAT(Str(release.content),
             Contains("<a href=\"https://curl.se/changes.html#8_7_1\">changelog</a>"));
  CHECK(release.enclosures.empty());  // an avatar thumbnail is not an enclosure
}

TEST_CASE("Atom 1.0: a YouTube channel with media:group", "[formats][atom10][media]") {
  const Feed feed = Load("formats/atom10_youtube.xml");
  CHECK(Str(feed.link) == "https://www.youtube.com/channel/UCsooa4yRKGN_zEE8iknghZA");
  CHECK(Str(feed.self_link) ==
        "http://www.youtube.com/feeds/videos.xml?channel_id=UCsooa4yRKGN_zEE8iknghZA");
  CHECK(Str(feed.author) == "TED-Ed");
  const Item& video = ItemAt(feed, 0);
  CHECK(video.id == "yt:video:q3Xq2R8bT0c");
  CHECK(Str(video.link) == "https://www.youtube.com/watch?v=q3Xq2R8bT0c");
  CHECK(Utc(video.published) == "2024-01-18T16:00:12Z");
  CHECK(Utc(video.updated) == "2024-02-01T03:11:45Z");
  // media:description is the only description a YouTube entry has (feedparser uses it too).
  CHECK_THAT(Str(video.summary), Contains("Explore the science behind the strange things"));
  REQUIRE(video.enclosures.size() == 1);  // media:content, not media:thumbnail
  CHECK(video.enclosures[0].url == "https://www.youtube.com/v/q3Xq2R8bT0c?version=3");
  CHECK(Str(video.enclosures[0].type) == "application/x-shockwave-flash");
  CHECK(Str(ItemAt(feed, 1).title) == "The myth of the moon's dark side");
}

// ---------------------------------------------------------------------------------------------
// Text constructs

TEST_CASE("Atom type=\"text\" content is escaped into HTML", "[formats][text]") {
  const Feed feed = Load("text/atom_content_types.xml");
  const std::string content = Str(ItemAt(feed, 0).content);
  CHECK_THAT(content, Contains("if a &lt; b &amp;&amp; b"));
  CHECK_THAT(content, Contains("&lt;b&gt;not bold"));
  CHECK_THAT(content, !Contains("<b>"));
  CHECK(Str(feed.subtitle) == "Testing every text construct");  // html subtitle, plain text out
}

TEST_CASE("Atom type=\"html\" is decoded exactly once", "[formats][text]") {
  const Feed feed = Load("text/atom_content_types.xml");
  const Item& item = ItemAt(feed, 1);
  CHECK(Str(item.title) == "Bold & more");
  CHECK_THAT(Str(item.content), Contains("<p>Salt &amp; vinegar, <em>lots</em>.</p>"));
  CHECK_THAT(Str(item.content), !Contains("&amp;amp;"));
  CHECK_THAT(Str(item.summary), Contains("<p>Fish &amp; chips</p>"));
}

TEST_CASE("Atom type=\"xhtml\" unwraps the xhtml:div", "[formats][text]") {
  const Feed feed = Load("text/atom_content_types.xml");
  const Item& item = ItemAt(feed, 2);
  CHECK(Str(item.title) == "An XHTML title");
  const std::string content = Str(item.content);
  CHECK_THAT(content, StartsWith("<p>Hello <b>world</b> &amp; friends</p>"));
  CHECK_THAT(content, Contains("src=\"https://markuplab.example.com/dot.png\""));
  CHECK_THAT(content, !Contains("<div"));
  CHECK_THAT(content, !Contains("xmlns"));
  // A prefixed xhtml:div: prefixes go too (as feedparser does), leaving plain HTML.
  const std::string prefixed = Str(ItemAt(feed, 3).content);
  CHECK_THAT(prefixed, Contains("<p>Prefixed <i>paragraph</i></p>"));
  CHECK_THAT(prefixed, !Contains("xhtml"));
  CHECK_THAT(prefixed, !Contains("div"));
}

TEST_CASE("Atom 0.3 mode=\"base64\" and mode=\"escaped\"", "[formats][text][atom03]") {
  const Feed feed = Load("text/atom03_modes.xml");
  CHECK(feed.format == Format::kAtom03);
  CHECK_THAT(Str(ItemAt(feed, 0).content),
             Contains("<p>Encoded <b>in base64</b> by an old Movable Type</p>"));
  const Item& escaped = ItemAt(feed, 1);
  CHECK_THAT(Str(escaped.content), Contains("<p>An <i>escaped</i> paragraph</p>"));
  CHECK(Str(escaped.summary) == "Escaped entry excerpt");
  CHECK(Utc(escaped.published) == "2004-04-30T12:00:00Z");
}

TEST_CASE("CDATA sections", "[formats][text]") {
  const Feed feed = Load("text/cdata.xml");
  CHECK(Str(feed.title) == "Tech & Science Digest");
  CHECK(Str(feed.subtitle) == "The week's best stories");
  const Item& robots = ItemAt(feed, 0);
  CHECK(Str(robots.link) == "https://digest.example.com/robots-laundry?ref=rss&src=feed");
  CHECK_THAT(Str(robots.summary), Contains("A <b>new</b> model folds"));
  CHECK_THAT(Str(robots.summary),
             Contains("<a href=\"https://digest.example.com/video\">towels</a>"));
  const Item& mixed = ItemAt(feed, 1);
  CHECK(Str(mixed.title) == "Mixed CDATA and text");
  CHECK_THAT(Str(mixed.summary), StartsWith("Text before <i>markup</i> and after."));
}

TEST_CASE("Double-escaped markup in an RSS description is decoded to HTML", "[formats][text]") {
  // feedparser leaves "&lt;b&gt;" here and shows tags as text; readers that decode again win.
  const Feed feed = Load("text/double_escaped.xml");
  const std::string summary = Str(ItemAt(feed, 0).summary);
  CHECK_THAT(summary, Contains("<b>unanimous</b>"));
  CHECK_THAT(summary, !Contains("&lt;b&gt;"));
  CHECK_THAT(summary, !Contains("&amp;lt;"));
}

TEST_CASE("Escaped ampersands in URLs are decoded", "[formats][text][urls]") {
  const Feed feed = Load("text/amp_in_links.xml");
  CHECK(Str(feed.link) == "http://forum.example.com/index.php?board=1&sort=new");
  const Item& item = ItemAt(feed, 0);
  CHECK(Str(item.link) == "http://forum.example.com/viewtopic.php?f=12&t=4411");
  CHECK(Str(item.comments) == "http://forum.example.com/viewtopic.php?f=12&t=4411#replies");
  REQUIRE(item.enclosures.size() == 1);
  CHECK(item.enclosures[0].url == "http://forum.example.com/download/file.php?id=77&mode=view");
  // Inside HTML an attribute keeps its one level of escaping.
  CHECK_THAT(Str(item.summary), Contains("item?id=5&amp;ref=forum"));
}

TEST_CASE("Titles are plain text", "[formats][text]") {
  const Feed feed = Load("text/titles_markup.xml");
  CHECK(Str(feed.title) == "The Daily Query");
  CHECK(Str(ItemAt(feed, 0).title) == "Breaking: Comet visible tonight");
  CHECK(Str(ItemAt(feed, 1).title) == "1 < 2 and 3 > 2, says maths teacher");
  CHECK(Str(ItemAt(feed, 2).title) == "Café owners “relieved” — rents frozen");
  const std::string spaced = Str(ItemAt(feed, 3).title);  // trimmed at both ends
  CHECK_THAT(spaced, StartsWith("Lots of"));
  CHECK_THAT(spaced, EndsWith("here"));
}

// ---------------------------------------------------------------------------------------------
// Dates

TEST_CASE("RSS dates: pubDate, dc:date, atom:updated, zones", "[formats][dates]") {
  const Feed feed = Load("dates/rss_dates.xml");
  CHECK(Utc(feed.updated) == "2003-06-10T09:41:01Z");
  CHECK(Utc(ItemAt(feed, 0).published) == "2003-06-10T04:00:00Z");  // -0400
  CHECK(Utc(ItemAt(feed, 1).published) == "2003-06-10T04:00:00Z");  // PDT
  CHECK(Utc(ItemAt(feed, 2).published) == "2003-06-10T04:00:00Z");  // dc:date +02:00
  CHECK(Utc(ItemAt(feed, 3).published) == "2003-06-10T04:00:00Z");
  CHECK(Utc(ItemAt(feed, 3).updated) == "2003-06-11T12:30:00Z");
  CHECK(Utc(ItemAt(feed, 4).published) == "2003-06-10T04:00:00Z");  // "10 Jun 03 04:00 GMT"
  CHECK(feed.warnings.empty());
}

TEST_CASE("Atom dates: published and updated", "[formats][dates]") {
  const Feed feed = Load("dates/atom_dates.xml");
  CHECK(Utc(feed.updated) == "2003-06-10T09:41:01Z");
  CHECK(Utc(ItemAt(feed, 0).published) == "2003-06-10T04:00:00Z");
  CHECK(Utc(ItemAt(feed, 0).updated) == "2003-06-12T06:15:30Z");    // fraction and +02:00
  CHECK(Utc(ItemAt(feed, 1).published) == "2003-06-10T04:00:00Z");  // lower-case t and z
}

TEST_CASE("An impossible date is null and warned about", "[formats][dates]") {
  const Feed feed = Load("dates/impossible_date.xml");
  REQUIRE(feed.items.size() == 4);
  CHECK(Utc(feed.items[0].published) == "<null>");  // hour 25
  CHECK(Utc(feed.items[1].published) == "<null>");  // 30 February
  CHECK(Utc(feed.items[2].published) == "<null>");  // "sometime last week"
  CHECK(Utc(feed.items[3].published) == "2003-06-10T04:00:00Z");
  CHECK(Str(feed.items[0].title) == "Hour twenty-five");
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("The 36kr date style \"2024-03-08 10:23:45  +0800\"", "[formats][dates]") {
  const Feed feed = Load("encodings/utf8_36kr.xml");
  CHECK(Utc(ItemAt(feed, 0).published) == "2024-03-08T02:23:45Z");
  CHECK(Utc(ItemAt(feed, 1).published) == "2024-03-08T00:01:02Z");
}
