// The page's bytes as UTF-8: the charset comes from a byte order mark, the HTTP Content-Type,
// a <meta> charset in the first 64 KB, or, when nothing is declared and the bytes are not UTF-8,
// ICU's detector. Conversion is feed::DecodeToUtf8's (the same tables and repairs as feeds).
// Internal to extract/.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace tidings::extract {

struct DecodedPage {
  std::string utf8;
  std::string charset;  // lower case, e.g. "utf-8", "windows-1252"
};

// kInvalid when the bytes are binary (an image, an archive, a PDF ...), not text.
Result<DecodedPage> DecodePage(std::string bytes, std::string_view content_type);

// The charset label of a <meta charset> or <meta http-equiv=Content-Type> in `head`; "" if none.
std::string_view MetaCharset(std::string_view head);

}  // namespace tidings::extract
