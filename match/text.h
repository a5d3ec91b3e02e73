// The text pipeline topic matching scores: plain text in, normalized terms out.
//
//   AnalyzedText t = match::Analyze("SpaceX launches crew", "<p>The Dragon capsule ...</p>");
//   for (const Term& term : t.terms) ...  // "spacex", "launch", "crew", "dragon", ...
//
// Steps: HTML to text (entities decoded), ICU NFKC case folding, word segmentation (ICU word break
// for Latin scripts; overlapping character bigrams for Chinese and Japanese runs, which need no
// dictionary and measured better than ICU's dictionary segmentation for matching), Snowball English
// stemming for English, and a language guess from script and stopwords.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tidings::match {

enum class Language { kEnglish, kChinese, kJapanese, kOther };

// "en", "zh", "ja", "other".
std::string_view LanguageCode(Language language);

// The language of `text`, from its scripts (Han, kana) and, for Latin text, English stopwords.
// Empty or unrecognisable text is kOther.
Language DetectLanguage(std::string_view text);

struct Term {
  std::string text;        // normalized: case-folded, stemmed (English), or a CJK bigram
  std::uint32_t position;  // word index within the whole text (title first), for NEAR/n
  bool in_title;
  std::string word = {};  // the case-folded word when stemming changed it ("computers"), for `why`
};

struct AnalyzedText {
  Language language = Language::kOther;
  std::vector<Term> terms;
  std::size_t title_terms = 0;  // terms[0, title_terms) come from the title
};

// Analyzes a title (plain text) and a body (plain text or HTML: detected). Never fails: empty,
// binary or invalid UTF-8 input gives fewer terms, not an error. Input beyond `max_bytes` of body
// is ignored so a 10 MB page costs a bounded time.
AnalyzedText Analyze(std::string_view title, std::string_view body,
                     std::size_t max_bytes = 256 * 1024);

// Normalizes one user-written word the way Analyze() normalizes text (case fold, stem), so rules
// and examples compare against the same forms. A CJK word becomes its bigrams.
std::vector<std::string> NormalizeWord(std::string_view word, Language language);

}  // namespace tidings::match
