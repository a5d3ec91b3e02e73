// Metadata (HTML meta, OpenGraph, JSON-LD) and page kinds: consent walls, paywall stubs and bot
// challenges are recognized, and articles that merely mention cookies or captchas are not.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "base/file.h"
#include "extract/extract.h"

namespace tidings::extract {
namespace {

ExtractOptions WithUrl(std::string url) {
  ExtractOptions options;
  options.url = std::move(url);
  return options;
}

std::string Fixture(const std::string& name) {
  Result<std::string> bytes = ReadFile(std::string(TIDINGS_TEST_DATA) + "/extract/" + name);
  REQUIRE(bytes.ok());
  return *bytes;
}

Article ExtractOk(const std::string& page, const std::string& url = "") {
  Result<Article> article = Extract(page, WithUrl(url));
  REQUIRE(article.ok());
  return *article;
}

TEST_CASE("metadata from meta and OpenGraph tags", "[extract][metadata]") {
  Article a = ExtractOk(Fixture("news_article.html"), "https://courier.example/news/bridge?x=1");
  const PageMetadata& m = a.metadata;
  CHECK(m.title == "Town council approves new bridge");
  CHECK(m.site_name == "The Riverside Courier");
  CHECK(m.byline == "Maria Lopez");
  CHECK(m.published == "2024-03-05T09:30:00Z");
  CHECK(m.lead_image == "https://courier.example/images/bridge.jpg");  // made absolute
  CHECK(m.canonical_url == "https://courier.example/news/bridge");
  CHECK(m.language == "en");
  CHECK_FALSE(a.noarchive);
}

TEST_CASE("metadata from JSON-LD, inside @graph", "[extract][metadata]") {
  Article a = ExtractOk(Fixture("jsonld_only.html"));
  const PageMetadata& m = a.metadata;
  CHECK(m.title == "Rivers & lakes recover");  // entities decoded
  CHECK(m.byline == "Jan Berg, Eva Holm");
  CHECK(m.published == "2024-06-01T08:00:00+02:00");
  CHECK(m.lead_image == "https://shell.example/lake.jpg");
  CHECK(m.site_name == "Shell News");
  CHECK(m.language == "de");  // <html lang> first
}

TEST_CASE("broken or hostile JSON-LD is ignored", "[extract][metadata]") {
  std::string deep(100000, '[');
  std::string page =
      "<script type='application/ld+json'>{\"@type\": \"Article\", </script>"
      "<script type='application/ld+json'>" +
      deep +
      "</script>"
      "<p>The article text is still found when the structured data is broken, "
      "truncated or absurdly nested.</p>";
  Article a = ExtractOk(page);
  CHECK(a.text.find("The article text is still found") != std::string::npos);
  CHECK_FALSE(a.metadata.title.has_value());
}

TEST_CASE("noarchive is reported", "[extract][metadata]") {
  Article a = ExtractOk(
      "<meta name='robots' content='index, NoArchive'><p>Some text here that "
      "is long enough to be a paragraph of an article.</p>");
  CHECK(a.noarchive);
}

TEST_CASE("page kinds", "[extract][kind]") {
  CHECK(ExtractOk(Fixture("consent_wall.html")).kind == PageKind::kConsentWall);
  CHECK(ExtractOk(Fixture("cloudflare_challenge.html")).kind == PageKind::kBotChallenge);
  CHECK(ExtractOk(Fixture("captcha.html")).kind == PageKind::kBotChallenge);
  CHECK(ExtractOk(Fixture("paywall_stub.html")).kind == PageKind::kPaywall);
  CHECK(ExtractOk("<html><body><div id=app></div></body></html>").kind == PageKind::kNoContent);
  CHECK(ExtractOk("<p>x</p>", "https://consent.example.com/?continue=1").kind ==
        PageKind::kConsentWall);
}

TEST_CASE("page kinds are detected conservatively", "[extract][kind]") {
  // An article about cookies, consent and captchas is an article.
  Article cookies = ExtractOk(Fixture("mentions_cookies.html"));
  CHECK(cookies.kind == PageKind::kArticle);
  CHECK(cookies.text.find("small piece of data") != std::string::npos);
  // A full article with a cookie banner and a subscribe box is an article.
  CHECK(ExtractOk(Fixture("news_article.html")).kind == PageKind::kArticle);
  // A title alone is not a challenge.
  Article moment = ExtractOk(
      "<title>Just a moment with the mayor</title><p>The mayor spoke "
      "for a moment about the budget, and then took questions from "
      "the reporters who had waited outside.</p>");
  CHECK(moment.kind == PageKind::kArticle);
}

TEST_CASE("page kind names", "[extract][kind]") {
  CHECK(PageKindName(PageKind::kArticle) == "article");
  CHECK(PageKindName(PageKind::kConsentWall) == "consent_wall");
  CHECK(PageKindName(PageKind::kPaywall) == "paywall");
  CHECK(PageKindName(PageKind::kBotChallenge) == "bot_challenge");
  CHECK(PageKindName(PageKind::kNoContent) == "no_content");
}

}  // namespace
}  // namespace tidings::extract
