#include "base/url.h"

#include <cstddef>

#include "base/ascii.h"

namespace tidings {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSchemeChar(char c) {
  return IsAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Length of the scheme (without ':'), or 0 when `url` has none.
std::size_t SchemeLength(std::string_view url) {
  if (url.empty() || !IsAlpha(url[0])) return 0;
  for (std::size_t i = 1; i < url.size(); ++i) {
    if (url[i] == ':') return i;
    if (!IsSchemeChar(url[i])) return 0;
  }
  return 0;
}

// The parts of a URI reference (RFC 3986 appendix B); `has_*` tell an empty part from a missing
// one.
struct UriParts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

UriParts Split(std::string_view s) {
  UriParts p;
  if (std::size_t n = SchemeLength(s); n > 0) {
    p.scheme = s.substr(0, n);
    p.has_scheme = true;
    s.remove_prefix(n + 1);
  }
  if (std::size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    p.has_fragment = true;
    s = s.substr(0, hash);
  }
  if (std::size_t q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    p.has_query = true;
    s = s.substr(0, q);
  }
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    s.remove_prefix(2);
    std::size_t slash = s.find('/');
    p.authority = s.substr(0, slash);
    p.has_authority = true;
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = s;
  return p;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  if (in.find("/.") == std::string_view::npos && !in.starts_with('.')) {
    return std::string(in);  // nothing to remove: nearly every path
  }
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

std::string MergePaths(const UriParts& base, std::string_view ref_path) {
  std::string merged;
  merged.reserve(base.path.size() + ref_path.size() + 1);
  if (base.has_authority && base.path.empty()) {
    merged.push_back('/');
  } else if (std::size_t last = base.path.rfind('/'); last != std::string_view::npos) {
    merged.append(base.path.substr(0, last + 1));
  }
  merged.append(ref_path);
  return merged;
}

std::string Compose(std::string_view scheme, const UriParts& p, std::string_view path) {
  std::string out;
  out.reserve(scheme.size() + p.authority.size() + path.size() + p.query.size() + 8);
  out.append(scheme);
  out.push_back(':');
  if (p.has_authority) {
    out.append("//");
    out.append(p.authority);
  }
  out.append(path);
  if (p.has_query) {
    out.push_back('?');
    out.append(p.query);
  }
  if (p.has_fragment) {
    out.push_back('#');
    out.append(p.fragment);
  }
  return out;
}

// True for a path-absolute reference ("/a/b?q#f", not "//host") without dot segments: most
// relative links in feeds. Resolved against a base with an authority it is simply appended to
// "scheme://authority", which the general algorithm below would also give, five allocations later.
bool IsPlainAbsolutePath(std::string_view reference) {
  if (!reference.starts_with('/') || reference.starts_with("//")) return false;
  // A dot segment is a '.' after a '/'. Looked for by the dots, of which a path has one or none,
  // rather than by the slashes (find("/.")), of which it has many.
  for (std::size_t dot = reference.find('.', 1); dot != std::string_view::npos;
       dot = reference.find('.', dot + 1)) {
    if (reference[dot - 1] == '/') return false;
  }
  return true;
}

// "scheme://authority" of `base` followed by `reference`, in one allocation.
std::string JoinOrigin(const UriParts& base, std::string_view reference) {
  std::string out;
  out.reserve(base.scheme.size() + 3 + base.authority.size() + reference.size());
  out.append(base.scheme).append("://").append(base.authority).append(reference);
  return out;
}

}  // namespace

std::string BrowserUrl(std::string_view url) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!url.empty() && is_c0_or_space(url.front())) url.remove_prefix(1);
  while (!url.empty() && is_c0_or_space(url.back())) url.remove_suffix(1);
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

bool HasScheme(std::string_view url) { return SchemeLength(TrimAsciiSpace(url)) > 0; }

std::string UrlScheme(std::string_view url) {
  url = TrimAsciiSpace(url);
  return AsciiLower(url.substr(0, SchemeLength(url)));
}

bool IsHttpUrl(std::string_view url) {
  std::string scheme = UrlScheme(url);
  if (scheme != "http" && scheme != "https") return false;
  UriParts p = Split(TrimAsciiSpace(url));
  return p.has_authority && !p.authority.empty();
}

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  reference = TrimAsciiSpace(reference);
  base = TrimAsciiSpace(base);
  if (SchemeLength(reference) > 0) return std::string(reference);
  if (SchemeLength(base) == 0) {
    // A relative base (xml:base="a/" in a document read without its URL): still a directory
    // that relative paths go below, so that a base found later can resolve the whole.
    bool path_only = !reference.empty() && reference.front() != '/' && reference.front() != '?' &&
                     reference.front() != '#';
    std::size_t slash = base.rfind('/');
    if (!path_only || slash == std::string_view::npos) return std::string(reference);
    std::string merged(base.substr(0, slash + 1));
    merged.append(reference);
    return merged;
  }
  UriParts b = Split(base);
  if (b.has_authority && IsPlainAbsolutePath(reference)) return JoinOrigin(b, reference);
  UriParts r = Split(reference);
  UriParts t;  // the target: takes authority, query and fragment from r or b per RFC 3986 5.2.2
  std::string path;
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  if (r.has_authority) {
    t.authority = r.authority;
    t.has_authority = true;
    path = RemoveDotSegments(r.path);
    t.query = r.query;
    t.has_query = r.has_query;
  } else {
    t.authority = b.authority;
    t.has_authority = b.has_authority;
    if (r.path.empty()) {
      path = std::string(b.path);
      t.query = r.has_query ? r.query : b.query;
      t.has_query = r.has_query || b.has_query;
    } else {
      path = RemoveDotSegments(r.path.front() == '/' ? std::string(r.path) : MergePaths(b, r.path));
      t.query = r.query;
      t.has_query = r.has_query;
    }
  }
  if (t.has_authority && path.empty()) {
    // "http://example.org" + "?q" -> "http://example.org/?q": browsers add the root path, so the
    // same page never gets two spellings.
    path.push_back('/');  // (not `path = "/"`: GCC 12 warns falsely on that, -Wrestrict)
  }
  return Compose(b.scheme, t, path);
}

void ResolveUrlInto(std::string_view base, std::string_view reference, std::string* out) {
  std::string_view trimmed_reference = TrimAsciiSpace(reference);
  std::string_view trimmed_base = TrimAsciiSpace(base);
  // The common case, as ResolveUrl's JoinOrigin: "/path" against "scheme://authority/...".
  if (SchemeLength(trimmed_reference) == 0 && SchemeLength(trimmed_base) > 0) {
    UriParts b = Split(trimmed_base);
    if (b.has_authority && IsPlainAbsolutePath(trimmed_reference)) {
      out->assign(b.scheme).append("://").append(b.authority).append(trimmed_reference);
      return;
    }
  }
  *out = ResolveUrl(base, reference);
}

}  // namespace tidings
