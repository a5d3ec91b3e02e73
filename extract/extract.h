// Main-content extraction from an article page: bytes of HTML in, the readable article out.
//
//   Result<Article> a = extract::Extract(page_bytes, {.url = "https://example.com/a",
//                                                     .content_type = "text/html; charset=utf-8"});
//   a->text;  // paragraphs separated by blank lines
//   a->html;  // sanitized HTML of the main content (extract/sanitize.h), safe to embed
//
// The page is parsed by gumbo (a full HTML5 parser: never aborts on malformed HTML). Candidate
// blocks are scored by text density, link density, punctuation and sentence shape, class/id hints
// and semantic markup (<article>, <main>, itemprop=articleBody), and siblings of the best one are
// merged; boilerplate (navigation, share bars, related links, comments, cookie and newsletter
// boxes, captions, bylines and headlines outside the body) is dropped. JSON-LD articleBody is a
// fallback only. Pure: no network, no files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::extract {

struct ExtractOptions {
  std::string url;                           // the page's address: base for relative links
  std::optional<std::string> content_type;   // the HTTP Content-Type header, for its charset
  std::size_t max_bytes = 50 * 1024 * 1024;  // larger input: kTooLarge, nothing parsed
};

// What kind of page it was. Anything but kArticle is recorded as such, not as the article.
enum class PageKind { kArticle, kConsentWall, kPaywall, kBotChallenge, kNoContent };

// "article", "consent_wall", "paywall", "bot_challenge", "no_content".
std::string_view PageKindName(PageKind kind);

struct PageMetadata {
  std::optional<std::string> title, byline, published, lead_image, language, site_name,
      canonical_url, description;
};

struct Article {
  PageKind kind = PageKind::kArticle;
  std::string text;       // plain text, paragraphs separated by one blank line
  std::string html;       // sanitized HTML of the main content
  PageMetadata metadata;  // from <meta>, OpenGraph and JSON-LD
  std::string charset;    // the charset the page was decoded from (e.g. "utf-8", "windows-1252")
  // <meta name="robots" content="noarchive">: the page asks not to be archived.
  bool noarchive = false;
  // The page was too large or too deeply nested to parse whole: its first 400,000 tags were
  // parsed, or tags nested deeper than 400 levels were flattened. The text is what was parsed.
  bool truncated = false;
};

// Extracts the main content. kTooLarge above max_bytes, kInvalid for input that is not text
// (binary). Malformed HTML is never an error.
Result<Article> Extract(std::string_view page, const ExtractOptions& options);

}  // namespace tidings::extract
