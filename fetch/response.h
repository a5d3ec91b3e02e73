// FetchResult: what one fetch produced (fetch/fetcher.h starts fetches).
//
// `status.ok()` means an HTTP response arrived, whatever its code: a 404 or a 503 is an answer
// from the server, and the caller reads `http_status`. A failed status means no usable response:
// kIO (DNS, refused connection, TLS, timeout, truncated body, too many redirects), kTooLarge
// (the decompressed body passed FetchOptions::max_body_bytes), kInvalid (a malformed request or
// URL, a scheme other than http/https, or a connection refused by the SSRF guard), kCancelled
// (Fetcher::CancelAll or the Fetcher's destruction). The message always names the URL and the
// cause, ready for a log line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"

namespace tidings::fetch {

struct FetchResult {
  Status status;
  int http_status = 0;  // of the last response; 0 when none arrived
  // The URL that answered, after redirects (the requested URL when nothing answered).
  std::string final_url;
  // Set when there was at least one redirect, every hop was 301 or 308, and the last response
  // is 2xx or 304: the feed moved, and the caller should store this URL instead.
  std::optional<std::string> permanent_url;
  int redirects = 0;
  bool not_modified = false;  // http_status == 304: the caller's copy is current
  // The decompressed body of the last response (empty for 304). Kept for error responses too.
  std::string body;
  // Raw values of the last response's headers, when present.
  std::optional<std::string> content_type;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::string> cache_control;
  std::optional<std::string> expires;
  std::optional<std::string> retry_after;
  // X-Robots-Tag ("noarchive", "otherbot: noindex"), one line per header when there were
  // several: the article fetcher honours noarchive.
  std::optional<std::string> x_robots_tag;
  // `retry_after` in seconds from when the response arrived (an HTTP-date is converted with
  // the system clock; a date in the past gives 0). Empty when absent or unparsable.
  std::optional<std::int64_t> retry_after_seconds;
  std::int64_t elapsed_ms = 0;  // from the start of the transfer (not the wait in the queue)
};

}  // namespace tidings::fetch
