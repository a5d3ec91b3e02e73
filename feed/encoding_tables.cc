// The encoding tables and byte-level decoding behind DecodeToUtf8 (see encoding_tables.h).
// Labels follow the WHATWG Encoding Standard, because feeds are written for browsers.
#include "feed/encoding_tables.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <utility>

namespace tidings::feed::encodings {
namespace {

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

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

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

}  // namespace

const Encoding& kUtf8 = kEncodings[0];
const Encoding& kUtf16Le = kEncodings[1];
const Encoding& kUtf16Be = kEncodings[2];
const Encoding& kUtf32Le = kEncodings[4];
const Encoding& kUtf32Be = kEncodings[5];
const Encoding& kWindows1252Encoding = kEncodings[7];

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

namespace {

bool IsOtherControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

#if defined(__SSE2__)
// Sets `*controls` when the 16 bytes hold a C0 control other than tab, line feed and carriage
// return; returns the mask of bytes >= 0x80 (bit k for byte k).
int CheckBlock(__m128i v, bool* controls) {
  const __m128i high = _mm_cmplt_epi8(v, _mm_setzero_si128());  // >= 0x80: negative as signed
  const __m128i below_space = _mm_andnot_si128(high, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  const __m128i allowed = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
      _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
  if (_mm_movemask_epi8(_mm_andnot_si128(allowed, below_space)) != 0) *controls = true;
  return _mm_movemask_epi8(high);
}
#endif

// Length of the ASCII run at the start of `bytes`; sets `*controls` when the run holds a C0 control
// other than tab, line feed and carriage return. With SSE2 (every x86-64), 32 bytes take a few
// instructions when they hold neither a byte < 0x20 nor one >= 0x80, as most do; a block that
// does is checked exactly, whole even when the run ends inside it (bytes >= 0x80 are never
// controls, and the bytes after the run are checked again when it resumes). Elsewhere, a loop.
std::size_t AsciiRunCheckingControls(const unsigned char* bytes, std::size_t size, bool* controls) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const auto load = [bytes](std::size_t at) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at));
  };
  const auto run_end = [](std::size_t at, int high) {
    return at + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
  };
  const __m128i space = _mm_set1_epi8(0x20);
  for (; i + 32 <= size; i += 32) {
    const __m128i a = load(i);
    const __m128i b = load(i + 16);
    // Signed: one comparison finds bytes < 0x20 and bytes >= 0x80 alike.
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(a, space), _mm_cmplt_epi8(b, space))) == 0) {
      continue;
    }
    if (const int high = CheckBlock(a, controls); high != 0) return run_end(i, high);
    if (const int high = CheckBlock(b, controls); high != 0) return run_end(i + 16, high);
  }
  for (; i + 16 <= size; i += 16) {
    if (const int high = CheckBlock(load(i), controls); high != 0) return run_end(i, high);
  }
#endif
  for (; i < size && bytes[i] < 0x80; ++i) {
    if (IsOtherControl(bytes[i])) *controls = true;
  }
  return i;
}

}  // namespace

Utf8Check CheckUtf8(const unsigned char* bytes, std::size_t size) {
  Utf8Check check{size, false};
  for (std::size_t i = 0; i < size;) {
    if (bytes[i] < 0x80) {
      i += AsciiRunCheckingControls(bytes + i, size - i, &check.other_controls);
      continue;
    }
    const std::size_t length = Utf8SequenceLength(bytes + i, size - i);
    if (length == 0) {
      check.first_invalid = i;
      break;
    }
    i += length;
  }
  return check;
}

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

// ---- single-byte tables ------------------------------------------------------------------------

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

}  // namespace tidings::feed::encodings
