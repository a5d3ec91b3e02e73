// HTML to plain text, and plain text to HTML. Used for titles and names (plain text) and for
// summaries given as text (HTML). Lexical, not a full HTML5 parse: it is for short fragments.
#pragma once

#include <string>
#include <string_view>

namespace tidings {

// Plain text of an HTML fragment: tags dropped (block-level tags and <br> become a space),
// comments, <script> and <style> dropped with their content, character references decoded,
// runs of white space collapsed to one space, leading and trailing white space removed.
// "<b>Ben &amp; Jerry</b>'s" -> "Ben & Jerry's".
std::string HtmlToText(std::string_view html);

// Escapes '&', '<', '>' and '"' so that `text` shows as itself inside HTML.
std::string EscapeHtml(std::string_view text);

// Collapses runs of ASCII white space to one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

// True when `text` looks like HTML markup rather than text that mentions it: it has an end tag of
// a common HTML element ("</b>", "</p>"), a void element ("<br>", "<img src=x>"), a comment, or a
// character reference ("&amp;", "&#39;"). "x < y", "AT&T", "The <dialog> element" and
// "Vector<int>" do not count.
bool LooksLikeHtml(std::string_view text);

}  // namespace tidings
