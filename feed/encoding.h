// Character encodings of feed documents: finds the document's encoding and converts it to UTF-8.
// Internal to feed/; exposed for tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tidings::feed {

struct Decoded {
  std::string utf8;      // the document as UTF-8, without a byte order mark
  std::string encoding;  // the encoding that was used, lower case (e.g. "utf-8", "windows-1252")
  // True when `utf8` is known to hold no C0 control character other than tab, line feed and
  // carriage return: found out while validating UTF-8, so that the XML prescan need not look
  // again. False when unknown.
  bool no_other_controls = false;
};

// Converts `bytes` (a whole XML or JSON document) to UTF-8.
//
// Precedence, as real readers apply it: a byte order mark wins; then UTF-16/32 recognized from
// the first bytes ("<\0?\0"), which no label can overrule; then the charset parameter of
// `content_type` (an HTTP Content-Type, "" when none); then the XML declaration's encoding; then
// RFC 3023's defaults (text/* without charset: us-ascii; otherwise UTF-8). ISO-8859-1 and US-ASCII
// are read as windows-1252, GB2312/GBK as GB18030, as browsers do.
//
// A false declaration is repaired, not fatal: bytes invalid in the declared encoding are decoded
// as windows-1252 (for UTF-8) or replaced with U+FFFD, a declared single-byte encoding whose
// bytes are mostly valid multi-byte UTF-8 is read as UTF-8, and an unknown label is read as UTF-8.
// Each repair appends one line to `warnings`. Never fails in practice; the Result leaves room for
// a converter that cannot be opened.
// Takes `bytes` by value: valid UTF-8 input is returned in the same buffer without a copy.
Result<Decoded> DecodeToUtf8(std::string bytes, std::string_view content_type,
                             std::vector<std::string>* warnings);

}  // namespace tidings::feed
