// Canonical form of an article URL, for recognising the same story under different addresses.
//
// Two links that a reader would consider the same article map to the same string:
//   HTTPS://WWW.Example.COM:443/a/b/../c?utm_source=rss&id=7&fbclid=x#top
//   -> https://example.com/a/c?id=7
// Rules (docs/storage.md lists them): scheme and host lower-cased; http and https are the same
// story, so the scheme becomes https; a leading "www." is dropped; default ports removed; dot
// segments removed; percent-encodings of unreserved characters decoded and other hex upper-cased;
// the fragment dropped; tracking parameters dropped (utm_*, fbclid, gclid, dclid, msclkid, mc_cid,
// mc_eid, yclid, igshid, _ga, ref_src, and others listed in the .cc); the remaining query
// parameters kept in their order; an empty query and a lone trailing "?" removed; an empty path
// becomes "/".
// Also: userinfo ("user:pw@") is dropped, as it names who reads the page, not which page, and
// credentials must not be stored; a host's trailing dot is dropped; non-ASCII host labels (IDN)
// are kept as written; spaces, controls and non-ASCII bytes in path and query are
// percent-encoded as a browser sends them; empty parameters ("a=1&&b=2") are dropped. Path and
// query keep their case, and only parameters that are certainly tracking go, since a false merge
// loses a story while a miss only keeps a duplicate. A fragment starting with "!" or "/"
// ("#!/story/7") is a script-driven site's route, not an anchor, and is kept.
//
// Pure and total: a string that is not an absolute http(s) URL comes back unchanged.
#pragma once

#include <string>
#include <string_view>

namespace tidings {

std::string CanonicalUrl(std::string_view url);

}  // namespace tidings
