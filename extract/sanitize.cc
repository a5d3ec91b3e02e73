// SanitizeHtml() (extract/sanitize.h) and LimitHtmlNesting() (extract/sanitize_rules.h), the guard
// that runs before gumbo parses.
#include "extract/sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "base/ascii.h"
#include "extract/sanitize_rules.h"
#include "extract/sanitize_tree.h"

namespace tidings::extract {
namespace {

// Input past this is not parsed: the output is capped at 16 MiB anyway (sanitize_tree.cc), and
// gumbo needs about ten times the input in memory.
constexpr std::size_t kMaxInputBytes = 64 << 20;
// Nesting depth gumbo is allowed to build; browsers stop nesting at 512 too.
constexpr std::size_t kMaxParseDepth = 512;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool IsAnyOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(),
                     [name](std::string_view n) { return SameName(name, n); });
}

// Void elements and those whose end tag may be left out: they add nothing to the depth.
bool IsUncounted(std::string_view name) {
  return IsAnyOf(name, {"area",  "base",   "br",      "col",      "embed",    "hr",      "img",
                        "input", "link",   "meta",    "param",    "source",   "track",   "wbr",
                        "image", "keygen", "bgsound", "basefont", "frame",    "p",       "li",
                        "dt",    "dd",     "option",  "optgroup", "rt",       "rp",      "rb",
                        "rtc",   "tr",     "td",      "th",       "thead",    "tbody",   "tfoot",
                        "html",  "head",   "body",    "caption",  "colgroup", "menuitem"});
}

// Elements whose content is text to the tokenizer (in HTML, not in svg or math).
bool IsRawText(std::string_view name) {
  return IsAnyOf(name,
                 {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"});
}

// An end tag does not close anything past these (HTML's "has an element in scope").
bool IsScopeBoundary(std::string_view name) {
  return IsAnyOf(name, {"applet", "table", "marquee", "object", "template", "mi", "mo", "mn", "ms",
                        "mtext", "annotation-xml", "foreignobject", "desc", "title"});
}

// HTML's "special" elements: an end tag of an ordinary element (</span>) does not close them.
bool IsSpecial(std::string_view name) {
  return IsScopeBoundary(name) ||
         IsAnyOf(name,
                 {"address", "article", "aside",    "blockquote", "center", "details", "dir",
                  "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "form",
                  "h1",      "h2",      "h3",       "h4",         "h5",     "h6",      "header",
                  "hgroup",  "listing", "main",     "menu",       "nav",    "ol",      "pre",
                  "section", "select",  "summary",  "ul",         "button", "iframe"});
}

// HTML start tags that end svg and math content ("breakout" tags).
bool IsBreakout(std::string_view name) {
  return IsAnyOf(
      name, {"b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
             "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
             "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
             "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
             "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"});
}

// A lexical model of the tree gumbo will build: the stack of open elements that count.
class NestingGuard {
 public:
  NestingGuard(std::string_view html, std::size_t max_depth) : html_(html), max_depth_(max_depth) {}

  bool Run(std::string* limited) {
    std::size_t i = 0;
    while ((i = html_.find('<', i)) != std::string_view::npos && !stopped_) i = Markup(i);
    if (!cut_) return false;
    limited->assign(out_);
    limited->append(html_.substr(copied_));
    return true;
  }

 private:
  struct Open {
    std::string_view name;
    bool foreign;  // svg or math content, not an integration point
  };

  bool InForeign() const { return !open_.empty() && open_.back().foreign; }

  // Handles the markup at `start` ('<'); returns where to go on.
  std::size_t Markup(std::size_t start) {
    std::string_view rest = html_.substr(start);
    if (rest.starts_with("<!--")) return SkipComment(start + 4);
    if (rest.size() < 2) return html_.size();
    if (rest[1] == '!' || rest[1] == '?') return SkipPast('>', start + 2);
    bool end_tag = rest[1] == '/';
    std::size_t name_start = start + (end_tag ? 2 : 1);
    if (name_start >= html_.size() || !IsAsciiLetter(html_[name_start])) {
      return end_tag ? SkipPast('>', name_start) : start + 1;
    }
    std::size_t name_end = name_start;
    while (name_end < html_.size() && !IsAsciiSpace(html_[name_end]) && html_[name_end] != '/' &&
           html_[name_end] != '>') {
      ++name_end;
    }
    std::string_view name = html_.substr(name_start, name_end - name_start);
    bool self_closing = false;
    std::size_t tag_end = ScanAttributes(name_end, &self_closing);
    if (tag_end == std::string_view::npos) return html_.size();  // gumbo drops it at the end
    if (end_tag) {
      EndTag(name, start, tag_end);
      return tag_end;
    }
    return StartTag(name, self_closing, start, tag_end);
  }

  std::size_t StartTag(std::string_view name, bool self_closing, std::size_t start,
                       std::size_t tag_end) {
    if (InForeign() && IsBreakout(name)) {
      while (InForeign()) open_.pop_back();
    }
    bool foreign = InForeign() || SameName(name, "svg") || SameName(name, "math");
    if (!foreign) {
      if (SameName(name, "plaintext")) stopped_ = true;  // the rest is text
      if (IsRawText(name)) return SkipRawText(name, tag_end);
      if (IsUncounted(name)) return tag_end;
    } else if (self_closing) {
      return tag_end;
    }
    if (open_.size() >= max_depth_) {
      Cut(start, tag_end);
      return tag_end;
    }
    bool integration_point = IsScopeBoundary(name) && foreign;
    open_.push_back({name, foreign && !integration_point});
    return tag_end;
  }

  // Pops to the element `name` closes, if it is open and in scope; otherwise, once tags are being
  // cut, cuts the end tag too (its start tag may have been cut).
  void EndTag(std::string_view name, std::size_t start, std::size_t tag_end) {
    if (!InForeign() && IsUncounted(name)) return;
    bool special = IsSpecial(name);
    for (std::size_t k = open_.size(); k-- > 0;) {
      std::string_view open = open_[k].name;
      if (SameName(open, name)) {
        open_.resize(k);
        return;
      }
      if (IsScopeBoundary(open) || (!special && IsSpecial(open))) break;
    }
    if (cut_) Cut(start, tag_end);
  }

  // Script data with its escaped states ("<!--<script>...</script>-->"), or plain raw text:
  // returns the position after the end tag.
  std::size_t SkipRawText(std::string_view name, std::size_t i) {
    bool script = SameName(name, "script");
    int escape = 0;  // 0 none, 1 inside "<!--", 2 inside "<!--<script>"
    while ((i = html_.find_first_of(script ? "<-" : "<", i)) != std::string_view::npos) {
      std::string_view rest = html_.substr(i);
      if (script && escape == 0 && rest.starts_with("<!--")) {
        escape = 1;
      } else if (script && escape > 0 && rest.starts_with("-->")) {
        escape = 0;
      } else if (script && escape == 1 && IsTagNamed(rest.substr(1), "script")) {
        escape = 2;
      } else if (rest.starts_with("</") && IsTagNamed(rest.substr(2), name)) {
        if (escape == 2) {
          escape = 1;
        } else {
          bool ignored = false;
          std::size_t end = ScanAttributes(i + 2 + name.size(), &ignored);
          return end == std::string_view::npos ? html_.size() : end;
        }
      }
      ++i;
    }
    return html_.size();
  }

  // True when `text` starts with `name` followed by white space, '/' or '>'.
  static bool IsTagNamed(std::string_view text, std::string_view name) {
    if (text.size() <= name.size() || !SameName(text.substr(0, name.size()), name)) return false;
    char next = text[name.size()];
    return IsAsciiSpace(next) || next == '/' || next == '>';
  }

  // `i` is just past "<!--". Ends at the earliest terminator any HTML parser accepts, so that
  // the guard never mistakes markup for a comment.
  std::size_t SkipComment(std::size_t i) {
    std::string_view rest = html_.substr(i);
    if (rest.starts_with(">")) return i + 1;
    if (rest.starts_with("->")) return i + 2;
    std::size_t end = std::min(rest.find("-->"), rest.find("--!>"));
    if (end == std::string_view::npos) return html_.size();
    return i + end + (rest[end + 2] == '!' ? 4 : 3);
  }

  std::size_t SkipPast(char c, std::size_t i) {
    std::size_t at = html_.find(c, i);
    return at == std::string_view::npos ? html_.size() : at + 1;
  }

  // The attributes of a tag, as HTML's tokenizer reads them; returns the position after '>',
  // or npos when the input ends inside the tag.
  std::size_t ScanAttributes(std::size_t i, bool* self_closing) {
    const std::size_t n = html_.size();
    while (i < n) {
      char c = html_[i];
      if (IsAsciiSpace(c)) {
        ++i;
      } else if (c == '/') {
        *self_closing = i + 1 < n && html_[i + 1] == '>';
        ++i;
      } else if (c == '>') {
        return i + 1;
      } else {
        *self_closing = false;
        i = ScanAttribute(i);
        if (i == std::string_view::npos) return i;
      }
    }
    return std::string_view::npos;
  }

  // One attribute (name, optional value) from `i`; returns where it ends, or npos.
  std::size_t ScanAttribute(std::size_t i) {
    const std::size_t n = html_.size();
    ++i;  // the first character belongs to the name whatever it is, even '='
    while (i < n && !IsAsciiSpace(html_[i]) && html_[i] != '/' && html_[i] != '>' &&
           html_[i] != '=') {
      ++i;
    }
    std::size_t after_name = i;
    while (i < n && IsAsciiSpace(html_[i])) ++i;
    if (i >= n || html_[i] != '=') return after_name;
    ++i;
    while (i < n && IsAsciiSpace(html_[i])) ++i;
    if (i >= n) return std::string_view::npos;
    if (html_[i] == '"' || html_[i] == '\'') {
      std::size_t close = html_.find(html_[i], i + 1);
      return close == std::string_view::npos ? close : close + 1;
    }
    while (i < n && !IsAsciiSpace(html_[i]) && html_[i] != '>') ++i;
    return i;
  }

  static bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  void Cut(std::size_t from, std::size_t to) {
    out_.append(html_.substr(copied_, from - copied_));
    copied_ = to;
    cut_ = true;
  }

  std::string_view html_;
  std::size_t max_depth_;
  std::vector<Open> open_;
  std::string out_;
  std::size_t copied_ = 0;  // html_ before this is in out_ or cut
  bool cut_ = false, stopped_ = false;
};

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

}  // namespace

bool LimitHtmlNesting(std::string_view html, std::size_t max_depth, std::string* limited) {
  return NestingGuard(html, max_depth).Run(limited);
}

std::string SanitizeHtml(std::string_view html, std::string_view base_url) {
  html = html.substr(0, kMaxInputBytes);
  std::string limited;
  if (LimitHtmlNesting(html, kMaxParseDepth, &limited)) html = limited;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the error list is never read; keeping it costs time and memory
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()));
  std::string out;
  if (output != nullptr) AppendSanitized(output->document, base_url, &out);
  return out;
}

}  // namespace tidings::extract
