// The readers of each feed format. Each fills `feed` (never its format or warnings) from a parsed
// document. Internal to feed/.
#pragma once

#include <pugixml.hpp>

#include <string>

#include "feed/feed.h"
#include "feed/xml_context.h"

namespace tidings::feed {

// RSS 0.9x, 1.0 and 2.0: `root` is <rss>, <rdf:RDF> or a bare <channel>.
void ReadRss(pugi::xml_node root, XmlContext& ctx, Feed* feed);

// Atom 0.3 and 1.0: `root` is <feed>.
void ReadAtom(pugi::xml_node root, XmlContext& ctx, Feed* feed);

// JSON Feed 1.0 and 1.1. Fails when `text` is not JSON or not a JSON Feed.
Status ReadJsonFeed(const std::string& text, const std::string& document_url, Feed* feed);

}  // namespace tidings::feed
