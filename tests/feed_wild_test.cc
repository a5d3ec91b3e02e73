// Conformance corpus for feed::Parse, continued (see feed_formats_test.cc): feeds as they come
// from the wild. Legacy and mislabelled encodings, ill-formed documents that must still be read
// (every repair warned about), item identity, JSON Feed, and hostile input.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "feed/feed.h"
#include "tests/feed_fixtures.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using tidings::feed::Feed;
using tidings::feed::Format;
using tidings::feed::Item;
using tidings::feed::fixtures::AllText;
using tidings::feed::fixtures::HasCategory;
using tidings::feed::fixtures::HashId;
using tidings::feed::fixtures::ItemAt;
using tidings::feed::fixtures::Load;
using tidings::feed::fixtures::LongestString;
using tidings::feed::fixtures::Lower;
using tidings::feed::fixtures::Num;
using tidings::feed::fixtures::ParseBytes;
using tidings::feed::fixtures::Str;
using tidings::feed::fixtures::Utc;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Encodings (see tests/data/feeds/encodings/README.md for how each file was made)

TEST_CASE("GB2312, and GBK bytes declared as GB2312", "[formats][encoding]") {
  const Feed sina = Load("encodings/gb2312_sina.xml");
  CHECK(Str(sina.title) == "新闻中心-国内新闻");
  CHECK(Str(sina.language) == "zh-cn");
  const Item& story = ItemAt(sina, 0);
  CHECK(Str(story.title) == "嫦娥六号探测器完成月球背面采样");
  CHECK(HasCategory(story, "国内新闻"));
  CHECK_THAT(Str(story.summary), Contains("月球背面预选区域"));
  CHECK(Utc(story.published) == "2024-03-08T01:55:00Z");
  CHECK_FALSE(story.comments.has_value());  // Sina writes an empty <comments></comments>

  const Feed gbk_feed = Load("encodings/gbk_declared_gb2312.xml");
  const Item& gbk = ItemAt(gbk_feed, 0);
  CHECK(Str(gbk.title) == "朱镕基与一九九八年的抗洪");
  CHECK_THAT(Str(gbk.summary), Contains("“镕”字"));
}

TEST_CASE("Big5, Shift_JIS, EUC-JP and KOI8-R", "[formats][encoding]") {
  const Feed cna = Load("encodings/big5_cna.xml");
  CHECK(Str(cna.title) == "中央社即時新聞");
  CHECK(Str(ItemAt(cna, 0).title) == "颱風警報解除　北部仍有豪雨");
  CHECK(Utc(ItemAt(cna, 0).published) == "2024-03-08T02:15:00Z");

  // No charset in the Content-Type: the XML declaration decides.
  const Feed itmedia = Load("encodings/shift_jis_itmedia.rdf", "", "application/rss+xml");
  CHECK(Str(itmedia.title) == "ITmedia NEWS 速報");
  const Item& rocket = ItemAt(itmedia, 0);
  CHECK(Str(rocket.title) == "新型ロケットの打ち上げに成功　衛星を予定軌道に投入");
  CHECK_THAT(Str(rocket.summary), Contains("（ＪＡＸＡ）"));
  CHECK(HasCategory(rocket, "宇宙"));
  CHECK(Utc(rocket.published) == "2024-03-08T03:04:00Z");

  const Feed neko = Load("encodings/euc_jp_blog.xml");
  CHECK(Str(neko.title) == "猫と暮らす日記");
  CHECK(Str(ItemAt(neko, 0).title) == "今日は一日中寝ていました");

  const Feed nauka = Load("encodings/koi8r_news.xml");
  CHECK(Str(nauka.title) == "Новости науки");
  CHECK(Str(ItemAt(nauka, 0).title) == "Учёные впервые сфотографировали тень чёрной дыры");
  CHECK(HasCategory(ItemAt(nauka, 0), "Астрономия"));
}

TEST_CASE("windows-1252 bytes declared as UTF-8 are repaired", "[formats][encoding]") {
  const Feed feed = Load("encodings/cp1252_declared_utf8.xml");
  CHECK(Str(feed.title) == "Café Society");
  CHECK(Str(feed.subtitle) == "Notes on coffee — and everything else");
  const Item& item = ItemAt(feed, 0);
  CHECK(Str(item.title) == "“Naïve” baristas and the €5 flat white");
  CHECK_THAT(Str(item.summary), Contains("12½% in a year… we asked why."));
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("UTF-16 with a byte order mark, and UTF-8 with one", "[formats][encoding]") {
  const std::string file =
      GENERATE(as<std::string>{}, "encodings/utf16le_bom.xml", "encodings/utf16be_bom.xml");
  INFO(file);
  const Feed feed = Load(file);
  CHECK(feed.format == Format::kAtom10);
  CHECK(Str(feed.title) == "Grüße aus Köln");
  CHECK(Str(ItemAt(feed, 0).title) == "Karneval: 1,5 Millionen Jecken — 日本からの観光客も");
  CHECK(Str(ItemAt(feed, 0).summary) == "Straßenfest mit Umzügen.");

  const Feed bom = Load("encodings/utf8_bom.xml");
  CHECK(Str(bom.title) == "Blog écrit sous Windows");
  CHECK(Str(ItemAt(bom, 0).title) == "Été à Besançon");
  CHECK(bom.warnings.empty());  // a BOM is legal, not a repair
}

TEST_CASE("The HTTP charset of text/xml overrides the XML declaration", "[formats][encoding]") {
  // Bytes are windows-1251; the document claims iso-8859-1; HTTP tells the truth.
  const Feed feed =
      Load("encodings/http_charset_override.xml", "", "text/xml; charset=windows-1251");
  CHECK(Str(feed.title) == "Городские новости");
  CHECK(Str(ItemAt(feed, 0).title) == "Метро откроет три новые станции");
}

TEST_CASE("UTF-8 feeds from Chinese and Japanese sites", "[formats][encoding]") {
  const Feed kr = Load("encodings/utf8_36kr.xml", "https://36kr.com/feed");
  CHECK(Str(kr.title) == "36氪");
  CHECK(Str(ItemAt(kr, 0).title) == "大模型公司开始卷价格，每百万Token降至一元");
  CHECK(Str(ItemAt(kr, 0).link) == "https://36kr.com/p/2679123456789012?f=rss");

  const Feed cnbeta = Load("encodings/utf8_cnbeta.xml", "https://rss.cnbeta.com.tw/rss");
  const Item& engine = ItemAt(cnbeta, 0);
  CHECK(Str(engine.title) == "开源浏览器引擎发布新版本 渲染速度提升30%");
  CHECK(Utc(engine.published) == "2024-03-08T02:31:07Z");
  CHECK_THAT(
      Str(engine.summary),
      Contains("src=\"https://static.cnbetacdn.com/article/2024/0308/abcdef0123456789.jpg\""));

  const Feed hatena_feed = Load("encodings/utf8_hatena.rdf");
  const Item& hatena = ItemAt(hatena_feed, 0);
  CHECK(Str(hatena.title) == "大規模サービスをRustに移行した話");
  CHECK(Utc(hatena.published) == "2024-03-08T00:12:33Z");
  CHECK(hatena.categories == std::vector<std::string>{"テクノロジー", "プログラミング"});
  CHECK_THAT(Str(hatena.content), Contains("<blockquote"));
}

// ---------------------------------------------------------------------------------------------
// Ill-formed documents: parsed anyway, items recovered, every repair warned about

TEST_CASE("Undeclared HTML entities are decoded", "[formats][illformed]") {
  const Feed feed = Load("illformed/html_entities.xml");
  CHECK_THAT(Str(feed.title), StartsWith("Le Monde"));
  CHECK_THAT(Str(feed.title), EndsWith("diplomatique — English edition"));
  CHECK(Str(feed.subtitle) == "Analysis & opinion…");
  REQUIRE(feed.items.size() == 2);
  const std::string water = Str(feed.items[0].title);
  CHECK_THAT(water, StartsWith("Water wars"));
  CHECK_THAT(water, EndsWith("— who owns the rivers…"));
  CHECK_THAT(water, !Contains("&"));
  CHECK_THAT(Str(feed.items[0].summary), Contains("© LMD"));
  CHECK(Str(feed.items[1].title) == "Café culture «revisited»");
  CHECK_FALSE(feed.warnings.empty());

  // RSS 0.91 feeds lean on the Netscape DTD for their entities; the DTD is never fetched.
  const Feed netscape = Load("illformed/netscape_entities.xml");
  CHECK(netscape.format == Format::kRss09x);
  CHECK(Str(netscape.title) == "Journal de Montréal – Sports");
  CHECK(Str(ItemAt(netscape, 0).title) == "Le Canadien l’emporte en prolongation");
  CHECK_FALSE(netscape.warnings.empty());
}

TEST_CASE("Bare ampersands in text and links", "[formats][illformed]") {
  const Feed feed = Load("illformed/bare_ampersand.xml");
  CHECK(Str(feed.title) == "Q&A Weekly");
  CHECK(Str(feed.link) == "http://qa.example.com/?lang=en&format=rss");
  REQUIRE(feed.items.size() == 2);
  CHECK(Str(feed.items[0].title) == "R&D budgets & what they buy");
  CHECK(Str(feed.items[0].link) == "http://qa.example.com/view.php?id=12&page=2");
  CHECK_THAT(Str(feed.items[0].summary), Contains("no comment"));
  CHECK(Str(feed.items[1].link) == "http://qa.example.com/view.php?id=13&page=1");
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("Control characters are dropped", "[formats][illformed]") {
  const Feed feed = Load("illformed/control_chars.xml");
  REQUIRE(feed.items.size() == 2);
  const std::string title = Str(feed.items[0].title);
  CHECK_THAT(title, StartsWith("Vertical"));
  CHECK_THAT(title, EndsWith("inside"));
  CHECK(std::none_of(title.begin(), title.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
  CHECK_THAT(Str(feed.items[0].summary), Contains("sequences."));
  CHECK(Str(feed.items[1].title) == "Clean item after the dirty one");
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("Mismatched and unclosed tags inside a description", "[formats][illformed]") {
  const Feed feed = Load("illformed/mismatched_tags.xml");
  REQUIRE(feed.items.size() == 3);
  const Item& unclosed = feed.items[0];
  CHECK_THAT(Str(unclosed.summary), Contains("world, and goodbye"));
  // The elements after the broken description still belong to the same item.
  CHECK(Str(unclosed.link) == "http://sloppy.example.com/1");
  CHECK(Utc(unclosed.published) == "2003-06-10T04:00:00Z");
  CHECK_THAT(Str(feed.items[1].summary), Contains("italic"));
  CHECK(Str(feed.items[1].link) == "http://sloppy.example.com/2");
  CHECK(Str(feed.items[2].title) == "Stray end tag");
  CHECK(Str(feed.items[2].summary) == "Still fine.");
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("A truncated document keeps the items before the cut", "[formats][illformed]") {
  const Feed feed = Load("illformed/truncated.xml");
  CHECK(Str(feed.title) == "Cut Off Mid-Transfer");
  REQUIRE(feed.items.size() >= 2);
  CHECK(Str(feed.items[0].title) == "First complete item");
  CHECK(Utc(feed.items[0].published) == "2003-06-10T04:00:00Z");
  CHECK(Str(feed.items[1].title) == "Second complete item");
  CHECK(Str(feed.items[1].summary) == "Also all here.");
  CHECK_FALSE(feed.warnings.empty());
}

TEST_CASE("Junk before the root element", "[formats][illformed]") {
  const Feed spaces = Load("illformed/junk_whitespace.xml");
  CHECK(spaces.format == Format::kRss20);
  CHECK(Str(ItemAt(spaces, 0).title) == "Hello world!");
  CHECK_FALSE(spaces.warnings.empty());

  // PHP warnings printed before the XML, with <br /> and <b> of their own.
  const Feed php = Load("illformed/php_warning.xml");
  CHECK(php.format == Format::kRss20);
  CHECK(Str(php.title) == "Old Theme Blog");
  REQUIRE(php.items.size() == 2);
  CHECK(Str(php.items[0].author) == "admin");
  CHECK(Str(php.items[1].link) == "https://oldtheme.example.com/2024/03/plugins/");
  CHECK_THAT(AllText(php), !Contains("Cannot modify header"));
  CHECK_FALSE(php.warnings.empty());
}

TEST_CASE("Unescaped HTML in a description is kept as the summary", "[formats][illformed]") {
  const Feed feed = Load("illformed/unescaped_html.xml");
  REQUIRE(feed.items.size() == 2);
  const Item& trip = feed.items[0];
  const std::string summary = Str(trip.summary);
  CHECK_THAT(summary, Contains("<a href=\"http://rawhtml.example.com/map\">the coast</a>"));
  CHECK_THAT(summary, Contains("src=\"http://rawhtml.example.com/p1.jpg\""));
  CHECK_THAT(summary, Contains("<b>soon</b>"));
  CHECK(Utc(trip.published) == "2003-06-10T04:00:00Z");
  CHECK(Str(feed.items[1].summary) == "Plain text.");
  CHECK_FALSE(feed.warnings.empty());
}

// ---------------------------------------------------------------------------------------------
// Identity

TEST_CASE("Item identity: guid, else link, else a stable hash", "[formats][identity]") {
  const Feed feed = Load("identity/identity.xml");
  REQUIRE(feed.items.size() == 6);
  CHECK(feed.items[0].id == "identity-post-0001");
  CHECK(feed.items[1].id == "http://identity.example.com/posts/2");
  CHECK(Lower(feed.items[2].id) == HashId("Alpha", "Same body"));
  CHECK(Lower(feed.items[3].id) == HashId("Beta", "Same body"));
  CHECK(feed.items[2].id != feed.items[3].id);  // titles differ, bodies do not
  CHECK(Lower(feed.items[4].id) == HashId("Gamma", "Body from the content"));
  CHECK(feed.items[5].id == "identity-post-0006");  // whitespace around the guid trimmed

  const Feed again = Load("identity/identity.xml");
  for (std::size_t i = 0; i < feed.items.size(); ++i) CHECK(again.items[i].id == feed.items[i].id);
}

// ---------------------------------------------------------------------------------------------
// JSON Feed

TEST_CASE("JSON Feed 1.1: every field", "[formats][json]") {
  const Feed feed = Load("json/jsonfeed11_full.json");
  CHECK(feed.format == Format::kJson);
  CHECK(Str(feed.title) == "The Record");
  CHECK(Str(feed.subtitle) == "Conversations about software history");
  CHECK(Str(feed.link) == "https://therecord.example.com/");
  CHECK(Str(feed.self_link) == "https://therecord.example.com/feed.json");
  CHECK(Str(feed.image) == "https://therecord.example.com/icon-512.png");  // icon over favicon
  CHECK(Str(feed.language) == "en-US");
  CHECK(Str(feed.author) == "Brent Simmons");  // the first of "authors"
  REQUIRE(feed.items.size() == 3);

  const Item& episode = feed.items[0];
  CHECK(episode.id == "2347259");
  CHECK(Str(episode.link) == "https://therecord.example.com/episodes/4");  // url over external_url
  CHECK(Str(episode.title) == "Episode 4: The Pinball Machine");
  CHECK_THAT(Str(episode.content), Contains("<em>pinball</em>"));  // content_html over _text
  CHECK(Str(episode.summary) == "Pinball history, part one.");
  CHECK(Utc(episode.published) == "2024-03-01T17:00:00Z");
  CHECK(Utc(episode.updated) == "2024-03-02T10:30:00Z");
  CHECK(Str(episode.author) == "Chris Parrish");
  CHECK(episode.categories == std::vector<std::string>{"pinball", "history"});
  REQUIRE(episode.enclosures.size() == 1);  // attachments only: image/banner_image are not
  CHECK(episode.enclosures[0].url == "https://therecord.example.com/audio/4.m4a");
  CHECK(Str(episode.enclosures[0].type) == "audio/x-m4a");
  CHECK(Num(episode.enclosures[0].length) == 89970236);

  const Item& linked = feed.items[1];
  CHECK(Str(linked.link) == "https://elsewhere.example.org/linked-article");  // external_url
  CHECK_FALSE(linked.title.has_value());
  CHECK_THAT(Str(linked.content), Contains("&lt;angle brackets&gt; &amp; ampersands."));
  CHECK(feed.items[2].id == "12345");  // a numeric id, as some generators write it
}

TEST_CASE("JSON Feed 1.0: author objects, favicon, content_text", "[formats][json]") {
  const Feed feed = Load("json/jsonfeed10_podcast.json");
  CHECK(Str(feed.author) == "Manton Reece");
  CHECK(Str(feed.image) == "http://timetable.example.fm/favicon.png");
  REQUIRE(feed.items.size() == 2);
  const Item& episode = feed.items[0];
  CHECK(Str(episode.author) == "Manton Reece");
  CHECK_THAT(Str(episode.content), Contains("Counting everything in the garage."));
  CHECK(Utc(episode.published) == "2024-02-26T14:00:00Z");
  REQUIRE(episode.enclosures.size() == 1);
  CHECK(Num(episode.enclosures[0].length) == 2592312);
  CHECK(Utc(feed.items[1].published) == "<null>");  // 30 February
  CHECK_FALSE(feed.warnings.empty());

  const Feed micro = Load("formats/json10_microblog.json");
  CHECK(Str(micro.link) == "https://www.manton.org/");
  CHECK(Str(micro.self_link) == "https://www.manton.org/feed.json");
  CHECK(Str(micro.image) == "https://micro.blog/manton/avatar.jpg");
  const Item& post = ItemAt(micro, 0);
  CHECK(Str(post.link) == "https://www.manton.org/2024/03/01/084512.html");
  CHECK(Utc(post.published) == "2024-03-01T14:45:12Z");
  CHECK(HasCategory(post, "Micro.blog"));
}

// ---------------------------------------------------------------------------------------------
// Safety

TEST_CASE("A billion-laughs DOCTYPE is not expanded", "[formats][safety]") {
  const auto start = std::chrono::steady_clock::now();
  const Feed feed = Load("safety/billion_laughs.xml");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(3));
  CHECK(Str(ItemAt(feed, 0).link) == "http://laughs.example.com/1");
  CHECK(LongestString(feed) < 4096);
  CHECK_THAT(AllText(feed), !Contains("lollollollol"));
}

TEST_CASE("An external entity is never read", "[formats][safety]") {
  std::string passwd_line;
  if (std::ifstream passwd("/etc/passwd"); passwd) std::getline(passwd, passwd_line);
  const Feed feed = Load("safety/external_entity.xml");
  const Item& item = ItemAt(feed, 0);
  CHECK_THAT(Str(item.title), StartsWith("Secrets:"));
  CHECK(Str(item.link) == "http://leaky.example.com/1");
  const std::string all = AllText(feed);
  CHECK_THAT(all, !Contains("root:x:0:0"));
  CHECK_THAT(all, !Contains("127.0.0.1"));  // /etc/hosts
  if (!passwd_line.empty()) CHECK_THAT(all, !Contains(passwd_line));
}

TEST_CASE("Deeply nested markup neither crashes nor hangs", "[formats][safety]") {
  constexpr int kDepth = 100000;
  std::string doc =
      "<rss version=\"2.0\"><channel><title>Deep</title><item><title>Nested</title>"
      "<link>http://deep.example.com/1</link><description>";
  for (int i = 0; i < kDepth; ++i) doc += "<div>";
  doc += "bottom";
  for (int i = 0; i < kDepth; ++i) doc += "</div>";
  doc += "</description></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  tidings::Result<Feed> result = ParseBytes(std::move(doc));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(result.ok());
  CHECK(Str(ItemAt(*result, 0).link) == "http://deep.example.com/1");
}
