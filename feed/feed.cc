// Parse(): decoding, the fast strict parse, the repairing slow path, format detection, identity.
#include "feed/feed.h"

#include <fmt/format.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>

#include "base/huge_pages.h"
#include "feed/encoding.h"
#include "feed/formats.h"
#include "feed/xml_context.h"
#include "feed/xml_prescan.h"
#include "feed/xml_repair.h"

namespace tidings::feed {
namespace {

constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_embed_pcdata;

std::size_t FirstNonSpace(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
    ++i;
  }
  return i;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

// An HTML page served where a feed was expected; said early, so that a large page costs no repair.
bool IsHtmlPage(std::string_view text) {
  text.remove_prefix(FirstNonSpace(text));
  return StartsWithNoCase(text, "<!doctype html") || StartsWithNoCase(text, "<html");
}

// Root names are matched without case: servers that upper-case markup (<RSS>) exist.
bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool IsFeedRoot(pugi::xml_node node) {
  const char* colon = std::strchr(node.name(), ':');
  std::string_view local = colon ? colon + 1 : node.name();
  return EqualsNoCase(local, "rss") || EqualsNoCase(local, "rdf") || EqualsNoCase(local, "feed") ||
         EqualsNoCase(local, "channel");
}

// The document's root: its first element, unless that is junk (a PHP warning's <br />, <b>)
// before a feed root at the top level, which is then taken instead.
pugi::xml_node RootElement(const pugi::xml_document& doc, std::vector<std::string>* warnings) {
  pugi::xml_node first;
  for (pugi::xml_node child = doc.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (!first) first = child;
    if (IsFeedRoot(child)) {
      if (child != first && warnings) {
        warnings->push_back(
            fmt::format("skipped <{}> and what followed it before the feed's root", first.name()));
      }
      return child;
    }
  }
  return first;
}

// Parses a copy of `text` in place (in `buffer`, which the tree points into); on a strict parse
// error repairs `text` into `buffer` and parses that instead. `text` is freed either way.
pugi::xml_node ParseXml(std::string& text, std::string& buffer, pugi::xml_document& doc,
                        std::vector<std::string>* warnings) {
  // pugixml parses in place and so destroys its buffer: parse a copy, keeping the text for the
  // rare document that needs repair, and free it as soon as the parse succeeds.
  buffer.reserve(text.size());
  AdviseHugePages(buffer.data(), buffer.capacity());
  buffer.assign(text);
  pugi::xml_parse_result result =
      doc.load_buffer_inplace(buffer.data(), buffer.size(), kParseFlags, pugi::encoding_utf8);
  if (result || result.status == pugi::status_no_document_element) {
    // Well-formed, or nothing but a prolog: there is nothing to repair.
    std::string().swap(text);
    return RootElement(doc, warnings);
  }
  std::size_t line =
      1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + result.offset, '\n'));
  warnings->push_back(fmt::format("the document is not well-formed XML ({} at line {}); repaired",
                                  result.description(), line));
  buffer = RepairXml(text, warnings);
  std::string().swap(text);
  doc.load_buffer_inplace(buffer.data(), buffer.size(), kParseFlags, pugi::encoding_utf8);
  return RootElement(doc, warnings);
}

Result<Format> DetectFormat(pugi::xml_node root, XmlContext& ctx) {
  // The root's namespace declarations matter here; the readers enter the root again themselves
  // (so that its xml:base applies once).
  XmlContext::ElementScope root_scope(ctx, root);
  std::string_view local = XmlContext::LocalName(root.name());
  Ns ns = ctx.ElementNs(root.name());
  if (EqualsNoCase(local, "rss")) {
    std::string_view version = root.attribute("version").value();
    if (version.starts_with("0.9")) return Format::kRss09x;
    return Format::kRss20;  // 2.0, 2.01, 2.1, and feeds that leave the version out
  }
  if (EqualsNoCase(local, "rdf")) {
    // RDF holds many vocabularies (FOAF, DOAP ...): it is a feed only with an RSS channel or item.
    for (pugi::xml_node child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      std::string_view name = XmlContext::LocalName(child.name());
      if (name != "channel" && name != "item") continue;
      Ns child_ns = ctx.ElementNs(child.name());
      if (child_ns == Ns::kRss090) return Format::kRss09x;  // RSS 0.90: the Netscape namespace
      if (child_ns == Ns::kRss10 || child_ns == Ns::kNone) return Format::kRss10;
    }
    return InvalidError("not a feed: RDF without an RSS channel or items");
  }
  if (EqualsNoCase(local, "feed") && (ns == Ns::kAtom10 || ns == Ns::kAtom03 || ns == Ns::kNone)) {
    if (ns == Ns::kAtom03 || std::string_view(root.attribute("version").value()) == "0.3") {
      return Format::kAtom03;
    }
    return Format::kAtom10;
  }
  if (EqualsNoCase(local, "channel")) return Format::kRss20;
  if (local == "entry" && (ns == Ns::kAtom10 || ns == Ns::kAtom03)) {
    return ns == Ns::kAtom03 ? Format::kAtom03 : Format::kAtom10;  // an entry document
  }
  if (strcasecmp(root.name(), "html") == 0) {
    return InvalidError("not a feed: this is an HTML page");
  }
  return InvalidError(
      fmt::format("not a feed: the root element <{}> is not RSS, RDF or Atom", root.name()));
}

// `no_controls`: as Decoded::no_other_controls.
Status ReadXmlFeed(std::string text, bool no_controls, const ParseOptions& options, Feed* feed) {
  if (IsHtmlPage(text)) return InvalidError("not a feed: this is an HTML page");
  std::size_t first_tag = text.find('<');
  if (first_tag == std::string::npos) {
    return InvalidError("not a feed: the document is neither XML nor JSON");
  }
  // White space may precede the root element, but not the XML declaration; anything else there is
  // junk (a PHP warning, a stray BOM of another encoding) that the parse steps over.
  bool only_space = FirstNonSpace(text) == first_tag;
  if (first_tag > 0 && (!only_space || std::string_view(text).substr(first_tag, 5) == "<?xml")) {
    feed->warnings.push_back(fmt::format("ignored {} byte{} before the first tag", first_tag,
                                         first_tag == 1 ? "" : "s"));
  }
  PrescanXml(&text, &feed->warnings, no_controls);
  pugi::xml_document doc;
  std::string buffer;
  pugi::xml_node root = ParseXml(text, buffer, doc, &feed->warnings);
  if (!root) return InvalidError("not a feed: the document has no XML element");
  XmlContext ctx(options.url, &feed->warnings);
  Result<Format> format = DetectFormat(root, ctx);
  if (!format.ok()) return format.status();
  feed->format = *format;
  if (*format == Format::kAtom10 || *format == Format::kAtom03) {
    ReadAtom(root, ctx, feed);
  } else {
    ReadRss(root, ctx, feed);
  }
  return Status::Ok();
}

// FNV-1a, 64 bits: stable across runs, builds and machines, which std::hash is not.
std::uint64_t Fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void AssignIds(Feed* feed) {
  for (Item& item : feed->items) {
    if (!item.id.empty()) continue;
    if (item.link) {
      item.id = *item.link;
      continue;
    }
    if (!item.enclosures.empty()) {
      item.id = item.enclosures.front().url;  // a podcast episode without guid, link or title
      continue;
    }
    std::uint64_t hash = Fnv1a(item.title.value_or(""));
    hash = Fnv1a("\n", hash);
    hash = Fnv1a(item.content ? *item.content : item.summary.value_or(""), hash);
    item.id = fmt::format("hash:{:016x}", hash);
  }
}

bool IsEmpty(const Item& item) {
  return !item.title && !item.link && !item.summary && !item.content && item.enclosures.empty() &&
         item.id.empty();
}

void DropEmptyItems(Feed* feed) {
  std::size_t before = feed->items.size();
  std::erase_if(feed->items, IsEmpty);
  if (std::size_t dropped = before - feed->items.size(); dropped > 0) {
    feed->warnings.push_back(fmt::format("dropped {} empty item{} (no title, link or text)",
                                         dropped, dropped == 1 ? "" : "s"));
  }
}

}  // namespace

const char* FormatName(Format format) {
  switch (format) {
    case Format::kRss20:
      return "rss20";
    case Format::kRss10:
      return "rss10";
    case Format::kRss09x:
      return "rss09x";
    case Format::kAtom10:
      return "atom10";
    case Format::kAtom03:
      return "atom03";
    case Format::kJson:
      return "json";
  }
  return "unknown";
}

Result<Feed> Parse(std::string bytes, const ParseOptions& options) {
  Feed feed;
  Result<Decoded> decoded = DecodeToUtf8(std::move(bytes), options.content_type, &feed.warnings);
  if (!decoded.ok()) return decoded.status();
  std::string& text = decoded->utf8;
  std::size_t start = FirstNonSpace(text);
  if (start == text.size()) return InvalidError("not a feed: the document is empty");
  bool json = text[start] == '{' || text[start] == '[';
  Status status = json ? ReadJsonFeed(text, options.url, &feed)
                       : ReadXmlFeed(std::move(text), decoded->no_other_controls, options, &feed);
  if (!status.ok()) return status;
  DropEmptyItems(&feed);
  AssignIds(&feed);
  return feed;
}

}  // namespace tidings::feed
