// Language identification by script and stopwords: enough to pick a model's weights, cheap
// enough to run on every item. Han without kana is Chinese, Han or kana with kana (at least 5%)
// is Japanese, Latin text is English when English function words outnumber those of the other
// common Latin languages (or, for a headline with as many of each, often none, when it is plain
// ASCII).
#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "match/short_word_set.h"
#include "match/text.h"
#include "match/text_internal.h"

namespace tidings::match {
namespace internal {
namespace {

// Only the first bytes of a text are inspected: the language is evident early, and a 10 MB
// page must not cost more than a headline.
constexpr std::size_t kMaxEvidenceBytes = 4096;

constexpr std::array<std::string_view, 96> kEnglishStopwords = {
    "a",       "about", "after",  "all",   "also",  "an",   "and",   "any",   "are",     "as",
    "at",      "be",    "been",   "being", "but",   "by",   "can",   "could", "did",     "do",
    "does",    "for",   "from",   "had",   "has",   "have", "he",    "her",   "his",     "how",
    "i",       "if",    "in",     "into",  "is",    "it",   "its",   "just",  "more",    "most",
    "my",      "no",    "not",    "of",    "on",    "one",  "or",    "our",   "out",     "over",
    "she",     "so",    "some",   "than",  "that",  "the",  "their", "them",  "then",    "there",
    "these",   "they",  "this",   "those", "to",    "up",   "was",   "we",    "were",    "what",
    "when",    "where", "which",  "while", "who",   "will", "with",  "would", "you",     "your",
    "said",    "says",  "should", "may",   "might", "very", "being", "such",  "through", "because",
    "against", "under", "why",    "both",  "each",  "other"};

// Frequent function words of French, German, Spanish, Italian, Portuguese and Dutch that are not
// English words.
constexpr std::array<std::string_view, 58> kOtherStopwords = {
    "le",   "la",  "les", "des", "est", "une",  "dans", "pour",  "pas",   "qui", "sur",  "avec",
    "du",   "et",  "au",  "der", "die", "das",  "und",  "ist",   "nicht", "ein", "eine", "mit",
    "für",  "auf", "den", "von", "zu",  "sich", "el",   "los",   "las",   "del", "que",  "por",
    "para", "con", "una", "es",  "y",   "il",   "di",   "della", "che",   "per", "non",  "sono",
    "em",   "os",  "não", "uma", "het", "een",  "van",  "niet",  "ook",   "zijn"};

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Sets of the lists, built once: one lookup per word instead of a scan.
bool IsEnglishStopword(std::string_view word) {
  static const ShortWordSet kSet(kEnglishStopwords);
  return kSet.contains(word);
}
bool IsOtherStopword(std::string_view word) {
  static const ShortWordSet kSet(kOtherStopwords);
  return kSet.contains(word);
}

// Counts one Latin word (lower-cased by the caller, at most a few bytes long when it matters).
// `is_name_particle`: the word is capitalized and the next word too ("Los Angeles", "Las Vegas",
// "Le Pen", "Van Gogh"), so a foreign function word in it is part of a name, not of the language.
void CountWord(std::string_view word, bool ascii_only, bool is_name_particle,
               LanguageEvidence* evidence) {
  ++evidence->latin_words;
  if (ascii_only) ++evidence->ascii_only_words;
  if (word.size() > 7) return;  // longer than any stopword
  if (IsEnglishStopword(word)) ++evidence->english_stopwords;
  if (IsOtherStopword(word) && !is_name_particle) ++evidence->other_stopwords;
}

// Whether the Latin evidence is settled: a dozen function words of one kind and few of the
// other. Reading further (up to kMaxEvidenceBytes) would not change the answer for running text,
// and this check lets a long English text stop after a few lines (4% of a poll's CPU went to
// counting stopwords to the end of every item).
bool LatinSettled(const LanguageEvidence& e) {
  return (e.english_stopwords >= 12 && e.other_stopwords * 4 <= e.english_stopwords) ||
         (e.other_stopwords >= 12 && e.english_stopwords * 4 <= e.other_stopwords);
}

// "の" is the one kana that Chinese writing borrows ("我の世界"), so it is not counted as
// Japanese evidence; any other kana is, even one in a headline ("日経平均が続落").
constexpr char32_t kNo = 0x306E;

// Han and kana in UTF-8 `s`, from lead bytes only, for the rest of a text once its Latin words
// are settled: a Chinese text that opens with an English paragraph is still Chinese. U+3040-30FF
// (kana) is E3 81-83 xx ("の" is E3 81 AE); CJK ideographs from U+3400 are E3 90 xx to E9 xx xx.
void CountCjkLeadBytes(const unsigned char* s, std::size_t size, LanguageEvidence* evidence) {
  for (std::size_t i = 0; i + 1 < size; ++i) {
    if (s[i] == 0xE3 && s[i + 1] >= 0x81 && s[i + 1] <= 0x83) {
      const bool no = s[i + 1] == 0x81 && i + 2 < size && s[i + 2] == 0xAE;
      if (!no) ++evidence->kana;
    } else if ((s[i] == 0xE3 && s[i + 1] >= 0x90) || (s[i] >= 0xE4 && s[i] <= 0xE9)) {
      ++evidence->han;
    }
  }
}

// A letter of an alphabet that is neither Latin nor Han/kana: Greek to Ethiopic and the Indic
// and South-East Asian scripts (U+0370-U+1DFF, which holds no Latin letters), Greek Extended,
// and Hangul (compatibility jamo, syllables). Punctuation and symbols are outside these blocks
// except for a few signs, which is close enough for counting words.
bool IsOtherScriptLetter(char32_t c) {
  return (c >= 0x370 && c < 0x1E00) || (c >= 0x1F00 && c < 0x2000) || (c >= 0x3130 && c < 0x3190) ||
         (c >= 0xAC00 && c < 0xD7B0);
}

// Latin words as they are read. A word is counted when the next one starts: whether that one is
// capitalized decides whether a capitalized foreign function word is a name particle.
class LatinWords {
 public:
  explicit LatinWords(LanguageEvidence* evidence) : evidence_(evidence) {}
  bool InWord() const { return !word_.empty(); }
  // Appends a (lower-cased) letter; the first of a word says whether it is capitalized.
  void Append(std::string_view letter, bool ascii, bool capital) {
    if (word_.empty()) capitalized_ = capital;
    word_.append(letter);
    if (!ascii) ascii_only_ = false;
  }
  void End() {
    if (word_.empty()) return;
    if (!held_.empty())
      CountWord(held_, held_ascii_only_, held_capitalized_ && capitalized_, evidence_);
    held_.swap(word_);
    held_ascii_only_ = ascii_only_;
    held_capitalized_ = capitalized_;
    word_.clear();
    ascii_only_ = true;
  }
  // Counts the last word, which no word follows.
  void Finish() {
    End();
    if (!held_.empty()) CountWord(held_, held_ascii_only_, false, evidence_);
  }

 private:
  LanguageEvidence* evidence_;
  std::string word_, held_;
  bool ascii_only_ = true, capitalized_ = false;
  bool held_ascii_only_ = true, held_capitalized_ = false;
};

// A non-ASCII code point: a Latin letter with diacritics goes to `words`; anything else ends
// the word, and Han and kana are counted.
void CountCodePoint(std::string_view bytes, char32_t c, LatinWords* words,
                    LanguageEvidence* evidence) {
  if (c >= 0xC0 && c < 0x250 && c != 0xD7 && c != 0xF7) {
    words->Append(bytes, false, c < 0xDF);  // À..Þ are the capitals of Latin-1
    return;
  }
  words->End();
  if (IsKana(c)) {
    if (c != kNo) ++evidence->kana;
  } else if (IsCjk(c) && !(c >= 0xAC00 && c <= 0xD7FF) && !(c >= 0x1100 && c <= 0x11FF)) {
    ++evidence->han;
  }
}

}  // namespace

void CountLanguageEvidence(std::string_view text, LanguageEvidence* evidence) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = std::min(text.size(), kMaxEvidenceBytes);
  LatinWords words(evidence);
  bool in_other_script_word = false;
  for (std::size_t i = 0; i < size;) {
    if (s[i] < 0x80) {
      in_other_script_word = false;
      if (IsAsciiLetter(s[i])) {
        if (!words.InWord() && LatinSettled(*evidence)) {
          CountCjkLeadBytes(s + i, size - i, evidence);
          break;
        }
        const char lower = static_cast<char>(s[i] | 0x20);
        words.Append(std::string_view(&lower, 1), true, s[i] <= 'Z');
      } else if (s[i] != '\'') {
        words.End();
      }
      ++i;
      continue;
    }
    const Decoded d = DecodeUtf8(s + i, size - i);
    if (d.size == 0) {
      words.End();
      in_other_script_word = false;
      ++i;
      continue;
    }
    const bool other_script = IsOtherScriptLetter(d.code_point);
    if (other_script && !in_other_script_word) ++evidence->other_script_words;
    in_other_script_word = other_script;
    CountCodePoint(text.substr(i, static_cast<std::size_t>(d.size)), d.code_point, &words,
                   evidence);
    i += static_cast<std::size_t>(d.size);
  }
  words.Finish();
}

Language DecideLanguage(const LanguageEvidence& e) {
  const std::size_t cjk = e.han + e.kana;
  // A Chinese headline often carries a Latin brand or two ("苹果发布iPhone"): characters are
  // compared with words, not letters.
  if (cjk >= 2 && cjk >= e.latin_words) {
    return e.kana > 0 && e.kana * 20 >= cjk ? Language::kJapanese : Language::kChinese;
  }
  // A Russian or Korean text with a Latin brand or two ("AI", "iPhone") is not English.
  if (e.latin_words == 0 || e.other_script_words >= e.latin_words) return Language::kOther;
  if (e.english_stopwords > e.other_stopwords) return Language::kEnglish;
  if (e.other_stopwords > e.english_stopwords) return Language::kOther;
  // As many of one as of the other, often none (a headline): plain ASCII words are taken for
  // English.
  return e.ascii_only_words * 10 >= e.latin_words * 9 ? Language::kEnglish : Language::kOther;
}

bool IsEnglishStopTerm(std::string_view term) {
  // The stopwords as Analyze() leaves them (stemmed) and as written, built once. Every stem of
  // these words is at most ShortWordSet::kMaxBytes long.
  static const ShortWordSet kStems = [] {
    ShortWordSet stems(kEnglishStopwords);
    sb_stemmer* stemmer = sb_stemmer_new("english", nullptr);
    for (std::string_view word : kEnglishStopwords) {
      if (stemmer == nullptr) break;
      const sb_symbol* out = sb_stemmer_stem(
          stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
      if (out != nullptr) {
        stems.Insert(std::string_view(reinterpret_cast<const char*>(out),
                                      static_cast<std::size_t>(sb_stemmer_length(stemmer))));
      }
    }
    if (stemmer != nullptr) sb_stemmer_delete(stemmer);
    return stems;
  }();
  return kStems.contains(term);
}

}  // namespace internal

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kEnglish:
      return "en";
    case Language::kChinese:
      return "zh";
    case Language::kJapanese:
      return "ja";
    case Language::kOther:
      break;
  }
  return "other";
}

Language DetectLanguage(std::string_view text) {
  internal::LanguageEvidence evidence;
  internal::CountLanguageEvidence(text, &evidence);
  return internal::DecideLanguage(evidence);
}

}  // namespace tidings::match
