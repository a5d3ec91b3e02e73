#include "storage/item_row.h"

#include <nlohmann/json.hpp>

#include "base/ascii.h"
#include "base/canonical_url.h"
#include "base/url.h"
#include "storage/ingest.h"

namespace tidings::storage {
namespace {

constexpr std::int64_t kFutureSlack = 24 * 3600;
constexpr std::size_t kMinStoryFingerprint = 80;  // bytes of title + text

// Folds into `hash` the text with runs of white space made one space and ASCII lower-cased.
std::uint64_t FoldNormalized(std::string_view text, std::uint64_t hash) {
  bool pending_space = false;
  bool any = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) {
      hash = (hash ^ static_cast<unsigned char>(' ')) * 0x100000001b3ULL;
      pending_space = false;
    }
    hash = (hash ^ static_cast<unsigned char>(AsciiLower(c))) * 0x100000001b3ULL;
    any = true;
  }
  return hash;
}

std::string CategoriesJson(const feed::Item& item) {
  return nlohmann::json(item.categories)
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string EnclosuresJson(const feed::Item& item) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const feed::Enclosure& e : item.enclosures) {
    nlohmann::ordered_json entry = {{"url", e.url}};
    entry["type"] = e.type ? nlohmann::ordered_json(*e.type) : nlohmann::ordered_json(nullptr);
    entry["length"] =
        e.length ? nlohmann::ordered_json(*e.length) : nlohmann::ordered_json(nullptr);
    list.push_back(std::move(entry));
  }
  return list.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The parser falls back to the link or a hash when the document has no id; those are not guids.
std::optional<std::string> DocumentGuid(const feed::Item& item) {
  if (item.id.starts_with("hash:")) return std::nullopt;
  if (item.link && item.id == *item.link) return std::nullopt;
  if (!item.enclosures.empty() && item.id == item.enclosures.front().url) return std::nullopt;
  return item.id;
}

}  // namespace

std::int64_t ContentHash(std::string_view title, std::string_view text) {
  std::uint64_t hash = FoldNormalized(title, 0xcbf29ce484222325ULL);
  hash = (hash ^ '\n') * 0x100000001b3ULL;
  hash = FoldNormalized(text, hash);
  return static_cast<std::int64_t>(hash);
}

std::int64_t ItemTime(std::optional<std::int64_t> published, std::optional<std::int64_t> updated,
                      std::int64_t first_seen) {
  std::optional<std::int64_t> date = published ? published : updated;
  if (!date || *date > first_seen + kFutureSlack) return first_seen;
  return *date;
}

bool HashIdentifiesStory(std::string_view title, std::string_view text) {
  return title.size() + text.size() >= kMinStoryFingerprint;
}

ItemRow MakeItemRow(const feed::Item& item, const feed::Feed& feed, std::int64_t now) {
  return MakeItemRow(item, feed, now, ItemText(item));
}

ItemRow MakeItemRow(const feed::Item& item, const feed::Feed& feed, std::int64_t now,
                    std::string text) {
  ItemRow row;
  row.item_key = item.id;
  row.guid = DocumentGuid(item);
  row.link = item.link;
  if (item.link && IsHttpUrl(*item.link)) row.canonical_link = CanonicalUrl(*item.link);
  row.title = item.title;
  row.author = item.author;
  row.author_email = item.author_email;
  row.published = item.published;
  row.updated = item.updated;
  row.item_time = ItemTime(item.published, item.updated, now);
  row.summary_html = item.summary;
  row.content_html = item.content;
  row.text = std::move(text);
  row.language = feed.language;
  row.categories = CategoriesJson(item);
  row.enclosures = EnclosuresJson(item);
  row.comments_url = item.comments;
  row.content_hash = ContentHash(item.title.value_or(""), row.text);
  return row;
}

}  // namespace tidings::storage
