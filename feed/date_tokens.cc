// The date tokenizer (see date_tokens.h). Hand-written rather than table-driven: CJK words are
// matched by prefix, "a.m." is one word, and a comment may nest.
#include "feed/date_tokens.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tidings::feed::dates {
namespace {

// Returns the position after a parenthesized comment starting at `pos`: "(PST)", "（火）".
std::size_t SkipComment(std::string_view text, std::size_t pos) {
  int depth = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    pos += length == 0 ? 1 : length;
    if (cp == '(' || cp == 0xFF08) ++depth;
    if ((cp == ')' || cp == 0xFF09) && --depth == 0) break;
  }
  return pos;
}

std::size_t ScanNumber(std::string_view text, std::size_t pos, Token& token) {
  token.type = TokenType::kNumber;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
    if (++token.digits <= 18) token.value = token.value * 10 + (text[pos] - '0');
  }
  return pos;
}

std::size_t ScanWord(std::string_view text, std::size_t start, Token& token) {
  std::size_t pos = start;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    const bool letter = length > 0 && (IsAsciiLetter(cp) ||
                                       (cp >= 0x80 && !IsSpace(cp) && !IsCjk(cp) && cp < 0xFF00));
    // "a.m." and "p.m." are one word.
    const bool inner_dot =
        cp == '.' && pos == start + 1 && IsAsciiLetter(static_cast<unsigned char>(text[start])) &&
        pos + 1 < text.size() && IsAsciiLetter(static_cast<unsigned char>(text[pos + 1]));
    if (!letter && !inner_dot) break;
    pos += length;
  }
  token.type = TokenType::kWord;
  token.meaning = LookUpWord(text.substr(start, pos - start));
  if (pos == start + 1) token.symbol = static_cast<char>(text[start] | 0x20);
  return pos;
}

// Matches a Chinese or Japanese word at `pos`; returns the position after it, or `pos`.
std::size_t ScanCjk(std::string_view text, std::size_t pos, Token& token) {
  token.type = TokenType::kWord;
  std::uint32_t cp = 0;
  const std::size_t first = DecodeUtf8(text, pos, cp);
  std::uint32_t second = 0;
  if (pos + first < text.size() && DecodeUtf8(text, pos + first, second) == 3 &&
      second == 0x66DC) {  // Japanese weekday: 火曜日, 火曜
    token.meaning = Flags(kWeekdayWord);
    const std::size_t end = pos + first + 3;
    return text.substr(end).starts_with("日") ? end + 3 : end;
  }
  const FixedWord* word = FindCjkWord(text.substr(pos));
  if (word == nullptr) return pos;
  token.meaning = word->meaning;
  std::size_t end = pos + word->text.size();
  if ((word->meaning.flags & kTakesNext) && end < text.size()) {
    const std::size_t length = DecodeUtf8(text, end, cp);
    if (length != 0 && IsCjk(cp)) end += length;
  }
  return end;
}

char SymbolOf(std::uint32_t cp) {
  if (cp == 0xFF1A) return ':';  // fullwidth colon
  if (cp == 0x2212) return '-';  // minus sign
  if (cp == '+' || cp == '-' || cp == ':' || cp == '/' || cp == '.' || cp == ',') {
    return static_cast<char>(cp);
  }
  return 0;
}

}  // namespace

bool Tokenize(std::string_view text, TokenList& tokens) {
  bool spaced = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0) return false;
    if (IsSpace(cp) || cp == '(' || cp == 0xFF08) {
      pos = IsSpace(cp) ? pos + length : SkipComment(text, pos);
      spaced = true;
      continue;
    }
    if (tokens.size == kMaxTokens) return false;
    Token& token = tokens.items[tokens.size++];
    token = Token{};
    token.spaced = spaced;
    spaced = false;
    const std::size_t start = pos;
    if (cp >= '0' && cp <= '9') {
      pos = ScanNumber(text, pos, token);
    } else if (const char symbol = SymbolOf(cp); symbol != 0) {
      token.symbol = symbol;
      pos += length;
    } else if (IsCjk(cp)) {
      pos = ScanCjk(text, pos, token);
    } else if (IsAsciiLetter(cp) || (cp >= 0x80 && cp < 0xFF00)) {
      pos = ScanWord(text, pos, token);
    }
    if (pos == start) return false;
  }
  return true;
}

}  // namespace tidings::feed::dates
