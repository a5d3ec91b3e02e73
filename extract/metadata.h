// Metadata found on an article page: <title>, <meta name/property/itemprop> (HTML, OpenGraph,
// Twitter, Dublin Core), <link rel=canonical>, <html lang> and JSON-LD (schema.org Article and
// its kinds, also inside @graph). OpenGraph and JSON-LD win over plain HTML, as they are written
// for machines. Internal to extract/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"
#include "extract/extract.h"

namespace tidings::extract {

struct PageFacts {
  PageMetadata metadata;
  std::string html_title;                   // the <title> text, for headline matching
  std::optional<std::string> article_body;  // JSON-LD articleBody, as plain text
  bool not_accessible_for_free = false;     // JSON-LD isAccessibleForFree: false
  bool noarchive = false;                   // <meta name=robots content=noarchive>
};

PageFacts ReadPageFacts(const DomIndex& dom, const std::vector<std::string>& json_ld,
                        std::string_view url);

}  // namespace tidings::extract
