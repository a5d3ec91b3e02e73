#include "feed/xml_text.h"

#include <cstring>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "base/html_entities.h"
#include "base/html_text.h"
#include "base/url.h"
#include "feed/html_urls.h"

namespace tidings::feed {
namespace {

bool HasElementChildren(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

// The next node of a depth-first walk over the descendants of `top`, or null after the last.
// Iterative (pugixml nodes know their parent): documents nest 100,000 levels deep.
pugi::xml_node NextInWalk(pugi::xml_node node, pugi::xml_node top, bool descend) {
  if (descend && node.first_child()) return node.first_child();
  while (node != top) {
    if (node.next_sibling()) return node.next_sibling();
    node = node.parent();
  }
  return {};
}

void AppendRawText(pugi::xml_node top, std::string* out) {
  out->append(top.value());  // embedded PCDATA (pugi::parse_embed_pcdata)
  for (pugi::xml_node node = top.first_child(); node; node = NextInWalk(node, top, true)) {
    pugi::xml_node_type type = node.type();
    if (type == pugi::node_pcdata || type == pugi::node_cdata || type == pugi::node_element) {
      out->append(node.value());
    }
  }
}

const char* HtmlName(const char* qualified_name) {
  const char* colon = XmlContext::FindColon(qualified_name);
  return colon ? colon + 1 : qualified_name;
}

bool IsVoidElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr"};
  for (std::string_view v : kVoid) {
    if (v == name) return true;
  }
  return false;
}

void AppendEscapedText(std::string_view text, std::string* out) { out->append(EscapeHtml(text)); }

// The base URLs that xml:base attributes inside serialized markup set: XML Base applies to every
// element, also inside XHTML content. Links under such an element are resolved while the markup is
// written; the rest are left to ResolveHtmlUrls, which knows the content element's own base.
class NestedBases {
 public:
  explicit NestedBases(std::string_view base) : base_(base) {}
  void Enter(pugi::xml_node element) {
    pugi::xml_attribute attr = element.attribute("xml:base");
    if (!attr) return;
    std::string_view current = stack_.empty() ? base_ : std::string_view(stack_.back().second);
    stack_.emplace_back(element, ResolveUrl(current, attr.value()));
  }
  void Leave(pugi::xml_node element) {
    if (!stack_.empty() && stack_.back().first == element) stack_.pop_back();
  }
  // The base an xml:base inside the markup set, or "" when none did.
  std::string_view nested() const {
    return stack_.empty() ? std::string_view() : std::string_view(stack_.back().second);
  }

 private:
  std::string_view base_;
  std::vector<std::pair<pugi::xml_node, std::string>> stack_;
};

void AppendStartTag(pugi::xml_node element, const char* name, std::string_view nested_base,
                    std::string* out) {
  out->push_back('<');
  out->append(name);
  for (pugi::xml_attribute attr : element.attributes()) {
    const char* attr_name = attr.name();
    if (std::strncmp(attr_name, "xmlns", 5) == 0 || std::strncmp(attr_name, "xml:", 4) == 0) {
      continue;
    }
    const char* html_name = HtmlName(attr_name);
    out->push_back(' ');
    out->append(html_name);
    out->append("=\"");
    if (!nested_base.empty() && IsUrlAttributeName(html_name)) {
      out->append(EscapeHtml(ResolveUrl(nested_base, attr.value())));
    } else {
      out->append(EscapeHtml(attr.value()));
    }
    out->push_back('"');
  }
  out->push_back('>');
}

// The white space that stood before `element` in the document and that pugixml dropped (it keeps
// no whitespace-only text): "<b>Bold</b> <i>it</i>" must not become "Boldit", nor lose the
// newlines between lines of <pre>. Read back from the parse buffer, where pugixml leaves it: the
// element's name points just past its '<', and a run of white space before that '<' ends at the
// '>' of the tag before it (or the NUL pugixml wrote over that '>'). Empty when text preceded the
// element (that text kept its white space) or when anything is unexpected.
std::string_view DroppedWhitespaceBefore(pugi::xml_node element) {
  pugi::xml_node previous = element.previous_sibling();
  if (previous ? previous.type() == pugi::node_pcdata : *element.parent().value() != '\0') {
    return {};
  }
  const char* lt = element.name() - 1;
  if (*lt != '<') return {};
  const char* start = lt;
  while (lt - start < 256 && IsAsciiSpace(start[-1])) --start;
  if (start == lt || (start[-1] != '>' && start[-1] != '\0')) return {};
  return {start, static_cast<std::size_t>(lt - start)};
}

// Serializes the children of `top` as HTML: namespace prefixes and declarations dropped. An
// iterative walk, like AppendRawText. `base` is the base URL in effect at `top`; with
// `top_sets_base`, `top`'s own xml:base applies too (an unwrapped XHTML div).
void AppendInnerHtml(pugi::xml_node top, std::string_view base, bool top_sets_base,
                     std::string* out) {
  NestedBases bases(base);
  if (top_sets_base) bases.Enter(top);
  AppendEscapedText(top.value(), out);
  pugi::xml_node node = top.first_child();
  while (node) {
    bool descend = false;
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      AppendEscapedText(node.value(), out);
    } else if (node.type() == pugi::node_element) {
      const char* name = HtmlName(node.name());
      bases.Enter(node);
      out->append(DroppedWhitespaceBefore(node));
      AppendStartTag(node, name, bases.nested(), out);
      AppendEscapedText(node.value(), out);
      descend = node.first_child() != nullptr;
      bool is_void = IsVoidElement(name) && !descend && !*node.value();
      if (!descend && !is_void) out->append("</").append(name).push_back('>');
      if (!descend) bases.Leave(node);
    }
    if (descend) {
      node = node.first_child();
      continue;
    }
    // Leaving `node`: close every element whose last child this was.
    while (node != top && !node.next_sibling()) {
      node = node.parent();
      if (node == top) break;
      out->append("</").append(HtmlName(node.name())).push_back('>');
      bases.Leave(node);
    }
    node = node == top ? pugi::xml_node() : node.next_sibling();
  }
}

// Text that a generator wrapped in an escaped CDATA section ("&lt;![CDATA[...]]&gt;", which XML
// reads as text): the markers would show. Returns the text inside them, or `text` unchanged.
std::string_view WithoutEscapedCdata(std::string_view text) {
  std::string_view trimmed = TrimAsciiSpace(text);
  if (trimmed.starts_with("<![CDATA[") && trimmed.ends_with("]]>")) {
    return trimmed.substr(9, trimmed.size() - 12);
  }
  return text;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsAsciiSpace(c)) return false;
  }
  return true;
}

// True when `html` holds no markup but escaped markup: "&lt;p&gt;Hello&lt;/p&gt;". Such text
// was escaped twice by its publisher; taken as HTML it would show tags as text.
bool IsDoubleEscaped(std::string_view html) {
  if (html.find('<') != std::string_view::npos) return false;
  for (std::size_t pos = html.find("&lt;"); pos != std::string_view::npos;
       pos = html.find("&lt;", pos + 4)) {
    char next = pos + 4 < html.size() ? html[pos + 4] : '\0';
    bool tag_like = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/';
    if (tag_like && html.find("&gt;", pos) != std::string_view::npos) return true;
  }
  return false;
}

// Blank also when only invisible characters remain: NBSP (U+00A0), zero-width space, joiners and
// BOM (U+200B-U+200D, U+FEFF), which feeds use as padding in empty titles.
bool IsInvisible(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (IsAsciiSpace(text[i])) {
      ++i;
    } else if (text.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (text.substr(i, 3) == "\xE2\x80\x8B" || text.substr(i, 3) == "\xE2\x80\x8C" ||
               text.substr(i, 3) == "\xE2\x80\x8D" || text.substr(i, 3) == "\xEF\xBB\xBF") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

// True when `text` is already what PlainText makes of it: no markup or reference ('<', '&'), white
// space only as single spaces between words. Most titles and categories: copied at once, instead
// of being looked at for markup and then copied and collapsed.
bool IsCollapsedText(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  bool after_space = false;
  for (char c : text) {
    if (c == '<' || c == '&' || (IsAsciiSpace(c) && (c != ' ' || after_space))) return false;
    after_space = c == ' ';
  }
  return true;
}

std::optional<std::string> NonBlank(std::string text) {
  if (IsBlank(text) || IsInvisible(text)) return std::nullopt;
  return text;
}

std::string Base64Decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // padding, white space and junk
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

enum class TextKind { kText, kHtml, kXhtml, kBase64Text, kBase64Html, kOther };

// Atom 1.0 type="text|html|xhtml|<mime>" and Atom 0.3 mode="xml|escaped|base64".
TextKind AtomTextKind(pugi::xml_node node) {
  std::string type = AsciiLower(node.attribute("type").value());
  std::string mode = AsciiLower(node.attribute("mode").value());
  bool html = type == "html" || type == "text/html";
  bool xhtml = type == "xhtml" || type == "application/xhtml+xml";
  bool text = type.empty() || type == "text" || type == "text/plain";
  if (mode == "base64") return html || xhtml ? TextKind::kBase64Html : TextKind::kBase64Text;
  if (mode == "escaped") return text && !type.empty() ? TextKind::kText : TextKind::kHtml;
  if (mode == "xml" || xhtml) return TextKind::kXhtml;
  if (html) return TextKind::kHtml;
  if (text) return HasElementChildren(node) ? TextKind::kXhtml : TextKind::kText;
  if (type.starts_with("text/") || type.ends_with("+xml") || type.ends_with("/xml")) {
    return TextKind::kText;
  }
  return TextKind::kOther;  // base64 media (Atom 1.0 section 4.1.3.3): not text
}

// The inner markup of an xhtml construct, without the xhtml:div wrapper it must have.
std::string XhtmlInner(pugi::xml_node node, std::string_view base) {
  pugi::xml_node only_element;
  int elements = 0;
  bool text_outside = !IsBlank(node.value());
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) {
      only_element = child;
      ++elements;
    } else if ((child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) &&
               !IsBlank(child.value())) {
      text_outside = true;
    }
  }
  std::string out;
  if (elements == 1 && !text_outside && std::strcmp(HtmlName(only_element.name()), "div") == 0) {
    AppendInnerHtml(only_element, base, true, &out);
  } else {
    AppendInnerHtml(node, base, false, &out);
  }
  return out;
}

}  // namespace

std::optional<std::string> Trimmed(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

std::string RawText(pugi::xml_node node) {
  std::string out;
  AppendRawText(node, &out);
  return out;
}

NodeText::NodeText(pugi::xml_node node) {
  pugi::xml_node child = node.first_child();
  bool single_child_text = child && !child.next_sibling() && !*node.value() &&
                           (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata);
  if (!child) {
    view_ = node.value();  // embedded PCDATA, or empty
  } else if (single_child_text) {
    view_ = child.value();
  } else {
    owned_ = RawText(node);
    view_ = owned_;
  }
}

std::optional<std::string> PlainText(pugi::xml_node node) {
  if (HasElementChildren(node)) {
    std::string markup;
    AppendInnerHtml(node, "", false, &markup);  // markup left unescaped in a title: read as HTML
    return NonBlank(HtmlToText(markup));
  }
  NodeText raw(node);
  std::string_view text = WithoutEscapedCdata(raw);
  if (IsCollapsedText(text)) return NonBlank(std::string(text));
  if (LooksLikeHtml(text)) return NonBlank(HtmlToText(text));
  return NonBlank(CollapseWhitespace(text));
}

std::optional<std::string> RssHtml(const XmlContext& ctx, pugi::xml_node node) {
  std::string html;
  if (HasElementChildren(node)) {
    AppendInnerHtml(node, ctx.base(), false, &html);
  } else {
    // Read in place from the parse buffer: an article is written once, into its result.
    NodeText raw(node);
    std::string_view text = WithoutEscapedCdata(raw);
    if (!IsDoubleEscaped(text)) {
      if (IsBlank(text)) return std::nullopt;
      return CopyResolvingHtmlUrls(text, ctx.base());
    }
    html = DecodeHtmlEntities(text);
  }
  if (IsBlank(html)) return std::nullopt;
  return ResolveHtmlUrls(std::move(html), ctx.base());
}

// Atom 0.3's multipart/alternative content: the HTML part when there is one, else the first.
// Parts that are multipart themselves are skipped, so reading them never recurses twice.
pugi::xml_node PreferredPart(pugi::xml_node multipart) {
  pugi::xml_node first;
  for (pugi::xml_node part : multipart.children()) {
    if (part.type() != pugi::node_element) continue;
    std::string type = AsciiLower(part.attribute("type").value());
    if (type.starts_with("multipart/")) continue;
    if (!first) first = part;
    if (type == "text/html" || type == "html" || type == "application/xhtml+xml") return part;
  }
  return first;
}

std::optional<std::string> AtomHtml(const XmlContext& ctx, pugi::xml_node node) {
  if (EqualsAsciiLower(node.attribute("type").value(), "multipart/alternative")) {
    pugi::xml_node part = PreferredPart(node);
    return part ? AtomHtml(ctx, part) : std::nullopt;
  }
  std::string html;
  switch (AtomTextKind(node)) {
    case TextKind::kText:
      html = EscapeHtml(RawText(node));
      break;
    case TextKind::kHtml: {
      // Read in place from the parse buffer, as RssHtml does: an article is written once.
      NodeText raw(node);
      if (IsBlank(raw)) return std::nullopt;
      return CopyResolvingHtmlUrls(raw, ctx.base());
    }
    case TextKind::kXhtml:
      html = XhtmlInner(node, ctx.base());
      break;
    case TextKind::kBase64Text:
      html = EscapeHtml(Base64Decode(RawText(node)));
      break;
    case TextKind::kBase64Html:
      html = Base64Decode(RawText(node));
      break;
    case TextKind::kOther:
      return std::nullopt;
  }
  if (IsBlank(html)) return std::nullopt;
  return ResolveHtmlUrls(std::move(html), ctx.base());
}

std::optional<std::string> AtomPlainText(const XmlContext& ctx, pugi::xml_node node) {
  switch (AtomTextKind(node)) {
    case TextKind::kText:
    case TextKind::kBase64Text:
      if (HasElementChildren(node)) return NonBlank(HtmlToText(XhtmlInner(node, ctx.base())));
      // Plain text, but publishers (Reddit) escape it twice: "&amp;amp;" arrives as "&amp;".
      // References are decoded; tags are not stripped ("Why <b> matters" stays).
      return NonBlank(CollapseWhitespace(DecodeHtmlEntities(
          AtomTextKind(node) == TextKind::kText ? RawText(node) : Base64Decode(RawText(node)))));
    case TextKind::kOther:
      return std::nullopt;
    default:
      break;
  }
  std::optional<std::string> html = AtomHtml(ctx, node);
  if (!html) return std::nullopt;
  return NonBlank(HtmlToText(*html));
}

}  // namespace tidings::feed
