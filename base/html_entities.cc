// Character reference decoding after the HTML5 "character reference state", without the tokenizer
// around it. The named table is generated (scripts/gen-html-entities) as constexpr data, so lookups
// need neither heap nor static initialization.
#include "base/html_entities.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace tidings {
namespace {

struct NamedReference {
  std::string_view name;  // without '&' and ';'
  std::string_view utf8;
  bool legacy;  // HTML5 also accepts it without ';' ("&amp", "&copy")
};

constexpr NamedReference kNamedReferences[] = {
#include "base/html_entity_table.inc"
};

constexpr bool IsSortedByName() {
  for (std::size_t i = 1; i < std::size(kNamedReferences); ++i) {
    if (!(kNamedReferences[i - 1].name < kNamedReferences[i].name)) return false;
  }
  return true;
}
static_assert(IsSortedByName(), "binary search needs html_entity_table.inc sorted by name");
static_assert(std::size(kNamedReferences) == 2125, "HTML5 has 2,125 names (2,231 with legacy)");

// The longest name ("CounterClockwiseContourIntegral") has 31 characters.
constexpr std::size_t kMaxNameLength = 31;

constexpr char32_t kReplacement = 0xFFFD;

// HTML5 maps numeric references 0x80-0x9F as windows-1252 would, since that is what authors who
// wrote "&#150;" meant. The five bytes windows-1252 leaves undefined keep their C1 value.
constexpr std::array<char16_t, 32> kWindows1252C1 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

const NamedReference* FindNamedReference(std::string_view name) {
  const auto* end = std::end(kNamedReferences);
  const auto* it = std::lower_bound(
      std::begin(kNamedReferences), end, name,
      [](const NamedReference& entry, std::string_view key) { return entry.name < key; });
  if (it == end || it->name != name) return nullptr;
  return it;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char32_t NumericReferenceValue(std::uint32_t value) {
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kReplacement;
  if (value >= 0x80 && value <= 0x9F) return kWindows1252C1[value - 0x80];
  return static_cast<char32_t>(value);
}

// `text[pos]` is '&', `text[pos + 1]` is '#'. Returns the length of the reference, or 0 when there
// are no digits (then "&#" is literal text).
std::size_t DecodeNumericReference(std::string_view text, std::size_t pos, std::string* out) {
  std::size_t i = pos + 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const std::uint32_t base = hex ? 16 : 10;
  const std::size_t digits_start = i;
  std::uint32_t value = 0;
  for (; i < text.size(); ++i) {
    const int digit =
        hex ? HexValue(text[i]) : (text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1);
    if (digit < 0) break;
    // Saturate rather than overflow: anything past U+10FFFF becomes U+FFFD anyway.
    value = std::min<std::uint32_t>(value * base + static_cast<std::uint32_t>(digit), 0x110000);
  }
  if (i == digits_start) return 0;
  if (i < text.size() && text[i] == ';') ++i;  // a missing ';' is tolerated, as in HTML5
  AppendUtf8(NumericReferenceValue(value), out);
  return i - pos;
}

// `text[pos]` is '&'. Returns the length of the named reference, or 0 when there is none.
//
// Legacy names without ';' are decoded only when the next character is neither '=' nor an ASCII
// letter or digit: HTML5's rule for attribute values, applied everywhere. Feed text is full of URLs
// ("?a=1&copy=2", "&para=x", "&notify") that the text-content rule would corrupt; the price is
// that "&copy2024" stays as written.
std::size_t DecodeNamedReference(std::string_view text, std::size_t pos, std::string* out) {
  const std::size_t start = pos + 1;
  std::size_t end = start;
  while (end < text.size() && end - start <= kMaxNameLength && IsAsciiAlnum(text[end])) ++end;
  if (end == start || end - start > kMaxNameLength) return 0;
  const NamedReference* entry = FindNamedReference(text.substr(start, end - start));
  if (entry == nullptr) return 0;
  if (end < text.size() && text[end] == ';') {
    out->append(entry->utf8);
    return end + 1 - pos;
  }
  if (!entry->legacy || (end < text.size() && text[end] == '=')) return 0;
  out->append(entry->utf8);
  return end - pos;
}

}  // namespace

std::string_view LookupHtmlEntity(std::string_view name) {
  const NamedReference* entry = FindNamedReference(name);
  return entry == nullptr ? std::string_view() : entry->utf8;
}

std::string DecodeHtmlEntities(std::string_view text) {
  std::size_t pos = text.find('&');
  if (pos == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  while (pos != std::string_view::npos) {
    out.append(text.substr(copied, pos - copied));
    const bool numeric = pos + 1 < text.size() && text[pos + 1] == '#';
    const std::size_t length =
        numeric ? DecodeNumericReference(text, pos, &out) : DecodeNamedReference(text, pos, &out);
    if (length == 0) {
      out.push_back('&');
      copied = pos + 1;
    } else {
      copied = pos + length;
    }
    pos = text.find('&', copied);
  }
  out.append(text.substr(copied));
  return out;
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = kReplacement;
  }
  const auto byte = [](char32_t bits) {
    return static_cast<char>(static_cast<unsigned char>(bits));
  };
  if (code_point < 0x80) {
    out->push_back(byte(code_point));
  } else if (code_point < 0x800) {
    out->push_back(byte(0xC0 | (code_point >> 6)));
    out->push_back(byte(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(byte(0xE0 | (code_point >> 12)));
    out->push_back(byte(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(byte(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(byte(0xF0 | (code_point >> 18)));
    out->push_back(byte(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(byte(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(byte(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace tidings
