// Hostile input ends in bounded time and memory with a clear outcome: a 50 MB page, 100,000
// levels of nesting (gumbo 0.10.1 has no depth limit of its own), runaway formatting tags, and
// random bytes.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

#include "extract/extract.h"

namespace tidings::extract {
namespace {

using Clock = std::chrono::steady_clock;

// Generous: sanitizer builds on a loaded machine. Unbounded behaviour takes minutes or crashes.
constexpr auto kBound = std::chrono::seconds(60);

std::string Repeat(const std::string& part, std::size_t times) {
  std::string out;
  out.reserve(part.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += part;
  return out;
}

Article ExtractWithin(const std::string& page) {
  auto start = Clock::now();
  Result<Article> article = Extract(page, {});
  CHECK(Clock::now() - start < kBound);
  REQUIRE(article.ok());
  return *article;
}

TEST_CASE("100,000 nested elements", "[extract][bounds]") {
  const std::string text = "<p>Deep inside the page there is still a paragraph of real text.</p>";
  for (const char* tag : {"<div>", "<span>", "<b>", "<i><b>", "<table><tr><td>", "<ul><li>"}) {
    INFO(tag);
    Article a = ExtractWithin(Repeat(tag, 100000) + text);
    CHECK(a.truncated);  // flattened
    CHECK(a.text.find("Deep inside the page") != std::string::npos);
  }
}

TEST_CASE("a 50 MB page", "[extract][bounds]") {
  const std::string paragraph =
      "<p>This paragraph is repeated until the page weighs fifty megabytes, as a runaway "
      "page generator might do it, and the extractor must still come back.</p>\n";
  std::string page = "<html><body><article>" +
                     Repeat(paragraph, (50u << 20) / paragraph.size() - 1) + "</article>";
  REQUIRE(page.size() <= ExtractOptions{}.max_bytes);
  Article a = ExtractWithin(page);
  CHECK(a.kind == PageKind::kArticle);
  CHECK(a.text.find("runaway page generator") != std::string::npos);
}

TEST_CASE("a 50 MB page of tiny elements is cut, not parsed whole", "[extract][bounds]") {
  std::string page = "<p>The start of the page is parsed and extracted as usual.</p>" +
                     Repeat("<i>x</i> ", (50u << 20) / 9 - 10);
  Article a = ExtractWithin(page);
  CHECK(a.truncated);  // more tags than are parsed
  CHECK(a.text.find("The start of the page is parsed") != std::string::npos);
}

TEST_CASE("a page of one huge tag and one huge text", "[extract][bounds]") {
  std::string tag = "<div " + Repeat("a=b ", 2'000'000) + ">";
  Article a = ExtractWithin(tag + "<p>" + Repeat("word ", 2'000'000) + "</p>");
  CHECK(a.text.size() > 8'000'000);
}

TEST_CASE("random bytes", "[extract][bounds]") {
  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    std::string bytes(1 << 16, '\0');
    for (char& c : bytes)
      c = static_cast<char>(random() % 255 + 1);  // no NUL: not obviously binary
    auto start = Clock::now();
    Result<Article> a = Extract(bytes, {});
    CHECK(Clock::now() - start < kBound);
    CHECK((a.ok() || a.status().code() == StatusCode::kInvalid));
  }
}

}  // namespace
}  // namespace tidings::extract
