// Analyze(): HTML to text, language, then terms (match/text_tokens.cc does the segmentation).
#include "match/text.h"

#include <string>

#include "base/html_text.h"
#include "match/text_internal.h"

namespace tidings::match {
namespace internal {

bool IsCjk(char32_t c) {
  // The same ranges as the archive's search tokenizer (storage/tokenizer.cc), so a topic rule and
  // a search see the same Chinese and Japanese terms.
  if (c < 0x1100) return false;
  if (c < 0x3000) return c <= 0x11FF || (c >= 0x2E80 && c <= 0x2FDF);
  if (c < 0x3400) {
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
           (c >= 0x3038 && c <= 0x303B) || (c >= 0x3041 && c <= 0x309F) ||
           (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) || (c >= 0x3131 && c <= 0x318F) ||
           (c >= 0x31F0 && c <= 0x31FF);
  }
  if (c <= 0x9FFF) return c <= 0x4DBF || c >= 0x4E00;
  if (c < 0x10000) {
    return (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFFDC);
  }
  return (c >= 0x1AFF0 && c <= 0x1B16F) || (c >= 0x20000 && c <= 0x323AF);
}

bool IsKana(char32_t c) {
  return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D);
}

Decoded DecodeUtf8(const unsigned char* s, std::size_t available) {
  const unsigned lead = s[0];
  int size = 0;
  char32_t cp = 0;
  unsigned low = 0x80, high = 0xBF;
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, cp = lead & 0x0Fu;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, cp = lead & 0x07u;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (available < static_cast<std::size_t>(size)) return {};
  for (int i = 1; i < size; ++i) {
    const unsigned byte = s[i];
    if (byte < low || byte > high) return {};
    low = 0x80, high = 0xBF;
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  return {cp, size};
}

}  // namespace internal

namespace {

// The first `max_bytes` of `text`, not cutting a UTF-8 sequence in two.
std::string_view Truncate(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Plain text of a field that may be HTML (titles often carry entities, summaries markup).
std::string_view PlainText(std::string_view text, std::string* storage) {
  if (!LooksLikeHtml(text)) return text;
  *storage = HtmlToText(text);
  return *storage;
}

}  // namespace

AnalyzedText Analyze(std::string_view title, std::string_view body, std::size_t max_bytes) {
  std::string title_storage, body_storage;
  const std::string_view title_text = PlainText(Truncate(title, max_bytes), &title_storage);
  const std::string_view body_text = PlainText(Truncate(body, max_bytes), &body_storage);

  internal::LanguageEvidence evidence;
  internal::CountLanguageEvidence(title_text, &evidence);
  internal::CountLanguageEvidence(body_text, &evidence);
  AnalyzedText result;
  result.language = internal::DecideLanguage(evidence);

  internal::TokenizeOptions options;
  options.stem = result.language == Language::kEnglish;
  options.cjk = internal::CjkSegmentationFromEnvironment();
  // Roughly one term per 6 bytes of English; a reservation avoids most regrowth.
  result.terms.reserve((title_text.size() + body_text.size()) / 6 + 4);
  std::uint32_t position = 0;
  internal::Tokenize(title_text, true, options, &position, &result.terms);
  result.title_terms = result.terms.size();
  internal::Tokenize(body_text, false, options, &position, &result.terms);
  return result;
}

std::vector<std::string> NormalizeWord(std::string_view word, Language language) {
  internal::TokenizeOptions options;
  options.stem = language == Language::kEnglish;
  options.cjk = internal::CjkSegmentationFromEnvironment();
  std::vector<Term> terms;
  std::uint32_t position = 0;
  internal::Tokenize(word, false, options, &position, &terms);
  std::vector<std::string> result;
  result.reserve(terms.size());
  for (Term& term : terms) result.push_back(std::move(term.text));
  return result;
}

}  // namespace tidings::match
