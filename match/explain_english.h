// Readable explanations for English text. The model's English features are Snowball stems and
// pairs of them ("comput", "scientist find"); `why` shows the words the text has for them
// instead ("computers", "scientists found"):
//
//   ModelScore s = model.Score(text);
//   internal::NameEnglishWords(text, &s.top);
//
// Not for use outside match/.
#pragma once

#include <vector>

#include "match/model.h"
#include "match/text.h"

namespace tidings::match::internal {

// Renames each contribution after its first occurrence in `text`: a stem after the word it was
// stemmed from, a pair after the two words (with any function words or numbers between them
// left out, as the features leave them out). A feature not found keeps its name.
void NameEnglishWords(const AnalyzedText& text, std::vector<Contribution>* contributions);

}  // namespace tidings::match::internal
