#include "cli/feed_discovery.h"

#include <algorithm>

#include "base/ascii.h"
#include "base/html_entities.h"
#include "base/url.h"

namespace tidings::cli {
namespace {

constexpr std::size_t kMaxScan = 1 << 20;

struct Attribute {
  std::string name, value;
};

// Reads the attributes of the tag whose name ends at `pos`, up to its '>'; moves `pos` past it.
std::vector<Attribute> ReadAttributes(std::string_view html, std::size_t& pos) {
  std::vector<Attribute> attributes;
  while (pos < html.size() && html[pos] != '>') {
    if (IsAsciiSpace(html[pos]) || html[pos] == '/') {
      ++pos;
      continue;
    }
    std::size_t start = pos;
    while (pos < html.size() && !IsAsciiSpace(html[pos]) && html[pos] != '=' && html[pos] != '>')
      ++pos;
    Attribute attribute;
    for (char c : html.substr(start, pos - start)) attribute.name += AsciiLower(c);
    while (pos < html.size() && IsAsciiSpace(html[pos])) ++pos;
    if (pos < html.size() && html[pos] == '=') {
      ++pos;
      while (pos < html.size() && IsAsciiSpace(html[pos])) ++pos;
      char quote = pos < html.size() && (html[pos] == '"' || html[pos] == '\'') ? html[pos] : 0;
      if (quote) ++pos;
      std::size_t value_start = pos;
      while (pos < html.size() &&
             (quote ? html[pos] != quote : !IsAsciiSpace(html[pos]) && html[pos] != '>'))
        ++pos;
      attribute.value = std::string(html.substr(value_start, pos - value_start));
      if (quote && pos < html.size()) ++pos;
    }
    if (!attribute.name.empty()) attributes.push_back(std::move(attribute));
  }
  if (pos < html.size()) ++pos;
  return attributes;
}

std::string Get(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& a : attributes) {
    if (a.name == name) return a.value;
  }
  return "";
}

bool IsFeedType(std::string type) {
  for (char& c : type) c = AsciiLower(c);
  type = std::string(TrimAsciiSpace(type.substr(0, type.find(';'))));
  return type == "application/rss+xml" || type == "application/atom+xml" ||
         type == "application/feed+json" || type == "application/json" ||
         type == "application/rdf+xml" || type == "text/xml" || type == "application/xml";
}

bool HasAlternate(std::string rel) {
  for (char& c : rel) c = AsciiLower(c);
  std::size_t start = 0;
  while (start < rel.size()) {
    std::size_t end = rel.find(' ', start);
    if (end == std::string::npos) end = rel.size();
    if (rel.substr(start, end - start) == "alternate") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url) {
  html = html.substr(0, std::min(html.size(), kMaxScan));
  std::vector<DiscoveredFeed> feeds;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    ++pos;
    std::size_t name_start = pos;
    while (pos < html.size() &&
           (std::isalnum(static_cast<unsigned char>(html[pos])) || html[pos] == '/'))
      ++pos;
    std::string name;
    for (char c : html.substr(name_start, pos - name_start)) name += AsciiLower(c);
    if (name == "/head" || name == "body") break;
    if (name != "link") continue;
    std::vector<Attribute> attributes = ReadAttributes(html, pos);
    if (!HasAlternate(Get(attributes, "rel")) || !IsFeedType(Get(attributes, "type"))) continue;
    std::string href = DecodeHtmlEntities(Get(attributes, "href"));
    if (href.empty()) continue;
    std::string url = ResolveUrl(page_url, href);
    if (!IsHttpUrl(url)) continue;
    bool seen = std::any_of(feeds.begin(), feeds.end(),
                            [&](const DiscoveredFeed& f) { return f.url == url; });
    if (!seen) feeds.push_back({url, DecodeHtmlEntities(Get(attributes, "title"))});
  }
  return feeds;
}

}  // namespace tidings::cli
