// HTML character references: the 2,231 named references of HTML5 and numeric ones.
#pragma once

#include <string>
#include <string_view>

namespace tidings {

// The UTF-8 text of a named character reference, given its name without '&' and ';'
// ("nbsp" -> "\u00a0", "NotEqualTilde" -> two code points). Empty when the name is unknown.
// Names are case-sensitive, as in HTML5.
std::string_view LookupHtmlEntity(std::string_view name);

// Decodes every character reference in `text`: named ones (with ';'; and the legacy ones HTML5
// accepts without it, such as "&amp" and "&copy"), decimal and hex numeric ones. Numeric references
// follow HTML5: 0x80-0x9F map through windows-1252, 0, surrogates and values past U+10FFFF become
// U+FFFD. Anything that is not a reference is kept as it is ("AT&T", "a=1&b=2").
std::string DecodeHtmlEntities(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (U+FFFD for invalid values) to `out`.
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace tidings
