// The cheap repairs made to every XML document before pugixml sees it. Internal to feed/.
#pragma once

#include <string>
#include <vector>

namespace tidings::feed {

// Removes the control characters XML forbids (they would end pugixml's parse at a NUL or reach
// output), and replaces HTML named entities that XML does not declare (&nbsp; &mdash; ...) outside
// CDATA sections and comments by their characters (by &lt; &amp; &gt; &quot; for the markup ones).
// One read-only pass over a clean document; rewrites `xml` only when it must. Appends one warning
// per kind of repair made. `no_controls`: the caller knows that `xml` holds no control character
// XML forbids (DecodeToUtf8 found out while validating), so the pass need not look for them.
void PrescanXml(std::string* xml, std::vector<std::string>* warnings, bool no_controls = false);

}  // namespace tidings::feed
