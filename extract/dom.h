// Small helpers over gumbo's parse tree for the extractor: attribute lookup, tag tests and a flat,
// preorder copy of the tree (DomIndex) that every later pass walks without recursion.
// Internal to extract/.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace tidings::extract {

// The value of attribute `name` (lower case), or "" when absent.
std::string_view Attr(const GumboNode* node, const char* name);
bool HasAttr(const GumboNode* node, const char* name);
inline bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}
inline GumboTag TagOf(const GumboNode* node) {
  return IsElement(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}
inline const GumboVector& ChildrenOf(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}
inline bool IsText(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
         node->type == GUMBO_NODE_WHITESPACE;
}
inline std::string_view TextOf(const GumboNode* node) { return node->v.text.text; }

// Elements that start a new paragraph of text (a "block").
bool IsBlockTag(GumboTag tag);
// Elements never shown as text: script, style, head, form controls, media ...
bool IsNonContentTag(GumboTag tag);

// Characters of `text` that are not white space, counting a UTF-8 sequence once.
std::uint32_t VisibleChars(std::string_view text);

// The tree as a flat array in document order: node i's descendants are [i + 1, end).
struct DomNode {
  const GumboNode* node = nullptr;
  std::int32_t parent = -1;
  std::uint32_t end = 0;
  std::uint32_t depth = 0;
};

class DomIndex {
 public:
  explicit DomIndex(const GumboNode* root);
  const std::vector<DomNode>& nodes() const { return nodes_; }
  std::size_t size() const { return nodes_.size(); }
  const DomNode& operator[](std::size_t i) const { return nodes_[i]; }
  // Index of `node`, found through its parent chain; -1 when not in the tree.
  std::int32_t IndexOf(const GumboNode* node) const;

 private:
  std::vector<DomNode> nodes_;
};

}  // namespace tidings::extract
