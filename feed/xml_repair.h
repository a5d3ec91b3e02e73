// Repair of XML that a strict parser rejects: the slow path of the feed parser, taken only after
// pugixml failed on a document. Internal to feed/; exposed for tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tidings::feed {

// Rewrites `text` (UTF-8) into well-formed XML keeping every element and all text it can:
// junk before the first element dropped; bare '&' and stray '<' escaped; undeclared entities
// (all HTML5 named entities) replaced by their characters; characters XML forbids removed;
// unquoted or duplicate attributes fixed; end tags that close nothing dropped; mismatched end
// tags close the elements opened since the match; a truncated document closed at its end.
// Comments, CDATA sections, processing instructions and namespace declarations are kept.
// Appends one line per kind of repair to `warnings` (with a count and the first line number).
// Runs in time linear in the input and never fails: any input gives some well-formed output.
std::string RepairXml(std::string_view text, std::vector<std::string>* warnings);

}  // namespace tidings::feed
