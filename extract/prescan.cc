#include "extract/prescan.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace tidings::extract {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Position of "</name" (any case) followed by space, '/' or '>' at or after `from`, or npos.
std::size_t FindEndTag(std::string_view html, std::size_t from, std::string_view name) {
  while (true) {
    std::size_t lt = html.find("</", from);
    if (lt == std::string_view::npos) return lt;
    std::size_t after = lt + 2 + name.size();
    bool match = after <= html.size();
    for (std::size_t k = 0; match && k < name.size(); ++k)
      match = Lower(html[lt + 2 + k]) == name[k];
    if (match && (after == html.size() || IsSpace(html[after]) || html[after] == '/' ||
                  html[after] == '>')) {
      return lt;
    }
    from = lt + 2;
  }
}

// Position just past the '>' closing the tag that starts at `lt`, honouring quoted attribute
// values; html.size() when the tag never closes.
std::size_t TagEnd(std::string_view html, std::size_t lt) {
  char quote = 0;
  bool after_equals = false;
  for (std::size_t i = lt + 1; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '>') {
      return i + 1;
    } else if (after_equals && (c == '"' || c == '\'')) {
      quote = c;
      after_equals = false;
    } else if (c == '=') {
      after_equals = true;
    } else if (!IsSpace(c)) {
      after_equals = false;
    }
  }
  return html.size();
}

enum class Kind { kCounted, kFormatting, kUncounted, kDropWithContent, kRawCopy, kPlaintext };

Kind KindOf(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kUncounted = {
      "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "html", "head", "body"};
  static constexpr std::array<std::string_view, 24> kVoid = {
      "area",  "base",     "br",      "col",    "embed", "hr",  "img",    "input",
      "link",  "meta",     "param",   "source", "track", "wbr", "tbody",  "thead",
      "tfoot", "colgroup", "caption", "rb",     "rt",    "rp",  "keygen", "image"};
  static constexpr std::array<std::string_view, 14> kFormatting = {
      "a",    "b", "big",   "code",   "em",     "font", "i",
      "nobr", "s", "small", "strike", "strong", "tt",   "u"};
  static constexpr std::array<std::string_view, 9> kDropped = {
      "script", "style", "svg", "template", "noscript", "iframe", "noembed", "noframes", "xmp"};
  auto in = [name](const auto& list) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  if (in(kUncounted) || in(kVoid)) return Kind::kUncounted;
  if (in(kFormatting)) return Kind::kFormatting;
  if (in(kDropped)) return Kind::kDropWithContent;
  if (name == "textarea" || name == "title") return Kind::kRawCopy;
  if (name == "plaintext") return Kind::kPlaintext;
  return Kind::kCounted;
}

class Scanner {
 public:
  explicit Scanner(std::string_view html) : html_(html) { out_.html.reserve(html.size()); }
  Prescanned Run();

 private:
  // Each returns the position after what it consumed.
  std::size_t StartTag(std::size_t lt);
  std::size_t EndTag(std::size_t lt);
  std::size_t DropWithContent(std::size_t lt, std::size_t tag_end, std::string_view name);
  std::string_view ReadName(std::size_t from);
  struct Count;
  Count* Find(std::string_view name, bool create);

  std::string_view html_;
  Prescanned out_;
  std::size_t tags_ = 0, depth_ = 0, formatting_ = 0;
  char name_[16] = {};
  // Per tag name: elements open, and end tags still to drop for start tags that were dropped.
  struct Count {
    std::size_t open = 0, dropped = 0;
  };
  // Keyed by a hash of the name: pages may use any number of custom element names.
  std::unordered_map<std::uint64_t, Count> counts_;
};

std::string_view Scanner::ReadName(std::size_t from) {
  std::size_t n = 0;
  while (from + n < html_.size() && n < sizeof(name_)) {
    char c = html_[from + n];
    if (IsSpace(c) || c == '/' || c == '>') break;
    name_[n++] = Lower(c);
  }
  return {name_, n};
}

Scanner::Count* Scanner::Find(std::string_view name, bool create) {
  std::uint64_t key = 14695981039346656037ULL;  // FNV-1a
  for (char c : name) key = (key ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  if (!create) {
    auto found = counts_.find(key);
    return found == counts_.end() ? nullptr : &found->second;
  }
  return &counts_[key];
}

std::size_t Scanner::DropWithContent(std::size_t lt, std::size_t tag_end, std::string_view name) {
  std::size_t close = FindEndTag(html_, tag_end, name);
  if (close == std::string_view::npos) close = html_.size();
  std::string_view tag = html_.substr(lt, tag_end - lt);
  if (name == "script" && tag.find("ld+json") != std::string_view::npos &&
      close - tag_end <= kMaxJsonLdBytes) {
    out_.json_ld.emplace_back(html_.substr(tag_end, close - tag_end));
  }
  return close == html_.size() ? close : TagEnd(html_, close);
}

std::size_t Scanner::StartTag(std::size_t lt) {
  std::string_view name = ReadName(lt + 1);
  std::size_t end = TagEnd(html_, lt);
  if (++tags_ > kMaxTags) {
    out_.truncated = true;
    return html_.size();
  }
  Kind kind = KindOf(name);
  if (kind == Kind::kDropWithContent) return DropWithContent(lt, end, name);
  std::string_view tag = html_.substr(lt, end - lt);
  bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
  if (name == "input" && tag.find("password") != std::string_view::npos) {
    out_.has_login_form = true;
  }
  if ((kind == Kind::kCounted || kind == Kind::kFormatting) && !self_closing) {
    Count* count = Find(name, true);
    if (depth_ >= kMaxDepth || (kind == Kind::kFormatting && formatting_ >= kMaxFormatting)) {
      ++count->dropped;
      out_.flattened = true;
      return end;
    }
    ++count->open;
    ++depth_;
    if (kind == Kind::kFormatting) ++formatting_;
  }
  if (tag.size() > kMaxTagBytes) {
    out_.html.append("<").append(name).append(">");
  } else {
    out_.html.append(tag);
  }
  if (kind == Kind::kRawCopy) {
    std::size_t close = FindEndTag(html_, end, name);
    if (close == std::string_view::npos) close = html_.size();
    out_.html.append(html_.substr(end, close - end));
    return close;
  }
  if (kind == Kind::kPlaintext) {
    out_.html.append(html_.substr(end));
    return html_.size();
  }
  return end;
}

std::size_t Scanner::EndTag(std::size_t lt) {
  std::string_view name = ReadName(lt + 2);
  std::size_t end = TagEnd(html_, lt);
  if (Count* count = Find(name, false)) {
    if (count->dropped > 0) {  // its start tag was dropped
      --count->dropped;
      return end;
    }
    if (count->open > 0) {
      --count->open;
      --depth_;
      if (KindOf(name) == Kind::kFormatting) --formatting_;
    }
  }
  out_.html.append(html_.substr(lt, end - lt));
  return end;
}

Prescanned Scanner::Run() {
  std::size_t pos = 0;
  while (pos < html_.size()) {
    std::size_t lt = html_.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= html_.size()) {
      out_.html.append(html_.substr(pos));
      break;
    }
    out_.html.append(html_.substr(pos, lt - pos));
    char next = html_[lt + 1];
    if (html_.compare(lt, 4, "<!--") == 0) {
      std::size_t close = html_.find("-->", lt + 4);
      pos = close == std::string_view::npos ? html_.size() : close + 3;
    } else if (next == '!' || next == '?') {
      std::size_t close = html_.find('>', lt);
      pos = close == std::string_view::npos ? html_.size() : close + 1;
      out_.html.append(html_.substr(lt, pos - lt));
    } else if (IsAlpha(next)) {
      pos = StartTag(lt);
    } else if (next == '/' && lt + 2 < html_.size() && IsAlpha(html_[lt + 2])) {
      pos = EndTag(lt);
    } else {
      out_.html.push_back('<');
      pos = lt + 1;
    }
  }
  return std::move(out_);
}

}  // namespace

Prescanned Prescan(std::string_view html) { return Scanner(html).Run(); }

}  // namespace tidings::extract
