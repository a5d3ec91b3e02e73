// Internal to daemon/: the pure decisions of the article fetcher (daemon/article_fetcher.h), apart
// from its I/O so they can be tested on their own: whether a page forbids archiving, what a
// fetch or an extraction comes to, when to try again, and the metadata as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "extract/extract.h"
#include "fetch/response.h"
#include "storage/articles.h"

namespace tidings::daemon {

// The robots product token tidings answers to in robots.txt, meta robots and X-Robots-Tag.
inline constexpr std::string_view kRobotsAgent = "tidings";

// True when an X-Robots-Tag value (one header per line) says noarchive to every bot or to
// `kRobotsAgent` ("noarchive", "tidings: noarchive, nofollow"; "otherbot: noarchive" is not).
bool HeaderSaysNoArchive(std::string_view x_robots_tag);

// True when the page's <head> has <meta name="robots"|"tidings" content="...noarchive...">.
// Reads at most the first 512 KiB, stops at <body>; never fails on malformed HTML.
bool MetaSaysNoArchive(std::string_view html);

// When to try an item again after its `attempt`-th failed try (1 for the first) that is worth
// retrying: 1 h, 4 h, 16 h, then 64 h later; nullopt after the 4th (give up).
std::optional<std::int64_t> RetryTime(std::int64_t now, int attempt);

// What a fetch that brought no page to extract comes to; nullopt when there is a page (2xx) to
// go on with. `attempt` counts this try (1 for the first).
std::optional<storage::ArticleRecord> FetchOutcome(const fetch::FetchResult& fetch,
                                                   std::int64_t now, int attempt);

// What extracting a page came to. `page` is what was fetched. For an "article" the record's
// `page` is set with an empty body: the caller moves the fetched body in (no copy of the page).
storage::ArticleRecord ExtractOutcome(const Result<extract::Article>& article,
                                      const fetch::FetchResult& page, std::int64_t now,
                                      int attempt);

// The metadata as stored in articles.metadata: a JSON object of the fields found.
std::string MetadataJson(const extract::Article& article);

// True when a Content-Type is one extraction can read (HTML, XHTML, XML, plain text); an absent
// one is taken as HTML.
bool IsPageType(const std::optional<std::string>& content_type);

}  // namespace tidings::daemon
