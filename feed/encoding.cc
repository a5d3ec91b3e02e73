// Encoding detection and conversion to UTF-8 (see encoding.h). Labels and fallbacks follow the
// WHATWG Encoding Standard, because feeds are written for browsers: what a browser reads is what
// the author checked. UTF-8 and windows-1252 are decoded without ICU (they are most feeds, and
// valid UTF-8 must cost one scan and no copy); everything else goes through ICU.
//
// The label table, the single-byte tables and UTF-8 validation live in encoding_tables.cc; this
// file finds the encoding (byte order mark, Content-Type, XML declaration, sniffing), converts
// with ICU, and says what it repaired.
#include "feed/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "feed/encoding_tables.h"

namespace tidings::feed {
namespace encodings {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Labels come from the network: keep them printable and short in messages.
std::string Printable(std::string_view label) {
  std::string out;
  for (char c : label.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  return out;
}

// ---- ICU ---------------------------------------------------------------------------------------

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
  const Utf8Check check = CheckUtf8(Bytes(bytes), bytes.size());
  if (check.first_invalid == bytes.size()) {
    return {std::move(bytes), std::string(kUtf8.name), !check.other_controls};
  }
  const std::size_t first_invalid = check.first_invalid;
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
}  // namespace encodings

Result<Decoded> DecodeToUtf8(std::string bytes, std::string_view content_type,
                             std::vector<std::string>* warnings) {
  const encodings::Bom bom = encodings::DetectBom(bytes);
  if (bom.encoding != nullptr) {
    bytes.erase(0, bom.length);
    return encodings::Decode(std::move(bytes), *bom.encoding, nullptr, warnings);
  }
  const encodings::Plan plan = encodings::Choose(bytes, content_type, warnings);
  return encodings::Decode(std::move(bytes), *plan.encoding, plan.fallback, warnings);
}

}  // namespace tidings::feed
