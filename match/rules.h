// Topic rules: the small expression language users write in `[[topic]]` rules.
//
//   quantum AND (computer* OR qubit)        both sides must match
//   "space station" OR ISS                  a phrase, or a word
//   title:robot*                            only in the title; prefix wildcard
//   rocket NEAR/5 launch                    within 5 words of each other, either order
//   NOT football                            the text must not contain it
//   spacecraft -lego                        "-word": AND NOT word
//
// Words are normalized like the text (match/text.h: case fold, English stem, CJK bigrams), so
// "Robots" matches "robot". Adjacent terms without an operator mean AND. Precedence: NOT/-, then
// NEAR, then AND, then OR; parentheses group.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "match/text.h"

namespace tidings::match {

struct RuleError {
  std::size_t offset = 0;  // byte offset into the rule text where the problem is
  std::string message;     // e.g. "missing ')'", "NEAR/n needs a number", "empty phrase"
};

class Rule {
 public:
  // Parses `text`. On failure returns false and fills `error` (the config reader turns the
  // offset into file:line:col).
  static bool Parse(std::string_view text, Rule* rule, RuleError* error);

  // Whether the analyzed text satisfies the expression.
  bool Matches(const AnalyzedText& text) const;

  // The expression as written (for "why").
  const std::string& text() const { return text_; }

  struct Node;
  Rule();
  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;
  Rule(const Rule&);
  Rule& operator=(const Rule&);
  ~Rule();

 private:
  std::string text_;
  std::unique_ptr<Node> root_;
};

}  // namespace tidings::match
