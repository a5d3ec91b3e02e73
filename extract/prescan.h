// A fast pass over the page before gumbo parses it. It drops what the extractor never reads
// (script, style, svg, template, noscript, iframe content; comments), which halves gumbo's work
// on a typical page, keeps JSON-LD blocks for the metadata, and bounds the tree gumbo will build:
// gumbo 0.10.1 has no depth limit, its "in scope" checks are linear in the depth (quadratic over
// a deeply nested page) and it frees the tree recursively. So start tags that would nest deeper
// than kMaxDepth, or open more than kMaxFormatting formatting elements (b, i, font ...), are
// dropped (their text is kept, as browsers flatten such pages), attributes of an overlong tag are
// dropped, and the page is cut after kMaxTags tags. Internal to extract/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::extract {

inline constexpr std::size_t kMaxDepth = 400;
inline constexpr std::size_t kMaxFormatting = 40;
inline constexpr std::size_t kMaxTags = 400000;
inline constexpr std::size_t kMaxTagBytes = 16 * 1024;
inline constexpr std::size_t kMaxJsonLdBytes = 1024 * 1024;

struct Prescanned {
  std::string html;                  // what gumbo parses
  std::vector<std::string> json_ld;  // contents of <script type="application/ld+json">
  bool truncated = false;            // more than kMaxTags tags: the rest was dropped
  bool flattened = false;            // tags were dropped to bound nesting
  bool has_login_form = false;       // an <input type=password> was seen
};

Prescanned Prescan(std::string_view html);

}  // namespace tidings::extract
