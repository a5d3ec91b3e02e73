// robots.txt (RFC 9309): which paths of a site a crawler named "tidings" may fetch.
//
//   fetch::RobotsRules rules = fetch::RobotsRules::Parse(robots_txt_body, "tidings");
//   std::optional<fetch::RobotsTarget> target = fetch::RobotsTargetOf(article_url);
//   fetch(target->origin + "/robots.txt") ... rules.Allowed(target->path);
//
// The rules are those of every group naming our product token (case-insensitively; several such
// groups are merged), else those of the "*" groups, else none (everything allowed). Of the Allow
// and Disallow rules whose pattern matches the path, the longest pattern wins; on a tie Allow
// wins. Patterns match from the start of the path; '*' matches any run of characters and a final
// '$' anchors the pattern at the end of the path. An empty Disallow allows everything. Only the
// first 500 KiB of a file are read (as Google does). Pure: no I/O, no allocation per character.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::fetch {

// The part of robots.txt read; the rest is ignored.
inline constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

class RobotsRules {
 public:
  // Parses `text` for the crawler whose product token is `agent` ("tidings"). Never fails:
  // lines that are not rules are skipped.
  static RobotsRules Parse(std::string_view text, std::string_view agent);
  // Nothing disallowed (robots.txt missing: a 4xx answer).
  static RobotsRules AllowAll() { return RobotsRules(); }

  // True when `path` (the URL's path and query, "/a/b?x=1"; "" is taken as "/") may be fetched.
  // "/robots.txt" is always allowed.
  bool Allowed(std::string_view path) const;

  // The rules that apply to us (0 when the file had no group for us or for "*").
  std::size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::string pattern;  // percent-escapes in upper case, non-ASCII bytes percent-encoded
    bool allow = false;
  };
  std::vector<Rule> rules_;
};

// Where an http(s) URL's robots.txt is and which path of it to check.
struct RobotsTarget {
  std::string origin;  // "https://example.com:8443": lower-case scheme and host, the port if any
  std::string path;    // path and query, without the fragment; "/" when empty
  std::string RobotsUrl() const { return origin + "/robots.txt"; }
};

// nullopt when `url` is not an absolute http or https URL with a host.
std::optional<RobotsTarget> RobotsTargetOf(std::string_view url);

// True when `pattern` (a robots.txt path pattern with '*' and a final '$') matches the start of
// `path` (or all of it, with '$'). Exposed for tests.
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace tidings::fetch
