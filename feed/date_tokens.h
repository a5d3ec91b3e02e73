// The tokenizer of date parsing (feed/date.cc): splits a date into numbers, words and the
// symbols that separate fields, skipping whitespace and parenthesized comments. Words carry
// their Meaning (date_names.h), looked up once while scanning, so that the reader can place each
// token into a date field without looking at text again. Internal to feed/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/date_names.h"

namespace tidings::feed::dates {

enum class TokenType : std::uint8_t { kNumber, kWord, kSymbol };

struct Token {
  TokenType type = TokenType::kSymbol;
  bool spaced = false;     // whitespace or a (comment) comes before it
  char symbol = 0;         // kSymbol: one of + - : / . ,  kWord: its letter if one ASCII letter
  int digits = 0;          // kNumber
  std::int64_t value = 0;  // kNumber; only its digit count matters beyond 18 digits
  Meaning meaning;         // kWord
};

// Real dates have fewer than 20 tokens; anything longer is not a date.
inline constexpr std::size_t kMaxTokens = 40;

struct TokenList {
  std::array<Token, kMaxTokens> items;
  std::size_t size = 0;
};

// Splits `text` into `tokens` (which must be empty); false when the text holds something no
// date contains, or more tokens than a date has.
bool Tokenize(std::string_view text, TokenList& tokens);

}  // namespace tidings::feed::dates
