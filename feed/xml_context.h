// The state of one walk over an XML feed document: namespace bindings, the xml:base stack, the
// warnings. Internal to feed/.
//
// Handlers enter every element they read with an ElementScope, which applies that element's
// xmlns and xml:base attributes for as long as the scope lives:
//
//   XmlContext::ElementScope scope(ctx, node);
//   if (ctx.ElementNs(node.name()) == Ns::kDc) ...
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::feed {

// The namespaces the parser understands, by URI (never by prefix text).
enum class Ns : std::uint8_t {
  kNone,  // no namespace: plain RSS 0.9x/2.0 elements
  kRss090,
  kRss10,
  kRdf,
  kAtom10,
  kAtom03,
  kDc,
  kDcTerms,
  kContent,
  kMedia,
  kItunes,
  kSlash,
  kWfw,
  kFeedburner,
  kThread,
  kXhtml,
  kXml,
  kOther,  // declared, but none of the above
};

// The namespace a URI names (trailing '/' and '#' variants and http/https both accepted).
Ns NamespaceOfUri(std::string_view uri);

class XmlContext {
 public:
  XmlContext(std::string_view document_url, std::vector<std::string>* warnings);
  XmlContext(const XmlContext&) = delete;
  XmlContext& operator=(const XmlContext&) = delete;

  // Applies `node`'s namespace declarations and xml:base until destroyed. Scopes nest strictly.
  class ElementScope {
   public:
    ElementScope(XmlContext& ctx, pugi::xml_node node);
    ~ElementScope();
    ElementScope(const ElementScope&) = delete;
    ElementScope& operator=(const ElementScope&) = delete;

   private:
    XmlContext& ctx_;
    std::size_t bindings_size_;
    std::size_t bases_size_;
  };

  // The namespace of an element or attribute name ("dc:creator" -> kDc); unprefixed element names
  // take the default namespace, unprefixed attribute names none.
  Ns ElementNs(const char* qualified_name) const;
  Ns AttributeNs(const char* qualified_name) const;
  // The part of a qualified name after its prefix.
  static std::string_view LocalName(const char* qualified_name) {
    const char* colon = FindColon(qualified_name);
    return colon ? std::string_view(colon + 1) : std::string_view(qualified_name);
  }
  // The first ':' of a qualified name, or null. Inline and plain: names are a few bytes long, and
  // a call to strchr cost more than the search, several times per element read.
  static const char* FindColon(const char* qualified_name) {
    for (const char* p = qualified_name; *p != '\0'; ++p) {
      if (*p == ':') return p;
    }
    return nullptr;
  }

  // True when the default namespace in effect was declared on the root element (or there is
  // none): RSS 2.0 feeds that put a namespace of their own on <rss> still mean RSS, but an element
  // that declares a foreign default namespace itself is not an RSS element.
  bool DefaultNamespaceFromRoot() const;

  // The base URL in effect (the innermost xml:base, else the document URL; may be "").
  const std::string& base() const { return bases_.back(); }
  // `raw` resolved against the base: an http(s) URL, or a relative reference when there is no
  // base to resolve it against; "" for every other scheme (javascript:, data:, file: ...).
  std::string LinkUrl(std::string_view raw) const;

  void Warn(std::string message);

 private:
  struct Binding {
    std::string prefix;  // "" for the default namespace
    Ns ns;
    int depth;  // of the element that declared it; the root is 1
  };
  Ns Lookup(std::string_view prefix) const;

  std::vector<Binding> bindings_;
  int depth_ = 0;  // of the innermost element entered
  std::vector<std::string> bases_;
  std::vector<std::string>* warnings_;
};

}  // namespace tidings::feed
