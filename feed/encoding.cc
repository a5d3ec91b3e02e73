// Encoding detection and conversion to UTF-8 (see encoding.h). Labels and fallbacks follow the
// WHATWG Encoding Standard, because feeds are written for browsers: what a browser reads is what
// the author checked. UTF-8 and windows-1252 are decoded here (they are most feeds, and valid UTF-8
// must cost one scan and no copy); everything else goes through ICU.
#include "feed/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include <fmt/format.h>

namespace tidings::feed {
namespace {

using HighHalf = std::array<char16_t, 128>;  // code points of bytes 0x80..0xFF

// A single-byte table given as its differences from ISO-8859-1 ({byte, code point} pairs).
constexpr HighHalf MakeHighHalf(std::initializer_list<std::pair<std::uint8_t, char16_t>> diffs) {
  HighHalf table{};
  for (std::size_t i = 0; i < table.size(); ++i) table[i] = static_cast<char16_t>(0x80 + i);
  for (const auto& [byte, code_point] : diffs) table[byte - 0x80u] = code_point;
  return table;
}

// WHATWG windows-1252: the five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay C1 controls.
constexpr HighHalf kWindows1252 = MakeHighHalf(
    {{0x80, 0x20AC}, {0x82, 0x201A}, {0x83, 0x0192}, {0x84, 0x201E}, {0x85, 0x2026}, {0x86, 0x2020},
     {0x87, 0x2021}, {0x88, 0x02C6}, {0x89, 0x2030}, {0x8A, 0x0160}, {0x8B, 0x2039}, {0x8C, 0x0152},
     {0x8E, 0x017D}, {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C}, {0x94, 0x201D}, {0x95, 0x2022},
     {0x96, 0x2013}, {0x97, 0x2014}, {0x98, 0x02DC}, {0x99, 0x2122}, {0x9A, 0x0161}, {0x9B, 0x203A},
     {0x9C, 0x0153}, {0x9E, 0x017E}, {0x9F, 0x0178}});

// ICU's default data has no ISO-8859-16 converter.
constexpr HighHalf kIso8859_16 = MakeHighHalf(
    {{0xA1, 0x0104}, {0xA2, 0x0105}, {0xA3, 0x0141}, {0xA4, 0x20AC}, {0xA5, 0x201E}, {0xA6, 0x0160},
     {0xA8, 0x0161}, {0xAA, 0x0218}, {0xAC, 0x0179}, {0xAE, 0x017A}, {0xAF, 0x017B}, {0xB2, 0x010C},
     {0xB3, 0x0142}, {0xB4, 0x017D}, {0xB5, 0x201D}, {0xB8, 0x017E}, {0xB9, 0x010D}, {0xBA, 0x0219},
     {0xBC, 0x0152}, {0xBD, 0x0153}, {0xBE, 0x0178}, {0xBF, 0x017C}, {0xC3, 0x0102}, {0xC5, 0x0106},
     {0xD0, 0x0110}, {0xD1, 0x0143}, {0xD5, 0x0150}, {0xD7, 0x015A}, {0xD8, 0x0170}, {0xDD, 0x0118},
     {0xDE, 0x021A}, {0xE3, 0x0103}, {0xE5, 0x0107}, {0xF0, 0x0111}, {0xF1, 0x0144}, {0xF5, 0x0151},
     {0xF7, 0x015B}, {0xF8, 0x0171}, {0xFD, 0x0119}, {0xFE, 0x021B}});

enum class Kind : std::uint8_t {
  kUtf8,
  kUtf16,  // byte order unspecified: sniffed, else little endian as in browsers
  kUtf16Le,
  kUtf16Be,
  kUtf32,  // byte order unspecified
  kUtf32Le,
  kUtf32Be,
  kSingleByte,
  kMultiByte,  // ASCII bytes always mean ASCII (GB18030, Big5, Shift_JIS, EUC-*)
  kStateful,   // ISO-2022-JP: ASCII escape sequences switch character sets
};

struct Encoding {
  std::string_view name;  // WHATWG name, lower case; also a label
  Kind kind;
  std::string_view labels;  // more labels, space-separated; compared on letters and digits
  const char* icu_name;     // nullptr when decoded with `high_half`
  const HighHalf* high_half;
};

constexpr Encoding Icu(const char* name, Kind kind, std::string_view labels,
                       const char* icu_name = nullptr) {
  return {name, kind, labels, icu_name != nullptr ? icu_name : name, nullptr};
}
constexpr Encoding Table(const char* name, const HighHalf& table, std::string_view labels) {
  return {name, Kind::kSingleByte, labels, nullptr, &table};
}

constexpr Kind kSingle = Kind::kSingleByte;
constexpr Encoding kEncodings[] = {
    Icu("utf-8", Kind::kUtf8, "unicode-1-1-utf-8 unicode20utf8 x-unicode20utf8"),
    Icu("utf-16le", Kind::kUtf16Le, ""),
    Icu("utf-16be", Kind::kUtf16Be, "unicodefffe"),
    Icu("utf-16le", Kind::kUtf16, "utf-16 unicode ucs-2 csunicode iso-10646-ucs-2 unicodefeff"),
    Icu("utf-32le", Kind::kUtf32Le, ""),
    Icu("utf-32be", Kind::kUtf32Be, ""),
    Icu("utf-32le", Kind::kUtf32, "utf-32 ucs-4 iso-10646-ucs-4"),
    Table("windows-1252", kWindows1252,
          "iso-8859-1 latin1 l1 us-ascii ascii ansi_x3.4-1968 cp1252 x-cp1252 cp819 ibm819 "
          "csisolatin1 iso-ir-100 iso_8859-1:1987"),
    Table("iso-8859-16", kIso8859_16, "latin10 l10"),
    Icu("ibm866", kSingle, "866 cp866 csibm866"),
    Icu("iso-8859-2", kSingle, "latin2 l2 csisolatin2 iso-ir-101 iso_8859-2:1987"),
    Icu("iso-8859-3", kSingle, "latin3 l3 csisolatin3 iso-ir-109 iso_8859-3:1988"),
    Icu("iso-8859-4", kSingle, "latin4 l4 csisolatin4 iso-ir-110 iso_8859-4:1988"),
    Icu("iso-8859-5", kSingle, "cyrillic csisolatincyrillic iso-ir-144 iso_8859-5:1988"),
    Icu("iso-8859-6", kSingle,
        "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6-e "
        "iso-8859-6-i iso-ir-127 iso_8859-6:1987"),
    Icu("iso-8859-7", kSingle,
        "greek greek8 csisolatingreek ecma-118 elot_928 iso-ir-126 iso_8859-7:1987 sun_eu_greek"),
    Icu("iso-8859-8", kSingle,
        "hebrew visual csiso88598e csisolatinhebrew iso-8859-8-e iso-ir-138 iso_8859-8:1988"),
    Icu("iso-8859-8-i", kSingle, "csiso88598i logical"),
    Icu("iso-8859-10", kSingle, "latin6 l6 csisolatin6 iso-ir-157"),
    Icu("iso-8859-13", kSingle, "latin7"),
    Icu("iso-8859-14", kSingle, "latin8"),
    Icu("iso-8859-15", kSingle, "latin9 l9 csisolatin9"),
    Icu("koi8-r", kSingle, "koi koi8 cskoi8r"),
    Icu("koi8-u", kSingle, "koi8-ru"),
    Icu("macintosh", kSingle, "mac csmacintosh x-mac-roman"),
    Icu("windows-874", kSingle, "dos-874 iso-8859-11 tis-620"),
    Icu("windows-1250", kSingle, "cp1250 x-cp1250"),
    Icu("windows-1251", kSingle, "cp1251 x-cp1251"),
    Icu("windows-1253", kSingle, "cp1253 x-cp1253"),
    Icu("windows-1254", kSingle,
        "cp1254 x-cp1254 iso-8859-9 latin5 l5 csisolatin5 iso-ir-148 iso_8859-9:1989"),
    Icu("windows-1255", kSingle, "cp1255 x-cp1255"),
    Icu("windows-1256", kSingle, "cp1256 x-cp1256"),
    Icu("windows-1257", kSingle, "cp1257 x-cp1257"),
    Icu("windows-1258", kSingle, "cp1258 x-cp1258"),
    Icu("x-mac-cyrillic", kSingle, "x-mac-ukrainian"),
    // GB18030 is a superset of GBK and GB2312, as in browsers.
    Icu("gb18030", Kind::kMultiByte,
        "gbk gb2312 x-gbk chinese csgb2312 csiso58gb231280 gb_2312-80 iso-ir-58 cp936 euc-cn"),
    // Big5-HKSCS is a superset of Big5; browsers decode Big5 with the HKSCS table too.
    Icu("big5", Kind::kMultiByte, "big5-hkscs cn-big5 csbig5 x-x-big5 cp950", "big5-hkscs"),
    Icu("euc-jp", Kind::kMultiByte, "cseucpkdfmtjapanese x-euc-jp"),
    Icu("iso-2022-jp", Kind::kStateful, "csiso2022jp"),
    // Windows-31J: Shift_JIS with the Microsoft extensions that real Japanese pages use.
    Icu("shift_jis", Kind::kMultiByte,
        "shift-jis sjis x-sjis ms_kanji ms932 cp932 windows-31j csshiftjis", "windows-31j"),
    // Windows-949 (Unified Hangul Code) is a superset of EUC-KR.
    Icu("euc-kr", Kind::kMultiByte,
        "windows-949 cp949 ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 korean cseuckr "
        "csksc56011987 iso-ir-149",
        "windows-949"),
};

constexpr const Encoding& kUtf8 = kEncodings[0];
constexpr const Encoding& kUtf16Le = kEncodings[1];
constexpr const Encoding& kUtf16Be = kEncodings[2];
constexpr const Encoding& kUtf32Le = kEncodings[4];
constexpr const Encoding& kUtf32Be = kEncodings[5];
constexpr const Encoding& kWindows1252Encoding = kEncodings[7];

bool IsWide(Kind kind) { return kind >= Kind::kUtf16 && kind <= Kind::kUtf32Be; }

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Labels match on lower-cased letters and digits, so "UTF8", "utf_8" and "utf-8" are one label.
bool SameLabel(std::string_view key, std::string_view label) {
  std::size_t k = 0;
  for (char c : label) {
    c = LowerAscii(c);
    if (!IsAlnum(c)) continue;
    if (k == key.size() || key[k] != c) return false;
    ++k;
  }
  return k == key.size();
}

// nullptr for an empty or unknown label.
const Encoding* FindEncoding(std::string_view label) {
  std::string key;
  for (char c : label) {
    c = LowerAscii(c);
    if (IsAlnum(c)) key.push_back(c);
  }
  if (key.empty() || key.size() > 40) return nullptr;
  for (const Encoding& encoding : kEncodings) {
    if (SameLabel(key, encoding.name)) return &encoding;
    std::string_view labels = encoding.labels;
    while (!labels.empty()) {
      const std::size_t end = std::min(labels.find(' '), labels.size());
      if (SameLabel(key, labels.substr(0, end))) return &encoding;
      labels.remove_prefix(std::min(end + 1, labels.size()));
    }
  }
  return nullptr;
}

// Labels come from the network: keep them printable and short in messages.
std::string Printable(std::string_view label) {
  std::string out;
  for (char c : label.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  return out;
}

// ---- UTF-8 -------------------------------------------------------------------------------------

// Length of the ASCII run at the start of `bytes`, 16 bytes at a time.
std::size_t AsciiPrefix(const unsigned char* bytes, std::size_t size) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 16 <= size; i += 16) {
    std::uint64_t a;
    std::uint64_t b;
    std::memcpy(&a, bytes + i, 8);
    std::memcpy(&b, bytes + i + 8, 8);
    if (((a | b) & kHighBits) != 0) break;
  }
  while (i < size && bytes[i] < 0x80) ++i;
  return i;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7), 0 when there is none:
// overlong forms, surrogates, code points above U+10FFFF and truncated sequences are ill-formed.
std::size_t Utf8SequenceLength(const unsigned char* p, std::size_t available) {
  const unsigned lead = p[0];
  if (lead < 0x80) return 1;
  if (lead < 0xC2 || lead > 0xF4) return 0;
  if (lead < 0xE0) return available >= 2 && IsContinuation(p[1]) ? 2 : 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;
  if (lead == 0xE0) low = 0xA0;
  if (lead == 0xED) high = 0x9F;
  if (lead == 0xF0) low = 0x90;
  if (lead == 0xF4) high = 0x8F;
  const std::size_t length = lead < 0xF0 ? 3 : 4;
  if (available < length || p[1] < low || p[1] > high || !IsContinuation(p[2])) return 0;
  return length == 3 || IsContinuation(p[3]) ? length : 0;
}

// Offset of the first byte that does not start a well-formed sequence, or `size`.
std::size_t FirstInvalidUtf8(const unsigned char* bytes, std::size_t size, std::size_t from) {
  std::size_t i = from;
  while (i < size) {
    if (bytes[i] < 0x80) {
      i += AsciiPrefix(bytes + i, size - i);
      continue;
    }
    const std::size_t length = Utf8SequenceLength(bytes + i, size - i);
    if (length == 0) return i;
    i += length;
  }
  return size;
}

struct Utf8Census {
  std::size_t multi_byte = 0;  // well-formed sequences of 2 to 4 bytes
  std::size_t invalid = 0;     // bytes that start no well-formed sequence
};

Utf8Census CountUtf8(const unsigned char* bytes, std::size_t size, std::size_t from) {
  Utf8Census census;
  for (std::size_t i = from; i < size;) {
    if (bytes[i] < 0x80) {
      i += AsciiPrefix(bytes + i, size - i);
      continue;
    }
    const std::size_t length = Utf8SequenceLength(bytes + i, size - i);
    ++(length == 0 ? census.invalid : census.multi_byte);
    i += std::max<std::size_t>(length, 1);
  }
  return census;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

char* AppendUtf8(char* out, char16_t code_point) {
  if (code_point < 0x80) {
    *out++ = static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    *out++ = static_cast<char>(0xC0 | (code_point >> 6));
    *out++ = static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    *out++ = static_cast<char>(0xE0 | (code_point >> 12));
    *out++ = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (code_point & 0x3F));
  }
  return out;
}

std::size_t Utf8Length(char16_t code_point) {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : 3;
}

// Keeps well-formed UTF-8 and reads every other byte as windows-1252. Sets `repaired` to the
// number of bytes read that way.
std::string RepairUtf8(std::string_view in, std::size_t first_invalid, std::size_t* repaired) {
  std::string out;
  out.reserve(in.size() + in.size() / 4 + 16);
  out.append(in.substr(0, first_invalid));
  const unsigned char* bytes = Bytes(in);
  std::size_t i = first_invalid;
  while (i < in.size()) {
    const std::size_t valid_end = FirstInvalidUtf8(bytes, in.size(), i);
    out.append(in.substr(i, valid_end - i));
    if (valid_end == in.size()) break;
    char buffer[3];
    const char* end = AppendUtf8(buffer, kWindows1252[bytes[valid_end] - 0x80u]);
    out.append(buffer, static_cast<std::size_t>(end - buffer));
    ++*repaired;
    i = valid_end + 1;
  }
  return out;
}

// ---- other encodings ---------------------------------------------------------------------------

std::string DecodeWithTable(std::string_view in, const HighHalf& high_half) {
  const unsigned char* bytes = Bytes(in);
  std::size_t size = in.size();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (bytes[i] >= 0x80) size += Utf8Length(high_half[bytes[i] - 0x80u]) - 1;
  }
  std::string out(size, '\0');  // sized exactly: measuring first is cheaper than regrowth
  char* dst = out.data();
  for (std::size_t i = 0; i < in.size();) {
    const std::size_t ascii = AsciiPrefix(bytes + i, in.size() - i);
    std::memcpy(dst, bytes + i, ascii);
    dst += ascii;
    i += ascii;
    if (i < in.size()) dst = AppendUtf8(dst, high_half[bytes[i++] - 0x80u]);
  }
  return out;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Writes U+FFFD for each undecodable sequence and counts them (ICU's default would write U+001A
// for some single-byte code pages, and would not count).
void SubstituteAndCount(const void* context, UConverterToUnicodeArgs* args, const char* /*units*/,
                        int32_t /*length*/, UConverterCallbackReason reason, UErrorCode* status) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close or clone: nothing to replace
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  static const UChar kReplacement = 0xFFFD;
  *status = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, status);
}

// Converts `in` from ICU's `icu_name` to UTF-8; false if ICU cannot.
bool DecodeWithIcu(std::string_view in, const char* icu_name, std::string* out,
                   std::size_t* errors) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(icu_name, &status));
  ConverterPtr target(ucnv_open("UTF-8", &status));
  ucnv_setToUCallBack(source.get(), SubstituteAndCount, errors, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;
  constexpr std::size_t kMaxChunk = std::size_t{1} << 28;  // ICU takes at most 2 GiB per call
  std::array<UChar, 2048> pivot;
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  out->resize(in.size() + in.size() / 2 + 64);
  std::size_t written = 0;
  const char* src = in.data();
  const char* const src_end = in.data() + in.size();
  bool reset = true;
  while (true) {
    const char* chunk_end =
        src + std::min<std::size_t>(kMaxChunk, static_cast<std::size_t>(src_end - src));
    char* dst = out->data() + written;
    char* dst_end = dst + std::min(out->size() - written, kMaxChunk);
    status = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &dst, dst_end, &src, chunk_end, pivot.data(),
                   &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                   /*flush=*/chunk_end == src_end, &status);
    reset = false;
    written = static_cast<std::size_t>(dst - out->data());
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      if (written + 16 > out->size()) out->resize(out->size() * 2);
      continue;
    }
    if (U_FAILURE(status)) return false;
    if (chunk_end == src_end) break;  // flushed: the pivot is empty too
  }
  out->resize(written);
  return true;
}

// ---- detection ---------------------------------------------------------------------------------

struct Bom {
  const Encoding* encoding;
  std::size_t length;
};

Bom DetectBom(std::string_view bytes) {
  using std::string_view_literals::operator""sv;
  const auto starts = [bytes](std::string_view prefix) { return bytes.starts_with(prefix); };
  if (starts("\xEF\xBB\xBF"sv)) return {&kUtf8, 3};
  if (starts("\xFF\xFE\0\0"sv)) return {&kUtf32Le, 4};  // before UTF-16LE, whose BOM it extends
  if (starts("\0\0\xFE\xFF"sv)) return {&kUtf32Be, 4};
  if (starts("\xFF\xFE"sv)) return {&kUtf16Le, 2};
  if (starts("\xFE\xFF"sv)) return {&kUtf16Be, 2};
  return {nullptr, 0};
}

struct Sniffed {
  const Encoding* wide = nullptr;  // UTF-16/32 without a BOM
  bool ascii_like = false;         // starts like XML or JSON in an ASCII-compatible encoding
};

// XML 1.0 Appendix F (and RFC 4627 for JSON): a document starts with an ASCII character, so the
// zero bytes among its first four bytes tell UTF-16/32 and their byte order.
Sniffed Sniff(std::string_view bytes) {
  const auto at = [bytes](std::size_t i) {
    return i < bytes.size() ? static_cast<int>(static_cast<unsigned char>(bytes[i])) : -1;
  };
  const auto ascii = [](int c) { return c > 0 && c < 0x80; };
  const int b0 = at(0);
  const int b1 = at(1);
  const int b2 = at(2);
  const int b3 = at(3);
  if (b0 == 0 && b1 == 0 && b2 == 0 && ascii(b3)) return {&kUtf32Be};
  if (ascii(b0) && b1 == 0 && b2 == 0 && b3 == 0) return {&kUtf32Le};
  if (b0 == 0 && ascii(b1) && b2 <= 0) return {&kUtf16Be};
  if (ascii(b0) && b1 == 0 && b3 <= 0) return {&kUtf16Le};
  // XML and JSON start with markup or whitespace; "-N" might as well be UTF-16LE for U+4E2D.
  const bool markup =
      b0 == '<' || b0 == '{' || b0 == '[' || (b0 >= 0 && IsSpace(static_cast<char>(b0)));
  return {nullptr, markup && b1 != 0};
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Offset of `needle` (lower case) in `text`, ignoring ASCII case.
std::size_t FindNoCase(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && LowerAscii(text[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The value at the start of `text`: quoted with ' or ", else up to whitespace or '?'.
std::string_view Unquote(std::string_view text) {
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    const std::size_t close = text.find(text.front(), 1);
    return text.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
  }
  std::size_t end = 0;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '?') ++end;
  return text.substr(0, end);
}

struct ContentType {
  bool is_text = false;
  std::string_view charset;  // "" when absent
};

ContentType ParseContentType(std::string_view header) {
  ContentType type;
  std::size_t semicolon = header.find(';');
  type.is_text = FindNoCase(Trim(header.substr(0, semicolon)), "text/") == 0;
  while (semicolon != std::string_view::npos) {
    header.remove_prefix(semicolon + 1);
    semicolon = header.find(';');
    const std::string_view parameter = header.substr(0, semicolon);
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = Trim(parameter.substr(0, equals));
    if (name.size() == 7 && FindNoCase(name, "charset") == 0) {
      type.charset = Trim(Unquote(Trim(parameter.substr(equals + 1))));
    }
  }
  return type;
}

// The encoding of an XML declaration in the first kilobyte ("" when none). Only text without
// markup may precede it: real feeds sometimes start with blank lines or stray bytes.
std::string_view XmlDeclarationEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  const std::size_t start = head.find("<?xml");
  if (start == std::string_view::npos ||
      head.substr(0, start).find('<') != std::string_view::npos) {
    return {};
  }
  head.remove_prefix(start + 5);
  if (head.empty() || !IsSpace(head.front())) return {};  // <?xml-stylesheet ...?>
  head = head.substr(0, head.find("?>"));
  for (std::size_t at = FindNoCase(head, "encoding"); at != std::string_view::npos;) {
    const bool whole_word = at > 0 && IsSpace(head[at - 1]);
    head.remove_prefix(at + 8);
    std::string_view rest = Trim(head);
    if (whole_word && !rest.empty() && rest.front() == '=') {
      return Trim(Unquote(Trim(rest.substr(1))));
    }
    at = FindNoCase(head, "encoding");
  }
  return {};
}

// ---- choice ------------------------------------------------------------------------------------

void Warn(std::vector<std::string>* warnings, std::string message) {
  if (warnings != nullptr) warnings->push_back(std::move(message));
}

struct Plan {
  const Encoding* encoding;
  const Encoding* fallback = nullptr;  // tried when `encoding` is UTF-8 and the bytes are not
};

// Whether a UTF-16/32 label fits the byte order sniffed from the bytes.
bool Fits(const Encoding& claimed, const Encoding& sniffed) {
  if (&claimed == &sniffed) return true;
  const bool sniffed_16 = sniffed.kind == Kind::kUtf16Le || sniffed.kind == Kind::kUtf16Be;
  return claimed.kind == (sniffed_16 ? Kind::kUtf16 : Kind::kUtf32);
}

// No usable charset in the Content-Type: the XML declaration, then RFC 3023's defaults.
// `unknown_label` is a label no converter knows ("" when none).
Plan ChooseWithoutCharset(std::string_view bytes, bool text_without_charset,
                          std::string_view unknown_label, const Encoding* decl,
                          std::vector<std::string>* warnings) {
  if (decl != nullptr) {
    if (!unknown_label.empty()) {
      Warn(warnings, fmt::format("unknown encoding {} in the Content-Type; used the XML "
                                 "declaration's {}",
                                 Printable(unknown_label), decl->name));
    }
    return {decl};
  }
  if (!unknown_label.empty()) {
    Warn(warnings, fmt::format("unknown encoding {}, read as UTF-8", Printable(unknown_label)));
    return {&kUtf8};
  }
  if (text_without_charset) {
    // RFC 3023 says us-ascii (read as windows-1252, as browsers do); readers fall back to UTF-8.
    if (AsciiPrefix(Bytes(bytes), bytes.size()) == bytes.size()) return {&kWindows1252Encoding};
    Warn(warnings,
         "text/* without a charset, but the RFC 3023 default us-ascii did not fit its "
         "non-ASCII bytes; read as UTF-8");
  }
  return {&kUtf8};
}

// The choice for bytes without a BOM, by the precedence in encoding.h.
Plan Choose(std::string_view bytes, std::string_view content_type,
            std::vector<std::string>* warnings) {
  const ContentType type = ParseContentType(content_type);
  const std::string_view decl_label = XmlDeclarationEncoding(bytes);
  const Encoding* http = FindEncoding(type.charset);
  const Encoding* decl = FindEncoding(decl_label);
  const Sniffed sniffed = Sniff(bytes);
  if (sniffed.wide != nullptr) {
    if (http != nullptr && !Fits(*http, *sniffed.wide)) {
      Warn(warnings, fmt::format("Content-Type says charset {} but the document is {} without a "
                                 "byte order mark; read it as such",
                                 Printable(type.charset), sniffed.wide->name));
    }
    return {sniffed.wide};
  }
  std::string_view unknown_label = http == nullptr ? type.charset : std::string_view();
  if (unknown_label.empty() && decl == nullptr) unknown_label = decl_label;
  // A UTF-16/32 label on bytes that are not is false (.NET, for one, writes encoding="utf-16"
  // into documents it saves as UTF-8). A declaration found at all was found in ASCII bytes.
  if (http != nullptr && IsWide(http->kind) && sniffed.ascii_like) {
    Warn(warnings, fmt::format("Content-Type says charset {} but the document is not in it; "
                               "ignored it",
                               Printable(type.charset)));
    http = nullptr;
  }
  if (decl != nullptr && IsWide(decl->kind)) {
    if (http == nullptr) {
      Warn(warnings, fmt::format("the XML declaration says {} but the document is not in it; "
                                 "ignored it",
                                 Printable(decl_label)));
    }
    decl = nullptr;
  }
  if (http == nullptr) {
    return ChooseWithoutCharset(bytes, type.is_text && type.charset.empty(), unknown_label, decl,
                                warnings);
  }
  if (!decl_label.empty() && decl != http) {
    Warn(warnings, fmt::format("Content-Type charset {} and XML declaration encoding {} "
                               "disagree; used {}",
                               Printable(type.charset), Printable(decl_label), http->name));
  }
  // Servers often add a default "charset=utf-8" to documents in their declared encoding.
  const bool decl_may_fit = http->kind == Kind::kUtf8 && decl != nullptr;
  return {http, decl_may_fit ? decl : nullptr};
}

// ---- conversion --------------------------------------------------------------------------------

// Converts with the encoding's table or with ICU; false if ICU has no converter for it.
bool Convert(std::string_view in, const Encoding& encoding, std::string* out, std::size_t* errors) {
  if (encoding.high_half != nullptr) {
    *out = DecodeWithTable(in, *encoding.high_half);
    return true;
  }
  return DecodeWithIcu(in, encoding.icu_name, out, errors);
}

Decoded DecodeUtf8(std::string bytes, const Encoding* fallback,
                   std::vector<std::string>* warnings) {
  const std::size_t first_invalid = FirstInvalidUtf8(Bytes(bytes), bytes.size(), 0);
  if (first_invalid == bytes.size()) return {std::move(bytes), std::string(kUtf8.name)};
  if (fallback != nullptr && fallback->kind != Kind::kUtf8) {
    std::string out;
    std::size_t errors = 0;
    if (Convert(bytes, *fallback, &out, &errors) && errors == 0) {
      Warn(warnings, fmt::format("Content-Type says utf-8 but the bytes are not; read them as {} "
                                 "as the XML declaration says",
                                 fallback->name));
      return {std::move(out), std::string(fallback->name)};
    }
  }
  std::size_t repaired = 0;
  std::string out = RepairUtf8(bytes, first_invalid, &repaired);
  Warn(warnings,
       fmt::format("declared utf-8 but {} bytes were not; read them as windows-1252", repaired));
  return {std::move(out), std::string(kUtf8.name)};
}

Decoded Decode(std::string bytes, const Encoding& encoding, const Encoding* fallback,
               std::vector<std::string>* warnings) {
  if (encoding.kind == Kind::kUtf8) return DecodeUtf8(std::move(bytes), fallback, warnings);
  if (!IsWide(encoding.kind)) {
    const std::size_t ascii = AsciiPrefix(Bytes(bytes), bytes.size());
    if (ascii == bytes.size() && encoding.kind != Kind::kStateful) {
      return {std::move(bytes), std::string(encoding.name)};  // ASCII reads the same in all
    }
    // Multi-byte UTF-8 is all but impossible in real single-byte text (in CJK encodings it is
    // not), while UTF-8 labelled latin-1 by a server default is common, stray bytes and all.
    if (encoding.kind == Kind::kSingleByte) {
      const Utf8Census census = CountUtf8(Bytes(bytes), bytes.size(), ascii);
      if (census.multi_byte > 0 && census.multi_byte >= 2 * census.invalid) {
        Warn(warnings,
             fmt::format("declared {} but the bytes are UTF-8; read them as utf-8", encoding.name));
        if (census.invalid == 0) return {std::move(bytes), std::string(kUtf8.name)};
        return DecodeUtf8(std::move(bytes), nullptr, warnings);
      }
    }
  }
  std::string out;
  std::size_t errors = 0;
  if (!Convert(bytes, encoding, &out, &errors)) {
    Warn(warnings, fmt::format("no converter for {}; read as UTF-8", encoding.name));
    return DecodeUtf8(std::move(bytes), nullptr, warnings);
  }
  if (errors > 0) {
    Warn(warnings, fmt::format("{} byte sequences were invalid in {}; replaced them with U+FFFD",
                               errors, encoding.name));
  }
  return {std::move(out), std::string(encoding.name)};
}

}  // namespace

Result<Decoded> DecodeToUtf8(std::string bytes, std::string_view content_type,
                             std::vector<std::string>* warnings) {
  const Bom bom = DetectBom(bytes);
  if (bom.encoding != nullptr) {
    bytes.erase(0, bom.length);
    return Decode(std::move(bytes), *bom.encoding, nullptr, warnings);
  }
  const Plan plan = Choose(bytes, content_type, warnings);
  return Decode(std::move(bytes), *plan.encoding, plan.fallback, warnings);
}

}  // namespace tidings::feed
