#include "fetch/robots.h"

#include "base/ascii.h"

namespace tidings::fetch {
namespace {

enum class Field { kOther, kUserAgent, kAllow, kDisallow };

Field FieldOf(std::string_view key) {
  const std::string lower = AsciiLower(TrimAsciiSpace(key));
  // Common misspellings are read too, as the big crawlers do: the site meant them.
  if (lower == "user-agent" || lower == "useragent" || lower == "user agent") {
    return Field::kUserAgent;
  }
  if (lower == "allow") return Field::kAllow;
  if (lower == "disallow" || lower == "dissallow" || lower == "dissalow" || lower == "disalow") {
    return Field::kDisallow;
  }
  return Field::kOther;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char UpperHex(char c) { return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c; }

// Percent-escapes in upper case and non-ASCII bytes percent-encoded, so that "/caf%c3%a9",
// "/caf%C3%A9" and "/café" compare equal (RFC 9309 section 2.2.2).
std::string NormalizePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto byte = static_cast<unsigned char>(path[i]);
    if (byte >= 0x80) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else if (path[i] == '%' && i + 2 < path.size() && IsHex(path[i + 1]) && IsHex(path[i + 2])) {
      out += '%';
      out += UpperHex(path[i + 1]);
      out += UpperHex(path[i + 2]);
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

// The product token at the start of a user-agent value ("tidings/0.1 (+url)" -> "tidings").
std::string_view ProductToken(std::string_view value) {
  std::size_t end = 0;
  while (end < value.size()) {
    const char c = value[end];
    const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
                       (c >= '0' && c <= '9');
    if (!token) break;
    ++end;
  }
  return value.substr(0, end);
}

// Splits off the next line (LF, CR or CRLF ends one).
std::string_view NextLine(std::string_view& text) {
  std::size_t end = text.find_first_of("\r\n");
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(0, end);
  if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') {
    ++end;
  }
  text.remove_prefix(end < text.size() ? end + 1 : end);
  return line;
}

}  // namespace

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy matching that backtracks only to the last '*': linear in practice, O(n*m) at worst.
  std::size_t p = 0, s = 0;
  std::size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view agent) {
  if (text.size() > kMaxRobotsBytes) text = text.substr(0, kMaxRobotsBytes);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::string wanted = AsciiLower(agent);
  std::vector<Rule> ours, anyone;
  bool ours_seen = false;
  bool in_agents = false;  // the previous record was a user-agent line: the group goes on
  bool group_ours = false, group_anyone = false, group_open = false;
  while (!text.empty()) {
    std::string_view line = NextLine(text);
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const Field field = FieldOf(line.substr(0, colon));
    const std::string_view value = TrimAsciiSpace(line.substr(colon + 1));
    if (field == Field::kUserAgent) {
      if (!in_agents) group_ours = group_anyone = false;
      in_agents = group_open = true;
      if (value == "*") {
        group_anyone = true;
      } else if (!wanted.empty() && AsciiLower(ProductToken(value)) == wanted) {
        group_ours = ours_seen = true;
      }
      continue;
    }
    if (field == Field::kOther) continue;
    in_agents = false;
    if (!group_open || value.empty()) continue;  // an empty Disallow allows everything
    Rule rule{NormalizePath(value), field == Field::kAllow};
    if (group_ours) ours.push_back(rule);
    if (group_anyone) anyone.push_back(std::move(rule));
  }
  RobotsRules rules;
  rules.rules_ = ours_seen ? std::move(ours) : std::move(anyone);
  return rules;
}

bool RobotsRules::Allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  if (path == "/robots.txt" || rules_.empty()) return true;
  const std::string normalized = NormalizePath(path);
  std::size_t best = 0;
  bool matched = false, allow = true;
  for (const Rule& rule : rules_) {
    if (!RobotsPatternMatches(rule.pattern, normalized)) continue;
    const std::size_t length = rule.pattern.size();
    if (!matched || length > best) {
      allow = rule.allow;
      best = length;
      matched = true;
    } else if (length == best && rule.allow) {
      allow = true;  // a tie goes to the least restrictive rule
    }
  }
  return allow;
}

std::optional<RobotsTarget> RobotsTargetOf(std::string_view url) {
  url = TrimAsciiSpace(url);
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string scheme = AsciiLower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  if (authority_end == std::string_view::npos) authority_end = rest.size();
  std::string_view authority = rest.substr(0, authority_end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.empty() || authority.front() == ':') return std::nullopt;
  std::string_view path = rest.substr(authority_end);
  if (std::size_t hash = path.find('#'); hash != std::string_view::npos)
    path = path.substr(0, hash);
  RobotsTarget target;
  target.origin = scheme + "://" + AsciiLower(authority);
  target.path = path.empty() || path.front() != '/' ? "/" + std::string(path) : std::string(path);
  return target;
}

}  // namespace tidings::fetch
