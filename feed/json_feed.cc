// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/html_text.h"
#include "base/url.h"
#include "feed/date.h"
#include "feed/draft.h"
#include "feed/formats.h"
#include "feed/html_urls.h"
#include "feed/xml_text.h"

namespace tidings::feed {
namespace {

using Json = nlohmann::json;

std::optional<std::string> String(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_string()) return Trimmed(it->get_ref<const std::string&>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return std::nullopt;
}

std::optional<std::string> Link(const Json& object, const char* key, const std::string& base) {
  std::optional<std::string> raw = String(object, key);  // trimmed; nullopt when blank
  if (!raw) return std::nullopt;
  std::string url = ResolveUrl(base, *raw);
  if (IsHttpUrl(url) || (!HasScheme(url) && !url.empty())) return url;
  return std::nullopt;
}

// JSON Feed's titles and names are plain text by its spec: "The <dialog> element" stays as it is.
std::optional<std::string> Plain(const Json& object, const char* key) {
  std::optional<std::string> text = String(object, key);
  if (!text) return std::nullopt;
  return Trimmed(CollapseWhitespace(*text));
}

std::optional<std::string> Html(const Json& object, const char* key, const std::string& base) {
  std::optional<std::string> html = String(object, key);
  if (!html) return std::nullopt;
  return ResolveHtmlUrls(std::move(*html), base);
}

std::optional<Time> Date(const Json& object, const char* key, std::string_view where,
                         std::vector<std::string>* warnings) {
  std::optional<std::string> text = String(object, key);
  if (!text) return std::nullopt;
  Result<Time> time = ParseFeedDate(*text);
  if (time.ok()) return *time;
  warnings->push_back(fmt::format("{}: {} \"{}\" is not a usable date ({}); left empty", where, key,
                                  text->substr(0, 60), time.status().message()));
  return std::nullopt;
}

// JSON Feed 1.1 "authors" (a list) or 1.0 "author" (one object).
Person Author(const Json& object) {
  const Json* author = nullptr;
  if (auto it = object.find("authors"); it != object.end() && it->is_array() && !it->empty()) {
    author = &(*it)[0];
  } else if (auto one = object.find("author"); one != object.end()) {
    author = &*one;
  }
  Person person;
  if (!author || !author->is_object()) return person;
  person.name = Plain(*author, "name");
  return person;
}

Item ReadItem(const Json& object, std::size_t index, const std::string& base,
              const Person& feed_author, std::vector<std::string>* warnings) {
  std::string where = fmt::format("item {}", index + 1);
  Item item;
  item.id = String(object, "id").value_or("");
  item.title = Plain(object, "title");
  item.link = Link(object, "url", base);
  if (!item.link) item.link = Link(object, "external_url", base);
  item.summary = Html(object, "summary", base);
  item.content = Html(object, "content_html", base);
  if (!item.content) {
    if (std::optional<std::string> text = String(object, "content_text")) {
      item.content = EscapeHtml(*text);
    }
  }
  item.published = Date(object, "date_published", where, warnings);
  item.updated = Date(object, "date_modified", where, warnings);
  // JSON Feed: an item without authors has the feed's.
  Person author = Author(object);
  item.author = author.name ? std::move(author.name) : feed_author.name;
  ItemDraft lists;  // the same de-duplication as RSS categories and enclosures
  if (auto tags = object.find("tags"); tags != object.end() && tags->is_array()) {
    for (const Json& tag : *tags) {
      if (tag.is_string()) lists.AddCategory(Trimmed(tag.get_ref<const std::string&>()));
    }
  }
  if (auto list = object.find("attachments"); list != object.end() && list->is_array()) {
    for (const Json& attachment : *list) {
      if (!attachment.is_object()) continue;
      std::optional<std::string> url = Link(attachment, "url", base);
      if (!url) continue;
      Enclosure enclosure{std::move(*url), String(attachment, "mime_type"), std::nullopt};
      if (auto size = attachment.find("size_in_bytes");
          size != attachment.end() && size->is_number_unsigned()) {
        enclosure.length = size->get<std::int64_t>();
      }
      lists.AddEnclosure(std::move(enclosure));
    }
  }
  item.categories = std::move(lists.item.categories);
  item.enclosures = std::move(lists.item.enclosures);
  return item;
}

// A jsonfeed.org version; or, for feeds that leave it out, items that carry JSON Feed content
// fields (an API response with an "items" list is not a feed).
bool IsJsonFeed(const Json& doc) {
  if (String(doc, "version").value_or("").find("jsonfeed.org") != std::string::npos) return true;
  auto items = doc.find("items");
  if (items == doc.end() || !items->is_array()) return false;
  for (const Json& item : *items) {
    if (item.is_object() && (item.contains("content_html") || item.contains("content_text"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Status ReadJsonFeed(const std::string& text, const std::string& document_url, Feed* feed) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidError("not a feed: the document is neither XML nor JSON");
  if (!doc.is_object()) return InvalidError("not a feed: JSON that is not a JSON Feed object");
  auto items = doc.find("items");
  if (!IsJsonFeed(doc)) {
    return InvalidError("not a feed: JSON without a JSON Feed \"version\"");
  }
  std::string base = document_url.empty() ? Link(doc, "feed_url", "").value_or("") : document_url;
  feed->format = Format::kJson;
  feed->title = Plain(doc, "title");
  feed->link = Link(doc, "home_page_url", base);
  feed->self_link = Link(doc, "feed_url", base);
  feed->subtitle = Plain(doc, "description");
  feed->language = String(doc, "language");
  feed->image = Link(doc, "icon", base);
  if (!feed->image) feed->image = Link(doc, "favicon", base);
  Person author = Author(doc);
  feed->author = author.name;
  if (items != doc.end() && items->is_array()) {
    for (const Json& item : *items) {
      if (item.is_object()) {
        feed->items.push_back(ReadItem(item, feed->items.size(), base, author, &feed->warnings));
      }
    }
  }
  return Status::Ok();
}

}  // namespace tidings::feed
