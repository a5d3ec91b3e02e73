// Fuzz target for the feed parser: any bytes, with and without a base URL and an HTTP charset,
// must end in bounded time with a Feed or an error, never a crash or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "feed/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  tidings::feed::ParseOptions options;
  // The first byte picks the options, so that one corpus covers the option paths too.
  unsigned char selector = size > 0 ? data[0] : 0;
  if (selector & 1) options.url = "http://example.org/dir/feed.xml";
  if (selector & 2) options.content_type = "text/xml; charset=windows-1252";
  if (selector & 4) options.content_type = "application/rss+xml";
  tidings::Result<tidings::feed::Feed> feed = tidings::feed::Parse(std::move(bytes), options);
  if (feed.ok()) {
    for (const tidings::feed::Item& item : feed->items) {
      if (item.id.empty()) std::abort();  // every item has an id
    }
  }
  return 0;
}
