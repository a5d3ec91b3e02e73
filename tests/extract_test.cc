// The extractor on small pages written for the purpose (tests/data/extract/): what ends up in
// the article text, what stays out, paragraphs, charsets and the errors for input that is not a
// page.
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
ExtractOptions WithContentType(std::string type) {
  ExtractOptions options;
  options.content_type = std::move(type);
  return options;
}
ExtractOptions WithMaxBytes(std::size_t max_bytes) {
  ExtractOptions options;
  options.max_bytes = max_bytes;
  return options;
}

std::string Fixture(const std::string& name) {
  Result<std::string> bytes = ReadFile(std::string(TIDINGS_TEST_DATA) + "/extract/" + name);
  REQUIRE(bytes.ok());
  return *bytes;
}

Article ExtractOk(const std::string& page, ExtractOptions options = {}) {
  Result<Article> article = Extract(page, options);
  REQUIRE(article.ok());
  return *article;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("the article body is kept and boilerplate dropped", "[extract]") {
  Article a = ExtractOk(Fixture("news_article.html"), WithUrl("https://courier.example/news/b"));
  CHECK(a.kind == PageKind::kArticle);
  CHECK(Has(a.text, "The town council voted on Tuesday evening"));
  CHECK(Has(a.text, "Funding and cost"));  // a subheading inside the body stays
  CHECK(Has(a.text, "most important decision this council has taken"));
  CHECK(Has(a.text, "regular updates on the progress of the work."));
  for (const char* boilerplate :
       {"We use cookies", "Sport", "Share on Facebook", "photographed in 1998", "Related stories",
        "Cycle lane plans divide traders", "waiting for this for years", "daily newsletter",
        "All rights reserved", "By Maria Lopez", "not text", "color: red"}) {
    INFO(boilerplate);
    CHECK_FALSE(Has(a.text, boilerplate));
  }
  // The headline is metadata, not body text.
  CHECK(a.text.rfind("Town council approves new bridge", 0) != 0);
  CHECK(a.metadata.title == "Town council approves new bridge");
}

TEST_CASE("paragraphs are separated by one blank line", "[extract]") {
  Article a = ExtractOk(Fixture("news_article.html"));
  CHECK(Has(a.text, "for more than a decade.\n\nCouncillors approved the plan"));
  CHECK(Has(a.text, "Funding and cost\n\nThe project is expected"));
  CHECK_FALSE(Has(a.text, "\n\n\n"));
  CHECK(a.text.front() != '\n');
  CHECK(a.text.back() != '\n');
  CHECK_FALSE(Has(a.text, "  "));  // white space collapsed as a browser shows it
}

// A space at the end of an inline element's text separates it from the next one, as a browser
// shows it: "At </span><b>Scratch" is "At Scratch", not "AtScratch".
TEST_CASE("white space at inline element edges is kept once", "[extract]") {
  std::string paragraph =
      "<p><span>At </span><b>Scratch Culinary</b><span> we cook.</span> Fresh <i>meals</i>,"
      "<a href='/x'>delivered</a>.</p>";
  std::string page = "<html><body><article>";
  for (int i = 0; i < 6; ++i) page += paragraph;
  page += "</article></body></html>";
  Article a = ExtractOk(page);
  CHECK(Has(a.text, "At Scratch Culinary we cook. Fresh meals,delivered."));
  CHECK_FALSE(Has(a.text, "  "));
}

TEST_CASE("the html is the sanitized main content", "[extract]") {
  Article a = ExtractOk(Fixture("news_article.html"), WithUrl("https://courier.example/news/b"));
  CHECK(Has(a.html, "<p>"));
  CHECK(Has(a.html, "ending a debate that has divided residents"));
  CHECK_FALSE(Has(a.html, "<script"));
  CHECK_FALSE(Has(a.html, "Share on Facebook"));
  CHECK_FALSE(Has(a.html, "Related stories"));
}

TEST_CASE("an article split over many small containers is found whole", "[extract]") {
  Article a = ExtractOk(Fixture("split_sections.html"));
  CHECK(Has(a.text, "Tulips are planted in autumn"));
  CHECK(Has(a.text, "Choose firm, heavy bulbs"));
  CHECK(Has(a.text, "three times as deep as it is tall"));
  CHECK(Has(a.text, "makes the bulbs rot."));
  CHECK_FALSE(Has(a.text, "Privacy"));
}

TEST_CASE("hidden elements are not text", "[extract]") {
  std::string paragraph =
      "<p>A visible paragraph, long enough to count as a real paragraph of the article text, "
      "with a clause or two, so that the page is not short.</p>";
  std::string page = "<html><body><article>" + paragraph + paragraph + paragraph +
                     "<p style='display: none'>Hidden teaser text that a browser never shows "
                     "to the reader at all.</p><p hidden>Also hidden, by the attribute this "
                     "time, and never shown.</p><div class='hidden'>Hidden by a class name, "
                     "as CSS frameworks do it.</div>" +
                     paragraph + paragraph + paragraph + "</article></body></html>";
  Article a = ExtractOk(page);
  CHECK(Has(a.text, "A visible paragraph"));
  CHECK_FALSE(Has(a.text, "Hidden teaser"));
  CHECK_FALSE(Has(a.text, "Also hidden"));
  CHECK_FALSE(Has(a.text, "Hidden by a class name"));
}

TEST_CASE("hidden content is read when nothing else is there", "[extract]") {
  // Streaming renderers send the article in <div hidden> and reveal it with a script.
  std::string page =
      "<html><body><div id=root></div><div hidden id='S:0'><article><p>The article arrives in "
      "a hidden container, to be moved into place by a script that the extractor never "
      "runs.</p></article></div></body></html>";
  Article a = ExtractOk(page);
  CHECK(Has(a.text, "The article arrives in a hidden container"));
}

TEST_CASE("charsets: declared in meta, given by HTTP, or detected", "[extract][charset]") {
  SECTION("meta http-equiv windows-1252") {
    Article a = ExtractOk(Fixture("cp1252_meta.html"));
    CHECK(a.charset == "windows-1252");
    CHECK(Has(a.text, "\u201CSmart quotes\u201D and a na\u00EFve r\u00E9sum\u00E9"));
  }
  SECTION("nothing declared and not UTF-8: detected") {
    Article a = ExtractOk(Fixture("latin1_undeclared.html"));
    CHECK(Has(a.text, "caf\u00E9 on the corner serves cr\u00E8me br\u00FBl\u00E9e"));
  }
  SECTION("the HTTP header wins over meta") {
    std::string page =
        "<html><head><meta charset='windows-1252'></head><body><p>Ol\u00E1, "
        "this page is really UTF-8 and its header says so, whatever the meta "
        "says.</p></body></html>";
    Article a = ExtractOk(page, WithContentType("text/html; charset=UTF-8"));
    CHECK(a.charset == "utf-8");
    CHECK(Has(a.text, "Ol\u00E1, this page is really UTF-8"));
  }
  SECTION("UTF-8 without any declaration") {
    Article a = ExtractOk(
        "<p>Gr\u00FC\u00DFe aus M\u00FCnchen, where the page declares no "
        "charset at all but is valid UTF-8 throughout.</p>");
    CHECK(a.charset == "utf-8");
    CHECK(Has(a.text, "Gr\u00FC\u00DFe aus M\u00FCnchen"));
  }
}

TEST_CASE("malformed HTML, CSS and scripts never abort", "[extract]") {
  std::string page =
      "<html><head><style>p { color: </style><script>if (a < b) { document.write('<p>x');"
      "</script></head><body><div><p>First paragraph of the story, with an unclosed tag and "
      "<b>bold text that never ends.<p>Second paragraph, still readable, although the markup "
      "around it is broken in several ways.</i></div></span><table><td>cell";
  Article a = ExtractOk(page);
  CHECK(Has(a.text, "First paragraph of the story"));
  CHECK(Has(a.text, "Second paragraph, still readable"));
  CHECK_FALSE(Has(a.text, "document.write"));
}

TEST_CASE("JSON-LD articleBody is the fallback for a page without text", "[extract]") {
  Article a = ExtractOk(Fixture("jsonld_only.html"));
  CHECK(a.kind == PageKind::kArticle);
  CHECK(Has(a.text, "Water quality in the country's rivers and lakes has improved"));
  CHECK(Has(a.text, "environment agency.\n\nThe agency found"));
}

TEST_CASE("JSON-LD does not replace a page's own longer text", "[extract]") {
  Article a = ExtractOk(Fixture("news_article.html"));
  CHECK(Has(a.text, "The town council voted"));
}

TEST_CASE("input that is not a page is an error", "[extract]") {
  SECTION("binary") {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    Result<Article> a = Extract(png, {});
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == StatusCode::kInvalid);
    std::string nuls(1000, '\0');
    CHECK(Extract(nuls, {}).status().code() == StatusCode::kInvalid);
  }
  SECTION("larger than max_bytes") {
    Result<Article> a = Extract(std::string(2000, 'x'), WithMaxBytes(1000));
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == StatusCode::kTooLarge);
  }
  SECTION("empty") {
    Article a = ExtractOk("");
    CHECK(a.kind == PageKind::kNoContent);
    CHECK(a.text.empty());
  }
}

}  // namespace
}  // namespace tidings::extract
