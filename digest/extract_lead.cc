// The lead sentences of an item's text: what a digest shows under the headline.
#include <algorithm>
#include <array>
#include <string>

#include "base/html_text.h"
#include "digest/digest.h"

namespace tidings::digest {
namespace {

constexpr std::size_t kMaxSentences = 3;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"

// Words that end in "." without ending a sentence (compared lower-cased, without the dot).
constexpr std::array<std::string_view, 20> kAbbreviations = {
    "approx", "co",  "corp", "dr",  "e.g", "etc", "gen",  "gov", "i.e", "inc",
    "jr",     "ltd", "mr",   "mrs", "ms",  "no",  "prof", "sen", "sr",  "st"};

bool IsAbbreviation(std::string_view text, std::size_t dot) {
  std::size_t start = text.rfind(' ', dot);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::string word(text.substr(start, dot - start));
  for (char& c : word) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (word.size() == 1 && word[0] >= 'a' && word[0] <= 'z') return true;     // an initial: "J."
  if (word.find('.') != std::string::npos && word.size() <= 4) return true;  // "U.S", "a.m"
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// Length of a closing quote or bracket at `pos` that belongs to the sentence before it, or 0.
std::size_t ClosingMark(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '"' || text[pos] == '\'' || text[pos] == ')') return 1;
  for (std::string_view mark : {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE3\x80\x8D", "\xE3\x80\x8F",
                                "\xEF\xBC\x89"}) {  // ” ’ 」 』 ）
    if (text.substr(pos).starts_with(mark)) return mark.size();
  }
  return 0;
}

// The end (exclusive) of the sentence starting at or after `from`, or npos when none ends before
// `limit` (the caller has no use for a longer one).
std::size_t SentenceEnd(std::string_view text, std::size_t from, std::size_t limit) {
  for (std::size_t i = from; i < text.size() && i < limit; ++i) {
    std::size_t end = 0;
    if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
      end = i + 1;
      while (std::size_t n = ClosingMark(text, end)) end += n;
      if (end < text.size() && text[end] != ' ') continue;  // "3.5", "example.com"
      if (end + 1 < text.size() && text[end + 1] >= 'a' && text[end + 1] <= 'z') continue;
      if (text[i] == '.' && IsAbbreviation(text, i)) continue;
    } else if (text[i] == '\xE3' || text[i] == '\xEF') {
      std::string_view rest = text.substr(i);
      // "。", "！", "？" and their full-width friends need no space after them.
      if (!rest.starts_with("\xE3\x80\x82") && !rest.starts_with("\xEF\xBC\x81") &&
          !rest.starts_with("\xEF\xBC\x9F")) {
        continue;
      }
      end = i + 3;
      while (std::size_t n = ClosingMark(text, end)) end += n;
    } else {
      continue;
    }
    return end;
  }
  return std::string_view::npos;
}

// `text` cut to at most `max_chars` bytes at a word boundary (or, in text without spaces, at a
// character boundary), with an ellipsis.
std::string Truncate(std::string_view text, std::size_t max_chars) {
  std::size_t limit = max_chars > kEllipsis.size() ? max_chars - kEllipsis.size() : 0;
  std::size_t cut = text.rfind(' ', limit);
  if (cut == std::string_view::npos || cut < limit / 2) {
    cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(text.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';')) {
    out.pop_back();
  }
  return out + std::string(kEllipsis);
}

}  // namespace

std::string ExtractLead(std::string_view text, std::size_t max_chars) {
  // Only the start of a long text can matter: a few times the limit leaves room for white space.
  std::size_t prefix = std::min(text.size(), max_chars * 4 + 64);
  while (prefix < text.size() && prefix > 0 &&
         (static_cast<unsigned char>(text[prefix]) & 0xC0) == 0x80) {
    --prefix;
  }
  const std::string clean = CollapseWhitespace(text.substr(0, prefix));
  const std::string_view all = clean;
  std::size_t end = SentenceEnd(all, 0, max_chars);
  if (end == std::string_view::npos && all.size() <= max_chars) return clean;
  if (end == std::string_view::npos || end > max_chars) return Truncate(all, max_chars);
  for (std::size_t sentences = 1; sentences < kMaxSentences; ++sentences) {
    std::size_t next = SentenceEnd(all, end, max_chars);
    if (next == std::string_view::npos) {
      // A last fragment without a final stop still belongs to the lead when it fits.
      if (all.size() <= max_chars) end = all.size();
      break;
    }
    if (next > max_chars) break;
    end = next;
  }
  std::string lead(all.substr(0, end));
  while (!lead.empty() && lead.back() == ' ') lead.pop_back();
  return lead;
}

}  // namespace tidings::digest
