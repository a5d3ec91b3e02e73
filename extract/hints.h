// What class, id and role attributes say about an element, in the Readability tradition: words
// that mark boilerplate (navigation, share bars, comments, cookie boxes ...) and words that mark
// the article. Matching is on lower-cased substrings, as sites compose names freely
// ("post-body__text", "relatedStories"). Internal to extract/.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace tidings::extract {

// The element's class and id, lower case, separated by a space (reuses `buffer`).
std::string_view ClassAndId(const GumboNode* node, std::string* buffer);

// Very likely not content: menus, sidebars, comments, share bars, cookie and newsletter boxes,
// ads, and hidden or screen-reader-only text. Never true for names that also say "content".
bool IsUnlikelyCandidate(std::string_view class_and_id);
// Boilerplate whatever else the name says: cookie and consent banners, share bars, newsletter
// sign-ups, screen-reader-only text, related-content rails.
bool IsBoilerplate(std::string_view class_and_id);
// -25 for boilerplate-sounding names, +25 for article-sounding ones, 0 otherwise (per attribute).
int ClassWeight(const GumboNode* node);
// A role that marks navigation, sidebars, dialogs and the like.
bool IsUnlikelyRole(std::string_view role);
// Inline style that hides the element (display:none, visibility:hidden).
bool IsHiddenStyle(std::string_view style);
// A class list that hides the element at every screen size ("hidden", "d-none", "hide"), not
// one that shows it again at some breakpoint ("hidden md:block", "d-none d-md-block").
bool IsHiddenClass(std::string_view class_list);
// Byline-like name: author, byline, dateline.
bool IsBylineName(std::string_view class_and_id);

}  // namespace tidings::extract
