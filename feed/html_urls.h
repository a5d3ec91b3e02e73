// Links inside the HTML of a summary or content: made absolute, and never javascript:.
// Internal to feed/; exposed for tests.
#pragma once

#include <string>
#include <string_view>

namespace tidings::feed {

// Rewrites the URL attributes of every tag in `html` (href, src, srcset, poster, cite, action,
// background, longdesc, usemap, formaction, data): relative URLs are resolved against `base` (when
// it is absolute), and attributes whose URL has a scheme other than http, https, mailto, ftp, tel
// or (for images) data:image are removed. Everything else is copied unchanged; returns `html`
// itself when nothing changed. Lexical and linear: malformed markup is passed through.
std::string ResolveHtmlUrls(std::string html, std::string_view base);

// The same for HTML the caller does not own (a view into the parse buffer): the result is written
// once, rewritten or copied, without an intermediate copy.
std::string CopyResolvingHtmlUrls(std::string_view html, std::string_view base);

// True for the attribute names listed above, in any case.
bool IsUrlAttributeName(std::string_view name);

}  // namespace tidings::feed
