// RSS 0.90, 0.91-0.94, 1.0 and 2.0 channels and items.
#include <charconv>

#include "base/ascii.h"
#include "feed/draft.h"
#include "feed/formats.h"
#include "feed/xml_text.h"

namespace tidings::feed {
namespace {

// An RSS element of the format itself (not of an extension): RSS 2.0 has no namespace, RSS 1.0
// and 0.90 have theirs. An unknown default namespace declared on the root (RSS 2.0 briefly had
// one) counts as RSS; one an element declares for itself does not.
bool IsCore(const XmlContext& ctx, pugi::xml_node node) {
  Ns ns = ctx.ElementNs(node.name());
  if (XmlContext::FindColon(node.name()) != nullptr) return ns == Ns::kRss10 || ns == Ns::kRss090;
  return ns == Ns::kNone || ns == Ns::kRss10 || ns == Ns::kRss090 ||
         (ns == Ns::kOther && ctx.DefaultNamespaceFromRoot());
}

std::optional<std::string> Url(const XmlContext& ctx, std::string_view raw) {
  std::string url = ctx.LinkUrl(raw);
  if (url.empty()) return std::nullopt;
  return url;
}

bool IsTrue(const char* value) {
  std::optional<std::string> v = Trimmed(value);
  return !v || *v == "true" || *v == "True" || *v == "TRUE";
}

void ReadGuid(XmlContext& ctx, pugi::xml_node node, ItemDraft& draft) {
  std::optional<std::string> guid = Trimmed(NodeText(node));
  if (!guid) return;
  // A guid is the link only when it says it is a permalink (the default) and is a web URL.
  if (draft.link.Wants(3) && IsTrue(node.attribute("isPermaLink").value()) &&
      guid->find("://") != std::string::npos) {
    std::string url = ctx.LinkUrl(*guid);
    if (url.starts_with("http")) draft.link.Offer(3, url);
  }
  draft.id.Offer(0, std::move(guid));
}

void ReadItemElement(XmlContext& ctx, pugi::xml_node node, ItemDraft& draft,
                     std::string_view where) {
  const std::string lower = AsciiLower(XmlContext::LocalName(node.name()));  // <TITLE> exists
  // Compared as a view: string_view's == checks the size first, where std::string's == with a
  // literal always calls memcmp, and this runs for every element of every item.
  const std::string_view local = lower;
  if (local == "title") {
    draft.title.Offer(0, PlainText(node));
  } else if (local == "link") {
    NodeText raw(node);
    std::string_view text = TrimAsciiSpace(raw);
    draft.link.Offer(0, Url(ctx, !text.empty() ? text : node.attribute("href").value()));
  } else if (local == "description") {
    draft.summary.Offer(0, RssHtml(ctx, node));
  } else if (local == "author") {
    Person person = ParsePersonText(NodeText(node));
    draft.author_name.Offer(1, person.name);
    draft.author_email.Offer(0, person.email);
  } else if (local == "category") {
    draft.AddCategory(PlainText(node));
  } else if (local == "comments") {
    if (!draft.item.comments) draft.item.comments = Url(ctx, NodeText(node));
  } else if (local == "enclosure") {
    std::optional<std::string> url = Url(ctx, node.attribute("url").value());
    if (url) {
      draft.AddEnclosure({std::move(*url), Trimmed(node.attribute("type").value()),
                          ParseCount(node.attribute("length").value())});
    }
  } else if (local == "guid") {
    ReadGuid(ctx, node, draft);
  } else if (local == "pubdate") {
    OfferDate(ctx, draft.published, 0, node, where);
  }
}

// Reads an <item>; the caller has entered its scope.
Item ReadItem(XmlContext& ctx, pugi::xml_node node, std::size_t index) {
  // "item 12", for warnings: written without fmt, which cost more than the rest of a short item.
  char where_buffer[32] = "item ";
  char* where_end =
      std::to_chars(where_buffer + 5, where_buffer + sizeof(where_buffer), index + 1).ptr;
  std::string_view where(where_buffer, static_cast<std::size_t>(where_end - where_buffer));
  ItemDraft draft;
  for (pugi::xml_attribute attr : node.attributes()) {
    if (XmlContext::LocalName(attr.name()) == "about" && ctx.AttributeNs(attr.name()) == Ns::kRdf) {
      draft.id.Offer(2, Trimmed(attr.value()));  // RSS 1.0: rdf:about names the item
    }
  }
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    XmlContext::ElementScope scope(ctx, child);
    if (IsCore(ctx, child)) {
      ReadItemElement(ctx, child, draft, where);
    } else {
      ReadItemExtension(ctx, child, ctx.ElementNs(child.name()), draft, where);
    }
  }
  return draft.Finish();
}

void ReadImage(XmlContext& ctx, pugi::xml_node node, FeedDraft& draft) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && XmlContext::LocalName(child.name()) == "url") {
      draft.image.Offer(0, Url(ctx, NodeText(child)));
    }
  }
  for (pugi::xml_attribute attr : node.attributes()) {
    if (XmlContext::LocalName(attr.name()) == "resource")
      draft.image.Offer(2, Url(ctx, attr.value()));
  }
}

// Elements of <channel> (and, in RSS 1.0, of <rdf:RDF> around it). Items are read by the caller.
void ReadChannelElement(XmlContext& ctx, pugi::xml_node node, FeedDraft& draft, Feed* feed) {
  if (!IsCore(ctx, node)) {
    ReadFeedExtension(ctx, node, ctx.ElementNs(node.name()), draft, feed);
    return;
  }
  const std::string lower = AsciiLower(XmlContext::LocalName(node.name()));  // <TITLE> exists
  // Compared as a view: string_view's == checks the size first, where std::string's == with a
  // literal always calls memcmp, and this runs for every element of every item.
  const std::string_view local = lower;
  if (local == "title") {
    draft.title.Offer(0, PlainText(node));
  } else if (local == "link") {
    std::optional<std::string> text = Trimmed(NodeText(node));
    if (text) draft.link.Offer(0, Url(ctx, *text));
  } else if (local == "description") {
    draft.subtitle.Offer(0, PlainText(node));
  } else if (local == "language") {
    draft.language.Offer(0, Trimmed(NodeText(node)));
  } else if (local == "lastbuilddate") {
    OfferDate(ctx, draft.updated, 0, node, "channel");
  } else if (local == "pubdate") {
    OfferDate(ctx, draft.updated, 1, node, "channel");
  } else if (local == "managingeditor") {
    // (webMaster is the technical contact: a feed service's address, never the author.)
    Person person = ParsePersonText(NodeText(node));
    draft.author_name.Offer(0, person.name);
    draft.author_email.Offer(0, person.email);
  } else if (local == "image") {
    ReadImage(ctx, node, draft);
  } else if (local == "ttl") {
    if (!feed->ttl_minutes) feed->ttl_minutes = ParseCount(NodeText(node));
  }
}

bool IsItem(const XmlContext& ctx, pugi::xml_node node) {
  return EqualsAsciiLower(XmlContext::LocalName(node.name()), "item") && IsCore(ctx, node);
}

// An upper bound on the number of items among the children of `container`: the elements named
// "item" (any prefix, any case), exact unless an item's namespace is not RSS's. The items vector
// is allocated once, instead of moving every item read so far as it grows, and never beyond the
// elements that could fill it. By name alone: entering each child's scope to check its namespace
// (as ReadContainer does) cost 2-3% of a large feed's parse.
std::size_t CountItems(pugi::xml_node container) {
  std::size_t count = 0;
  for (pugi::xml_node child = container.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    count += EqualsAsciiLower(XmlContext::LocalName(child.name()), "item");
  }
  return count;
}

// Reads one container (<channel>, or <rdf:RDF> / <rss> holding channel and items side by side);
// the caller has entered its scope. A container's channel is read (`depth` 0 -> 1), a channel's
// channel is not.
void ReadContainer(XmlContext& ctx, pugi::xml_node container, FeedDraft& draft, Feed* feed,
                   int depth = 0) {
  if (const char* lang = container.attribute("xml:lang").value(); *lang) {
    draft.language.Offer(2, Trimmed(lang));
  }
  feed->items.reserve(feed->items.size() + CountItems(container));
  for (pugi::xml_node child = container.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    // Entered before looking at the name: an item may declare its own prefix (<p:item xmlns:p>).
    XmlContext::ElementScope child_scope(ctx, child);
    if (IsItem(ctx, child)) {
      feed->items.push_back(ReadItem(ctx, child, feed->items.size()));
      continue;
    }
    std::string_view local = XmlContext::LocalName(child.name());
    if (EqualsAsciiLower(local, "channel") && IsCore(ctx, child)) {
      if (depth == 0) ReadContainer(ctx, child, draft, feed, depth + 1);
    } else if (!EqualsAsciiLower(local, "items") || !IsCore(ctx, child)) {
      // (RSS 1.0's <items> is an rdf:Seq table of contents: the items themselves follow.)
      ReadChannelElement(ctx, child, draft, feed);
    }
  }
}

}  // namespace

void ReadRss(pugi::xml_node root, XmlContext& ctx, Feed* feed) {
  XmlContext::ElementScope root_scope(ctx, root);
  FeedDraft draft;
  ReadContainer(ctx, root, draft, feed);
  draft.Finish(feed);
}

}  // namespace tidings::feed
