// The extension namespaces that RSS items and Atom entries share (see draft.h).
#include <fmt/format.h>

#include <cstring>

#include "base/ascii.h"
#include "base/html_text.h"
#include "feed/draft.h"
#include "feed/xml_text.h"

namespace tidings::feed {
namespace {

std::optional<std::string> Attr(pugi::xml_node node, const char* name) {
  return Trimmed(node.attribute(name).value());
}

// media:description and itunes:summary are plain text unless they say otherwise.
std::optional<std::string> MaybeHtml(const XmlContext& ctx, pugi::xml_node node) {
  if (AsciiLower(node.attribute("type").value()) == "html") return RssHtml(ctx, node);
  std::optional<std::string> text = Trimmed(NodeText(node));
  if (!text) return std::nullopt;
  return LooksLikeHtml(*text) ? RssHtml(ctx, node) : EscapeHtml(*text);
}

void ReadMediaContent(XmlContext& ctx, pugi::xml_node node, ItemDraft& draft) {
  std::string url = ctx.LinkUrl(node.attribute("url").value());
  if (url.empty()) return;
  Enclosure enclosure{std::move(url), Attr(node, "type"),
                      ParseCount(node.attribute("fileSize").value())};
  draft.AddEnclosure(std::move(enclosure));
}

// media:content and media:group hold media elements themselves; `nested` stops the descent
// there (a hostile document nests them 100,000 deep).
bool ReadMedia(XmlContext& ctx, pugi::xml_node node, std::string_view local, ItemDraft& draft,
               bool nested = false) {
  if (local == "content" || local == "group") {
    if (local == "content") ReadMediaContent(ctx, node, draft);
    if (nested) return true;
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      XmlContext::ElementScope scope(ctx, child);
      if (ctx.ElementNs(child.name()) == Ns::kMedia) {
        ReadMedia(ctx, child, XmlContext::LocalName(child.name()), draft, true);
      }
    }
  } else if (local == "title") {
    if (draft.title.Wants(4)) draft.title.Offer(4, PlainText(node));
  } else if (local == "description") {
    if (draft.summary.Wants(4)) draft.summary.Offer(4, MaybeHtml(ctx, node));
  } else {
    return false;
  }
  return true;
}

bool ReadDublinCore(XmlContext& ctx, pugi::xml_node node, std::string_view local, ItemDraft& draft,
                    std::string_view where) {
  if (local == "creator" || local == "author") {
    Person person = ParsePersonText(NodeText(node));
    draft.author_name.Offer(0, person.name);
    draft.author_email.Offer(1, person.email);
  } else if (local == "date") {
    OfferDate(ctx, draft.published, 1, node, where);
  } else if (local == "subject") {
    draft.AddCategory(PlainText(node));
  } else if (local == "title") {
    draft.title.Offer(2, PlainText(node));
  } else if (local == "description") {
    draft.summary.Offer(3, RssHtml(ctx, node));
  } else if (local == "identifier") {
    draft.id.Offer(3, Trimmed(NodeText(node)));
  } else {
    return false;
  }
  return true;
}

bool ReadDcTerms(XmlContext& ctx, pugi::xml_node node, std::string_view local, ItemDraft& draft,
                 std::string_view where) {
  if (local == "issued") {
    OfferDate(ctx, draft.published, 2, node, where);
  } else if (local == "created") {
    OfferDate(ctx, draft.published, 3, node, where);
  } else if (local == "modified") {
    OfferDate(ctx, draft.updated, 2, node, where);
  } else {
    return false;
  }
  return true;
}

// Atom elements inside an RSS item (rank them below the item's own RSS elements).
bool ReadAtomInRss(XmlContext& ctx, pugi::xml_node node, std::string_view local, ItemDraft& draft,
                   std::string_view where) {
  if (local == "link") {
    ReadAtomItemLink(ctx, node, 2, draft);
  } else if (local == "id") {
    draft.id.Offer(1, Trimmed(NodeText(node)));
  } else if (local == "published" || local == "issued") {
    OfferDate(ctx, draft.published, 1, node, where);
  } else if (local == "updated" || local == "modified") {
    OfferDate(ctx, draft.updated, 1, node, where);
  } else if (local == "author") {
    Person person = AtomPerson(node);
    draft.author_name.Offer(1, person.name);
    draft.author_email.Offer(1, person.email);
  } else if (local == "summary") {
    draft.summary.Offer(1, AtomHtml(ctx, node));
  } else if (local == "content") {
    draft.content.Offer(1, AtomHtml(ctx, node));
  } else if (local == "title") {
    draft.title.Offer(1, AtomPlainText(ctx, node));
  } else {
    return false;
  }
  return true;
}

}  // namespace

void ReadAtomItemLink(XmlContext& ctx, pugi::xml_node node, int rank, ItemDraft& draft) {
  std::string href = ctx.LinkUrl(node.attribute("href").value());
  if (href.empty()) return;
  std::string rel = AtomLinkRel(node);
  std::string type = AsciiLower(node.attribute("type").value());
  if (rel == "alternate") {
    // Prefer the HTML page among several alternates.
    bool html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
    draft.link.Offer(html ? rank : rank + 1, href);
  } else if (rel == "enclosure") {
    draft.AddEnclosure({href, Attr(node, "type"), ParseCount(node.attribute("length").value())});
  } else if (rel == "replies") {
    if (type.empty() || type == "text/html") {
      if (!draft.item.comments) draft.item.comments = href;
    } else if (!draft.item.comments_feed) {
      draft.item.comments_feed = href;
    }
    pugi::xml_attribute total = node.attribute("thr:count");
    if (!total) total = node.attribute("thr:total");
    if (total && !draft.item.comments_count) draft.item.comments_count = ParseCount(total.value());
  }
}

bool ReadItemExtension(XmlContext& ctx, pugi::xml_node node, Ns ns, ItemDraft& draft,
                       std::string_view where) {
  std::string_view local = XmlContext::LocalName(node.name());
  switch (ns) {
    case Ns::kContent:
      if (local != "encoded") return false;
      draft.content.Offer(0, RssHtml(ctx, node));
      return true;
    case Ns::kDc:
      return ReadDublinCore(ctx, node, local, draft, where);
    case Ns::kDcTerms:
      return ReadDcTerms(ctx, node, local, draft, where);
    case Ns::kMedia:
      return ReadMedia(ctx, node, local, draft);
    case Ns::kItunes:
      if (local == "author") {
        draft.author_name.Offer(2, PlainText(node));
      } else if (local == "summary") {
        draft.summary.Offer(2, MaybeHtml(ctx, node));
      } else if (local == "title") {
        draft.title.Offer(5, PlainText(node));  // Apple's trailers carry only this one
      } else {
        return false;
      }
      return true;
    case Ns::kSlash:
    case Ns::kThread:
      if (local != "comments" && local != "total") return false;
      if (!draft.item.comments_count) draft.item.comments_count = ParseCount(NodeText(node));
      return true;
    case Ns::kWfw:
      if (AsciiLower(local) != "commentrss") return false;
      if (!draft.item.comments_feed) {
        std::string url = ctx.LinkUrl(NodeText(node));
        if (!url.empty()) draft.item.comments_feed = std::move(url);
      }
      return true;
    case Ns::kFeedburner:
      if (local != "origLink") return false;
      // The publisher's own URL, where <link> is a feedburner redirect.
      draft.link.Offer(-1, Trimmed(ctx.LinkUrl(NodeText(node))));
      return true;
    case Ns::kAtom10:
    case Ns::kAtom03:
      return ReadAtomInRss(ctx, node, local, draft, where);
    default:
      return false;
  }
}

bool ReadFeedExtension(XmlContext& ctx, pugi::xml_node node, Ns ns, FeedDraft& draft, Feed* feed) {
  std::string_view local = XmlContext::LocalName(node.name());
  if (ns == Ns::kDc) {
    if (local == "creator") {
      Person person = ParsePersonText(NodeText(node));
      draft.author_name.Offer(1, person.name);
      draft.author_email.Offer(1, person.email);
    } else if (local == "language") {
      draft.language.Offer(1, Trimmed(NodeText(node)));
    } else if (local == "date") {
      OfferDate(ctx, draft.updated, 2, node, "channel");
    } else if (local == "title") {
      draft.title.Offer(2, PlainText(node));
    } else if (local == "description") {
      draft.subtitle.Offer(2, PlainText(node));
    } else {
      return false;
    }
    return true;
  }
  if (ns == Ns::kDcTerms && local == "modified") {
    OfferDate(ctx, draft.updated, 2, node, "channel");
    return true;
  }
  if (ns == Ns::kItunes) {
    if (local == "author") {
      draft.author_name.Offer(2, PlainText(node));
    } else if (local == "image") {
      draft.image.Offer(1, Trimmed(ctx.LinkUrl(node.attribute("href").value())));
    } else if (local == "owner") {
      for (pugi::xml_node child : node.children()) {
        if (child.type() == pugi::node_element && XmlContext::LocalName(child.name()) == "email") {
          draft.author_email.Offer(2, Trimmed(NodeText(child)));
        }
      }
    } else if (local == "subtitle" || local == "summary") {
      draft.subtitle.Offer(local == "subtitle" ? 3 : 4, PlainText(node));
    } else {
      return false;
    }
    return true;
  }
  if (ns == Ns::kMedia && local == "thumbnail") {
    draft.image.Offer(3, Trimmed(ctx.LinkUrl(node.attribute("url").value())));
    return true;
  }
  if (ns == Ns::kAtom10 || ns == Ns::kAtom03) {
    if (local == "link") {
      std::string rel = AtomLinkRel(node);
      std::string href = ctx.LinkUrl(node.attribute("href").value());
      if (href.empty()) return true;
      if (rel == "self" && !feed->self_link) feed->self_link = href;
      if (rel == "alternate") draft.link.Offer(2, href);
    } else if (local == "updated") {
      OfferDate(ctx, draft.updated, 1, node, "channel");
    } else if (local == "author") {
      Person person = AtomPerson(node);
      draft.author_name.Offer(1, person.name);
      draft.author_email.Offer(1, person.email);
    } else {
      return false;
    }
    return true;
  }
  return false;
}

}  // namespace tidings::feed
