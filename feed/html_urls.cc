#include "feed/html_urls.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

#include "base/ascii.h"
#include "base/html_entities.h"
#include "base/url.h"

namespace tidings::feed {
namespace {

bool IsUrlAttribute(std::string_view name) {
  // Called for every attribute of an article: reject by length before comparing.
  static constexpr std::string_view kNames[] = {"href",       "src",        "poster",   "cite",
                                                "action",     "background", "longdesc", "usemap",
                                                "formaction", "data",       "srcset"};
  std::size_t n = name.size();
  if (n != 3 && n != 4 && n != 6 && n != 8 && n != 10) return false;
  for (std::string_view known : kNames) {
    if (known.size() == n && known[0] == AsciiLower(name[0]) && EqualsAsciiLower(name, known))
      return true;
  }
  return false;
}

struct Rewritten {
  std::string_view value;  // valid until the next RewriteOne (or as long as its owner)
  bool drop = false;       // the attribute must go
  bool unchanged = false;  // `value` is not set: the attribute stays as written
};

bool StartsWithHttp(std::string_view v) {
  return (v.starts_with("https://") || v.starts_with("http://")) && !IsAsciiSpace(v.back());
}

// True when a browser reads `value` exactly as written: no character reference to decode and no
// white space or control character to strip. Nearly every URL in an article, which then needs no
// decoded copy before its scheme is checked.
bool IsLiteralUrl(std::string_view value) {
  // Without an early exit, so that the compiler vectorizes it: the URLs are short.
  unsigned char suspect = 0;
  for (char c : value) {
    suspect |= static_cast<unsigned char>((c == '&') | (static_cast<unsigned char>(c) <= 0x20));
  }
  return suspect == 0;
}

Rewritten RewriteOne(std::string_view value, std::string_view base, bool image_attr) {
  if (StartsWithHttp(value)) return {{}, false, true};  // the common case, without allocating
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return {{}, false, true};  // src="" stays empty: resolved, it would name the feed itself
  }
  // The scheme a browser would see: references decoded ("&#106;avascript:", "javascript&colon;"),
  // tabs and newlines inside removed ("jav&Tab;ascript:").
  std::string decoded;
  std::string_view effective = value;
  if (!IsLiteralUrl(value)) {
    decoded = BrowserUrl(DecodeHtmlEntities(value));
    effective = decoded;
  }
  std::string scheme = UrlScheme(effective);
  bool keep = scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto" ||
              scheme == "ftp" || scheme == "tel" ||
              (image_attr && scheme == "data" && effective.size() > 11 &&
               EqualsAsciiLower(effective.substr(5, 6), "image/"));
  if (!keep) return {{}, true, false};
  // Resolved into a string kept from call to call: an article's relative links cost no
  // allocation each (they were a fifth of all the allocations of a parse).
  thread_local std::string url;
  ResolveUrlInto(base, value, &url);
  if (url == value) return {{}, false, true};
  return {url, false, false};
}

// srcset: "a.jpg 1x, b.jpg 2x" -> each candidate URL resolved; unsafe candidates dropped.
std::string RewriteSrcset(std::string_view value, std::string_view base) {
  std::string out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && (IsAsciiSpace(value[pos]) || value[pos] == ',')) ++pos;
    std::size_t url_end = pos;
    while (url_end < value.size() && !IsAsciiSpace(value[url_end])) ++url_end;
    std::size_t comma = value.find(',', url_end);
    std::size_t end = comma == std::string_view::npos ? value.size() : comma;
    if (url_end > pos) {
      std::string_view url = value.substr(pos, url_end - pos);
      Rewritten one = RewriteOne(url, base, true);
      if (!one.drop) {
        if (!out.empty()) out += ", ";
        out += one.unchanged ? url : one.value;
        out.append(value.substr(url_end, end - url_end));
      }
    }
    pos = end;
  }
  return out;
}

// Appends `name="value"` (preceded by a space) with the value's quotes escaped.
void AppendAttribute(std::string_view name, std::string_view value, std::string* out) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  // Appended in runs between quotes: a URL rarely holds one.
  for (std::size_t quote; (quote = value.find('"')) != std::string_view::npos;) {
    out->append(value.substr(0, quote)).append("&quot;");
    value.remove_prefix(quote + 1);
  }
  out->append(value).push_back('"');
}

// Scans the tag at html[lt] == '<', appends it (URL attributes rewritten) to `out`, and returns
// the offset past it. Sets `changed` when a URL attribute changed.
std::size_t ScanTag(std::string_view html, std::size_t lt, std::string_view base, std::string* out,
                    bool* changed) {
  std::size_t pos = lt + 1;
  while (pos < html.size() && !IsAsciiSpace(html[pos]) && html[pos] != '>' && html[pos] != '/')
    ++pos;
  std::string_view tag_name = html.substr(lt + 1, pos - lt - 1);
  bool image_tag = EqualsAsciiLower(tag_name, "img") || EqualsAsciiLower(tag_name, "source");
  out->append(html.substr(lt, pos - lt));
  *changed = false;
  while (pos < html.size() && html[pos] != '>') {
    std::size_t attr_start = pos;
    while (pos < html.size() && (IsAsciiSpace(html[pos]) || html[pos] == '/')) ++pos;
    std::size_t name_begin = pos;
    while (pos < html.size() && !IsAsciiSpace(html[pos]) && html[pos] != '=' && html[pos] != '>')
      ++pos;
    std::string_view name = html.substr(name_begin, pos - name_begin);
    std::size_t after_name = pos;
    while (pos < html.size() && IsAsciiSpace(html[pos])) ++pos;
    if (pos >= html.size() || html[pos] != '=' || name.empty()) {
      // Not name=value: copy it through, always making progress.
      pos = after_name > attr_start ? after_name : attr_start + 1;
      out->append(html.substr(attr_start, pos - attr_start));
      continue;
    }
    ++pos;  // '='
    while (pos < html.size() && IsAsciiSpace(html[pos])) ++pos;
    std::size_t value_begin = pos, value_end;
    if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
      std::size_t close = html.find(html[pos], pos + 1);
      if (close == std::string_view::npos) close = html.size();
      value_begin = pos + 1;
      value_end = close;
      pos = close < html.size() ? close + 1 : close;
    } else {
      while (pos < html.size() && !IsAsciiSpace(html[pos]) && html[pos] != '>') ++pos;
      value_end = pos;
    }
    std::string_view value = html.substr(value_begin, value_end - value_begin);
    Rewritten result{{}, false, true};
    std::string srcset;  // owns result.value for a srcset
    if (EqualsAsciiLower(name, "srcset")) {
      srcset = RewriteSrcset(value, base);
      if (srcset != value) result = {srcset, false, false};
    } else if (IsUrlAttribute(name)) {
      result = RewriteOne(value, base, image_tag && EqualsAsciiLower(name, "src"));
    }
    if (result.unchanged) {
      out->append(html.substr(attr_start, pos - attr_start));
      continue;
    }
    *changed = true;
    if (!result.drop) AppendAttribute(name, result.value, out);
  }
  if (pos < html.size()) ++pos;  // '>'
  out->append(">");
  return pos;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == ':';
}

// The offset of the '<' opening the tag that holds html[pos], or npos when html[pos] is text.
std::size_t EnclosingTag(std::string_view html, std::size_t pos) {
  std::size_t lt = html.rfind('<', pos);
  if (lt == std::string_view::npos || lt + 1 >= html.size()) return std::string_view::npos;
  char c = html[lt + 1];
  if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::string_view::npos;
  std::size_t gt = html.find('>', lt);
  return gt != std::string_view::npos && gt < pos ? std::string_view::npos : lt;
}

// For each last letter of a name (lower case, 'a' + index), the letters that may stand before it
// in one of IsUrlAttribute's names, as a bit set over 'a'..'z': href (ef), src and longdesc (rc,
// sc), poster (er), cite (te), action and formaction (on), background (nd), usemap (ap), data
// (ta), srcset (et). A table rather than a switch: this runs for every '=' of an article, and the
// switch's indirect jump was mispredicted on most of them (alt, width, height, class ...).
constexpr std::uint32_t Letter(char c) { return std::uint32_t{1} << (c - 'a'); }
constexpr std::uint32_t kBeforeLast[26] = {
    Letter('t'),                // a: data
    0,                          // b
    Letter('r') | Letter('s'),  // c: src, longdesc
    Letter('n'),                // d: background
    Letter('t'),                // e: cite
    Letter('e'),                // f: href
    0,
    0,
    0,
    0,
    0,
    0,
    0,            // g-m
    Letter('o'),  // n: action, formaction
    0,            // o
    Letter('a'),  // p: usemap
    0,            // q
    Letter('e'),  // r: poster
    0,            // s
    Letter('e'),  // t: srcset
    0,
    0,
    0,
    0,
    0,
    0,  // u-z
};

// True when a name ending in `before_last`, `last` may be one of IsUrlAttribute's names: ruled
// out at once for most attributes of an article (alt, width, height, class, loading ...).
bool MayEndUrlAttributeName(char before_last, char last) {
  // | 0x20 lowers ASCII letters; anything that is not a letter then falls outside 0..25.
  const unsigned l = static_cast<unsigned char>(last | 0x20) - unsigned{'a'};
  const unsigned b = static_cast<unsigned char>(before_last | 0x20) - unsigned{'a'};
  return l < 26 && b < 26 && (kBeforeLast[l] >> b & 1u) != 0;
}

// True when the attribute whose '=' is at html[eq] is a URL attribute whose value may need
// rewriting: not an absolute http(s) URL already.
bool NeedsLook(std::string_view html, std::size_t eq, std::string_view base) {
  std::size_t name_end = eq;
  while (name_end > 0 && IsAsciiSpace(html[name_end - 1])) --name_end;
  if (name_end < 2 || !MayEndUrlAttributeName(html[name_end - 2], html[name_end - 1])) {
    return false;
  }
  std::size_t name_begin = name_end;
  while (name_begin > 0 && name_end - name_begin < 12 && IsNameChar(html[name_begin - 1])) {
    --name_begin;
  }
  std::string_view name = html.substr(name_begin, name_end - name_begin);
  if (!IsUrlAttribute(name)) return false;
  std::size_t value = eq + 1;
  while (value < html.size() && IsAsciiSpace(html[value])) ++value;
  if (value < html.size() && (html[value] == '"' || html[value] == '\'')) ++value;
  std::string_view rest = html.substr(value, 8);
  if (EqualsAsciiLower(name, "srcset")) {
    std::size_t end = html.find_first_of("\"'>", value);
    std::string_view srcset = html.substr(value, end == std::string_view::npos ? end : end - value);
    return RewriteSrcset(srcset, base) != srcset;
  }
  return !(rest.starts_with("https://") || rest.starts_with("http://"));
}

// The offset of the first '=' in html[pos, ...), or npos. Inline SSE2 rather than memchr: an
// article has an '=' every hundred bytes or so, and memchr's call and set-up cost about as much as
// its search over so short a distance.
std::size_t NextEquals(std::string_view html, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i equals = _mm_set1_epi8('=');
  for (; pos + 16 <= html.size(); pos += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(html.data() + pos));
    const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(block, equals));
    if (mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; pos < html.size(); ++pos) {
    if (html[pos] == '=') return pos;
  }
  return std::string_view::npos;
}

// `in` with the URL attributes of its tags rewritten, or nullopt when none changes. Finds the tags
// that hold a URL attribute needing a look by the attributes' '=' signs: most of an article is
// text and tags without such attributes, which this skips at memchr speed. One pass: the output
// is only started at the first change.
std::optional<std::string> Rewrite(std::string_view in, std::string_view base) {
  constexpr std::size_t kTagCapacity = 256;  // an <img> with a few attributes
  std::optional<std::string> out;
  // One rewritten tag; reused from call to call, so that tags cost no allocation.
  thread_local std::string tag;
  std::size_t copied = 0;  // in[copied, ...) is not yet in `out`
  std::size_t last_tag = std::string_view::npos;
  for (std::size_t pos = 0;;) {
    const std::size_t eq = NextEquals(in, pos);
    if (eq == std::string_view::npos) break;
    pos = eq + 1;
    if (!NeedsLook(in, eq, base)) continue;
    std::size_t lt = EnclosingTag(in, eq);
    if (lt == std::string_view::npos || lt == last_tag || lt < copied) continue;
    last_tag = lt;
    bool changed = false;
    if (tag.capacity() < kTagCapacity) tag.reserve(kTagCapacity);  // not regrown char by char
    tag.clear();
    std::size_t end = ScanTag(in, lt, base, &tag, &changed);
    if (!changed) continue;
    // Room for everything written so far, this tag and the rest of the input, plus a little for
    // the rest's own rewrites: grown by doubling instead, four articles in ten (two links made
    // absolute overflow a small margin) were copied once more and kept twice their size.
    std::size_t rest = in.size() - end;
    std::size_t needed = (out ? out->size() : 0) + (lt - copied) + tag.size() + rest;
    if (!out) out.emplace();
    if (needed > out->capacity()) out->reserve(needed + rest / 16 + 64);
    out->append(in.substr(copied, lt - copied));
    out->append(tag);
    copied = end;
    pos = std::max(pos, end);  // every '=' before `end` belongs to a tag already written
  }
  if (out) out->append(in.substr(copied));
  return out;
}

}  // namespace

bool IsUrlAttributeName(std::string_view name) { return IsUrlAttribute(name); }

std::string ResolveHtmlUrls(std::string html, std::string_view base) {
  std::optional<std::string> rewritten = Rewrite(html, base);
  if (rewritten) return std::move(*rewritten);
  return html;  // unchanged: the caller's string, moved back
}

std::string CopyResolvingHtmlUrls(std::string_view html, std::string_view base) {
  std::optional<std::string> rewritten = Rewrite(html, base);
  if (rewritten) return std::move(*rewritten);
  return std::string(html);
}

}  // namespace tidings::feed
