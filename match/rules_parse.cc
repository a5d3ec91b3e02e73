// The rule parser: a hand-written lexer and recursive descent over the grammar in rules.h
// (docs/topics-rules.md has the exact rules). Errors carry the byte offset of the piece at fault.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/rules_node.h"
#include "match/text.h"
#include "match/text_internal.h"

namespace tidings::match {
namespace {

using NodePtr = std::unique_ptr<Rule::Node>;
using Kind = Rule::Node::Kind;

constexpr std::uint32_t kMaxNear = 100;

struct CodePoint {
  char32_t value = 0;
  std::size_t size = 1;  // bytes; invalid UTF-8 decodes to U+FFFD of one byte
};

CodePoint Decode(std::string_view s, std::size_t i) {
  const internal::Decoded decoded =
      internal::DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data() + i), s.size() - i);
  if (decoded.size == 0) return {0xFFFD, 1};
  return {decoded.code_point, static_cast<std::size_t>(decoded.size)};
}

enum class TokenKind {
  kEnd,
  kWord,
  kPhrase,
  kOpen,
  kClose,
  kAnd,
  kOr,
  kNot,
  kMinus,
  kNear,
  kTitle,
  kError
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t offset = 0;
  std::string_view text;       // kWord: the word; kPhrase: inside the quotes; kError: message
  std::uint32_t distance = 0;  // kNear
  std::size_t error_offset = 0;
};

bool IsBinary(TokenKind kind) {
  return kind == TokenKind::kAnd || kind == TokenKind::kOr || kind == TokenKind::kNear;
}

std::string_view Spelling(const Token& token) {
  switch (token.kind) {
    case TokenKind::kAnd:
      return "AND";
    case TokenKind::kOr:
      return "OR";
    case TokenKind::kNot:
      return "NOT";
    case TokenKind::kMinus:
      return "-";
    case TokenKind::kNear:
      return "NEAR/n";
    case TokenKind::kTitle:
      return "title:";
    default:
      return token.text;
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next() {
    SkipSpaces();
    Token token;
    token.offset = pos_;
    if (pos_ >= text_.size()) return token;
    const char c = text_[pos_];
    if (c == '(' || c == ')') {
      ++pos_;
      token.kind = c == '(' ? TokenKind::kOpen : TokenKind::kClose;
      return token;
    }
    if (const std::size_t quote = QuoteSize(pos_, /*closing=*/false); quote != 0) {
      return Phrase(token, quote);
    }
    if (c == '-') {
      if (StartsTerm(pos_ + 1)) return ++pos_, token.kind = TokenKind::kMinus, token;
      return Error(token, pos_, "'-' must stand right before the term it excludes");
    }
    if (text_.substr(pos_).starts_with("title:")) {
      if (StartsTerm(pos_ + 6) && text_[pos_ + 6] != '-') {
        return pos_ += 6, token.kind = TokenKind::kTitle, token;
      }
      return Error(token, pos_, "'title:' needs a word, \"phrase\" or (group) right after it");
    }
    return Word(token);
  }

 private:
  void SkipSpaces() {
    while (pos_ < text_.size()) {
      const CodePoint cp = Decode(text_, pos_);
      if (!IsRuleSpace(cp.value)) return;
      pos_ += cp.size;
    }
  }

  // Whether a term (not a space, a ')' or the end) starts at `at`.
  bool StartsTerm(std::size_t at) const {
    return at < text_.size() && text_[at] != ')' && !IsRuleSpace(Decode(text_, at).value);
  }

  // The byte size of a quote mark at `at`: '"' either way, or the typographic “ to open and ” to
  // close that word processors substitute; 0 when none.
  std::size_t QuoteSize(std::size_t at, bool closing) const {
    if (text_[at] == '"') return 1;
    const std::string_view curly = closing ? "\u201D" : "\u201C";
    return text_.substr(at).starts_with(curly) ? curly.size() : 0;
  }

  Token Phrase(Token token, std::size_t quote) {
    const std::size_t start = pos_ + quote;
    for (std::size_t i = start; i < text_.size(); ++i) {
      if (const std::size_t close = QuoteSize(i, /*closing=*/true); close != 0) {
        token.kind = TokenKind::kPhrase;
        token.text = text_.substr(start, i - start);
        pos_ = i + close;
        return token;
      }
    }
    return Error(token, token.offset, "the quote is never closed");
  }

  Token Word(Token token) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '(' && text_[pos_] != ')') {
      const CodePoint cp = Decode(text_, pos_);
      if (IsRuleSpace(cp.value)) break;
      pos_ += cp.size;
    }
    token.text = text_.substr(start, pos_ - start);
    if (token.text == "AND")
      token.kind = TokenKind::kAnd;
    else if (token.text == "OR")
      token.kind = TokenKind::kOr;
    else if (token.text == "NOT")
      token.kind = TokenKind::kNot;
    else if (token.text.starts_with("NEAR"))
      return Near(token);
    else
      token.kind = TokenKind::kWord;
    return token;
  }

  Token Near(Token token) {
    const std::string_view word = token.text;
    if (word.size() == 4 || word[4] != '/') {
      if (word.size() > 4) return token.kind = TokenKind::kWord, token;  // NEARBY is a word
      return Error(token, token.offset, "NEAR needs a distance: NEAR/n, n from 1 to 100");
    }
    std::uint32_t value = 0;
    std::size_t i = 5;
    for (; i < word.size() && word[i] >= '0' && word[i] <= '9' && value <= kMaxNear; ++i) {
      value = value * 10 + static_cast<std::uint32_t>(word[i] - '0');
    }
    if (i == 5 || (i < word.size() && value <= kMaxNear)) {
      return Error(token, token.offset + i, "NEAR/n needs a number n from 1 to 100");
    }
    if (value == 0 || value > kMaxNear) {
      return Error(token, token.offset + 5, "NEAR/n distance must be from 1 to 100");
    }
    token.kind = TokenKind::kNear;
    token.distance = value;
    return token;
  }

  static Token Error(Token token, std::size_t offset, std::string_view message) {
    token.kind = TokenKind::kError;
    token.text = message;
    token.error_offset = offset;
    return token;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

NodePtr MakeNode(Kind kind, std::size_t offset) {
  auto node = std::make_unique<Rule::Node>();
  node->kind = kind;
  node->offset = offset;
  return node;
}

// Recursive descent, one function per precedence level (OR < AND < NEAR < NOT). Every function
// returns nullptr once an error is recorded; the first error wins.
class Parser {
 public:
  Parser(std::string_view text, RuleError* error) : lexer_(text), error_(error) {
    next_ = lexer_.Next();
  }

  NodePtr Parse() {
    NodePtr root = ParseOr(0);
    if (!root) return nullptr;
    if (next_.kind == TokenKind::kClose) return Fail(next_.offset, "')' without a '(' before it");
    if (next_.kind != TokenKind::kEnd) return Fail(next_.offset, "unexpected text");
    return root;
  }

 private:
  Token Take() {
    before_ = previous_;
    has_before_ = has_previous_;
    previous_ = next_;
    has_previous_ = true;
    next_ = lexer_.Next();
    return previous_;
  }

  NodePtr Fail(std::size_t offset, std::string message) {
    if (error_ != nullptr && !failed_) *error_ = {offset, std::move(message)};
    failed_ = true;
    return nullptr;
  }

  // Whether the next token begins an operand (so two operands side by side mean AND).
  bool StartsOperand() const {
    switch (next_.kind) {
      case TokenKind::kWord:
      case TokenKind::kPhrase:
      case TokenKind::kOpen:
      case TokenKind::kNot:
      case TokenKind::kMinus:
      case TokenKind::kTitle:
      case TokenKind::kError:
        return true;
      default:
        return false;
    }
  }

  // OR and AND are n-ary: a long flat list does not deepen the tree.
  NodePtr ParseList(Kind kind, int depth) {
    NodePtr first = kind == Kind::kOr ? ParseList(Kind::kAnd, depth) : ParseNear(depth);
    if (!first) return nullptr;
    NodePtr list;
    for (;;) {
      const bool explicit_op = next_.kind == (kind == Kind::kOr ? TokenKind::kOr : TokenKind::kAnd);
      if (!explicit_op && (kind == Kind::kOr || !StartsOperand())) break;
      if (explicit_op) Take();
      NodePtr operand = kind == Kind::kOr ? ParseList(Kind::kAnd, depth) : ParseNear(depth);
      if (!operand) return nullptr;
      if (!list) {
        list = MakeNode(kind, first->offset);
        list->children.push_back(std::move(first));
      }
      list->children.push_back(std::move(operand));
    }
    return list ? std::move(list) : std::move(first);
  }

  NodePtr ParseOr(int depth) { return ParseList(Kind::kOr, depth); }

  NodePtr ParseNear(int depth) {
    NodePtr left = ParseUnary(depth);
    for (int chain = 0; left && next_.kind == TokenKind::kNear; ++chain) {
      const Token op = Take();
      if (chain + depth >= kMaxRuleDepth) return Fail(op.offset, "rule nested too deeply");
      NodePtr right = ParseUnary(depth);
      if (!right) return nullptr;
      for (const NodePtr* side : {&left, &right}) {
        if (!(*side)->HasPositions()) {
          return Fail((*side)->offset,
                      "NEAR/n joins words, phrases, prefixes or (OR groups) of them, "
                      "not NOT or AND");
        }
      }
      NodePtr near = MakeNode(Kind::kNear, left->offset);
      near->distance = op.distance;
      near->children.push_back(std::move(left));
      near->children.push_back(std::move(right));
      left = std::move(near);
    }
    return left;
  }

  NodePtr ParseUnary(int depth) {
    if (next_.kind != TokenKind::kNot && next_.kind != TokenKind::kMinus) {
      return ParsePrimary(depth);
    }
    const Token op = Take();
    if (depth >= kMaxRuleDepth) return Fail(op.offset, "rule nested too deeply");
    NodePtr operand = ParseUnary(depth + 1);
    if (!operand) return nullptr;
    NodePtr node = MakeNode(Kind::kNot, op.offset);
    node->children.push_back(std::move(operand));
    return node;
  }

  NodePtr ParsePrimary(int depth) {
    const Token token = Take();
    switch (token.kind) {
      case TokenKind::kWord:
        return Term(token, {RuleWordFrom(token.text)});
      case TokenKind::kPhrase:
        return Term(token, RulePhraseWords(token.text));
      case TokenKind::kOpen:
        return Group(token, depth);
      case TokenKind::kTitle: {
        if (depth >= kMaxRuleDepth) return Fail(token.offset, "rule nested too deeply");
        ++title_scopes_;
        NodePtr scoped = ParsePrimary(depth + 1);
        --title_scopes_;
        return scoped;
      }
      case TokenKind::kError:
        return Fail(token.error_offset, std::string(token.text));
      default:
        return Missing(token);
    }
  }

  // An operand was expected and `token` came instead.
  NodePtr Missing(const Token& token) {
    const Token& before = before_;
    const bool after_operator =
        has_before_ && (IsBinary(before.kind) || before.kind == TokenKind::kNot);
    if (after_operator) {
      return Fail(before.offset, "'" + std::string(Spelling(before)) + "' needs a term after it");
    }
    if (IsBinary(token.kind)) {
      return Fail(token.offset, "'" + std::string(Spelling(token)) + "' needs a term before it");
    }
    if (has_before_ && before.kind == TokenKind::kOpen) {
      return Fail(before.offset, token.kind == TokenKind::kEnd ? "missing ')'" : "empty ( )");
    }
    if (token.kind == TokenKind::kClose) return Fail(token.offset, "')' without a '(' before it");
    return Fail(0, "empty rule");
  }

  NodePtr Group(const Token& open, int depth) {
    if (depth >= kMaxRuleDepth) return Fail(open.offset, "rule nested too deeply");
    NodePtr inner = ParseOr(depth + 1);
    if (!inner) return nullptr;
    if (next_.kind != TokenKind::kClose) return Fail(open.offset, "missing ')'");
    Take();
    return inner;
  }

  NodePtr Term(const Token& token, const std::vector<RuleWord>& words) {
    if (token.kind == TokenKind::kWord && words.front().text.empty()) {
      return Fail(token.offset, "'*' needs a word before it");
    }
    NodePtr node = MakeNode(Kind::kTerm, token.offset);
    node->title_only = title_scopes_ > 0;
    if (!words.empty()) node->patterns = BuildRulePatterns(words);
    if (node->patterns.empty()) {
      if (token.kind == TokenKind::kPhrase) return Fail(token.offset, "empty phrase");
      return Fail(token.offset,
                  "'" + std::string(token.text) + "' has no letter or digit to match");
    }
    return node;
  }

  Lexer lexer_;
  RuleError* error_;
  Token next_;
  Token previous_;  // the token taken last
  bool has_previous_ = false;
  Token before_;  // the token taken before previous_ (what an unexpected token followed)
  bool has_before_ = false;
  int title_scopes_ = 0;
  bool failed_ = false;
};

}  // namespace

bool Rule::Node::HasPositions() const {
  if (kind == Kind::kTerm || kind == Kind::kNear) return true;
  if (kind != Kind::kOr) return false;
  for (const auto& child : children) {
    if (!child->HasPositions()) return false;
  }
  return true;
}

std::unique_ptr<Rule::Node> Rule::Node::Clone() const {
  auto copy = std::make_unique<Node>();
  copy->kind = kind;
  copy->title_only = title_only;
  copy->distance = distance;
  copy->offset = offset;
  copy->patterns = patterns;
  copy->children.reserve(children.size());
  for (const auto& child : children) copy->children.push_back(child->Clone());
  return copy;
}

std::unique_ptr<Rule::Node> ParseRuleTree(std::string_view text, RuleError* error) {
  return Parser(text, error).Parse();
}

}  // namespace tidings::match
