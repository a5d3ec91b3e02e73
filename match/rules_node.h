// The parsed form of a topic rule (match/rules.h), shared by the parser (rules_parse.cc) and the
// evaluator (rules.cc). Private to the match module.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "match/rules.h"

namespace tidings::match {

// One normalized term of a word or phrase, at `offset` positions after the pattern's first term.
struct RulePiece {
  enum class Kind : std::uint8_t {
    kExact,   // the term itself
    kPrefix,  // any term starting with `text` (robot*)
    kChar,    // any term containing the one CJK character `text` (a 1-character Chinese word
              // meets the text's bigrams inside them)
  };
  std::string text;
  Kind kind = Kind::kExact;
  std::uint32_t offset = 0;

  bool operator==(const RulePiece&) const = default;
};

// Consecutive pieces: a word (one piece, or several for a CJK word's bigrams) or a phrase.
using RulePattern = std::vector<RulePiece>;

struct Rule::Node {
  enum class Kind : std::uint8_t { kTerm, kAnd, kOr, kNot, kNear };
  Kind kind = Kind::kTerm;
  bool title_only = false;            // kTerm: only terms of the title count
  std::uint32_t distance = 0;         // kNear: the n of NEAR/n
  std::size_t offset = 0;             // where the node starts in the rule text (for errors)
  std::vector<RulePattern> patterns;  // kTerm: alternatives; any one occurring is a match
  std::vector<std::unique_ptr<Node>> children;  // kAnd/kOr: 2+; kNot: 1; kNear: 2 (left, right)

  // Terms, OR groups of them and NEAR have positions, so they can be operands of NEAR.
  bool HasPositions() const;
  std::unique_ptr<Node> Clone() const;
};

// Spaces between rule terms: control characters, the no-break space and the ideographic space
// CJK input methods type (the same set as the search language).
inline bool IsRuleSpace(char32_t c) { return c <= 0x20 || c == 0x7F || c == 0xA0 || c == 0x3000; }

// A word of a rule, with whether a '*' ended it (the '*'s are removed from `text`).
struct RuleWord {
  std::string text;
  bool prefix = false;
};

RuleWord RuleWordFrom(std::string_view word);
// Splits a phrase into words. CJK words a user separated by a space ("量子 计算") are joined again
// because the text has no spaces between them.
std::vector<RuleWord> RulePhraseWords(std::string_view phrase);
// Normalizes words into patterns: the English (stemmed) and the plain (case-folded) forms, as the
// text's language decides which form its terms take. Empty when nothing in them can match.
std::vector<RulePattern> BuildRulePatterns(const std::vector<RuleWord>& words);

// Parses `text` into a tree; nullptr with `error` filled on failure. Nesting is limited to
// kMaxRuleDepth so that hostile rules cannot exhaust the stack here or in the evaluator.
inline constexpr int kMaxRuleDepth = 100;
std::unique_ptr<Rule::Node> ParseRuleTree(std::string_view text, RuleError* error);

}  // namespace tidings::match
