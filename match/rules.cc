// How rule words become normalized patterns, and rule evaluation over a TermIndex: words and
// phrases are binary searches in the sorted terms of the text, prefixes a range scan, NEAR a
// windowed join of the two sides' positions. The parser is in rules_parse.cc.
#include "match/rules.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <utility>

#include "match/rules_node.h"
#include "match/text_internal.h"

namespace tidings::match {
namespace {

using Occurrence = TermIndex::Occurrence;
using Kind = Rule::Node::Kind;

// Where a term, phrase or NEAR match lies: positions [start, end], in the title or the body.
struct Span {
  std::uint32_t start;
  std::uint32_t end;
  bool in_title;
};

// The code point at byte `i`, or U+FFFD for invalid UTF-8.
char32_t CodePointAt(std::string_view s, std::size_t i) {
  const internal::Decoded decoded =
      internal::DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data() + i), s.size() - i);
  return decoded.size == 0 ? char32_t{0xFFFD} : decoded.code_point;
}

// The byte size of the code point at `i` (1 for invalid UTF-8).
std::size_t CodePointSize(std::string_view s, std::size_t i) {
  const internal::Decoded decoded =
      internal::DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data() + i), s.size() - i);
  return decoded.size == 0 ? 1 : static_cast<std::size_t>(decoded.size);
}

char32_t LastCodePoint(std::string_view word) {
  std::size_t i = word.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(word[i]) & 0xC0u) == 0x80u) --i;
  return CodePointAt(word, i);
}

// Whether `word` is exactly one CJK character: in the text it appears inside bigrams, not alone.
bool IsOneCjkCharacter(std::string_view word) {
  if (word.empty()) return false;
  const internal::Decoded decoded =
      internal::DecodeUtf8(reinterpret_cast<const unsigned char*>(word.data()), word.size());
  return static_cast<std::size_t>(decoded.size) == word.size() &&
         internal::IsCjk(decoded.code_point);
}

RulePattern PatternFor(const std::vector<RuleWord>& words, Language language) {
  RulePattern pattern;
  for (const RuleWord& word : words) {
    std::vector<std::string> terms = NormalizeWord(word.text, language);
    const bool one_cjk_character = IsOneCjkCharacter(word.text);
    if (one_cjk_character && terms.empty()) terms.push_back(word.text);
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (terms[i].empty()) continue;
      RulePiece piece{std::move(terms[i]), RulePiece::Kind::kExact,
                      static_cast<std::uint32_t>(pattern.size())};
      if (one_cjk_character) {
        piece.kind = RulePiece::Kind::kChar;
      } else if (word.prefix && i + 1 == terms.size()) {
        piece.kind = RulePiece::Kind::kPrefix;
      }
      pattern.push_back(std::move(piece));
    }
  }
  return pattern;
}

bool ByPosition(const Occurrence& a, const Occurrence& b) { return a.position < b.position; }

bool HasAt(std::span<const Occurrence> occurrences, std::uint32_t position, bool in_title) {
  auto it = std::lower_bound(occurrences.begin(), occurrences.end(), Occurrence{position, false},
                             ByPosition);
  for (; it != occurrences.end() && it->position == position; ++it) {
    if (it->in_title == in_title) return true;
  }
  return false;
}

// The occurrences a piece matches, by position. Exact pieces borrow the index's list; prefix and
// CJK-character pieces gather theirs from several terms into `storage`.
std::span<const Occurrence> PieceOccurrences(const RulePiece& piece, const TermIndex& index,
                                             std::vector<Occurrence>* storage) {
  if (piece.kind == RulePiece::Kind::kExact) return index.Find(piece.text);
  storage->clear();
  const auto& terms = index.terms();
  if (piece.kind == RulePiece::Kind::kPrefix) {
    for (std::size_t i = index.LowerBound(piece.text);
         i < terms.size() && terms[i].starts_with(piece.text); ++i) {
      const auto occurrences = index.Occurrences(i);
      storage->insert(storage->end(), occurrences.begin(), occurrences.end());
    }
  } else {
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (terms[i].find(piece.text) == std::string_view::npos) continue;
      const auto occurrences = index.Occurrences(i);
      storage->insert(storage->end(), occurrences.begin(), occurrences.end());
    }
  }
  std::sort(storage->begin(), storage->end(), ByPosition);
  return *storage;
}

// Finds the pattern's matches; with `spans` null, stops at the first and only says whether one
// exists. A phrase never straddles title and body.
bool MatchPattern(const RulePattern& pattern, bool title_only, const TermIndex& index,
                  std::vector<Span>* spans) {
  std::vector<Occurrence> first_storage;
  const auto first = PieceOccurrences(pattern.front(), index, &first_storage);
  if (first.empty()) return false;
  // Most patterns are one word: no allocation for the other pieces then.
  std::vector<std::vector<Occurrence>> storage(pattern.size() > 1 ? pattern.size() : 0);
  std::vector<std::span<const Occurrence>> rest(storage.size());
  for (std::size_t i = 1; i < pattern.size(); ++i) {
    rest[i] = PieceOccurrences(pattern[i], index, &storage[i]);
    if (rest[i].empty()) return false;
  }
  bool found = false;
  for (const Occurrence& start : first) {
    if (title_only && !start.in_title) continue;
    bool whole = true;
    for (std::size_t i = 1; i < pattern.size() && whole; ++i) {
      whole = HasAt(rest[i], start.position + pattern[i].offset, start.in_title);
    }
    if (!whole) continue;
    if (spans == nullptr) return true;
    found = true;
    spans->push_back({start.position, start.position + pattern.back().offset, start.in_title});
  }
  return found;
}

void CollectSpans(const Rule::Node& node, const TermIndex& index, std::vector<Span>* spans);

// Keeps the spans of either side that have a span of the other side within `distance` positions
// (in the same field), so that NEAR chains and can be joined again.
void NearSpans(const Rule::Node& node, const TermIndex& index, std::vector<Span>* spans) {
  std::vector<Span> left, right;
  CollectSpans(*node.children[0], index, &left);
  if (left.empty()) return;
  CollectSpans(*node.children[1], index, &right);
  if (right.empty()) return;
  const auto by_start = [](const Span& a, const Span& b) { return a.start < b.start; };
  std::sort(right.begin(), right.end(), by_start);
  std::uint32_t longest = 0;
  for (const Span& r : right) longest = std::max(longest, r.end - r.start);
  const std::uint32_t reach = node.distance;
  std::vector<bool> right_used(right.size(), false);
  for (const Span& l : left) {
    const std::uint32_t lowest = l.start > reach + longest ? l.start - reach - longest : 0;
    auto it = std::lower_bound(right.begin(), right.end(), Span{lowest, lowest, false}, by_start);
    bool used = false;
    for (; it != right.end() && it->start <= l.end + reach; ++it) {
      const bool close = it->in_title == l.in_title && it->end + reach >= l.start;
      if (!close) continue;
      used = true;
      right_used[static_cast<std::size_t>(it - right.begin())] = true;
    }
    if (used) spans->push_back(l);
  }
  for (std::size_t i = 0; i < right.size(); ++i) {
    if (right_used[i]) spans->push_back(right[i]);
  }
}

void CollectSpans(const Rule::Node& node, const TermIndex& index, std::vector<Span>* spans) {
  switch (node.kind) {
    case Kind::kTerm:
      for (const RulePattern& pattern : node.patterns) {
        MatchPattern(pattern, node.title_only, index, spans);
      }
      return;
    case Kind::kOr:
      for (const auto& child : node.children) CollectSpans(*child, index, spans);
      return;
    case Kind::kNear:
      NearSpans(node, index, spans);
      return;
    case Kind::kAnd:
    case Kind::kNot:
      return;  // the parser lets only positional nodes under NEAR
  }
}

bool Evaluate(const Rule::Node& node, const TermIndex& index) {
  switch (node.kind) {
    case Kind::kTerm:
      return std::any_of(node.patterns.begin(), node.patterns.end(), [&](const RulePattern& p) {
        return MatchPattern(p, node.title_only, index, nullptr);
      });
    case Kind::kAnd:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&](const auto& child) { return Evaluate(*child, index); });
    case Kind::kOr:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&](const auto& child) { return Evaluate(*child, index); });
    case Kind::kNot:
      return !Evaluate(*node.children.front(), index);
    case Kind::kNear: {
      std::vector<Span> spans;
      NearSpans(node, index, &spans);
      return !spans.empty();
    }
  }
  return false;
}

// The offset of the first NOT or '-' (for the error about rules made only of exclusions).
std::size_t FirstNegation(const Rule::Node& node) {
  if (node.kind == Kind::kNot) return node.offset;
  for (const auto& child : node.children) {
    const std::size_t offset = FirstNegation(*child);
    if (offset != std::string_view::npos) return offset;
  }
  return std::string_view::npos;
}

}  // namespace

RuleWord RuleWordFrom(std::string_view word) {
  RuleWord part;
  while (word.ends_with('*')) word.remove_suffix(1), part.prefix = true;
  part.text = std::string(word);
  return part;
}

std::vector<RuleWord> RulePhraseWords(std::string_view phrase) {
  std::vector<RuleWord> words;
  std::size_t i = 0;
  while (i < phrase.size()) {
    const std::size_t start = i;
    for (; i < phrase.size() && !IsRuleSpace(CodePointAt(phrase, i));
         i += CodePointSize(phrase, i)) {
    }
    if (i == start) {
      i += CodePointSize(phrase, i);
      continue;
    }
    RuleWord word = RuleWordFrom(phrase.substr(start, i - start));
    if (word.text.empty()) continue;
    const bool joins = !words.empty() && !words.back().prefix &&
                       internal::IsCjk(LastCodePoint(words.back().text)) &&
                       internal::IsCjk(CodePointAt(word.text, 0));
    if (joins) {
      words.back().text += word.text;
      words.back().prefix = word.prefix;
    } else {
      words.push_back(std::move(word));
    }
  }
  return words;
}

std::vector<RulePattern> BuildRulePatterns(const std::vector<RuleWord>& words) {
  std::vector<RulePattern> patterns;
  for (const Language language : {Language::kEnglish, Language::kOther}) {
    RulePattern pattern = PatternFor(words, language);
    if (pattern.empty()) continue;
    if (patterns.empty() || patterns.front() != pattern) patterns.push_back(std::move(pattern));
  }
  return patterns;
}

// Groups equal terms with a hash table first, so that only the distinct terms are sorted: an
// article repeats its words, and sorting every occurrence by string was most of the cost.
TermIndex::TermIndex(const AnalyzedText& text) {
  const std::vector<Term>& terms = text.terms;
  std::size_t capacity = 16;
  while (capacity < terms.size() * 2) capacity *= 2;
  std::vector<std::uint32_t> slots(capacity, 0);  // group + 1; 0 is empty
  std::vector<std::uint32_t> group_of(terms.size());
  std::vector<std::uint32_t> first_of;  // per group: its first term
  std::vector<std::uint32_t> counts;
  const std::hash<std::string_view> hash;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const std::string_view term = terms[i].text;
    std::size_t slot = hash(term) & (capacity - 1);
    while (slots[slot] != 0 && terms[first_of[slots[slot] - 1]].text != term) {
      slot = (slot + 1) & (capacity - 1);
    }
    if (slots[slot] == 0) {
      first_of.push_back(static_cast<std::uint32_t>(i));
      counts.push_back(0);
      slots[slot] = static_cast<std::uint32_t>(first_of.size());
    }
    group_of[i] = slots[slot] - 1;
    ++counts[group_of[i]];
  }
  std::vector<std::uint32_t> order(first_of.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return terms[first_of[a]].text < terms[first_of[b]].text;
  });
  std::vector<std::uint32_t> next(first_of.size());  // per group: where its next occurrence goes
  terms_.reserve(order.size());
  starts_.reserve(order.size() + 1);
  std::uint32_t start = 0;
  for (const std::uint32_t group : order) {
    terms_.push_back(terms[first_of[group]].text);
    starts_.push_back(start);
    next[group] = start;
    start += counts[group];
  }
  starts_.push_back(start);
  occurrences_.resize(terms.size());
  bool in_order = true;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    in_order = in_order && (i == 0 || terms[i - 1].position <= terms[i].position);
    occurrences_[next[group_of[i]]++] = {terms[i].position, terms[i].in_title};
  }
  if (in_order) return;  // Analyze() emits positions in order; anything else is sorted here
  for (std::size_t g = 0; g + 1 < starts_.size(); ++g) {
    std::sort(occurrences_.begin() + starts_[g], occurrences_.begin() + starts_[g + 1], ByPosition);
  }
}

std::size_t TermIndex::LowerBound(std::string_view key) const {
  return static_cast<std::size_t>(std::lower_bound(terms_.begin(), terms_.end(), key) -
                                  terms_.begin());
}

std::span<const TermIndex::Occurrence> TermIndex::Occurrences(std::size_t i) const {
  return std::span<const Occurrence>(occurrences_).subspan(starts_[i], starts_[i + 1] - starts_[i]);
}

std::span<const TermIndex::Occurrence> TermIndex::Find(std::string_view term) const {
  const std::size_t i = LowerBound(term);
  if (i == terms_.size() || terms_[i] != term) return {};
  return Occurrences(i);
}

Rule::Rule() = default;
Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;
Rule::~Rule() = default;

Rule::Rule(const Rule& other)
    : text_(other.text_), root_(other.root_ ? other.root_->Clone() : nullptr) {}

Rule& Rule::operator=(const Rule& other) {
  if (this != &other) *this = Rule(other);
  return *this;
}

bool Rule::Parse(std::string_view text, Rule* rule, RuleError* error) {
  RuleError local_error;
  RuleError* sink = error != nullptr ? error : &local_error;
  std::unique_ptr<Node> root = ParseRuleTree(text, sink);
  if (!root) return false;
  // A rule that holds for a text with no words at all (NOT x, a OR -b) would fire on nearly
  // every item; what it means is better said as a veto rule, so it is refused with that hint.
  const AnalyzedText empty_text;
  if (Evaluate(*root, TermIndex(empty_text))) {
    const std::size_t offset = FirstNegation(*root);
    *sink = {offset == std::string_view::npos ? 0 : offset,
             "the rule matches texts without any of its words (only NOT/- terms must hold): "
             "write the excluded words as a veto rule instead"};
    return false;
  }
  if (rule != nullptr) {
    rule->text_ = std::string(text);
    rule->root_ = std::move(root);
  }
  return true;
}

bool Rule::Matches(const AnalyzedText& text) const {
  if (!root_) return false;
  return Evaluate(*root_, TermIndex(text));
}

bool Rule::Matches(const TermIndex& index) const {
  return root_ != nullptr && Evaluate(*root_, index);
}

}  // namespace tidings::match
