// The search language: a hand-written scanner turns the query into tokens (terms, OR, filters),
// then a builder checks the grammar, applies the filters and writes the FTS5 expression. Every
// term is emitted as a double-quoted FTS5 string, so the only FTS5 syntax in the output is the
// syntax written here (AND, OR, NOT, parentheses, `title :` and a trailing `*`).
#include "storage/query.h"
#include "storage/query_internal.h"

#include <fmt/core.h>

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/time.h"

namespace tidings::storage {
namespace {

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kMaxTerms = 64;  // terms and filters together; OR does not count
constexpr char32_t kBadUtf8 = 0xFFFFFFFF;

// Decodes the UTF-8 sequence at `i`; on malformed input returns kBadUtf8 with `length` 1.
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t& length) {
  const auto lead = static_cast<unsigned char>(s[i]);
  length = 1;
  if (lead < 0x80) return lead;
  if (lead < 0xC2 || lead > 0xF4) return kBadUtf8;  // a continuation byte, or never valid
  const std::size_t extra = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
  char32_t cp = lead & (0x7Fu >> (extra + 1));
  if (s.size() - i <= extra) return kBadUtf8;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0u) != 0x80u) return kBadUtf8;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr std::array<char32_t, 4> kMinimum = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return kBadUtf8;
  length = extra + 1;
  return cp;
}

// Length of the white space (or control character) at `i`, 0 if there is none. Control characters
// separate words so none reaches FTS5; the Unicode spaces are there because CJK input methods type
// U+3000 between words.
std::size_t SeparatorLength(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c <= 0x20 || c == 0x7F) return 1;
  if (c < 0x80) return 0;
  std::size_t length = 0;
  const char32_t cp = DecodeAt(s, i, length);
  const bool space =
      cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? length : 0;
}

bool IsSeparatorAt(std::string_view s, std::size_t i) {
  return i >= s.size() || SeparatorLength(s, i) != 0;
}

constexpr bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Punctuation, symbol and mark blocks in which FTS5's unicode61 finds no token (it keeps only
// letters, numbers and private-use characters). Not exhaustive: a rare symbol outside these
// blocks becomes a phrase with no tokens, which matches nothing but is not an error.
bool IsNonWordCodePoint(char32_t cp) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range kRanges[] = {
      {0x80, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},     {0xB6, 0xB8},     {0xBB, 0xBB},
      {0xBF, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},     {0x300, 0x36F},   {0x2000, 0x206F},
      {0x20A0, 0x20CF}, {0x2190, 0x23FF}, {0x2500, 0x2775}, {0x2794, 0x2BFF}, {0x3000, 0x3004},
      {0x3008, 0x3020}, {0x3030, 0x3030}, {0x303D, 0x303F}, {0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF},
      {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0x1F000, 0x1FAFF},
  };
  if (cp < 0x80) return !IsAsciiAlnum(cp);
  for (const Range& range : kRanges) {
    if (cp >= range.first && cp <= range.last) return true;
  }
  return false;
}

// True when FTS5 will find at least one token in `text`. A term without one would be a phrase of
// no tokens, which matches no row and so would silently empty an AND.
bool HasWordChar(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length = 0;
    const char32_t cp = DecodeAt(text, i, length);
    if (cp != kBadUtf8 && !IsNonWordCodePoint(cp)) return true;
    i += length;
  }
  return false;
}

// 1-based column of byte `offset`, counted in characters (UTF-8 lead bytes) as a user sees them.
std::size_t Column(std::string_view query, std::size_t offset) {
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < query.size(); ++i) {
    if ((static_cast<unsigned char>(query[i]) & 0xC0u) != 0x80u) ++column;
  }
  return column;
}

enum class Kind { kTerm, kOr, kFeed, kTopic, kSince, kUntil };

struct Token {
  Kind kind = Kind::kTerm;
  std::size_t offset = 0;  // byte offset of the token in the query
  std::string_view raw;    // the token as typed, for messages
  std::string_view text;   // term without quotes or trailing '*'; filter value
  bool prefix = false;
  bool title = false;
  bool negated = false;
  bool searchable = false;  // has a word character (terms only)
  bool or_joined = false;   // joined to the previous term by OR
};

Status ErrorAt(std::string_view query, const Token& token, std::string_view problem) {
  return InvalidError(fmt::format("search: \"{}\" at column {} {}", Excerpt(token.raw),
                                  Column(query, token.offset), problem));
}

// Recognizes a filter name followed by ':' at `pos`. Unknown names are not filters, so a URL such
// as http://example.org stays an ordinary word.
bool MatchFilter(std::string_view rest, Kind& kind, bool& title, std::size_t& length) {
  static constexpr std::pair<std::string_view, Kind> kFilters[] = {
      {"title:", Kind::kTerm},  {"feed:", Kind::kFeed},   {"topic:", Kind::kTopic},
      {"since:", Kind::kSince}, {"until:", Kind::kUntil},
  };
  for (const auto& [name, filter_kind] : kFilters) {
    if (rest.substr(0, name.size()) == name) {
      kind = filter_kind;
      title = filter_kind == Kind::kTerm;
      length = name.size();
      return true;
    }
  }
  return false;
}

// Reads a "quoted" or bare run at `pos` into `text`; `quoted` tells which it was.
Status ScanRun(std::string_view query, std::size_t& pos, std::string_view& text, bool& quoted) {
  quoted = pos < query.size() && query[pos] == '"';
  if (quoted) {
    const std::size_t close = query.find('"', pos + 1);
    if (close == std::string_view::npos) {
      return InvalidError(
          fmt::format("search: the quote at column {} is never closed", Column(query, pos)));
    }
    text = query.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return Status::Ok();
  }
  const std::size_t start = pos;
  while (pos < query.size()) {
    const auto c = static_cast<unsigned char>(query[pos]);
    if (c > 0x20 && c < 0x7F) {  // printable ASCII: never a separator, skip the UTF-8 check
      ++pos;
    } else if (SeparatorLength(query, pos) == 0) {
      ++pos;
    } else {
      break;
    }
  }
  text = query.substr(start, pos - start);
  return Status::Ok();
}

// Reads a term (word, "phrase", prefix*) at `pos`.
Status ScanTerm(std::string_view query, std::size_t& pos, Token& token) {
  bool quoted = false;
  if (Status s = ScanRun(query, pos, token.text, quoted); !s.ok()) return s;
  if (quoted) {
    // "a b"* is a prefix phrase; any further stars add nothing.
    while (pos < query.size() && query[pos] == '*') {
      token.prefix = true;
      ++pos;
    }
  } else {
    std::string_view stem = token.text;
    while (!stem.empty() && stem.back() == '*') stem.remove_suffix(1);
    if (!stem.empty() && stem.size() != token.text.size()) {
      token.text = stem;
      token.prefix = true;
    }
  }
  token.searchable = HasWordChar(token.text);
  return Status::Ok();
}

// Reads the token at `pos` (not at a separator).
Status ScanToken(std::string_view query, std::size_t& pos, Token& token) {
  token.offset = pos;
  if (query[pos] == '-' && !IsSeparatorAt(query, pos + 1)) {
    token.negated = true;
    ++pos;
  }
  Kind kind = Kind::kTerm;
  std::size_t name_length = 0;
  Status status;
  if (MatchFilter(query.substr(pos), kind, token.title, name_length)) {
    pos += name_length;
    token.kind = kind;
    if (token.title) {
      if (!IsSeparatorAt(query, pos)) status = ScanTerm(query, pos, token);
    } else if (!IsSeparatorAt(query, pos)) {
      bool quoted = false;
      status = ScanRun(query, pos, token.text, quoted);
    }
  } else if (!token.negated && query.substr(pos, 2) == "OR" && IsSeparatorAt(query, pos + 2)) {
    token.kind = Kind::kOr;
    pos += 2;
  } else {
    status = ScanTerm(query, pos, token);
  }
  token.raw = query.substr(token.offset, pos - token.offset);
  if (!status.ok()) return status;
  if (token.title && token.text.empty()) {
    return ErrorAt(query, token, "needs a word, \"phrase\" or prefix* after it");
  }
  if (token.kind != Kind::kTerm && token.kind != Kind::kOr) {
    if (token.negated) return ErrorAt(query, token, "cannot be excluded: only terms can");
    if (token.text.empty()) return ErrorAt(query, token, "needs a value after the colon");
  }
  return Status::Ok();
}

Status Scan(std::string_view query, std::vector<Token>& tokens) {
  std::size_t pos = 0;
  std::size_t pieces = 0;
  while (true) {
    while (pos < query.size()) {
      const std::size_t length = SeparatorLength(query, pos);
      if (length == 0) break;
      pos += length;
    }
    if (pos >= query.size()) return Status::Ok();
    Token token;
    if (Status s = ScanToken(query, pos, token); !s.ok()) return s;
    if (token.kind != Kind::kOr && ++pieces > kMaxTerms) {
      return InvalidError(fmt::format("search: more than {} terms and filters (at column {})",
                                      kMaxTerms, Column(query, token.offset)));
    }
    tokens.push_back(token);
  }
}

// Appends `text` as an FTS5 string: internal quotes doubled, control characters as spaces. Copies
// whole runs between those bytes, as this is most of the work of a parse.
void AppendQuoted(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != 0x7F) continue;
    out.append(text.substr(run, i - run));
    out.append(c == '"' ? "\"\"" : " ");
    run = i + 1;
  }
  out.append(text.substr(run));
  out.push_back('"');
}

// Whether `text` is one Han, kana or Hangul character. The tokenizer indexes CJK text as bigrams
// (storage/tokenizer.h), so a lone character is found only as the prefix of one.
bool IsSingleCjkCharacter(std::string_view text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;  // not UTF-8
  }
  char32_t c = 0;
  if (text.size() == 3 && (static_cast<unsigned char>(text[0]) & 0xF0) == 0xE0) {
    c = static_cast<char32_t>(((text[0] & 0x0F) << 12) | ((text[1] & 0x3F) << 6) |
                              (text[2] & 0x3F));
  } else if (text.size() == 4 && (static_cast<unsigned char>(text[0]) & 0xF8) == 0xF0) {
    c = static_cast<char32_t>(((text[0] & 0x07) << 18) | ((text[1] & 0x3F) << 12) |
                              ((text[2] & 0x3F) << 6) | (text[3] & 0x3F));
  }
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

void AppendTerm(std::string& out, const Token& term) {
  if (term.title) out.append("title : (");
  AppendQuoted(out, term.text);
  if (term.prefix || IsSingleCjkCharacter(term.text)) out.push_back('*');
  if (term.title) out.push_back(')');
}

// Checks each OR and marks the term after it as joined to the one before.
Status LinkOrs(std::string_view query, std::vector<Token>& tokens) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != Kind::kOr) continue;
    const Token* before = i > 0 ? &tokens[i - 1] : nullptr;
    Token* after = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
    if (before == nullptr || after == nullptr || before->kind != Kind::kTerm ||
        after->kind != Kind::kTerm) {
      return ErrorAt(query, tokens[i], "needs a word on each side");
    }
    if (before->negated || after->negated) {
      return ErrorAt(query, tokens[i], "cannot join an excluded (-) term");
    }
    after->or_joined = true;
  }
  return Status::Ok();
}

Status ApplyFilter(std::string_view query, const Token& token, std::int64_t now, ParsedQuery& out) {
  if (token.kind == Kind::kFeed) {
    out.feeds.emplace_back(token.text);
  } else if (token.kind == Kind::kTopic) {
    out.topics.emplace_back(token.text);
  } else {
    Result<std::int64_t> bound = ParseTimeBound(token.text, now);
    if (!bound.ok()) {
      return InvalidError(fmt::format("search: \"{}\" at column {}: {}", Excerpt(token.raw),
                                      Column(query, token.offset), bound.status().message()));
    }
    // Repeated bounds intersect, as every filter narrows the result.
    std::optional<std::int64_t>& slot = token.kind == Kind::kSince ? out.since : out.until;
    if (!slot || (token.kind == Kind::kSince ? *bound > *slot : *bound < *slot)) slot = *bound;
  }
  return Status::Ok();
}

// Writes the AND of the OR groups of `positives`, dropping terms FTS5 would find no token in.
// Returns the number of groups written.
std::size_t AppendPositives(std::string& out, const std::vector<const Token*>& positives) {
  std::size_t groups = 0;
  for (std::size_t begin = 0; begin < positives.size();) {
    std::size_t end = begin + 1;
    while (end < positives.size() && positives[end]->or_joined) ++end;
    std::size_t kept = 0;
    for (std::size_t i = begin; i < end; ++i) {
      if (positives[i]->searchable) ++kept;
    }
    if (kept > 0) {
      if (groups++ > 0) out.append(" AND ");
      if (kept > 1) out.push_back('(');
      bool first = true;
      for (std::size_t i = begin; i < end; ++i) {
        if (!positives[i]->searchable) continue;
        if (!std::exchange(first, false)) out.append(" OR ");
        AppendTerm(out, *positives[i]);
      }
      if (kept > 1) out.push_back(')');
    }
    begin = end;
  }
  return groups;
}

Status Build(std::string_view query, std::vector<Token>& tokens, std::int64_t now,
             ParsedQuery& out) {
  if (Status s = LinkOrs(query, tokens); !s.ok()) return s;
  std::vector<const Token*> positives;
  std::vector<const Token*> exclusions;
  for (const Token& token : tokens) {
    if (token.kind == Kind::kOr) continue;
    if (token.kind != Kind::kTerm) {
      if (Status s = ApplyFilter(query, token, now, out); !s.ok()) return s;
    } else if (token.negated) {
      if (token.searchable) exclusions.push_back(&token);
    } else {
      positives.push_back(&token);
    }
  }
  if (out.since && out.until && *out.since >= *out.until) {
    return InvalidError(fmt::format("search: since: {} is not before until: {}",
                                    FormatUtc(*out.since), FormatUtc(*out.until)));
  }
  std::string& match = out.fts_match;
  match.reserve(query.size() * 2 + 16);
  const std::size_t groups = AppendPositives(match, positives);
  if (groups == 0 && !exclusions.empty()) {
    return ErrorAt(query, *exclusions.front(),
                   "needs a word to search for: a query cannot only exclude");
  }
  const bool has_filters = !out.feeds.empty() || !out.topics.empty() || out.since || out.until;
  if (groups == 0 && !has_filters) return InvalidError("search: nothing to search for");
  // FTS5's NOT is binary and binds tighter than AND: (a AND b) NOT x NOT y.
  if (groups > 1 && !exclusions.empty()) match.insert(0, 1, '(').push_back(')');
  for (const Token* excluded : exclusions) {
    match.append(" NOT ");
    AppendTerm(match, *excluded);
  }
  return Status::Ok();
}

}  // namespace

Result<ParsedQuery> ParseQuery(std::string_view query, std::int64_t now) {
  if (query.size() > kMaxQueryBytes) {
    return InvalidError(fmt::format("search: the query is longer than {} bytes", kMaxQueryBytes));
  }
  std::vector<Token> tokens;
  if (Status s = Scan(query, tokens); !s.ok()) return s;
  if (tokens.empty()) return InvalidError("search: empty query");
  ParsedQuery parsed;
  if (Status s = Build(query, tokens, now, parsed); !s.ok()) return s;
  return parsed;
}

}  // namespace tidings::storage
