// The full article behind an item: its extracted main text (searchable) and the raw page it came
// from (kept for re-extraction until retention drops it). Written by the daemon's article fetcher.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "storage/archive.h"

namespace tidings::storage {

// Sets item `id`'s extracted text (replacing any earlier one) and re-indexes it for search.
// kNotFound when there is no such item.
Status SetFullText(Archive& archive, std::int64_t id, const std::string& text, std::int64_t now);

struct RawPage {
  std::string url;  // where it was fetched from, after redirects
  std::optional<std::string> content_type;
  std::string body;
};

// Stores (or replaces) the raw page of item `id`. kNotFound when there is no such item.
Status StorePage(Archive& archive, std::int64_t id, const RawPage& page, std::int64_t now);

}  // namespace tidings::storage
