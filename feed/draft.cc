#include "feed/draft.h"

#include <fmt/format.h>
#include <strings.h>

#include <limits>

#include "base/ascii.h"
#include "base/html_entities.h"
#include "base/html_text.h"
#include "feed/date.h"
#include "feed/xml_text.h"

namespace tidings::feed {
namespace {

bool LooksLikeEmail(std::string_view s) {
  std::size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find(' ') == std::string_view::npos;
}

std::optional<std::string> NonEmpty(std::string_view s) {
  s = TrimAsciiSpace(s);
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

// Shortens a date string for a warning: feeds can hold megabytes in a date element.
std::string Excerpt(std::string_view s) {
  s = TrimAsciiSpace(s);
  if (s.size() <= 60) return std::string(s);
  return std::string(s.substr(0, 57)) + "...";
}

}  // namespace

std::optional<std::int64_t> ParseCount(std::string_view text) {
  text = TrimAsciiSpace(text);
  if (text.empty() || text.size() > 24) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string_view WithoutMailto(std::string_view address) {
  if (address.size() > 7 && strncasecmp(address.data(), "mailto:", 7) == 0)
    address.remove_prefix(7);
  return address;
}

// A name as feeds write it, which may hold markup or character references ("<a>Ann</a>").
std::optional<std::string> PlainName(std::string_view text) {
  std::string name = LooksLikeHtml(text) ? HtmlToText(text) : CollapseWhitespace(text);
  if (name.empty()) return std::nullopt;
  return name;
}

Person ParsePersonText(std::string_view raw) {
  // References first: "John Doe &lt;jdoe@example.com&gt;" is as common as the plain form.
  std::string decoded;  // only when there is something to decode: most names are used as read
  std::string_view text = raw;
  if (raw.find('&') != std::string_view::npos) {
    decoded = DecodeHtmlEntities(raw);
    text = decoded;
  }
  text = TrimAsciiSpace(text);
  Person person;
  if (text.empty()) return person;
  std::size_t open = text.find('(');
  std::size_t lt = text.rfind('<');
  if (open != std::string_view::npos && text.back() == ')') {
    // "jdoe@example.com (John Doe)", and the other way round.
    std::string_view before = TrimAsciiSpace(text.substr(0, open));
    std::string_view inside = TrimAsciiSpace(text.substr(open + 1, text.size() - open - 2));
    if (LooksLikeEmail(before)) {
      person.email = NonEmpty(WithoutMailto(before));
      person.name = PlainName(inside);
      return person;
    }
    if (LooksLikeEmail(inside)) {
      person.email = NonEmpty(WithoutMailto(inside));
      person.name = PlainName(before);
      return person;
    }
  }
  if (lt != std::string_view::npos && text.back() == '>') {
    // "John Doe <jdoe@example.com>"
    std::string_view inside = TrimAsciiSpace(text.substr(lt + 1, text.size() - lt - 2));
    if (LooksLikeEmail(inside)) {
      person.email = NonEmpty(WithoutMailto(inside));
      std::string_view name = TrimAsciiSpace(text.substr(0, lt));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      }
      person.name = PlainName(name);
      return person;
    }
  }
  if (LooksLikeEmail(text)) {
    person.email = std::string(WithoutMailto(text));
    return person;
  }
  person.name = PlainName(text);
  return person;
}

void ItemDraft::AddCategory(std::optional<std::string> category) {
  if (!category) return;
  // Items carry a few categories: one allocation for the usual two to four, not three.
  if (item.categories.empty()) item.categories.reserve(4);
  for (const std::string& known : item.categories) {
    if (known == *category) return;
  }
  item.categories.push_back(std::move(*category));
}

void ItemDraft::AddEnclosure(Enclosure enclosure) {
  if (enclosure.url.empty()) return;
  for (Enclosure& known : item.enclosures) {
    if (known.url != enclosure.url) continue;
    if (!known.type) known.type = std::move(enclosure.type);
    if (!known.length) known.length = enclosure.length;
    return;
  }
  item.enclosures.push_back(std::move(enclosure));
}

Item ItemDraft::Finish() {
  if (id.has_value()) item.id = std::move(*id.get());
  item.title = std::move(title.get());
  item.link = std::move(link.get());
  item.author = std::move(author_name.get());
  item.author_email = std::move(author_email.get());
  item.summary = std::move(summary.get());
  item.content = std::move(content.get());
  item.published = published.get();
  item.updated = updated.get();
  return std::move(item);
}

std::string AtomLinkRel(pugi::xml_node link) {
  std::string rel = AsciiLower(TrimAsciiSpace(link.attribute("rel").value()));
  constexpr std::string_view kIana = "http://www.iana.org/assignments/relation/";
  if (rel.starts_with(kIana)) rel.erase(0, kIana.size());
  return rel.empty() ? "alternate" : rel;
}

void FeedDraft::Finish(Feed* feed) {
  feed->title = std::move(title.get());
  feed->link = std::move(link.get());
  feed->subtitle = std::move(subtitle.get());
  feed->language = std::move(language.get());
  feed->updated = updated.get();
  feed->author = std::move(author_name.get());
  feed->author_email = std::move(author_email.get());
  feed->image = std::move(image.get());
}

void OfferDate(XmlContext& ctx, Ranked<Time>& slot, int rank, pugi::xml_node node,
               std::string_view where) {
  NodeText text(node);
  if (TrimAsciiSpace(text).empty()) return;
  Result<Time> time = ParseFeedDate(text);
  if (time.ok()) {
    slot.Offer(rank, *time);
    return;
  }
  ctx.Warn(fmt::format("{}: <{}> \"{}\" is not a usable date ({}); left empty", where, node.name(),
                       Excerpt(text), time.status().message()));
}

Person AtomPerson(pugi::xml_node node) {
  Person person;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view local = XmlContext::LocalName(child.name());
    if (local == "name") {
      person.name = PlainText(child);
    } else if (local == "email") {
      person.email = Trimmed(NodeText(child));
    }
  }
  if (!person.name && !person.email) {
    // <author>John Doe</author>, as some feeds write it.
    person = ParsePersonText(NodeText(node));
  }
  return person;
}

}  // namespace tidings::feed
