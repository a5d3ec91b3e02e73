// Internals of the text pipeline (match/text.h) shared by text.cc, text_tokens.cc, language.cc and
// the model's feature extraction. Not for use outside match/.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "match/text.h"

namespace tidings::match::internal {

// How runs of Chinese/Japanese characters become terms. Bigrams are the default and what the
// shipped model is trained on; dictionary segmentation (ICU's word break) exists to measure the
// choice (docs/topics.md) and is selected with TIDINGS_CJK_SEGMENTATION=dictionary.
enum class CjkSegmentation { kBigrams, kDictionary };

// The segmentation chosen by the environment, read once per process.
CjkSegmentation CjkSegmentationFromEnvironment();

struct TokenizeOptions {
  bool stem = false;  // Snowball English stemming of Latin words
  CjkSegmentation cjk = CjkSegmentation::kBigrams;
};

// Appends the terms of `text` (plain UTF-8, possibly invalid) to `out`; positions continue from
// `*position`, which is advanced past them.
void Tokenize(std::string_view text, bool in_title, const TokenizeOptions& options,
              std::uint32_t* position, std::vector<Term>* out);

// Han, kana and Hangul (the characters segmented as bigrams).
bool IsCjk(char32_t c);
bool IsKana(char32_t c);

// Decodes one code point of well-formed UTF-8 at s[0..available); size 0 when malformed.
struct Decoded {
  char32_t code_point = 0;
  int size = 0;
};
Decoded DecodeUtf8(const unsigned char* s, std::size_t available);

// Script and stopword counts, additive over pieces of text (title, body).
struct LanguageEvidence {
  // kana leaves out "の", which Chinese writing borrows.
  std::size_t han = 0, kana = 0, latin_words = 0, ascii_only_words = 0;
  std::size_t english_stopwords = 0, other_stopwords = 0;
  // Runs of letters of other alphabets (Cyrillic, Greek, Arabic, Hebrew, Hangul, Thai ...).
  std::size_t other_script_words = 0;
};
void CountLanguageEvidence(std::string_view text, LanguageEvidence* evidence);
Language DecideLanguage(const LanguageEvidence& evidence);

// Whether a normalized (case-folded, stemmed) English term is a function word the model ignores.
bool IsEnglishStopTerm(std::string_view term);

}  // namespace tidings::match::internal
