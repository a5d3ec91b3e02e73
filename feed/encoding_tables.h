// The data and the byte-level work behind DecodeToUtf8 (feed/encoding.cc): the WHATWG encodings
// with their labels, looked up by label; the single-byte tables decoded here rather than by ICU
// (windows-1252, ISO-8859-16); and UTF-8 validation, counting and repair. These loops run over
// whole documents, so they live together in one file where they can inline into each other;
// encoding.cc chooses the encoding and calls them once per document. Internal to feed/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tidings::feed::encodings {

using HighHalf = std::array<char16_t, 128>;  // code points of bytes 0x80..0xFF

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

// The encodings that byte order marks, sniffing and defaults name. Detection compares them by
// address, so these refer to the entries FindEncoding returns.
extern const Encoding& kUtf8;
extern const Encoding& kUtf16Le;
extern const Encoding& kUtf16Be;
extern const Encoding& kUtf32Le;
extern const Encoding& kUtf32Be;
extern const Encoding& kWindows1252Encoding;

inline bool IsWide(Kind kind) { return kind >= Kind::kUtf16 && kind <= Kind::kUtf32Be; }

inline char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// The encoding a label names ("UTF8", "latin1", "Shift_JIS"), nullptr for an empty or unknown
// label.
const Encoding* FindEncoding(std::string_view label);

// Length of the ASCII run at the start of `bytes`.
std::size_t AsciiPrefix(const unsigned char* bytes, std::size_t size);

// Offset of the first byte from `from` on that does not start a well-formed UTF-8 sequence, or
// `size`.
std::size_t FirstInvalidUtf8(const unsigned char* bytes, std::size_t size, std::size_t from);

struct Utf8Check {
  std::size_t first_invalid;  // as FirstInvalidUtf8 from 0
  // A C0 control character other than tab, line feed and carriage return (which XML forbids) was
  // seen; exact when every byte is valid, else it may count bytes after `first_invalid`.
  bool other_controls;
};

// FirstInvalidUtf8 and a search for control characters, in one pass over the bytes.
Utf8Check CheckUtf8(const unsigned char* bytes, std::size_t size);

struct Utf8Census {
  std::size_t multi_byte = 0;  // well-formed sequences of 2 to 4 bytes
  std::size_t invalid = 0;     // bytes that start no well-formed sequence
};

Utf8Census CountUtf8(const unsigned char* bytes, std::size_t size, std::size_t from);

// Keeps well-formed UTF-8 and reads every other byte as windows-1252. Adds the number of bytes
// read that way to `repaired`.
std::string RepairUtf8(std::string_view in, std::size_t first_invalid, std::size_t* repaired);

// Decodes a single-byte encoding given by its upper half; ASCII bytes map to themselves.
std::string DecodeWithTable(std::string_view in, const HighHalf& high_half);

}  // namespace tidings::feed::encodings
