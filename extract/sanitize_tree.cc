// The allowlist rules (extract/sanitize_rules.h) and the walk that applies them to a gumbo tree
// (extract/sanitize_tree.h). The walk is iterative: a page nested 100,000 deep must not overflow
// the stack.
#include "extract/sanitize_tree.h"

#include <cstddef>
#include <cstring>
#include <optional>
#include <vector>

#include "base/ascii.h"
#include "base/url.h"
#include "extract/sanitize_rules.h"

namespace tidings::extract {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Article markup that is harmless with the attributes allowed below.
constexpr GumboTag kKeptTags[] = {
    GUMBO_TAG_P,       GUMBO_TAG_H1,         GUMBO_TAG_H2,      GUMBO_TAG_H3,
    GUMBO_TAG_H4,      GUMBO_TAG_H5,         GUMBO_TAG_H6,      GUMBO_TAG_A,
    GUMBO_TAG_STRONG,  GUMBO_TAG_B,          GUMBO_TAG_EM,      GUMBO_TAG_I,
    GUMBO_TAG_U,       GUMBO_TAG_S,          GUMBO_TAG_DEL,     GUMBO_TAG_INS,
    GUMBO_TAG_SUB,     GUMBO_TAG_SUP,        GUMBO_TAG_SMALL,   GUMBO_TAG_MARK,
    GUMBO_TAG_Q,       GUMBO_TAG_CITE,       GUMBO_TAG_CODE,    GUMBO_TAG_PRE,
    GUMBO_TAG_KBD,     GUMBO_TAG_SAMP,       GUMBO_TAG_VAR,     GUMBO_TAG_DFN,
    GUMBO_TAG_UL,      GUMBO_TAG_OL,         GUMBO_TAG_LI,      GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_DL,      GUMBO_TAG_DT,         GUMBO_TAG_DD,      GUMBO_TAG_TABLE,
    GUMBO_TAG_THEAD,   GUMBO_TAG_TBODY,      GUMBO_TAG_TFOOT,   GUMBO_TAG_TR,
    GUMBO_TAG_TH,      GUMBO_TAG_TD,         GUMBO_TAG_CAPTION, GUMBO_TAG_FIGURE,
    GUMBO_TAG_TIME,    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_ABBR,    GUMBO_TAG_SPAN,
    GUMBO_TAG_DIV,     GUMBO_TAG_SECTION,    GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,
    GUMBO_TAG_HEADER,  GUMBO_TAG_FOOTER,     GUMBO_TAG_DETAILS, GUMBO_TAG_SUMMARY,
    GUMBO_TAG_ADDRESS, GUMBO_TAG_BDI,        GUMBO_TAG_RUBY,    GUMBO_TAG_RT,
    GUMBO_TAG_RP,
};

constexpr GumboTag kVoidTags[] = {GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_WBR};

// Active content, forms, document metadata, media without a safe fallback, and foreign content
// (svg, math: the usual vehicle of mutation XSS, and in articles mostly icons).
constexpr GumboTag kDroppedTags[] = {
    GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,    GUMBO_TAG_IFRAME,   GUMBO_TAG_FRAME,
    GUMBO_TAG_FRAMESET, GUMBO_TAG_NOFRAMES, GUMBO_TAG_OBJECT,   GUMBO_TAG_EMBED,
    GUMBO_TAG_APPLET,   GUMBO_TAG_PARAM,    GUMBO_TAG_NOEMBED,  GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_FORM,     GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,   GUMBO_TAG_SELECT,
    GUMBO_TAG_OPTION,   GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST, GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_KEYGEN,   GUMBO_TAG_HEAD,     GUMBO_TAG_TITLE,    GUMBO_TAG_META,
    GUMBO_TAG_LINK,     GUMBO_TAG_BASE,     GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
    GUMBO_TAG_SVG,      GUMBO_TAG_MATH,     GUMBO_TAG_AUDIO,    GUMBO_TAG_VIDEO,
    GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,    GUMBO_TAG_CANVAS,   GUMBO_TAG_AREA,
    GUMBO_TAG_COL,      GUMBO_TAG_COLGROUP,
};

struct TagRuleTable {
  TagRule rules[GUMBO_TAG_LAST + 1];

  constexpr TagRuleTable() : rules() {
    for (TagRule& rule : rules) rule = TagRule::kUnwrap;
    for (GumboTag tag : kKeptTags) rules[tag] = TagRule::kKeep;
    for (GumboTag tag : kVoidTags) rules[tag] = TagRule::kVoid;
    for (GumboTag tag : kDroppedTags) rules[tag] = TagRule::kDrop;
  }
};

constexpr TagRuleTable kTagRules;

AttributeRule RuleForGlobalAttribute(std::string_view name) {
  if (name == "title") return AttributeRule::kText;
  if (name == "lang") return AttributeRule::kLang;
  if (name == "dir") return AttributeRule::kDir;
  return AttributeRule::kNotAllowed;
}

}  // namespace

TagRule RuleForTag(GumboTag tag) {
  // html, body, font, center, nav, noscript, picture and unknown tags are unwrapped.
  return tag >= 0 && tag <= GUMBO_TAG_LAST ? kTagRules.rules[tag] : TagRule::kUnwrap;
}

AttributeRule RuleForAttribute(GumboTag tag, std::string_view name) {
  switch (tag) {
    case GUMBO_TAG_A:
      if (name == "href") return AttributeRule::kUrl;
      break;
    case GUMBO_TAG_IMG:
      if (name == "src") return AttributeRule::kUrl;
      if (name == "alt") return AttributeRule::kText;
      if (name == "width" || name == "height") return AttributeRule::kNumber;
      break;
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_Q:
      if (name == "cite") return AttributeRule::kUrl;
      break;
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_INS:
      if (name == "cite") return AttributeRule::kUrl;
      if (name == "datetime") return AttributeRule::kText;
      break;
    case GUMBO_TAG_TIME:
      if (name == "datetime") return AttributeRule::kText;
      break;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      if (name == "colspan" || name == "rowspan") return AttributeRule::kNumber;
      if (tag == GUMBO_TAG_TH && name == "scope") return AttributeRule::kText;
      break;
    case GUMBO_TAG_OL:
      if (name == "start") return AttributeRule::kNumber;
      if (name == "reversed") return AttributeRule::kBoolean;
      break;
    case GUMBO_TAG_LI:
      if (name == "value") return AttributeRule::kNumber;
      break;
    case GUMBO_TAG_DETAILS:
      if (name == "open") return AttributeRule::kBoolean;
      break;
    default:
      break;
  }
  return RuleForGlobalAttribute(name);
}

bool IsValidAttributeValue(AttributeRule rule, std::string_view value) {
  switch (rule) {
    case AttributeRule::kNotAllowed:
      return false;
    case AttributeRule::kText:
    case AttributeRule::kUrl:
    case AttributeRule::kBoolean:
      return true;
    case AttributeRule::kNumber: {
      value = TrimAsciiSpace(value);
      if (value.starts_with('-')) value.remove_prefix(1);
      if (value.empty() || value.size() > 9) return false;
      for (char c : value) {
        if (!IsDigit(c)) return false;
      }
      return true;
    }
    case AttributeRule::kDir:
      return EqualsAsciiLower(value, "ltr") || EqualsAsciiLower(value, "rtl") ||
             EqualsAsciiLower(value, "auto");
    case AttributeRule::kLang:
      if (value.empty() || value.size() > 35) return false;
      for (char c : value) {
        if (!IsAsciiAlnum(c) && c != '-') return false;
      }
      return true;
  }
  return false;
}

std::optional<std::string> SafeUrl(std::string_view url, std::string_view base_url) {
  std::string cleaned = BrowserUrl(url);
  if (cleaned.empty()) return std::nullopt;  // href="" is the page itself: no use in a digest
  std::string absolute = ResolveUrl(base_url, cleaned);
  std::string scheme = UrlScheme(absolute);
  if (scheme == "mailto" && absolute.size() > 7) return absolute;
  if ((scheme == "http" || scheme == "https") && IsHttpUrl(absolute)) return absolute;
  return std::nullopt;
}

// The walk.
namespace {

// The output stops growing here (then only end tags are written, so it stays well-formed).
constexpr std::size_t kMaxOutputBytes = 16 << 20;
// Elements open at once in the output; deeper ones are unwrapped, so that whatever displays the
// output (a browser stops nesting at 512) sees the tree that was sanitized.
constexpr std::size_t kMaxOutputDepth = 256;
// Every kept link gets this: no referrer leaks from a digest, no ranking credit for the site.
constexpr std::string_view kLinkRel = "nofollow noopener noreferrer";

// Appends `text` escaped for text and for quoted attribute values, without C0 controls other
// than white space (they are not allowed in HTML and some readers choke on them).
void AppendEscaped(std::string_view text, std::string* out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* replacement = nullptr;
    switch (c) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\'':
        replacement = "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r' ||
            c == '\f') {
          continue;
        }
        replacement = "";  // other C0 controls: dropped
    }
    out->append(text.substr(run, i - run));
    out->append(replacement);
    run = i + 1;
  }
  out->append(text.substr(run));
}

const GumboVector* ChildrenOf(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT) return &node->v.element.children;
  return nullptr;  // text, comments; template content is dropped
}

class Sanitizer {
 public:
  Sanitizer(std::string_view base_url, std::string* out)
      : base_url_(base_url), out_(out), start_(out->size()) {}

  void Run(const GumboNode* root) {
    Visit(root);
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      const GumboVector* children = ChildrenOf(frame.node);
      if (children != nullptr && frame.next_child < children->length && !Full()) {
        Visit(static_cast<const GumboNode*>(children->data[frame.next_child++]));
        continue;  // (`frame` may dangle now)
      }
      if (frame.tag_name != nullptr) {
        out_->append("</").append(frame.tag_name).push_back('>');
        --open_elements_;
      }
      stack_.pop_back();
    }
  }

 private:
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    const char* tag_name;  // the end tag to write after the children; null when unwrapped
  };

  bool Full() const { return out_->size() - start_ >= kMaxOutputBytes; }

  void Visit(const GumboNode* node) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AppendText(node->v.text.text);
        return;
      case GUMBO_NODE_DOCUMENT:
        stack_.push_back({node, 0, nullptr});
        return;
      case GUMBO_NODE_ELEMENT:
        VisitElement(node);
        return;
      case GUMBO_NODE_COMMENT:
      case GUMBO_NODE_TEMPLATE:
        return;
    }
  }

  void VisitElement(const GumboNode* node) {
    const GumboElement& element = node->v.element;
    // svg and math content (and anything gumbo puts in their namespaces) goes: the usual vehicle
    // of mutation XSS, and the allowlist is about HTML.
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return;
    TagRule rule = RuleForTag(element.tag);
    if (rule == TagRule::kDrop) return;
    if (rule == TagRule::kVoid) {
      if (!Full()) AppendStartTag(element);
      return;
    }
    bool keep = rule == TagRule::kKeep && open_elements_ < kMaxOutputDepth &&
                (element.tag != GUMBO_TAG_A || HasSafeUrl(element, "href"));
    if (!keep) {
      stack_.push_back({node, 0, nullptr});
      return;
    }
    AppendStartTag(element);
    ++open_elements_;
    stack_.push_back({node, 0, gumbo_normalized_tagname(element.tag)});
  }

  bool HasSafeUrl(const GumboElement& element, const char* name) const {
    const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
    return attribute != nullptr && SafeUrl(attribute->value, base_url_).has_value();
  }

  // The start tag with the attributes that pass; an <img> without a usable src is left out.
  void AppendStartTag(const GumboElement& element) {
    if (element.tag == GUMBO_TAG_IMG && !HasSafeUrl(element, "src")) return;
    out_->push_back('<');
    out_->append(gumbo_normalized_tagname(element.tag));
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      AppendAttribute(element.tag, *static_cast<const GumboAttribute*>(element.attributes.data[i]));
    }
    if (element.tag == GUMBO_TAG_A) out_->append(" rel=\"").append(kLinkRel).push_back('"');
    out_->push_back('>');
  }

  void AppendAttribute(GumboTag tag, const GumboAttribute& attribute) {
    if (attribute.attr_namespace != GUMBO_ATTR_NAMESPACE_NONE) return;
    std::string_view name = attribute.name;
    AttributeRule rule = RuleForAttribute(tag, name);
    if (!IsValidAttributeValue(rule, attribute.value)) return;
    std::optional<std::string> url;
    if (rule == AttributeRule::kUrl) {
      url = SafeUrl(attribute.value, base_url_);
      if (!url) return;
    }
    out_->push_back(' ');
    out_->append(name);
    if (rule == AttributeRule::kBoolean) return;
    out_->append("=\"");
    AppendEscaped(url ? std::string_view(*url) : std::string_view(attribute.value), out_);
    out_->push_back('"');
  }

  // Text, cut at a UTF-8 character boundary when it would pass the output cap.
  void AppendText(std::string_view text) {
    std::size_t used = out_->size() - start_;
    if (used >= kMaxOutputBytes) return;
    std::size_t room = kMaxOutputBytes - used;
    if (text.size() > room) {
      while (room > 0 && (static_cast<unsigned char>(text[room]) & 0xC0) == 0x80) --room;
      text = text.substr(0, room);
    }
    AppendEscaped(text, out_);
  }

  std::string_view base_url_;
  std::string* out_;
  std::size_t start_;
  std::vector<Frame> stack_;
  std::size_t open_elements_ = 0;
};

}  // namespace

void AppendSanitized(const GumboNode* node, std::string_view base_url, std::string* out) {
  if (node == nullptr || out == nullptr) return;
  Sanitizer(base_url, out).Run(node);
}

}  // namespace tidings::extract
