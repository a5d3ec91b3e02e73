// A lexical HTML-to-text pass: it recognizes tags, comments and raw-text elements the way the
// HTML5 tokenizer would on short fragments, without building a tree. Every pass is linear and none
// allocates per character.
#include "base/html_text.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "base/ascii.h"
#include "base/html_entities.h"

namespace tidings {
namespace {

// Tags that separate words when rendered, so "<p>a</p><p>b</p>" reads "a b" and not "ab".
// Sorted for binary search; all lower case.
constexpr std::string_view kBlockTags[] = {
    "address", "article", "aside",  "blockquote", "body",    "br",      "caption",  "center",
    "dd",      "details", "dialog", "div",        "dl",      "dt",      "fieldset", "figcaption",
    "figure",  "footer",  "form",   "h1",         "h2",      "h3",      "h4",       "h5",
    "h6",      "head",    "header", "hr",         "html",    "li",      "main",     "nav",
    "ol",      "option",  "p",      "pre",        "section", "summary", "table",    "tbody",
    "td",      "tfoot",   "th",     "thead",      "title",   "tr",      "ul"};
static_assert(std::is_sorted(std::begin(kBlockTags), std::end(kBlockTags)));

constexpr std::size_t kMaxTagNameLength = 16;  // longer names are never block or raw-text tags

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool StartsWithNoCase(std::string_view text, std::size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(text[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// Position just past the '>' that closes the tag whose name ends at `pos`, or npos when the tag
// never closes. A quote opens a quoted value only right after '=' (HTML5), so the stray quote in
// `<a href=x">` does not swallow the rest of the document.
std::size_t FindTagEnd(std::string_view html, std::size_t pos) {
  while (pos < html.size()) {
    const char c = html[pos++];
    if (c == '>') return pos;
    if (c != '=') continue;
    while (pos < html.size() && IsAsciiSpace(html[pos])) ++pos;
    if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
      const std::size_t close = html.find(html[pos], pos + 1);
      if (close == std::string_view::npos) return close;
      pos = close + 1;
    }
  }
  return std::string_view::npos;
}

// Lower-case name of the tag whose name starts at `pos` (empty if longer than any we care about).
std::string_view ReadTagName(std::string_view html, std::size_t pos, std::size_t* name_end,
                             std::array<char, kMaxTagNameLength>* buffer) {
  std::size_t end = pos;
  while (end < html.size() && !IsAsciiSpace(html[end]) && html[end] != '/' && html[end] != '>') {
    ++end;
  }
  *name_end = end;
  if (end - pos > buffer->size()) return {};
  std::transform(html.begin() + static_cast<std::ptrdiff_t>(pos),
                 html.begin() + static_cast<std::ptrdiff_t>(end), buffer->begin(),
                 [](char c) { return AsciiLower(c); });
  return std::string_view(buffer->data(), end - pos);
}

// Position just past the "</name ...>" that ends a raw-text element (<script>, <style>), or npos.
std::size_t SkipRawText(std::string_view html, std::size_t pos, std::string_view name) {
  for (pos = html.find("</", pos); pos != std::string_view::npos; pos = html.find("</", pos + 2)) {
    const std::size_t after = pos + 2 + name.size();
    if (StartsWithNoCase(html, pos + 2, name) &&
        (after == html.size() || IsAsciiSpace(html[after]) || html[after] == '/' ||
         html[after] == '>')) {
      return FindTagEnd(html, after);
    }
  }
  return pos;
}

// Handles the markup starting with '<' at `pos`: appends what it leaves in the text (a space for
// block tags, CDATA content) and returns the position after it, npos if it runs to the end, or
// `pos` itself when this '<' is just text.
std::size_t SkipMarkup(std::string_view html, std::size_t pos, std::string* out) {
  const std::string_view rest = html.substr(pos);
  if (rest.starts_with("<!--")) {
    // "<!-->" and "<!--->" are complete (empty) comments in HTML5.
    if (rest.substr(4).starts_with(">")) return pos + 5;
    if (rest.substr(4).starts_with("->")) return pos + 6;
    const std::size_t close = html.find("-->", pos + 4);
    return close == std::string_view::npos ? close : close + 3;
  }
  if (rest.starts_with("<![CDATA[")) {
    // HTML5 would drop it as a bogus comment; feeds double-wrap titles in CDATA, so keep the text.
    const std::size_t close = html.find("]]>", pos + 9);
    out->append(html.substr(pos + 9, close == std::string_view::npos ? close : close - pos - 9));
    return close == std::string_view::npos ? close : close + 3;
  }
  if (rest.size() < 2) return pos;
  const char next = rest[1];
  if (next == '!' || next == '?' || (next == '/' && (rest.size() < 3 || !IsAsciiAlpha(rest[2])))) {
    // Doctypes, processing instructions, "</>" and other bogus comments run to the next '>'.
    const std::size_t close = html.find('>', pos + 2);
    return close == std::string_view::npos ? close : close + 1;
  }
  const bool end_tag = next == '/';
  if (!end_tag && !IsAsciiAlpha(next)) return pos;
  std::array<char, kMaxTagNameLength> buffer{};
  std::size_t name_end = 0;
  const std::string_view name = ReadTagName(html, pos + (end_tag ? 2 : 1), &name_end, &buffer);
  std::size_t after = FindTagEnd(html, name_end);
  if (after == std::string_view::npos) return after;  // an unclosed tag at the end is dropped
  if (std::binary_search(std::begin(kBlockTags), std::end(kBlockTags), name)) out->push_back(' ');
  if (!end_tag && (name == "script" || name == "style")) after = SkipRawText(html, after, name);
  return after;
}

// Removes tags, comments, <script> and <style>, leaving character references as they are.
std::string StripMarkup(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  std::size_t pos = html.find('<');
  while (pos != std::string_view::npos) {
    out.append(html.substr(copied, pos - copied));
    const std::size_t after = SkipMarkup(html, pos, &out);
    if (after == std::string_view::npos) return out;
    if (after == pos) {
      out.push_back('<');
      copied = pos + 1;
    } else {
      copied = after;
    }
    pos = html.find('<', copied);
  }
  out.append(html.substr(copied));
  return out;
}

// Collapses runs of ASCII white space in place to one space and removes them at both ends.
void CollapseInPlace(std::string* text) {
  std::size_t write = 0;
  bool pending_space = false;
  for (const char c : *text) {
    if (IsAsciiSpace(c)) {
      pending_space = write > 0;
      continue;
    }
    if (pending_space) (*text)[write++] = ' ';
    pending_space = false;
    (*text)[write++] = c;
  }
  text->resize(write);
}

// True when `text` starts with a complete character reference: "&name;" with a known name,
// "&#123;" or "&#x1F;". Legacy references without ';' do not count: in plain text "&copy" or
// "R&D" are far more likely to be meant literally.
bool StartsWithCharacterReference(std::string_view text) {
  std::size_t pos = 1;
  if (pos < text.size() && text[pos] == '#') {
    ++pos;
    const bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
    if (hex) ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && (hex ? IsAsciiHexDigit(text[pos]) : IsAsciiDigit(text[pos]))) ++pos;
    return pos > digits_start && pos < text.size() && text[pos] == ';';
  }
  constexpr std::size_t kMaxNameLength = 31;  // "CounterClockwiseContourIntegral"
  while (pos < text.size() && pos <= kMaxNameLength &&
         (IsAsciiAlpha(text[pos]) || IsAsciiDigit(text[pos]))) {
    ++pos;
  }
  return pos > 1 && pos < text.size() && text[pos] == ';' &&
         !LookupHtmlEntity(text.substr(1, pos - 1)).empty();
}

// HTML elements that a title or name may carry as markup. A tag of any other name ("The <dialog>
// element", "Vector<int>") is text that mentions a tag, as feedparser also reads it.
constexpr std::string_view kMarkupTags[] = {
    "a",    "abbr",  "b",    "big",    "blockquote", "br",  "cite", "code",  "del", "div",
    "em",   "font",  "h1",   "h2",     "h3",         "h4",  "h5",   "h6",    "hr",  "i",
    "img",  "ins",   "kbd",  "li",     "mark",       "ol",  "p",    "pre",   "q",   "s",
    "samp", "small", "span", "strike", "strong",     "sub", "sup",  "table", "td",  "time",
    "tr",   "tt",    "u",    "ul",     "var",        "wbr"};

bool IsMarkupTag(std::string_view name) {
  if (name.empty() || name.size() > 10) return false;
  char lower[10];
  for (std::size_t i = 0; i < name.size(); ++i) lower[i] = AsciiLower(name[i]);
  std::string_view key(lower, name.size());
  for (std::string_view tag : kMarkupTags) {
    if (tag == key) return true;
  }
  return false;
}

// True when text[lt] == '<' starts markup: a comment, an end tag of a known element ("</b>"), or
// one of the void elements that have no end tag ("<br>", "<br/>", "<img src=x>"), closed by a
// later '>'. A start tag alone is not enough: "The <dialog> element" names a tag.
bool IsHtmlMarkup(std::string_view text, std::size_t lt) {
  std::string_view rest = text.substr(lt);
  if (rest.starts_with("<!--")) return rest.find("-->") != std::string_view::npos;
  bool end_tag = rest.size() > 1 && rest[1] == '/';
  std::size_t name_start = end_tag ? 2 : 1;
  std::size_t name_end = name_start;
  while (name_end < rest.size() && (IsAsciiAlpha(rest[name_end]) || IsAsciiDigit(rest[name_end]))) {
    ++name_end;
  }
  std::string_view name = rest.substr(name_start, name_end - name_start);
  if (!IsMarkupTag(name) || rest.find('>', name_end) == std::string_view::npos) return false;
  if (end_tag) return true;
  std::string lower(name);
  for (char& ch : lower) ch = AsciiLower(ch);
  return lower == "br" || lower == "img" || lower == "hr" || lower == "wbr";
}

// `text` without leading and trailing spaces and U+00A0. HtmlToText keeps U+00A0 (&nbsp;) inside
// the text, where authors put it on purpose to glue words, but trims it at the ends, where it is
// only ever padding.
std::string_view TrimSpaceAndNbsp(std::string_view text) {
  constexpr std::string_view kNbsp = "\xC2\xA0";
  while (text.starts_with(' ') || text.starts_with(kNbsp)) {
    text.remove_prefix(text.starts_with(' ') ? 1 : kNbsp.size());
  }
  while (text.ends_with(' ') || text.ends_with(kNbsp)) {
    text.remove_suffix(text.ends_with(' ') ? 1 : kNbsp.size());
  }
  return text;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string text = DecodeHtmlEntities(StripMarkup(html));
  CollapseInPlace(&text);
  const std::string_view trimmed = TrimSpaceAndNbsp(text);
  if (trimmed.size() == text.size()) return text;
  return std::string(trimmed);
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out(text);
  CollapseInPlace(&out);
  return out;
}

bool LooksLikeHtml(std::string_view text) {
  // One plain loop: this runs on every title and name, and nearly all of them have neither
  // '<' nor '&' (find_first_of costs a call per character).
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '&' && StartsWithCharacterReference(text.substr(pos))) return true;
    if (c == '<' && IsHtmlMarkup(text, pos)) return true;
  }
  return false;
}

}  // namespace tidings
