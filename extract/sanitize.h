// An allowlist HTML sanitizer: what it returns is safe to embed in an HTML digest.
//
//   std::string safe = extract::SanitizeHtml("<p onclick=x>Hi<script>evil()</script></p>",
//                                            "https://example.com/post");  // "<p>Hi</p>"
//
// Parsed by gumbo, then rebuilt from an allowlist of tags and, per tag, attributes. `script`,
// `style`, `iframe`, `object`, `embed`, `template`, forms and their content are dropped; other
// unknown tags are unwrapped (their text kept). Every URL attribute is made absolute against
// `base_url` and kept only when its scheme is http, https or mailto. Text and attribute values are
// re-escaped, so the output is well-formed whatever the input.
#pragma once

#include <string>
#include <string_view>

namespace tidings::extract {

std::string SanitizeHtml(std::string_view html, std::string_view base_url);

}  // namespace tidings::extract
