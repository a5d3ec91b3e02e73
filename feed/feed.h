// The feed parser: one feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.x) in, a Feed
// out.
//
// Pure: bytes in, a value out. No file or network access, no DTD or entity expansion, bounded time,
// memory a small multiple of the input. The daemon and `tidings parse` both call Parse().
//
//   feed::ParseOptions options;
//   options.url = "https://example.org/feed.xml";        // base for relative links
//   options.content_type = "application/rss+xml; charset=utf-8";  // from the HTTP response
//   Result<feed::Feed> feed = feed::Parse(std::move(bytes), options);
//   if (!feed.ok()) { /* not a feed at all: feed.status().message() says why */ }
//
// A document that needed repair (bad encoding, undeclared entities, broken markup, impossible
// dates ...) still parses: every repair is listed in Feed::warnings. Parse() fails only when the
// input is not a feed (empty, an HTML page, some other XML or JSON document).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace tidings::feed {

enum class Format { kRss20, kRss10, kRss09x, kAtom10, kAtom03, kJson };

// "rss20", "rss10", "rss09x", "atom10", "atom03", "json".
const char* FormatName(Format format);

// Times are Unix seconds, UTC.
using Time = std::int64_t;

struct Enclosure {
  std::string url;                     // a link, as Item::link
  std::optional<std::string> type;     // MIME type as given
  std::optional<std::int64_t> length;  // bytes, when given and numeric
};

struct Item {
  // Stable identity within the feed: the guid / atom:id / JSON id when present, else the link,
  // else the first enclosure's URL, else "hash:" + 16 hex digits of FNV-1a-64 over
  // title + "\n" + content-or-summary.
  std::string id;
  std::optional<std::string> title;  // plain text
  // Absolute http(s) URL; relative only when the document gives no base to resolve it against.
  std::optional<std::string> link;
  std::optional<Time> published;
  std::optional<Time> updated;
  std::optional<std::string> author;        // plain text name
  std::optional<std::string> author_email;  // address only
  std::optional<std::string> summary;       // HTML
  std::optional<std::string> content;       // HTML
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
  std::optional<std::string> comments;         // URL of the comments page
  std::optional<std::string> comments_feed;    // wfw:commentRss: URL of a feed of comments
  std::optional<std::int64_t> comments_count;  // slash:comments / thr:total
};

struct Feed {
  Format format = Format::kRss20;
  std::optional<std::string> title;     // plain text
  std::optional<std::string> link;      // the site's home page (absolute URL)
  std::optional<std::string> subtitle;  // plain text
  std::optional<std::string> language;  // as declared, e.g. "en-us"
  std::optional<Time> updated;
  std::optional<std::string> author;
  std::optional<std::string> author_email;
  std::optional<std::string> image;         // absolute URL of the feed's logo or icon
  std::optional<std::string> self_link;     // the feed's own URL when it declares one
  std::optional<std::int64_t> ttl_minutes;  // RSS <ttl>, for the scheduler
  std::vector<std::string> warnings;        // every repair made, one line each
  std::vector<Item> items;
};

struct ParseOptions {
  std::string url;           // the document's address: base for relative links ("" if unknown)
  std::string content_type;  // HTTP Content-Type, e.g. "text/xml; charset=iso-8859-1" ("" if none)
};

// Parses one feed document. Takes the bytes by value so that a caller who moves them in spares a
// copy (the parser works in place). Fails with kInvalid only when the input is not a feed.
Result<Feed> Parse(std::string bytes, const ParseOptions& options);

}  // namespace tidings::feed
