// URLs as feeds use them: resolving relative references (RFC 3986 section 5) and telling which
// schemes may become a link.
#pragma once

#include <string>
#include <string_view>

namespace tidings {

// Resolves `reference` against `base` (RFC 3986 5.2). Surrounding white space in `reference` is
// ignored. An absolute `reference` is returned as is (trimmed). When `base` is not absolute, a
// relative path goes below the base's directory ("a/" + "c.html" is "a/c.html"); anything else
// is returned as given.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// ResolveUrl's result written over `*out`, whose memory is reused: for a caller resolving many
// references one after another (the links inside an article), which would otherwise allocate and
// free a string for each.
void ResolveUrlInto(std::string_view base, std::string_view reference, std::string* out);

// `url` as a browser reads it before parsing (WHATWG URL): ASCII tab, line feed and carriage
// return removed wherever they are, leading and trailing C0 controls and spaces removed.
// "jav\tascript:x" is "javascript:x" to a browser, so every scheme check must look at this.
std::string BrowserUrl(std::string_view url);

// True when `url` has a scheme ("http:", "mailto:" ...).
bool HasScheme(std::string_view url);

// Lower-case scheme of `url` without ':', or "" when it has none.
std::string UrlScheme(std::string_view url);

// True for absolute http and https URLs with a host.
bool IsHttpUrl(std::string_view url);

}  // namespace tidings
