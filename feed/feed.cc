// Parse(): decoding, the fast strict parse, the repairing slow path, format detection, identity.
#include "feed/feed.h"

#include <fmt/format.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

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

// Below this size the parse buffer is an ordinary string: a mapping costs more than it saves for
// the feeds most sites serve. Above the second, the mapping is not kept for the next parse.
constexpr std::size_t kMappedMin = std::size_t{1} << 20;
constexpr std::size_t kMappedMaxKept = std::size_t{64} << 20;
// A thread that parsed this many smaller documents in a row gives its kept mapping back.
constexpr int kSmallParsesBeforeRelease = 16;

// The buffer pugixml parses in place and the tree points into: a copy of the document, because
// the parse destroys it and the rare document that fails the strict parse is repaired from its
// original. A large document's copy goes to memory mapped outside the heap (see MappedBuffer), one
// mapping per thread kept from parse to parse while large documents keep coming: a fresh one cost
// a page fault and the zeroing of every page, each parse, and a copy in the heap made glibc give
// the heap back to the kernel after every parse. (Letting the kernel reclaim the kept pages between
// parses, MADV_FREE, cost 5% of a 24 MB parse.) The original, in the heap, is freed as soon as the
// parse succeeds, and the Feed then fills its place, so that peak memory is that of two copies.
class ParseBuffer {
 public:
  explicit ParseBuffer(std::string_view text) {
    if (text.size() < kMappedMin) {
      if (small_parses_ < kSmallParsesBeforeRelease) {
        ++small_parses_;
      } else if (!kept_in_use_) {
        kept_.Reset();  // (nothing to do after the first time)
      }
      Replace(std::string(text));
      return;
    }
    small_parses_ = 0;
    mapped_ = text.size() <= kMappedMaxKept && !kept_in_use_ ? &kept_ : &own_;
    if (!mapped_->Reserve(text.size())) {
      mapped_ = nullptr;
      Replace(std::string(text));
      return;
    }
    if (mapped_ == &kept_) kept_in_use_ = true;
    std::memcpy(mapped_->data(), text.data(), text.size());
    data_ = mapped_->data();
    size_ = text.size();
  }
  ~ParseBuffer() { Release(); }
  ParseBuffer(const ParseBuffer&) = delete;
  ParseBuffer& operator=(const ParseBuffer&) = delete;

  char* data() const { return data_; }
  std::size_t size() const { return size_; }

  // Parses `text` instead (a repaired document).
  void Replace(std::string text) {
    Release();
    owned_ = std::move(text);
    data_ = owned_.data();
    size_ = owned_.size();
  }

 private:
  void Release() {
    if (mapped_ == &kept_) kept_in_use_ = false;
    own_.Reset();
    mapped_ = nullptr;
  }

  static thread_local MappedBuffer kept_;
  static thread_local bool kept_in_use_;  // (Parse does not nest today; this keeps it safe)
  static thread_local int small_parses_;  // since the last large one
  MappedBuffer own_;
  MappedBuffer* mapped_ = nullptr;
  std::string owned_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

thread_local MappedBuffer ParseBuffer::kept_;
thread_local bool ParseBuffer::kept_in_use_ = false;
thread_local int ParseBuffer::small_parses_ = 0;

// Parses a copy of `text` in place (in `buffer`, which the tree points into); on a strict parse
// error repairs `text` into `buffer` and parses that instead. `text` is freed either way.
pugi::xml_node ParseXml(std::string& text, std::optional<ParseBuffer>& buffer,
                        pugi::xml_document& doc, std::vector<std::string>* warnings) {
  buffer.emplace(text);
  pugi::xml_parse_result result =
      doc.load_buffer_inplace(buffer->data(), buffer->size(), kParseFlags, pugi::encoding_utf8);
  if (result || result.status == pugi::status_no_document_element) {
    // Well-formed, or nothing but a prolog: there is nothing to repair.
    std::string().swap(text);
    return RootElement(doc, warnings);
  }
  std::size_t line =
      1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + result.offset, '\n'));
  warnings->push_back(fmt::format("the document is not well-formed XML ({} at line {}); repaired",
                                  result.description(), line));
  buffer->Replace(RepairXml(text, warnings));
  std::string().swap(text);
  doc.load_buffer_inplace(buffer->data(), buffer->size(), kParseFlags, pugi::encoding_utf8);
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
  std::optional<ParseBuffer> buffer;
  pugi::xml_document doc;  // after `buffer`, which it points into: destroyed before it
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
