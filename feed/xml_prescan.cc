#include "feed/xml_prescan.h"

#include <fmt/format.h>

#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/html_entities.h"

namespace tidings::feed {
namespace {

bool IsForbiddenControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// True when some byte of the document is a forbidden control character. SSE2 (every x86-64)
// checks sixteen bytes in a handful of instructions: this runs over every document the daemon
// fetches. Elsewhere, a plain loop.
bool HasForbiddenControl(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size(), i = 0;
#if defined(__SSE2__)
  const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i zero = _mm_setzero_si128();
  const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  __m128i any = zero;
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i below_space = _mm_cmpeq_epi8(_mm_and_si128(v, high3), zero);  // v < 0x20
    __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
                                   _mm_cmpeq_epi8(v, cr));
    any = _mm_or_si128(any, _mm_andnot_si128(allowed, below_space));
  }
  if (_mm_movemask_epi8(any) != 0) return true;
#endif
  for (; i < n; ++i) {
    if (IsForbiddenControl(static_cast<unsigned char>(p[i]))) return true;
  }
  return false;
}

std::size_t LineOf(std::string_view s, std::size_t offset) {
  return 1 + static_cast<std::size_t>(
                 std::count(s.begin(), s.begin() + static_cast<long>(offset), '\n'));
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The entity reference at s[amp] == '&' that XML does not know but HTML does, as its name's
// length; 0 for predefined, numeric, unknown or unterminated references.
std::size_t UndeclaredEntityName(std::string_view s, std::size_t amp) {
  std::size_t end = amp + 1;
  while (end < s.size() && end - amp <= 32 && IsNameChar(s[end])) ++end;
  if (end >= s.size() || s[end] != ';' || end == amp + 1) return 0;
  std::string_view name = s.substr(amp + 1, end - amp - 1);
  return LookupHtmlEntity(name).empty() ? 0 : name.size();
}

// XML-safe text for an HTML entity's value.
std::string_view XmlSafe(std::string_view value) {
  if (value == "<") return "&lt;";
  if (value == "&") return "&amp;";
  if (value == ">") return "&gt;";
  if (value == "\"") return "&quot;";
  if (value == "'") return "&apos;";
  return value;
}

// True when s[amp] == '&' starts one of the references XML predefines.
bool IsPredefinedReference(std::string_view s, std::size_t amp) {
  std::string_view rest = s.substr(amp + 1, 6);
  return rest.starts_with("amp;") || rest.starts_with("lt;") || rest.starts_with("gt;") ||
         rest.starts_with("quot;") || rest.starts_with("apos;");
}

// The length of the numeric reference at s[amp] ("&#146;" -> 6), or 0 when there is none.
std::size_t NumericReferenceLength(std::string_view s, std::size_t amp) {
  if (s.substr(amp + 1, 1) != "#") return 0;
  std::size_t semicolon = s.find(';', amp);
  return semicolon != std::string_view::npos && semicolon - amp <= 12 ? semicolon - amp + 1 : 0;
}

// What a numeric reference must become when pugixml would decode it wrongly: &#128;-&#159; are
// windows-1252 characters (as in browsers), &#0; would end the text there, XML-forbidden controls
// go, surrogates and values past U+10FFFF become U+FFFD. Nullopt: pugixml decodes it right.
std::optional<std::string> NumericReplacement(std::string_view reference) {
  std::string_view digits = reference.substr(2, reference.size() - 3);
  bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
  if (hex) digits.remove_prefix(1);
  std::uint32_t value = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9')                          ? c - '0'
            : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                            : -1;
    if (d < 0) return std::nullopt;  // not a number: pugixml keeps it as text
    value =
        std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d), 0x110000);
  }
  bool allowed_control = value == 0x9 || value == 0xA || value == 0xD;
  if (value >= 0x20 && value < 0x80) return std::nullopt;
  if (value >= 0xA0 && value < 0xD800) return std::nullopt;
  if (value >= 0xE000 && value < 0xFFFE) return std::nullopt;
  if (value >= 0x10000 && value < 0x110000) return std::nullopt;
  if (allowed_control) return std::nullopt;
  if (value > 0 && value < 0x20) return std::string();
  return DecodeHtmlEntities(reference);  // HTML5's rules: windows-1252, U+FFFD
}

struct Replacement {
  std::size_t offset;
  std::size_t length;
  std::string text;
};

struct EntityScan {
  std::vector<Replacement> replacements;  // in document order
  std::size_t undeclared = 0;             // HTML entities XML does not declare
  std::size_t numeric = 0;                // numeric references pugixml would decode wrongly
  std::size_t bare_ampersands = 0;        // '&' that starts no reference at all
  std::size_t first_undeclared = 0, first_numeric = 0, first_bare = 0;
};

// Looks at one '&' outside CDATA and comments.
void ScanReference(std::string_view s, std::size_t amp, EntityScan& scan) {
  if (IsPredefinedReference(s, amp)) return;
  if (std::size_t length = NumericReferenceLength(s, amp); length > 0) {
    std::optional<std::string> text = NumericReplacement(s.substr(amp, length));
    if (!text) return;
    if (scan.numeric++ == 0) scan.first_numeric = amp;
    scan.replacements.push_back({amp, length, std::move(*text)});
  } else if (std::size_t name = UndeclaredEntityName(s, amp); name > 0) {
    if (scan.undeclared++ == 0) scan.first_undeclared = amp;
    std::string_view value = XmlSafe(LookupHtmlEntity(s.substr(amp + 1, name)));
    scan.replacements.push_back({amp, name + 2, std::string(value)});
  } else if (scan.bare_ampersands++ == 0) {
    scan.first_bare = amp;
  }
}

// The offset of the next '&' or '!' from `pos` on, or s.size(). SSE2 looks at sixteen bytes at a
// time: in escaped HTML a reference comes every few bytes, where a call to memchr per '&' (and
// another search for the '!' of each CDATA section) cost more than the search itself.
std::size_t NextAmpersandOrBang(std::string_view s, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i ampersand = _mm_set1_epi8('&'), bang = _mm_set1_epi8('!');
  for (; pos + 16 <= s.size(); pos += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, ampersand), _mm_cmpeq_epi8(v, bang)));
    if (mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (pos < s.size() && s[pos] != '&' && s[pos] != '!') ++pos;
  return pos;
}

// Finds the references to repair, and the bare ampersands, outside CDATA sections and comments:
// one pass over the document, in order, through its '&' and its "<!" (a CDATA section, comment or
// DOCTYPE, which is skipped to its end).
EntityScan ScanEntities(std::string_view s) {
  EntityScan scan;
  for (std::size_t pos = NextAmpersandOrBang(s, 0); pos < s.size();
       pos = NextAmpersandOrBang(s, pos)) {
    if (s[pos] == '&') {
      ScanReference(s, pos, scan);
      ++pos;
      continue;
    }
    if (pos == 0 || s[pos - 1] != '<') {
      ++pos;  // a '!' in text
      continue;
    }
    std::size_t markup = pos - 1;
    std::string_view closer = s.compare(markup, 9, "<![CDATA[") == 0 ? "]]>"
                              : s.compare(markup, 4, "<!--") == 0    ? "-->"
                                                                     : "";
    std::size_t end = closer.empty() ? markup + 2 : s.find(closer, markup + 2);
    if (end == std::string_view::npos) break;  // unterminated: the rest is inside it
    pos = std::max(end, markup + 2);
  }
  return scan;
}

std::string ApplyReplacements(std::string_view s, const std::vector<Replacement>& replacements) {
  std::string out;
  out.reserve(s.size());
  std::size_t copied = 0;
  for (const Replacement& r : replacements) {
    out.append(s.substr(copied, r.offset - copied));
    out.append(r.text);
    copied = r.offset + r.length;
  }
  out.append(s.substr(copied));
  return out;
}

void RemoveForbiddenControls(std::string* xml, std::vector<std::string>* warnings) {
  std::size_t first = 0;
  while (!IsForbiddenControl(static_cast<unsigned char>((*xml)[first]))) ++first;
  std::size_t line = LineOf(*xml, first);
  auto removed = std::remove_if(xml->begin(), xml->end(), [](char c) {
    return IsForbiddenControl(static_cast<unsigned char>(c));
  });
  std::size_t count = static_cast<std::size_t>(xml->end() - removed);
  xml->erase(removed, xml->end());
  warnings->push_back(
      fmt::format("removed {} control character{} that XML forbids (first at line {})", count,
                  count == 1 ? "" : "s", line));
}

}  // namespace

void PrescanXml(std::string* xml, std::vector<std::string>* warnings, bool no_controls) {
  if (!no_controls && HasForbiddenControl(*xml)) RemoveForbiddenControls(xml, warnings);
  EntityScan scan = ScanEntities(*xml);
  if (scan.bare_ampersands > 0) {
    // pugixml keeps a bare '&' as text, which is what the publisher meant ("AT&T", "?a=1&b=2").
    warnings->push_back(fmt::format("read {} bare '&' as text (first at line {})",
                                    scan.bare_ampersands, LineOf(*xml, scan.first_bare)));
  }
  if (scan.undeclared > 0) {
    std::size_t length = UndeclaredEntityName(*xml, scan.first_undeclared) + 2;
    warnings->push_back(fmt::format(
        "decoded {} HTML entit{} that XML does not declare (first {} at line {})", scan.undeclared,
        scan.undeclared == 1 ? "y" : "ies", xml->substr(scan.first_undeclared, length),
        LineOf(*xml, scan.first_undeclared)));
  }
  if (scan.numeric > 0) {
    std::size_t length = NumericReferenceLength(*xml, scan.first_numeric);
    warnings->push_back(
        fmt::format("repaired {} numeric reference{} to no usable character (first {} at line {})",
                    scan.numeric, scan.numeric == 1 ? "" : "s",
                    xml->substr(scan.first_numeric, length), LineOf(*xml, scan.first_numeric)));
  }
  if (!scan.replacements.empty()) *xml = ApplyReplacements(*xml, scan.replacements);
}

}  // namespace tidings::feed
