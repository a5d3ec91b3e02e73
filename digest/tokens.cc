// Word features for near-duplicate detection: one pass over UTF-8, no allocation per word.
#include <algorithm>
#include <array>
#include <string_view>

#include "digest/internal.h"

namespace tidings::digest::internal {
namespace {

// Words too common in English news to say anything about which story an item tells.
constexpr std::array<std::string_view, 72> kStopWords = {
    "about", "after", "against", "all",   "also", "an",    "and",  "any",  "are",  "as",    "at",
    "be",    "been",  "but",     "by",    "can",  "could", "did",  "do",   "does", "for",   "from",
    "had",   "has",   "have",    "he",    "her",  "his",   "how",  "if",   "in",   "into",  "is",
    "it",    "its",   "just",    "more",  "new",  "no",    "not",  "of",   "on",   "one",   "or",
    "our",   "over",  "said",    "say",   "she",  "so",    "than", "that", "the",  "their", "them",
    "there", "they",  "this",    "to",    "up",   "was",   "we",   "were", "what", "when",  "which",
    "who",   "will",  "with",    "would", "you",  "your"};

// Lower-cased ASCII letters and digits; 0 for every other ASCII character.
constexpr std::array<char, 128> kAsciiWordChars = [] {
  std::array<char, 128> table{};
  for (char c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = c;
  for (char c = 'a'; c <= 'z'; ++c) {
    table[static_cast<std::size_t>(c)] = c;
    table[static_cast<std::size_t>(c - 'a' + 'A')] = c;
  }
  return table;
}();

constexpr std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The stop words' hashes in an open-addressing table (0: empty slot): about one probe per word,
// integer compares only.
constexpr std::size_t kStopSlots = 256;
constexpr std::size_t kLongestStopWord = 7;
constexpr std::array<std::uint64_t, kStopSlots> kStopTable = [] {
  std::array<std::uint64_t, kStopSlots> table{};
  for (std::string_view word : kStopWords) {
    const std::uint64_t hash = Fnv1a(word);
    std::size_t slot = hash % kStopSlots;
    while (table[slot] != 0) slot = (slot + 1) % kStopSlots;
    table[slot] = hash;
  }
  return table;
}();

bool IsStopWordHash(std::uint64_t hash) {
  for (std::size_t slot = hash % kStopSlots; kStopTable[slot] != 0;
       slot = (slot + 1) % kStopSlots) {
    if (kStopTable[slot] == hash) return true;
  }
  return false;
}

// A word being read. Bytes past the first 64 are ignored: such a "word" is a URL or a hash, and
// its start identifies it well enough.
class WordBuffer {
 public:
  void Add(char c) {
    if (size_ < data_.size()) data_[size_++] = c;
  }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {data_.data(), size_}; }
  void clear() { size_ = 0; }

 private:
  std::array<char, 64> data_{};
  std::size_t size_ = 0;
};

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) ||  // Hiragana, Katakana
         (c >= 0x3400 && c <= 0x4DBF) ||  // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK unified ideographs
         (c >= 0xAC00 && c <= 0xD7AF) ||  // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||  // CJK compatibility ideographs
         (c >= 0x20000 && c <= 0x3FFFF);  // CJK extensions B and later
}

// Letters and digits of scripts written with spaces between words; everything else but CJK
// separates words (punctuation, symbols, CJK and general punctuation, white space).
bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c <= 0xBF || c == 0xD7 || c == 0xF7) return false;  // Latin-1 punctuation and signs
  if (c >= 0x2000 && c <= 0x2BFF) return false;           // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;           // CJK punctuation
  if (c >= 0xFE30 && c <= 0xFE4F) return false;           // CJK compatibility forms
  if (c >= 0xFF00 && c <= 0xFF65) return false;           // full-width forms
  return c != 0xFFFD && !IsCjk(c);
}

void AppendUtf8(WordBuffer& out, char32_t c) {
  if (c < 0x80) {
    out.Add(static_cast<char>(c));
  } else if (c < 0x800) {
    out.Add(static_cast<char>(0xC0 | (c >> 6)));
    out.Add(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.Add(static_cast<char>(0xE0 | (c >> 12)));
    out.Add(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.Add(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.Add(static_cast<char>(0xF0 | (c >> 18)));
    out.Add(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.Add(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.Add(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Folds a word for comparison: "Launches" and "launch" agree often enough ("es" and "s" off words
// long enough that this rarely merges different words; "ss" kept: "chess", "press").
std::string_view FoldWord(std::string_view word) {
  if (word.size() > 4 && word.ends_with("ies")) return word.substr(0, word.size() - 2);
  if (word.size() > 4 && (word.ends_with("ches") || word.ends_with("shes")))
    return word.substr(0, word.size() - 2);
  if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's')
    return word.substr(0, word.size() - 1);
  return word;
}

class FeatureSink {
 public:
  FeatureSink(std::uint64_t salt, std::vector<std::uint64_t>& out) : salt_(salt), out_(out) {}

  void EndWord(WordBuffer& word) {
    const std::string_view text = word.view();
    word.clear();
    if (text.size() < 2) return;
    const std::uint64_t hash = Fnv1a(text);
    if (text.size() <= kLongestStopWord && IsStopWordHash(hash)) return;
    const std::string_view folded = FoldWord(text);
    out_.push_back(MixHash((folded.size() == text.size() ? hash : Fnv1a(folded)) ^ salt_));
  }
  // CJK text is cut into overlapping character pairs, the usual unit for Chinese retrieval.
  void CjkChar(char32_t c) {
    if (previous_cjk_ != 0) {
      out_.push_back(
          MixHash((std::uint64_t{previous_cjk_} << 21 | c) ^ salt_ ^ 0x9e3779b97f4a7c15ULL));
      lone_cjk_ = 0;
    } else {
      lone_cjk_ = c;
    }
    previous_cjk_ = c;
  }
  void EndCjkRun() {
    if (previous_cjk_ == 0) return;
    if (lone_cjk_ != 0) out_.push_back(MixHash(std::uint64_t{lone_cjk_} ^ salt_));
    previous_cjk_ = 0;
    lone_cjk_ = 0;
  }

 private:
  std::uint64_t salt_;
  std::vector<std::uint64_t>& out_;
  char32_t previous_cjk_ = 0;
  char32_t lone_cjk_ = 0;  // a run of one character so far: kept as a unigram if none follows
};

}  // namespace

std::uint64_t MixHash(std::uint64_t x) {  // splitmix64's finaliser: spreads every input bit
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

char32_t NextCodePoint(std::string_view text, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return static_cast<char32_t>(text[pos++]);
  std::size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (lead >= 0xF5) length = 0;
  if (length == 0 || pos + length > text.size()) return ++pos, char32_t{0xFFFD};
  char32_t c = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return ++pos, char32_t{0xFFFD};
    c = (c << 6) | (byte(pos + i) & 0x3F);
  }
  const bool overlong = (length == 3 && c < 0x800) || (length == 4 && c < 0x10000);
  if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return ++pos, char32_t{0xFFFD};
  pos += length;
  return c;
}

void CollectFeatures(std::string_view text, std::size_t max_words, std::uint64_t salt,
                     std::vector<std::uint64_t>& out) {
  WordBuffer word;
  FeatureSink sink(salt, out);
  std::size_t words = 0;
  for (std::size_t pos = 0; pos < text.size() && words < max_words;) {
    // ASCII fast path: most bytes of most feeds.
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80 && byte != '\'') {
      ++pos;
      sink.EndCjkRun();
      if (char lower = kAsciiWordChars[byte]; lower != 0) {
        word.Add(lower);
        // The rest of an ASCII word in a tight loop.
        while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80 &&
               (lower = kAsciiWordChars[static_cast<unsigned char>(text[pos])]) != 0) {
          word.Add(lower);
          ++pos;
        }
      } else if (!word.empty()) {
        sink.EndWord(word);
        ++words;
      }
      continue;
    }
    char32_t c = NextCodePoint(text, pos);
    if (c >= 0xFF10 && c <= 0xFF5A) c -= 0xFEE0;  // full-width digits and letters: ASCII
    if (IsCjk(c)) {
      if (!word.empty()) sink.EndWord(word), ++words;
      sink.CjkChar(c);
      ++words;
      continue;
    }
    sink.EndCjkRun();
    if (IsWordChar(c)) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      AppendUtf8(word, c);
    } else if (c == '\'' || c == 0x2019) {
      // "Apple's" is "apple": drop the possessive, keep the word going for "don't".
      if (pos < text.size() && (text[pos] == 's' || text[pos] == 'S') &&
          (pos + 1 == text.size() || !IsWordChar(static_cast<unsigned char>(text[pos + 1])))) {
        ++pos;
      }
    } else if (!word.empty()) {
      sink.EndWord(word);
      ++words;
    }
  }
  if (!word.empty()) sink.EndWord(word);
  sink.EndCjkRun();
}

}  // namespace tidings::digest::internal
