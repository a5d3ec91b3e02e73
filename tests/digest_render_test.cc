#include <catch2/catch.hpp>

#include <cctype>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "digest/render.h"
#include "digest_fixtures.h"
#include "feed/feed.h"

namespace tidings::digest {
namespace {

using testing::Item;
using testing::kNow;
using testing::NewsItems;

constexpr std::string_view kHostile = "</title><script>alert(1)</script> & \"quotes\" <b>";

Digest NewsDigest() {
  DigestOptions options;
  options.topics = {"tech"};
  options.since = kNow - 24 * 3600;
  options.now = kNow;
  options.self_url = "http://localhost/v1/digest?topic=tech&format=atom";
  return BuildDigest(NewsItems(), options);
}

// A digest whose every feed-supplied string is hostile.
Digest HostileDigest() {
  DigestItem item =
      Item(1, std::string(kHostile), std::string(kHostile),
           std::string(kHostile) + " \x1b[31mred\x1b[0m. More.", "javascript:alert(1)");
  item.why = {std::string(kHostile)};
  DigestItem second = Item(2, "<img src=https://evil.example/x.png onerror=alert(1)>", "Other",
                           "text", "https://ok.example/a?b=1&c=2");
  DigestOptions options;
  options.title = std::string(kHostile);
  options.now = kNow;
  options.since = 0;
  return BuildDigest({item, second}, options);
}

TEST_CASE("format names parse, and every format has a content type", "[digest]") {
  CHECK(*ParseFormat("json") == Format::kJson);
  CHECK(*ParseFormat("Markdown") == Format::kMarkdown);
  CHECK(*ParseFormat("md") == Format::kMarkdown);
  CHECK(*ParseFormat("text") == Format::kText);
  CHECK(*ParseFormat("HTML") == Format::kHtml);
  CHECK(*ParseFormat("atom") == Format::kAtom);
  CHECK(ParseFormat("pdf").status().code() == StatusCode::kInvalid);
  CHECK(ParseFormat("").status().code() == StatusCode::kInvalid);
  CHECK(ContentType(Format::kAtom) == "application/atom+xml; charset=utf-8");
  CHECK(ContentType(Format::kHtml) == "text/html; charset=utf-8");
  CHECK(ContentType(Format::kJson) == "application/json");
  for (Format f : {Format::kJson, Format::kMarkdown, Format::kText, Format::kHtml, Format::kAtom}) {
    CHECK(*ParseFormat(FormatName(f)) == f);
    CHECK(!Render(NewsDigest(), f).empty());
    CHECK(!Render(HostileDigest(), f).empty());
  }
}

TEST_CASE("the JSON digest has the documented shape", "[digest]") {
  const auto json = nlohmann::json::parse(RenderJson(NewsDigest()));
  CHECK(json["title"] == "tidings digest: tech");
  CHECK(json["topics"] == nlohmann::json::array({"tech"}));
  CHECK(json["since"] == "2024-04-30T08:00:00Z");
  CHECK(json["generated"] == "2024-05-01T08:00:00Z");
  CHECK(json["item_count"] == 8);
  REQUIRE(json["entries"].size() == 5);
  const auto& first = json["entries"][0];
  CHECK(first["id"] == 1);
  CHECK(first["title"] == "Apple unveils iPhone 16 with a dedicated camera button");
  CHECK(first["link"] == "https://www.theverge.com/apple-iphone-16");
  CHECK(first["sources"].size() == 3);
  CHECK(first["sources"][1]["feed"] == "Ars Technica");
  CHECK(first["why"][0] == "rule: The Verge");
  CHECK(first["extract"].get<std::string>().starts_with("Apple on Monday"));
  // A javascript: link is not passed on.
  CHECK(nlohmann::json::parse(RenderJson(HostileDigest()))["entries"][0]["link"].is_null());
}

TEST_CASE("the HTML digest is self-contained, escaped and free of scripts", "[digest]") {
  const std::string html = RenderHtml(HostileDigest());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  // No tag has a src attribute or an event handler (feed text may say "src=", escaped).
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    std::string tag = html.substr(at, html.find('>', at) - at);
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(tag.find("src=") == std::string::npos);
    CHECK(tag.find(" on") == std::string::npos);
  }
  CHECK(html.find("\x1b") == std::string::npos);
  CHECK(html.find("&lt;/title&gt;&lt;script&gt;") != std::string::npos);
  CHECK(html.find("name=\"viewport\"") != std::string::npos);
  CHECK(html.find("max-width") != std::string::npos);
  // Every href is an http(s) link to an article, escaped.
  for (std::size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    const std::string target = html.substr(at + 6, html.find('"', at + 6) - at - 6);
    CHECK((target.starts_with("https://") || target.starts_with("http://")));
    CHECK(target.find('<') == std::string::npos);
  }
  CHECK(html.find("href=\"https://ok.example/a?b=1&amp;c=2\"") != std::string::npos);

  const std::string news = RenderHtml(NewsDigest());
  CHECK(news.find("href=\"https://arstechnica.com/gadgets/iphone-16\"") != std::string::npos);
  CHECK(news.find("嫦娥六号") != std::string::npos);
}

TEST_CASE("Markdown and text escape what feeds supply", "[digest]") {
  const std::string markdown = RenderMarkdown(HostileDigest());
  CHECK(markdown.find("<script>") == std::string::npos);
  CHECK(markdown.find("\\<script\\>") != std::string::npos);
  CHECK(markdown.find("javascript:") == std::string::npos);
  CHECK(markdown.find("\x1b") == std::string::npos);
  const std::string news_markdown = RenderMarkdown(NewsDigest());
  CHECK(news_markdown.find("(<https://www.theverge.com/apple-iphone-16>)") != std::string::npos);

  const std::string text = RenderText(HostileDigest());
  CHECK(text.find("\x1b") == std::string::npos);  // no terminal escapes
  CHECK(text.find("javascript:") == std::string::npos);
  const std::string news_text = RenderText(NewsDigest());
  CHECK(news_text.find("1. Apple unveils iPhone 16") != std::string::npos);
  CHECK(news_text.find("The Verge, Ars Technica, Reuters Tech") != std::string::npos);
}

TEST_CASE("the Atom digest parses back with tidings' own parser", "[digest]") {
  const Digest digest = NewsDigest();
  Result<feed::Feed> parsed = feed::Parse(RenderAtom(digest), {});
  REQUIRE(parsed.ok());
  CHECK(parsed->format == feed::Format::kAtom10);
  CHECK(parsed->warnings.empty());
  CHECK(parsed->title == "tidings digest: tech");
  CHECK(parsed->updated == kNow);
  CHECK(parsed->self_link == "http://localhost/v1/digest?topic=tech&format=atom");
  REQUIRE(parsed->items.size() == digest.entries.size());
  for (std::size_t i = 0; i < digest.entries.size(); ++i) {
    const Entry& entry = digest.entries[i];
    const feed::Item& item = parsed->items[i];
    std::int64_t first_id = entry.lead.id;
    for (const Source& s : entry.sources) first_id = std::min(first_id, s.item_id);
    CHECK(item.id == "urn:tidings:item:" + std::to_string(first_id));
    CHECK(item.title == entry.lead.title);
    CHECK(item.link == entry.lead.link);
    CHECK(item.published == entry.lead.time);
    CHECK(item.author == entry.lead.feed_title);
    CHECK(item.summary.has_value());
    REQUIRE(item.content.has_value());
    CHECK(item.content->find(entry.sources.back().feed_title) != std::string::npos);
  }

  Result<feed::Feed> hostile = feed::Parse(RenderAtom(HostileDigest()), {});
  REQUIRE(hostile.ok());
  CHECK(hostile->warnings.empty());
  CHECK(hostile->title == std::string(kHostile));
  REQUIRE(hostile->items.size() == 2);
  CHECK(!hostile->items[0].link.has_value());  // javascript: dropped
}

TEST_CASE("random bytes from feeds still give valid JSON and Atom", "[digest]") {
  std::mt19937 random(11);
  auto bytes = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(random() % 256);
    return out;
  };
  std::vector<DigestItem> items;
  for (int i = 0; i < 50; ++i) {
    DigestItem item = Item(i, bytes(20), bytes(40), bytes(400), "https://x.example/" + bytes(8));
    item.why = {bytes(10)};
    items.push_back(std::move(item));
  }
  DigestOptions options;
  options.topics = {bytes(6)};
  options.now = kNow;
  const Digest digest = BuildDigest(items, options);
  CHECK(digest.entries.size() == 50);
  CHECK(nlohmann::json::parse(RenderJson(digest))["entries"].size() == 50);
  Result<feed::Feed> parsed = feed::Parse(RenderAtom(digest), {});
  REQUIRE(parsed.ok());
  CHECK(parsed->warnings.empty());
  CHECK(parsed->items.size() == 50);
  for (Format f : {Format::kMarkdown, Format::kText, Format::kHtml}) {
    const std::string out = Render(digest, f);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\0') == std::string::npos);
  }
}

}  // namespace
}  // namespace tidings::digest
