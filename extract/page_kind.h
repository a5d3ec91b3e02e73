// Pages that are not the article: a consent wall, a paywall stub, a bot challenge (Cloudflare's
// "Just a moment...", a captcha), or nothing readable. Detection is conservative: it needs a
// short extracted text AND a clear marker, so that an article that mentions cookies or captchas
// stays an article. Internal to extract/.
#pragma once

#include <cstddef>
#include <string_view>

#include "extract/extract.h"

namespace tidings::extract {

struct PageSignals {
  std::string_view url;
  std::string_view title;         // the <title> text
  std::string_view page;          // the whole page as UTF-8, markup and scripts included
  std::string_view visible_text;  // all visible text of the body, boilerplate included
  std::size_t article_chars = 0;  // visible characters of the extracted text
  bool not_accessible_for_free = false;
};

PageKind DetectPageKind(const PageSignals& signals);

// Below this many visible characters the extracted text is "short" and the page is checked.
inline constexpr std::size_t kShortArticleChars = 1500;

}  // namespace tidings::extract
