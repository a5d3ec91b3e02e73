#include "extract/hints.h"

#include <array>

#include "base/ascii.h"
#include "extract/dom.h"

namespace tidings::extract {
namespace {

template <std::size_t N>
bool ContainsAny(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 40> kUnlikely = {
    "-ad-",       "ai2html",   "banner",     "breadcrumb",   "combx",    "comment",  "community",
    "cover-wrap", "disqus",    "extra",      "footer",       "gdpr",     "header",   "legends",
    "menu",       "related",   "remark",     "replies",      "rss",      "shoutbox", "sidebar",
    "skyscraper", "social",    "sponsor",    "supplemental", "ad-break", "agegate",  "pagination",
    "pager",      "popup",     "yom-remote", "newsletter",   "cookie",   "consent",  "share",
    "sharing",    "subscribe", "promo",      "modal",        "recommend"};
constexpr std::array<std::string_view, 9> kMaybeCandidate = {
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow", "story"};
constexpr std::array<std::string_view, 22> kBoilerplate = {
    "author-bio",      "about-author",   "author-box", "authorbox", "author-info",
    "author-card",     "cookie",         "consent",    "gdpr",      "newsletter",
    "share-",          "sharing",        "social-",    "sr-only",   "screen-reader",
    "visually-hidden", "visuallyhidden", "skip-link",  "related-",  "paywall",
    "signup",          "sign-up"};
constexpr std::array<std::string_view, 27> kNegative = {
    "-ad-",   "banner",   "combx",    "comment", "com-",       "contact",   "footer",
    "gdpr",   "masthead", "media",    "meta",    "outbrain",   "promo",     "related",
    "scroll", "share",    "shoutbox", "sidebar", "skyscraper", "sponsor",   "shopping",
    "tags",   "widget",   "caption",  "credit",  "byline",     "newsletter"};
constexpr std::array<std::string_view, 14> kPositive = {
    "article", "body",       "content", "entry", "hentry", "h-entry", "main",
    "page",    "pagination", "post",    "text",  "blog",   "story",   "prose"};
constexpr std::array<std::string_view, 7> kUnlikelyRoles = {
    "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"};
constexpr std::array<std::string_view, 5> kByline = {"byline", "author", "dateline", "writtenby",
                                                     "p-author"};

int WeightOf(std::string_view value) {
  if (value.empty()) return 0;
  std::string lower = AsciiLower(value);
  int weight = 0;
  if (ContainsAny(lower, kNegative) || lower == "hid" || lower.find("hidden") == 0) weight -= 25;
  if (ContainsAny(lower, kPositive)) weight += 25;
  return weight;
}

}  // namespace

std::string_view ClassAndId(const GumboNode* node, std::string* buffer) {
  std::string_view class_name = Attr(node, "class");
  std::string_view id = Attr(node, "id");
  buffer->clear();
  if (class_name.empty() && id.empty()) return {};
  buffer->append(class_name).append(" ").append(id);
  for (char& c : *buffer) c = AsciiLower(c);
  return *buffer;
}

bool IsUnlikelyCandidate(std::string_view class_and_id) {
  return !class_and_id.empty() && ContainsAny(class_and_id, kUnlikely) &&
         !ContainsAny(class_and_id, kMaybeCandidate);
}

bool IsBoilerplate(std::string_view class_and_id) {
  return !class_and_id.empty() && ContainsAny(class_and_id, kBoilerplate);
}

int ClassWeight(const GumboNode* node) {
  return WeightOf(Attr(node, "class")) + WeightOf(Attr(node, "id"));
}

bool IsUnlikelyRole(std::string_view role) {
  for (std::string_view unlikely : kUnlikelyRoles) {
    if (EqualsAsciiLower(role, unlikely)) return true;
  }
  return false;
}

bool IsHiddenStyle(std::string_view style) {
  if (style.empty()) return false;
  std::string lower = AsciiLower(style);
  std::string compact;
  for (char c : lower) {
    if (!IsAsciiSpace(c)) compact.push_back(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsHiddenClass(std::string_view class_list) {
  bool hidden = false;
  std::size_t start = 0;
  while (start < class_list.size()) {
    std::size_t end = start;
    while (end < class_list.size() && !IsAsciiSpace(class_list[end])) ++end;
    std::string_view token = class_list.substr(start, end - start);
    if (token.find(':') != std::string_view::npos || token.substr(0, 2) == "d-") {
      if (token != "d-none") return false;  // shown again at some breakpoint
    }
    if (token == "hidden" || token == "d-none" || token == "hide" || token == "is-hidden") {
      hidden = true;
    }
    start = end + 1;
  }
  return hidden;
}

bool IsBylineName(std::string_view class_and_id) {
  return !class_and_id.empty() && ContainsAny(class_and_id, kByline);
}

}  // namespace tidings::extract
