#include "base/canonical_url.h"

#include <array>
#include <cstddef>

#include "base/ascii.h"

namespace tidings {
namespace {

// Query parameters that only ever carry campaign or click tracking, never what the page shows.
// Only names that are certainly tracking belong here: a wrongly dropped parameter merges two
// different stories, while a kept one merely misses a duplicate. So `ref`, `source`, `from`,
// `cmpid` (a content id in some CMSs), `ref_url` and the like stay. Names compare exactly,
// as the analytics tools that read them do. Every `utm_*` is dropped as well.
constexpr std::array<std::string_view, 24> kTrackingParameters = {
    "fbclid",  "gclid",  "dclid", "gbraid", "wbraid",  "msclkid", "mc_cid",  "mc_eid",
    "yclid",   "igshid", "_ga",   "_gl",    "ref_src", "ttclid",  "twclid",  "li_fat_id",
    "mkt_tok", "_hsenc", "_hsmi", "__hstc", "__hssc",  "__hsfp",  "srsltid", "s_kwcid",
};

bool IsTrackingParameter(std::string_view name) {
  if (name.starts_with("utm_")) return true;
  for (std::string_view tracking : kTrackingParameters) {
    if (name == tracking) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.3.
bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void AppendPercentEncoded(unsigned char c, std::string& out) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// Appends `part` (path, query parameter or fragment) with percent-encoding normalised: escapes of
// unreserved characters decoded, other escapes in upper case, and bytes a browser would escape
// before sending (spaces, controls, non-ASCII) escaped, so "café" and "caf%c3%a9" agree. A '%'
// that does not start an escape becomes "%25", as servers read it: kept bare, it could pair with
// a decoded hex digit ("%%37" -> "%7") and the result would change again on a second pass.
void AppendNormalizedPart(std::string_view part, std::string& out) {
  std::size_t plain = 0;  // start of the bytes copied as they are, appended in one go
  for (std::size_t i = 0; i < part.size(); ++i) {
    auto c = static_cast<unsigned char>(part[i]);
    if (c > 0x20 && c < 0x7F && c != '%') continue;
    out.append(part.substr(plain, i - plain));
    int high = c == '%' && i + 2 < part.size() ? HexValue(part[i + 1]) : -1;
    int low = high >= 0 ? HexValue(part[i + 2]) : -1;
    if (low >= 0) {
      auto decoded = static_cast<unsigned char>(high * 16 + low);
      if (IsUnreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        AppendPercentEncoded(decoded, out);
      }
      i += 2;
    } else {
      AppendPercentEncoded(c, out);
    }
    plain = i + 1;
  }
  out.append(part.substr(plain));
}

// Removes dot segments (RFC 3986 5.2.4) from out[start, end) in place; the range holds a path
// that begins with '/'. Writing never overtakes reading, since every kept segment moves left.
void RemoveDotSegmentsInPlace(std::string& out, std::size_t start) {
  std::size_t read = start;
  std::size_t write = start;
  const std::size_t end = out.size();
  bool ends_in_directory = false;
  while (read < end) {
    std::size_t next = out.find('/', read + 1);
    if (next == std::string::npos) next = end;
    std::string_view segment(out.data() + read + 1, next - read - 1);
    ends_in_directory = segment == "." || segment == "..";
    if (segment == "..") {
      while (write > start && out[write - 1] != '/') --write;
      if (write > start) --write;  // the '/' that opened the removed segment
    } else if (segment != ".") {
      for (std::size_t i = read; i < next; ++i) out[write++] = out[i];
    }
    read = next;
  }
  out.resize(write);
  // A path ending in "." or ".." names a directory: keep its closing slash ("/a/b/.." is "/a/").
  if (ends_in_directory || write == start) out.push_back('/');
}

// Sets `normalized` to `port` without leading zeros; false when `port` is not a port number.
bool NormalizePort(std::string_view port, std::string_view& normalized) {
  for (char c : port) {
    if (!IsDigit(c)) return false;
  }
  while (!port.empty() && port.front() == '0') port.remove_prefix(1);
  if (port.size() > 5 || (port.size() == 5 && port > "65535")) return false;
  normalized = port;
  return true;
}

// Appends the host and any non-default port of `authority`; false when it holds no usable host.
// Userinfo is dropped: it names who fetches the page, not which page, and credentials must not
// end up in the archive's keys.
bool AppendAuthority(std::string_view authority, bool was_https, std::string& out) {
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  bool has_port = false;
  std::size_t host_end = 0;
  if (authority.starts_with('[')) {  // IPv6 literal
    host_end = authority.find(']');
    if (host_end == std::string_view::npos) return false;
    ++host_end;
  } else {
    host_end = authority.find(':');
    if (host_end == std::string_view::npos) host_end = authority.size();
  }
  std::string_view host = authority.substr(0, host_end);
  if (host_end < authority.size()) {
    if (authority[host_end] != ':') return false;
    has_port = true;
    port = authority.substr(host_end + 1);
  }
  while (host.ends_with('.')) host.remove_suffix(1);  // "example.com." is the same DNS name
  if (host.size() > 4 && EqualsAsciiLower(host.substr(0, 4), "www.") &&
      host.find('.', 4) != std::string_view::npos) {
    host.remove_prefix(4);  // but "www.com" is a domain of its own
  }
  if (host.empty()) return false;
  std::string_view normalized_port;
  if (has_port && !NormalizePort(port, normalized_port)) return false;
  // Only IDN labels are non-ASCII; they stay as written (no punycode here), only ASCII folds.
  for (char c : host) out.push_back(AsciiLower(c));
  std::string_view default_port = was_https ? "443" : "80";
  if (!normalized_port.empty() && normalized_port != default_port) {
    out.push_back(':');
    out.append(normalized_port);
  }
  return true;
}

// Appends the query's parameters, minus empty and tracking ones, in their order.
void AppendQuery(std::string_view query, std::string& out) {
  bool first = true;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view parameter = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (parameter.empty()) continue;
    // Normalise first so that "utm%5Fsource" is recognised too; undo when it is tracking.
    std::size_t mark = out.size();
    out.push_back(first ? '?' : '&');
    AppendNormalizedPart(parameter, out);
    std::string_view name(out.data() + mark + 1, out.size() - mark - 1);
    name = name.substr(0, name.find('='));
    if (IsTrackingParameter(name)) {
      out.resize(mark);
    } else {
      first = false;
    }
  }
}

}  // namespace

std::string CanonicalUrl(std::string_view url) {
  std::string_view rest = TrimAsciiSpace(url);
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return std::string(url);
  std::string_view scheme = rest.substr(0, colon);
  bool was_https = EqualsAsciiLower(scheme, "https");
  if (!was_https && !EqualsAsciiLower(scheme, "http")) return std::string(url);
  rest.remove_prefix(colon + 1);
  if (!rest.starts_with("//")) return std::string(url);
  rest.remove_prefix(2);

  std::string_view fragment;
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  std::string_view query;
  bool has_query = false;
  if (std::size_t question = rest.find('?'); question != std::string_view::npos) {
    query = rest.substr(question + 1);
    has_query = true;
    rest = rest.substr(0, question);
  }
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);

  std::string out;
  out.reserve(url.size() + 8);
  out.append("https://");
  if (!AppendAuthority(authority, was_https, out)) return std::string(url);
  std::size_t path_start = out.size();
  if (path.empty()) {
    out.push_back('/');
  } else {
    AppendNormalizedPart(path, out);
    if (out.find("/.", path_start) != std::string::npos) {  // rare: most paths have none
      RemoveDotSegmentsInPlace(out, path_start);
    }
  }
  if (has_query) AppendQuery(query, out);
  // Fragments are in-page anchors, except "#!/story/1" and "#/story/1" routes of script-driven
  // sites, where the fragment is the only thing that tells two stories apart.
  if (fragment.starts_with('!') || fragment.starts_with('/')) {
    out.push_back('#');
    AppendNormalizedPart(fragment, out);
  }
  return out;
}

}  // namespace tidings
