#include "match/explain_english.h"

#include <string>
#include <string_view>

#include "match/model_features.h"

namespace tidings::match::internal {
namespace {

const std::string& WordOf(const Term& term) { return term.word.empty() ? term.text : term.word; }

// The index of the term after `i` that the features pair with it, or terms.size().
std::size_t NextKept(const AnalyzedText& text, std::size_t i) {
  for (std::size_t j = i + 1; j < text.terms.size(); ++j) {
    if (j == text.title_terms) break;  // no pair across title and body
    if (!IsSkippedTerm(text.terms[j].text, text.language)) return j;
  }
  return text.terms.size();
}

// The words `feature` (a term or "first second") stands for in `text`, or "" when not found.
std::string WordsFor(const AnalyzedText& text, std::string_view feature) {
  const std::size_t space = feature.find(' ');
  const std::string_view first = feature.substr(0, space);
  for (std::size_t i = 0; i < text.terms.size(); ++i) {
    if (text.terms[i].text != first) continue;
    if (space == feature.npos) return WordOf(text.terms[i]);
    const std::size_t j = NextKept(text, i);
    if (j < text.terms.size() && text.terms[j].text == feature.substr(space + 1)) {
      return WordOf(text.terms[i]) + " " + WordOf(text.terms[j]);
    }
  }
  return "";
}

}  // namespace

void NameEnglishWords(const AnalyzedText& text, std::vector<Contribution>* contributions) {
  for (Contribution& c : *contributions) {
    std::string words = WordsFor(text, c.term);
    if (!words.empty()) c.term = std::move(words);
  }
}

}  // namespace tidings::match::internal
