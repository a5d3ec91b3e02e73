#include "feed/xml_context.h"

#include <cstring>

#include "base/url.h"

namespace tidings::feed {
namespace {

struct KnownNamespace {
  std::string_view uri;  // without scheme, without trailing '/' or '#'
  Ns ns;
};

constexpr KnownNamespace kKnownNamespaces[] = {
    {"my.netscape.com/rdf/simple/0.9", Ns::kRss090},
    {"purl.org/rss/1.0", Ns::kRss10},
    {"www.w3.org/1999/02/22-rdf-syntax-ns", Ns::kRdf},
    {"www.w3.org/2005/Atom", Ns::kAtom10},
    {"purl.org/atom/ns", Ns::kAtom03},
    {"purl.org/dc/elements/1.1", Ns::kDc},
    {"purl.org/dc/elements/1.0", Ns::kDc},
    {"purl.org/dc/terms", Ns::kDcTerms},
    {"purl.org/rss/1.0/modules/content", Ns::kContent},
    {"search.yahoo.com/mrss", Ns::kMedia},
    {"tools.search.yahoo.com/mrss", Ns::kMedia},
    {"www.itunes.com/dtds/podcast-1.0.dtd", Ns::kItunes},
    {"www.itunes.com/DTDs/Podcast-1.0.dtd", Ns::kItunes},
    {"purl.org/rss/1.0/modules/slash", Ns::kSlash},
    {"wellformedweb.org/CommentAPI", Ns::kWfw},
    {"rssnamespace.org/feedburner/ext/1.0", Ns::kFeedburner},
    {"purl.org/syndication/thread/1.0", Ns::kThread},
    {"www.w3.org/1999/xhtml", Ns::kXhtml},
    {"www.w3.org/XML/1998/namespace", Ns::kXml},
};

// Prefixes that feeds use without declaring them; understood as their usual namespace.
constexpr std::pair<std::string_view, Ns> kUsualPrefixes[] = {
    {"dc", Ns::kDc},           {"dcterms", Ns::kDcTerms},
    {"content", Ns::kContent}, {"media", Ns::kMedia},
    {"itunes", Ns::kItunes},   {"slash", Ns::kSlash},
    {"wfw", Ns::kWfw},         {"feedburner", Ns::kFeedburner},
    {"atom", Ns::kAtom10},     {"rdf", Ns::kRdf},
    {"thr", Ns::kThread},      {"xhtml", Ns::kXhtml},
    {"xml", Ns::kXml},
};

}  // namespace

Ns NamespaceOfUri(std::string_view uri) {
  while (!uri.empty() && (uri.front() == ' ' || uri.front() == '\t')) uri.remove_prefix(1);
  while (!uri.empty() && (uri.back() == '/' || uri.back() == '#' || uri.back() == ' ')) {
    uri.remove_suffix(1);
  }
  if (uri.starts_with("http://")) {
    uri.remove_prefix(7);
  } else if (uri.starts_with("https://")) {
    uri.remove_prefix(8);
  }
  for (const KnownNamespace& known : kKnownNamespaces) {
    if (known.uri.size() == uri.size() &&
        strncasecmp(known.uri.data(), uri.data(), uri.size()) == 0) {
      return known.ns;
    }
  }
  return Ns::kOther;
}

XmlContext::XmlContext(std::string_view document_url, std::vector<std::string>* warnings)
    : warnings_(warnings) {
  bases_.emplace_back(document_url);
}

XmlContext::ElementScope::ElementScope(XmlContext& ctx, pugi::xml_node node)
    : ctx_(ctx), bindings_size_(ctx.bindings_.size()), bases_size_(ctx.bases_.size()) {
  int depth = ++ctx.depth_;
  // Runs for every element read, and most have no attributes: one call to find that out.
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    const char* name = attr.name();
    if (name[0] != 'x' || std::strncmp(name, "xml", 3) != 0) continue;
    if (std::strcmp(name, "xmlns") == 0) {
      ctx.bindings_.push_back({"", NamespaceOfUri(attr.value()), depth});
    } else if (std::strncmp(name, "xmlns:", 6) == 0) {
      ctx.bindings_.push_back({name + 6, NamespaceOfUri(attr.value()), depth});
    } else if (std::strcmp(name, "xml:base") == 0) {
      ctx.bases_.push_back(ResolveUrl(ctx.bases_.back(), attr.value()));
    }
  }
}

XmlContext::ElementScope::~ElementScope() {
  --ctx_.depth_;
  // Runs for every element read: erase, which builds no default value when nothing was pushed.
  auto& bindings = ctx_.bindings_;
  bindings.erase(bindings.begin() + static_cast<std::ptrdiff_t>(bindings_size_), bindings.end());
  auto& bases = ctx_.bases_;
  bases.erase(bases.begin() + static_cast<std::ptrdiff_t>(bases_size_), bases.end());
}

bool XmlContext::DefaultNamespaceFromRoot() const {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix.empty()) return it->depth <= 1;
  }
  return true;
}

Ns XmlContext::Lookup(std::string_view prefix) const {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) return it->ns;
  }
  if (prefix.empty()) return Ns::kNone;
  for (const auto& [usual, ns] : kUsualPrefixes) {
    if (usual == prefix) return ns;
  }
  return Ns::kOther;
}

Ns XmlContext::ElementNs(const char* qualified_name) const {
  const char* colon = FindColon(qualified_name);
  std::string_view prefix =
      colon ? std::string_view(qualified_name, static_cast<std::size_t>(colon - qualified_name))
            : std::string_view();
  return Lookup(prefix);
}

Ns XmlContext::AttributeNs(const char* qualified_name) const {
  const char* colon = FindColon(qualified_name);
  if (!colon) return Ns::kNone;  // unprefixed attributes are in no namespace
  return Lookup(std::string_view(qualified_name, static_cast<std::size_t>(colon - qualified_name)));
}

namespace {

// True for an absolute http(s) link with nothing to clean: no '&' (which may be escaped twice), no
// white space or control character. Nearly every link; one branch-free loop that the compiler
// vectorizes, where std::string_view::find_first_of would cost a memchr call per character.
bool IsCleanHttpUrl(std::string_view raw) {
  if (!raw.starts_with("https://") && !raw.starts_with("http://")) return false;
  unsigned char suspect = 0;
  for (char c : raw) {
    suspect |= static_cast<unsigned char>((c == '&') | (static_cast<unsigned char>(c) <= 0x20));
  }
  return suspect == 0;
}

}  // namespace

std::string XmlContext::LinkUrl(std::string_view raw) const {
  if (IsCleanHttpUrl(raw)) return std::string(raw);  // the common case, without parsing
  if (raw.find("&amp;") != std::string_view::npos) {
    // Escaped twice by its publisher: "?a=1&amp;b=2" after XML's decoding. No URL means that.
    std::string unescaped(raw);
    for (std::size_t pos; (pos = unescaped.find("&amp;")) != std::string::npos;) {
      unescaped.erase(pos + 1, 4);
    }
    return LinkUrl(unescaped);
  }
  if ((raw.starts_with("https://") || raw.starts_with("http://")) &&
      raw.find_first_of(" \t\n\r") == std::string_view::npos) {
    return std::string(raw);  // absolute, with only other control characters to keep
  }
  // An empty reference would resolve to the base, i.e. the feed itself: it names no link at all.
  std::string cleaned = BrowserUrl(raw);  // what a browser would follow: "jav\tascript:" too
  if (cleaned.empty()) return {};
  if (cleaned.find(' ') != std::string::npos) {
    // A space inside a link is what a browser sends as %20: one spelling per address.
    std::string encoded;
    for (char c : cleaned) c == ' ' ? encoded.append("%20") : encoded.append(1, c);
    cleaned = std::move(encoded);
  }
  std::string url = ResolveUrl(base(), cleaned);
  if (url.empty() || IsHttpUrl(url)) return url;
  // Without a base a relative link stays relative; any scheme but http(s) (javascript:, data:,
  // file:) is never a link.
  return HasScheme(url) ? std::string() : url;
}

void XmlContext::Warn(std::string message) {
  if (warnings_->size() < 100) warnings_->push_back(std::move(message));
}

}  // namespace tidings::feed
