// Conformance corpus for feed::Parse, continued (see feed_formats_test.cc): namespaces known by
// URI rather than prefix, the common extensions (content, dc, dcterms, media, itunes, feedburner,
// wfw, slash), which element wins when several could fill a field, and URL resolution.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "feed/feed.h"
#include "tests/feed_fixtures.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using tidings::feed::Feed;
using tidings::feed::Format;
using tidings::feed::Item;
using tidings::feed::fixtures::HasCategory;
using tidings::feed::fixtures::ItemAt;
using tidings::feed::fixtures::Load;
using tidings::feed::fixtures::Lower;
using tidings::feed::fixtures::Num;
using tidings::feed::fixtures::Str;
using tidings::feed::fixtures::Utc;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Namespaces: elements are known by namespace URI, not by prefix

TEST_CASE("RSS 2.0 carrying Atom elements", "[formats][namespaces]") {
  const Feed feed = Load("namespaces/rss_atom_elements.xml");
  CHECK(Str(feed.self_link) == "https://ops.example.io/changelog/feed.xml");  // not rel=hub
  CHECK(Str(feed.link) == "https://ops.example.io/changelog");
  CHECK(Utc(feed.updated) == "2024-03-05T16:20:00Z");
  const Item& item = ItemAt(feed, 0);
  CHECK(Utc(item.published) == "2024-03-04T10:00:00Z");
  CHECK(Utc(item.updated) == "2024-03-05T16:20:00Z");
  CHECK(Str(item.author) == "Grace Hopper");
  CHECK(Str(item.author_email) == "grace@ops.example.io");

  // FeedBurner writes the Atom namespace with the prefix "atom10".
  CHECK(Str(Load("extensions/feedburner.xml").self_link) == "http://feeds.feedburner.com/tipsblog");
}

TEST_CASE("Dublin Core bound to an unusual prefix is still Dublin Core", "[formats][namespaces]") {
  const Feed feed = Load("namespaces/dc_prefix_dublin.xml");
  CHECK(Str(feed.language) == "en-ie");
  const Item& item = ItemAt(feed, 0);
  CHECK(Str(item.author) == "Siobhan Kelly");
  CHECK(Utc(item.published) == "2024-03-06T19:30:00Z");
  CHECK(HasCategory(item, "Music"));
}

TEST_CASE("A dc prefix bound to another namespace is not Dublin Core", "[formats][namespaces]") {
  // feedparser goes by the prefix here and gets it wrong; the namespace URI is what counts.
  const Feed feed = Load("namespaces/dc_prefix_other_uri.xml");
  const Item& item = ItemAt(feed, 0);
  CHECK_FALSE(item.author.has_value());
  CHECK(Utc(item.published) == "2024-03-04T02:00:00Z");  // pubDate, not the foreign dc:date
  CHECK(Utc(item.updated) == "<null>");
  CHECK_FALSE(HasCategory(item, "rack-row-17"));
}

TEST_CASE("Atom with a prefix, or with mixed prefixes", "[formats][namespaces]") {
  const Feed prefixed = Load("namespaces/atom_prefixed.xml");
  CHECK(Str(prefixed.link) == "https://weekly.example.net/");
  CHECK(Str(prefixed.self_link) == "https://weekly.example.net/atom.xml");
  CHECK(Utc(prefixed.updated) == "2024-03-08T12:00:00Z");
  const Item& issue = ItemAt(prefixed, 0);
  CHECK(Str(issue.title) == "Issue 42");
  CHECK(Str(issue.link) == "https://weekly.example.net/42");
  CHECK(issue.id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  CHECK(Str(issue.author) == "The Editors");
  CHECK(Str(issue.summary) == "Forty-two links about everything.");

  const Feed mixed = Load("namespaces/atom_default_ns_mixed.xml");
  CHECK(mixed.format == Format::kAtom10);
  CHECK(Str(mixed.link) == "https://mixed.example.org/");
  const Item& post = ItemAt(mixed, 0);
  CHECK(Str(post.title) == "Written by a prefixed serializer");
  CHECK(Str(post.link) == "https://mixed.example.org/posts/1");
  CHECK(post.id == "tag:mixed.example.org,2024:1");
}

TEST_CASE("RSS 1.0 with a prefixed RSS namespace", "[formats][namespaces]") {
  const Feed feed = Load("namespaces/rss10_prefixed.rdf");
  const Item& book = ItemAt(feed, 0);
  CHECK(book.id == "http://library.example.edu/record/b1234567");
  CHECK(Str(book.title) == "A History of the Shipping Forecast");
  CHECK(Str(book.author) == "Jones, Peter");
  CHECK(Utc(book.published) == "2024-03-01T00:00:00Z");
}

TEST_CASE("Common prefixes are understood without a namespace declaration",
          "[formats][namespaces]") {
  const Feed feed = Load("namespaces/undeclared_prefixes.xml");
  CHECK(Str(feed.author) == "Marco Rossi");                             // itunes:author
  CHECK(Str(feed.image) == "http://handrolled.example.com/cover.jpg");  // itunes:image
  const Item& episode = ItemAt(feed, 0);
  CHECK(Str(episode.summary) == "Short teaser.");
  CHECK_THAT(Str(episode.content), Contains("<em>never</em>"));  // content:encoded
  CHECK(Str(episode.author) == "Marco Rossi");                   // dc:creator
  REQUIRE(episode.enclosures.size() == 1);                       // media:content
  CHECK(episode.enclosures[0].url == "http://handrolled.example.com/media/ep3.mp3");
  CHECK(Num(episode.enclosures[0].length) == 24986239);
}

// ---------------------------------------------------------------------------------------------
// Extensions

TEST_CASE("WordPress: content:encoded, dc:creator, comments, wfw and slash", "[formats][ext]") {
  const Feed feed = Load("extensions/wordpress.xml");
  CHECK(Str(feed.self_link) == "https://kitchenchemistry.example.com/feed/");
  CHECK(Str(feed.language) == "en-US");
  CHECK(Utc(feed.updated) == "2024-03-08T14:22:31Z");
  CHECK(Str(feed.image) ==
        "https://kitchenchemistry.example.com/wp-content/uploads/2023/01/cropped-icon-32x32.png");
  const Item& post = ItemAt(feed, 0);
  CHECK(post.id == "https://kitchenchemistry.example.com/?p=1482");
  CHECK(Str(post.link) ==
        "https://kitchenchemistry.example.com/2024/03/08/why-caramel-turns-bitter/");
  CHECK(Str(post.author) == "Lena Fischer");
  CHECK(Utc(post.published) == "2024-03-08T14:22:31Z");
  CHECK(post.categories == std::vector<std::string>{"Sugar", "Maillard"});
  CHECK_THAT(Str(post.summary), Contains("a few of them are bitter."));
  CHECK_THAT(Str(post.summary), !Contains("<figure"));
  CHECK_THAT(Str(post.content), Contains("<strong>bitter</strong>"));
  CHECK_THAT(Str(post.content), Contains("caramel-1024x683.jpg"));
  CHECK(Str(post.comments) ==
        "https://kitchenchemistry.example.com/2024/03/08/why-caramel-turns-bitter/#comments");
  CHECK(Str(post.comments_feed) ==
        "https://kitchenchemistry.example.com/2024/03/08/why-caramel-turns-bitter/feed/");
  CHECK(Num(post.comments_count) == 7);
  CHECK(Num(ItemAt(feed, 1).comments_count) == 0);
  CHECK(Str(ItemAt(feed, 1).author) == "Tomás Ortega");
}

TEST_CASE("Nature (RSS 1.0): dc:date, dc:subject, dc:language, rdf:about", "[formats][ext]") {
  const Feed feed = Load("extensions/nature.rdf");
  CHECK(Str(feed.language) == "en");
  CHECK(Str(feed.image) == "https://www.nature.com/uploads/product/nature/rss.gif");
  const Item& paper = ItemAt(feed, 0);
  CHECK(Str(paper.title) == "A lensed quasar at redshift 7.3");
  CHECK(Str(paper.link) ==
        "https://www.nature.com/articles/"
        "s41586-024-07123-4?WT.ec_id=NATURE-20240307&utm_source=nature_etoc&utm_medium=email");
  CHECK(paper.id == "https://www.nature.com/articles/s41586-024-07123-4");  // rdf:about
  CHECK(Utc(paper.published) == "2024-03-06T00:00:00Z");
  CHECK(paper.categories ==
        std::vector<std::string>{"Astronomy and planetary science", "Cosmology"});
  CHECK_THAT(Str(paper.author), StartsWith("Maria Gonzalez"));  // first of two dc:creator
  CHECK_THAT(Str(paper.content), Contains("doi:10.1038/s41586-024-07123-4</a>"));
  CHECK(Utc(ItemAt(feed, 1).published) == "2024-03-07T10:15:00Z");
}

TEST_CASE("dcterms dates: issued and created are published, modified is updated",
          "[formats][ext]") {
  const Feed feed = Load("extensions/dcterms.xml");
  CHECK(Utc(feed.updated) == "2024-03-07T11:00:00Z");
  CHECK(Utc(ItemAt(feed, 0).published) == "2024-03-01T09:00:00Z");
  CHECK(Utc(ItemAt(feed, 0).updated) == "2024-03-07T11:00:00Z");
  CHECK(Utc(ItemAt(feed, 1).published) == "2024-02-20T07:15:00Z");
}

TEST_CASE("Media RSS: media:content, media:group and media:thumbnail", "[formats][ext][media]") {
  const Feed cnn = Load("extensions/media_cnn.xml");
  CHECK(Num(cnn.ttl_minutes) == 10);
  CHECK(Str(cnn.self_link) == "http://rss.cnn.com/rss/edition_world.rss");
  CHECK(Str(cnn.image) == "http://i2.cdn.turner.com/cnn/2015/images/09/24/cnn.digital.png");
  const Item& volcano = ItemAt(cnn, 0);
  REQUIRE_FALSE(volcano.enclosures.empty());  // from media:group
  CHECK(volcano.enclosures[0].url ==
        "https://cdn.cnn.com/cnnnext/dam/assets/240307-iceland-volcano-super-169.jpg");
  CHECK(Str(volcano.enclosures[0].type) == "image/jpeg");
  CHECK(ItemAt(cnn, 1).enclosures.empty());

  const Feed bbc = Load("extensions/media_bbc.xml");
  CHECK(Str(bbc.title) == "BBC News - Science & Environment");
  CHECK(ItemAt(bbc, 0).enclosures.empty());  // a thumbnail alone is not an enclosure
  const Item& whale = ItemAt(bbc, 1);
  REQUIRE(whale.enclosures.size() == 1);
  CHECK(whale.enclosures[0].url == "https://media.bbci.co.uk/av/science-environment-68490012.mp4");
  CHECK(Str(whale.enclosures[0].type) == "video/mp4");
  CHECK(Num(whale.enclosures[0].length) == 18734201);  // fileSize
}

TEST_CASE("Podcast: iTunes tags", "[formats][ext][itunes]") {
  const Feed feed = Load("extensions/podcast_itunes.xml");
  CHECK(Str(feed.author) == "Tiny Radio Co.");  // itunes:author, not the owner
  CHECK(Str(feed.image) == "https://chargecycle.example.fm/art/cover-3000.jpg");
  CHECK(Str(feed.self_link) == "https://feeds.example.fm/chargecycle.xml");
  const Item& episode = ItemAt(feed, 0);
  CHECK(Str(episode.title) == "Ep. 101: Why your phone dies at 20%");  // not itunes:title
  CHECK(Str(episode.author) == "Dana Li");
  CHECK_THAT(Str(episode.summary), StartsWith("Battery gauges guess."));  // itunes:summary
  CHECK(episode.id == "5f1e2d3c-9a8b-4c7d-8e6f-101101101101");
  CHECK_FALSE(episode.link.has_value());  // no <link>, guid is not a permalink
  REQUIRE(episode.enclosures.size() == 1);
  CHECK(episode.enclosures[0].url == "https://traffic.example.fm/chargecycle/ep101.mp3");
  CHECK(Num(episode.enclosures[0].length) == 40632184);
  CHECK(Utc(episode.published) == "2024-03-05T05:00:00Z");

  const Item& older = ItemAt(feed, 1);
  CHECK_THAT(Str(older.summary), Contains("<p>Pumped hydro"));  // description beats itunes:summary
  // The same file as <enclosure> and as media:content is one enclosure, not two.
  CHECK(older.enclosures.size() == 1);
}

TEST_CASE("FeedBurner: feedburner:origLink beats the redirect link", "[formats][ext]") {
  const Feed feed = Load("extensions/feedburner.xml");
  const Item& tip = ItemAt(feed, 0);
  CHECK(Str(tip.link) == "http://tipsblog.example.com/2012/05/ten-ways-to-fold-a-shirt/");
  CHECK(tip.id == "http://tipsblog.example.com/?p=5521");
  CHECK(Str(ItemAt(feed, 1).link) == "http://tipsblog.example.com/2012/05/descale-your-kettle/");
}

// ---------------------------------------------------------------------------------------------
// Which element wins

TEST_CASE("Item and channel titles win over nested image and media titles",
          "[formats][precedence]") {
  const Feed feed = Load("precedence/titles.xml");
  CHECK(Str(feed.title) == "Photo Desk Daily");
  CHECK(Str(feed.image) == "https://photodesk.example.com/logo.png");
  CHECK(Str(ItemAt(feed, 0).title) == "Fog over the harbour at dawn");
  CHECK(Str(ItemAt(feed, 1).title) == "Market day in the old town");  // not media:title
  CHECK(Str(ItemAt(feed, 2).title) == "Swifts return early");
}

TEST_CASE("Atom: the text/html alternate link is the item's link", "[formats][precedence]") {
  const Feed feed = Load("precedence/atom_links.xml");
  CHECK(Str(feed.link) == "https://preprints.example.org/");
  CHECK(Str(feed.self_link) == "https://preprints.example.org/feed.atom");
  const Item& first = ItemAt(feed, 0);
  CHECK(Str(first.link) == "https://preprints.example.org/entries/1");
  REQUIRE(first.enclosures.size() == 1);  // rel=enclosure
  CHECK(first.enclosures[0].url == "https://preprints.example.org/pdf/1.pdf");
  CHECK(Str(first.enclosures[0].type) == "application/pdf");
  CHECK(Num(first.enclosures[0].length) == 1048576);
  CHECK(Str(ItemAt(feed, 1).link) == "https://preprints.example.org/entries/2");  // no rel
  CHECK_FALSE(ItemAt(feed, 2).link.has_value());  // rel=self only: no web page
}

TEST_CASE("A guid is the link only when it is an http permalink and no link exists",
          "[formats][precedence]") {
  const Feed feed = Load("precedence/guid_permalink.xml");
  CHECK(Str(ItemAt(feed, 0).link) == "https://guids.example.net/posts/implicit-permalink");
  CHECK(Str(ItemAt(feed, 1).link) == "https://guids.example.net/posts/explicit-permalink");
  const Item& internal = ItemAt(feed, 2);
  CHECK_FALSE(internal.link.has_value());
  CHECK(internal.id == "https://guids.example.net/posts/internal-id-77");
  const Item& tag = ItemAt(feed, 3);
  CHECK_FALSE(tag.link.has_value());
  CHECK(tag.id == "tag:guids.example.net,2024:post-78");
  const Item& both = ItemAt(feed, 4);
  CHECK(Str(both.link) == "https://guids.example.net/posts/the-real-link");
  CHECK(both.id == "https://guids.example.net/?p=79");
}

TEST_CASE("RSS 1.0 items are identified by rdf:about", "[formats][precedence]") {
  const Feed hatena_feed = Load("encodings/utf8_hatena.rdf");
  const Item& hatena = ItemAt(hatena_feed, 0);
  CHECK(hatena.id == "https://tech.example.jp/entry/2024/03/08/rust-migration");
  const Feed nature_feed = Load("extensions/nature.rdf");
  const Item& nature = ItemAt(nature_feed, 0);
  CHECK(nature.id == "https://www.nature.com/articles/s41586-024-07123-4");
  CHECK(Str(nature.link) != nature.id);
}

// ---------------------------------------------------------------------------------------------
// URLs

TEST_CASE("xml:base on feed, entry and content, nested and relative", "[formats][urls]") {
  const Feed feed = Load("urls/xml_base_nested.xml");
  CHECK(Str(feed.link) == "http://example.org/a/home.html");
  CHECK(Str(feed.self_link) == "http://example.org/a/feed.atom");
  CHECK(Str(feed.image) == "http://example.org/favicon.ico");
  const Item& first = ItemAt(feed, 0);  // xml:base="/blog/" inside "http://example.org/a/"
  CHECK(Str(first.link) == "http://example.org/blog/post1.html");
  const std::string content = Str(first.content);  // content adds xml:base="images/"
  CHECK_THAT(content, Contains("src=\"http://example.org/blog/images/photo.png\""));
  CHECK_THAT(content, Contains("href=\"http://example.org/blog/post2.html\""));
  CHECK_THAT(content, Contains("href=\"http://example.org/about\""));
  CHECK_THAT(content, Contains("href=\"https://other.example.net/x\""));
  const Item& second = ItemAt(feed, 1);
  CHECK(Str(second.link) == "http://example.org/c/post3.html");
  REQUIRE(second.enclosures.size() == 1);
  CHECK(second.enclosures[0].url == "http://example.org/a/media/post3.ogg");
  CHECK_THAT(Str(second.summary), Contains("href=\"http://example.org/a/post3.html#more\""));
  CHECK(Str(ItemAt(feed, 2).link) == "https://cdn.example.com/site/post4.html");
  // An absolute xml:base wins over the document's address.
  const Feed fetched = Load("urls/xml_base_nested.xml", "https://mirror.example.net/x/feed.atom");
  CHECK(Str(ItemAt(fetched, 0).link) == "http://example.org/blog/post1.html");
}

TEST_CASE("The document URL is the outer base", "[formats][urls]") {
  const Feed based =
      Load("urls/xml_base_relative_to_document.xml", "https://site.example.com/feeds/atom.xml");
  CHECK(Str(based.link) == "https://site.example.com/feeds/blog/");
  const Item& post = ItemAt(based, 0);
  CHECK(Str(post.link) == "https://site.example.com/feeds/blog/post.html");
  CHECK_THAT(Str(post.content),
             Contains("href=\"https://site.example.com/feeds/blog/other.html\""));

  const Feed feed =
      Load("urls/relative_document_url.xml", "https://static.example.com/blog/index.xml");
  CHECK(Str(feed.link) == "https://static.example.com/");
  CHECK(Str(feed.image) == "https://static.example.com/images/logo.png");
  const Item& item = ItemAt(feed, 0);
  CHECK(Str(item.link) == "https://static.example.com/posts/2024/moving-to-static/");
  CHECK(Str(item.comments) == "https://static.example.com/posts/2024/moving-to-static/#comments");
  REQUIRE(item.enclosures.size() == 1);
  CHECK(item.enclosures[0].url == "https://static.example.com/blog/media/talk.mp3");
  CHECK_THAT(Str(item.summary), Contains("href=\"https://static.example.com/posts/2023/hello/\""));
  const std::string content = Str(item.content);
  CHECK_THAT(content, Contains("src=\"https://static.example.com/blog/img/diagram.png\""));
  CHECK_THAT(content, Contains("href=\"https://static.example.com/blog/notes.html\""));
  CHECK_THAT(content, Contains("href=\"https://cdn.example.com/x.js\""));  // scheme-relative
}

TEST_CASE("javascript: and data: URLs never become links", "[formats][urls]") {
  const Feed feed = Load("urls/javascript_urls.xml");
  CHECK_FALSE(feed.link.has_value());
  CHECK_FALSE(ItemAt(feed, 0).link.has_value());
  CHECK_FALSE(ItemAt(feed, 1).link.has_value());  // mixed case, leading spaces
  CHECK_FALSE(ItemAt(feed, 2).link.has_value());  // data: URI
  const std::string summary = Str(ItemAt(feed, 0).summary);
  CHECK_THAT(Lower(summary), !Contains("javascript:"));
  CHECK_THAT(summary, Contains("harmless text"));  // the text stays, the href goes
  CHECK_THAT(summary, Contains("href=\"https://safe.example.com/page\""));
  CHECK_THAT(Lower(Str(ItemAt(feed, 1).summary)), !Contains("javascript:"));
}
