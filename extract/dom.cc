#include "extract/dom.h"

#include <cstring>

namespace tidings::extract {

std::string_view Attr(const GumboNode* node, const char* name) {
  if (!IsElement(node)) return {};
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  return attribute ? std::string_view(attribute->value) : std::string_view();
}

bool HasAttr(const GumboNode* node, const char* name) {
  return IsElement(node) && gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LEGEND:
      return true;
    default:
      return false;
  }
}

bool IsNonContentTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

std::uint32_t VisibleChars(std::string_view text) {
  std::uint32_t count = 0;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    // Not white space and not a UTF-8 continuation byte.
    count += (byte > ' ' && (byte & 0xC0) != 0x80) ? 1U : 0U;
  }
  return count;
}

DomIndex::DomIndex(const GumboNode* root) {
  // Preorder with an explicit stack of (index, next child): no recursion however deep the tree.
  struct Frame {
    std::uint32_t index;
    unsigned int next_child;
  };
  std::vector<Frame> stack;
  nodes_.push_back({root, -1, 0, 0});
  stack.push_back({0, 0});
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboNode* node = nodes_[top.index].node;
    bool has_children = IsElement(node) || node->type == GUMBO_NODE_DOCUMENT;
    if (!has_children || top.next_child >= ChildrenOf(node).length) {
      nodes_[top.index].end = static_cast<std::uint32_t>(nodes_.size());
      stack.pop_back();
      continue;
    }
    auto* child = static_cast<const GumboNode*>(ChildrenOf(node).data[top.next_child++]);
    auto index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back({child, static_cast<std::int32_t>(top.index), 0, nodes_[top.index].depth + 1});
    stack.push_back({index, 0});
  }
}

std::int32_t DomIndex::IndexOf(const GumboNode* node) const {
  // Rare (metadata lookups): a linear scan is simpler than a map and fast enough.
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].node == node) return static_cast<std::int32_t>(i);
  }
  return -1;
}

}  // namespace tidings::extract
