// Atom 0.3 and 1.0 feeds and entries.
#include <charconv>

#include "feed/draft.h"
#include "feed/formats.h"
#include "feed/xml_text.h"

namespace tidings::feed {
namespace {

// An element of Atom itself; an unprefixed element of a feed that forgot its namespace counts.
bool IsCore(const XmlContext& ctx, pugi::xml_node node) {
  Ns ns = ctx.ElementNs(node.name());
  return ns == Ns::kAtom10 || ns == Ns::kAtom03 ||
         (ns == Ns::kNone && XmlContext::FindColon(node.name()) == nullptr);
}

void ReadEntryElement(XmlContext& ctx, pugi::xml_node node, ItemDraft& draft,
                      std::string_view where) {
  std::string_view local = XmlContext::LocalName(node.name());
  if (local == "id") {
    draft.id.Offer(0, Trimmed(NodeText(node)));
  } else if (local == "title") {
    draft.title.Offer(0, AtomPlainText(ctx, node));
  } else if (local == "link") {
    ReadAtomItemLink(ctx, node, 0, draft);
  } else if (local == "summary") {
    draft.summary.Offer(0, AtomHtml(ctx, node));
  } else if (local == "content") {
    if (node.attribute("src")) {
      // Out-of-line content: the item's only link may be here.
      std::string src = ctx.LinkUrl(node.attribute("src").value());
      if (!src.empty()) draft.link.Offer(5, src);
    } else {
      draft.content.Offer(0, AtomHtml(ctx, node));
    }
  } else if (local == "published" || local == "issued") {
    OfferDate(ctx, draft.published, local == "published" ? 0 : 1, node, where);
  } else if (local == "created") {
    OfferDate(ctx, draft.published, 2, node, where);
  } else if (local == "updated" || local == "modified") {
    OfferDate(ctx, draft.updated, local == "updated" ? 0 : 1, node, where);
  } else if (local == "author") {
    Person person = AtomPerson(node);
    draft.author_name.Offer(0, person.name);
    draft.author_email.Offer(0, person.email);
  } else if (local == "category") {
    std::optional<std::string> term = Trimmed(node.attribute("term").value());
    draft.AddCategory(term ? term : Trimmed(node.attribute("label").value()));
  }
}

// The author of an entry's <source> (the feed an aggregator copied it from).
Person SourceAuthor(XmlContext& ctx, pugi::xml_node entry) {
  for (pugi::xml_node child = entry.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    XmlContext::ElementScope scope(ctx, child);
    if (!IsCore(ctx, child) || XmlContext::LocalName(child.name()) != "source") continue;
    for (pugi::xml_node field = child.first_child(); field; field = field.next_sibling()) {
      if (field.type() == pugi::node_element && IsCore(ctx, field) &&
          XmlContext::LocalName(field.name()) == "author") {
        return AtomPerson(field);
      }
    }
  }
  return {};
}

// Reads an <entry>; the caller has entered its scope.
Item ReadEntry(XmlContext& ctx, pugi::xml_node node, std::size_t index, const Person& feed_author) {
  // "entry 12", for warnings: written without fmt, which cost more than the rest of a short entry.
  char where_buffer[32] = "entry ";
  char* where_end =
      std::to_chars(where_buffer + 6, where_buffer + sizeof(where_buffer), index + 1).ptr;
  std::string_view where(where_buffer, static_cast<std::size_t>(where_end - where_buffer));
  ItemDraft draft;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    XmlContext::ElementScope scope(ctx, child);
    if (IsCore(ctx, child)) {
      ReadEntryElement(ctx, child, draft, where);
    } else {
      ReadItemExtension(ctx, child, ctx.ElementNs(child.name()), draft, where);
    }
  }
  // Atom: an entry without an author has its <source>'s, else the feed's (RFC 4287 4.2.1).
  if (!draft.author_name.has_value() && !draft.author_email.has_value()) {
    Person source_author = SourceAuthor(ctx, node);
    draft.author_name.Offer(8, source_author.name);
    draft.author_email.Offer(8, source_author.email);
  }
  if (!draft.author_name.has_value() && !draft.author_email.has_value()) {
    draft.author_name.Offer(9, feed_author.name);
    draft.author_email.Offer(9, feed_author.email);
  }
  return draft.Finish();
}

void ReadFeedElement(XmlContext& ctx, pugi::xml_node node, FeedDraft& draft, Feed* feed) {
  std::string_view local = XmlContext::LocalName(node.name());
  if (local == "title") {
    draft.title.Offer(0, AtomPlainText(ctx, node));
  } else if (local == "subtitle" || local == "tagline") {
    draft.subtitle.Offer(0, AtomPlainText(ctx, node));
  } else if (local == "link") {
    std::string rel = AtomLinkRel(node);
    std::string href = ctx.LinkUrl(node.attribute("href").value());
    if (href.empty()) return;
    if (rel == "alternate") {
      std::string_view type = node.attribute("type").value();
      draft.link.Offer(type.empty() || type == "text/html" ? 0 : 1, href);
    } else if (rel == "self" && !feed->self_link) {
      feed->self_link = href;
    }
  } else if (local == "updated" || local == "modified") {
    OfferDate(ctx, draft.updated, local == "updated" ? 0 : 1, node, "feed");
  } else if (local == "published") {
    OfferDate(ctx, draft.updated, 2, node, "feed");  // YouTube's feeds have only this
  } else if (local == "author") {
    Person person = AtomPerson(node);
    draft.author_name.Offer(0, person.name);
    draft.author_email.Offer(0, person.email);
  } else if (local == "logo" || local == "icon") {
    std::string url = ctx.LinkUrl(NodeText(node));
    if (!url.empty()) draft.image.Offer(local == "logo" ? 0 : 1, url);
  }
}

// The feed-level author, read before the entries so that entries can inherit it.
Person FeedAuthor(XmlContext& ctx, pugi::xml_node root) {
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    XmlContext::ElementScope scope(ctx, child);
    if (IsCore(ctx, child) && XmlContext::LocalName(child.name()) == "author") {
      return AtomPerson(child);
    }
  }
  return {};
}

// The number of entries among the children of `root`, exactly as ReadAtom will find them (the
// caller has entered its scope): the items vector is allocated once, instead of moving every
// entry read so far as it grows, and never beyond what it will hold.
std::size_t CountEntries(XmlContext& ctx, pugi::xml_node root) {
  std::size_t count = 0;
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    XmlContext::ElementScope scope(ctx, child);
    count += IsCore(ctx, child) && XmlContext::LocalName(child.name()) == "entry";
  }
  return count;
}

}  // namespace

void ReadAtom(pugi::xml_node root, XmlContext& ctx, Feed* feed) {
  XmlContext::ElementScope root_scope(ctx, root);
  FeedDraft draft;
  if (const char* lang = root.attribute("xml:lang").value(); *lang) {
    draft.language.Offer(0, Trimmed(lang));
  }
  Person feed_author = FeedAuthor(ctx, root);
  if (XmlContext::LocalName(root.name()) == "entry") {
    // An Atom entry document (RFC 4287 4.1.2): a feed of one.
    feed->items.push_back(ReadEntry(ctx, root, 0, feed_author));
    return;
  }
  feed->items.reserve(CountEntries(ctx, root));
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    // Entered before looking at the name: an entry may declare its own prefix.
    XmlContext::ElementScope scope(ctx, child);
    if (IsCore(ctx, child) && XmlContext::LocalName(child.name()) == "entry") {
      feed->items.push_back(ReadEntry(ctx, child, feed->items.size(), feed_author));
      continue;
    }
    if (IsCore(ctx, child)) {
      ReadFeedElement(ctx, child, draft, feed);
    } else {
      ReadFeedExtension(ctx, child, ctx.ElementNs(child.name()), draft, feed);
    }
  }
  draft.Finish(feed);
}

}  // namespace tidings::feed
