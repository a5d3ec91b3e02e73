// The sanitizer over an already-parsed gumbo tree, for the extractor, which parses the page once
// and sanitizes only the main-content subtree. Same rules as SanitizeHtml() (extract/sanitize.h).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace tidings::extract {

// Appends the sanitized HTML of `node` (itself included when it is an allowed element) to `out`.
void AppendSanitized(const GumboNode* node, std::string_view base_url, std::string* out);

}  // namespace tidings::extract
