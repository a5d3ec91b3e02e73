// The sanitizer's rules (extract/sanitize.h): which tags survive, which attributes each may keep,
// which URLs are safe; and LimitHtmlNesting(), the guard that keeps gumbo's parse of deeply nested
// input in bounded time (gumbo's tree construction is quadratic in nesting depth: 100,000 nested
// <div> take 40 s, <ul><li> several minutes). Anything that parses untrusted pages with gumbo
// should pass them through LimitHtmlNesting() first.
//
// The rules are implemented in sanitize_tree.cc and LimitHtmlNesting() in sanitize.cc.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tidings::extract {

// What happens to an HTML element.
enum class TagRule {
  kUnwrap,  // the tag goes, its content stays (unknown and presentational tags)
  kKeep,    // kept with its allowed attributes and its content
  kVoid,    // kept, has no content and no end tag (br, hr, img, wbr)
  kDrop,    // removed with everything inside (script, style, iframe, forms, svg, math ...)
};

TagRule RuleForTag(GumboTag tag);

// How an allowed attribute's value is checked.
enum class AttributeRule {
  kNotAllowed,
  kText,     // any text (re-escaped on output)
  kUrl,      // made absolute; http, https and mailto only (SafeUrl)
  kNumber,   // an integer such as colspan="2" or start="-3"
  kDir,      // ltr, rtl or auto
  kLang,     // a language tag: letters, digits and '-'
  kBoolean,  // present or not (reversed, open); written without a value
};

// The rule for attribute `name` (lower case, as gumbo gives it) on an element `tag`.
AttributeRule RuleForAttribute(GumboTag tag, std::string_view name);

// True when `value` passes `rule` (kText and kBoolean always do, kUrl is checked by SafeUrl).
bool IsValidAttributeValue(AttributeRule rule, std::string_view value);

// `url` as a browser reads it, made absolute against `base_url`; nullopt unless the result is an
// http or https URL with a host, or a mailto URL. Control characters and white space inside the
// scheme ("java\tscript:") are removed first, as browsers do, so that they cannot hide a scheme.
std::optional<std::string> SafeUrl(std::string_view url, std::string_view base_url);

// When `html` nests elements more than `max_depth` deep, writes to `limited` a copy without the
// start tags past that depth (and, from then on, without end tags that close nothing) and returns
// true; otherwise returns false and leaves `limited` alone. The depth is estimated lexically,
// erring on the high side: elements whose end tag is optional (p, li, td ...) and void ones do not
// count, script and style content is skipped. Linear time.
bool LimitHtmlNesting(std::string_view html, std::size_t max_depth, std::string* limited);

}  // namespace tidings::extract
