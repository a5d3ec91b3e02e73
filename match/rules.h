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
// NEAR, then AND, then OR; parentheses group. The full grammar and its errors:
// docs/topics-rules.md.
//
// Scoring many rules against one text: build a TermIndex once and pass it to every rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "match/text.h"

namespace tidings::match {

// A term -> positions lookup over one AnalyzedText: one sort when built, then each rule word is a
// binary search instead of a scan of the text. It points into `text`, which must outlive it.
class TermIndex {
 public:
  struct Occurrence {
    std::uint32_t position;
    bool in_title;
  };

  explicit TermIndex(const AnalyzedText& text);

  // The occurrences of exactly `term`, by position (empty when absent).
  std::span<const Occurrence> Find(std::string_view term) const;
  // The distinct terms of the text in byte order; terms()[i]'s occurrences are Occurrences(i).
  const std::vector<std::string_view>& terms() const { return terms_; }
  std::span<const Occurrence> Occurrences(std::size_t i) const;
  // The index of the first distinct term not less than `key` (for prefix scans).
  std::size_t LowerBound(std::string_view key) const;

 private:
  std::vector<std::string_view> terms_;  // distinct, sorted
  std::vector<std::uint32_t> starts_;    // terms_[i] owns occurrences_[starts_[i], starts_[i+1])
  std::vector<Occurrence> occurrences_;  // grouped by term, by position within a term
};

struct RuleError {
  std::size_t offset = 0;  // byte offset into the rule text where the problem is
  std::string message;     // e.g. "missing ')'", "NEAR/n needs a number", "empty phrase"
};

class Rule {
 public:
  // Parses `text`. On failure returns false and fills `error` (the config reader turns the
  // offset into file:line:col).
  static bool Parse(std::string_view text, Rule* rule, RuleError* error);

  // Whether the analyzed text satisfies the expression. An empty (default) Rule matches nothing.
  bool Matches(const AnalyzedText& text) const;
  // The same against a prebuilt index (the fast path when several rules score one text).
  bool Matches(const TermIndex& index) const;

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
