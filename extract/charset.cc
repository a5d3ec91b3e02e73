#include "extract/charset.h"

#include <unicode/ucsdet.h>

#include <array>
#include <memory>
#include <vector>

#include "base/ascii.h"
#include "feed/encoding.h"

namespace tidings::extract {
namespace {

constexpr std::size_t kMetaScanBytes = 64 * 1024;
constexpr std::size_t kBinaryScanBytes = 4096;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool HasWideMark(std::string_view bytes) {
  return StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF") ||
         StartsWith(bytes, std::string_view("<\0", 2)) ||
         StartsWith(bytes, std::string_view("\0<", 2)) ||
         StartsWith(bytes, std::string_view("\0\0\0<", 4));
}

// Binary formats a server may send where a page was expected, and text full of NULs.
bool LooksBinary(std::string_view bytes) {
  static constexpr std::array<std::string_view, 9> kMagic = {"\x89PNG",
                                                             "GIF8",
                                                             "\xFF\xD8\xFF",
                                                             "%PDF-",
                                                             "PK\x03\x04",
                                                             "\x1F\x8B",
                                                             "BZh",
                                                             "\x7F"
                                                             "ELF",
                                                             "\xFD"
                                                             "7zXZ"};
  for (std::string_view magic : kMagic) {
    if (StartsWith(bytes, magic)) return true;
  }
  if (HasWideMark(bytes)) return false;
  std::string_view head = bytes.substr(0, kBinaryScanBytes);
  std::size_t controls = 0;
  for (char c : head) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return true;
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') ++controls;
  }
  return controls * 20 > head.size();  // more than 5% control bytes
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
    if (length == 0 || byte > 0xF4 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// ICU's statistical guess, for pages that declare nothing and are not UTF-8.
std::string DetectCharset(std::string_view bytes) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&error),
                                                                      &ucsdet_close);
  if (U_FAILURE(error)) return "";
  std::string_view sample = bytes.substr(0, 256 * 1024);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &error);
  ucsdet_enableInputFilter(detector.get(), true);  // skip markup
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &error);
  if (U_FAILURE(error) || match == nullptr) return "";
  const char* name = ucsdet_getName(match, &error);
  return U_FAILURE(error) || name == nullptr ? "" : AsciiLower(name);
}

}  // namespace

std::string_view MetaCharset(std::string_view head) {
  head = head.substr(0, kMetaScanBytes);
  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    std::string_view rest = head.substr(pos + 1);
    ++pos;
    if (rest.size() < 5 || !EqualsAsciiLower(rest.substr(0, 4), "meta") || !IsAsciiSpace(rest[4])) {
      continue;
    }
    std::string_view tag = rest.substr(0, rest.find('>'));
    std::string lower = AsciiLower(tag);
    std::size_t at = lower.find("charset");
    if (at == std::string::npos) continue;
    at += 7;
    while (at < lower.size() && (IsAsciiSpace(lower[at]) || lower[at] == '=')) ++at;
    while (at < lower.size() && (lower[at] == '"' || lower[at] == '\'')) ++at;
    std::size_t end = at;
    while (end < lower.size() && !IsAsciiSpace(lower[end]) &&
           std::string_view("\"';/>").find(lower[end]) == std::string_view::npos) {
      ++end;
    }
    if (end > at) return tag.substr(at, end - at);
  }
  return {};
}

Result<DecodedPage> DecodePage(std::string bytes, std::string_view content_type) {
  if (LooksBinary(bytes)) return InvalidError("not a text page: binary data");
  std::string header(content_type);
  if (header.find("charset") == std::string::npos) {
    std::string label(MetaCharset(bytes));
    if (label.empty() && !IsValidUtf8(bytes)) label = DetectCharset(bytes);
    // Not text/*: so that feed::DecodeToUtf8 falls back to UTF-8, as HTML readers do.
    header = label.empty() ? "application/xhtml+xml" : "application/xhtml+xml; charset=" + label;
  }
  Result<feed::Decoded> decoded = feed::DecodeToUtf8(std::move(bytes), header, nullptr);
  if (!decoded.ok()) return decoded.status();
  return DecodedPage{std::move(decoded->utf8), std::move(decoded->encoding)};
}

}  // namespace tidings::extract
