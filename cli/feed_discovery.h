// Finding the feeds an HTML page announces: <link rel="alternate" type="application/rss+xml"
// href="..."> (and Atom, JSON Feed, RDF), as browsers and readers do. Pure: text in, URLs out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tidings::cli {

struct DiscoveredFeed {
  std::string url;    // absolute, resolved against the page's URL
  std::string title;  // the link's title attribute, may be empty
};

// The alternate feed links of `html`, in document order, without duplicates. Stops at </head>
// (or after 1 MB) since the links belong in the head.
std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url);

}  // namespace tidings::cli
