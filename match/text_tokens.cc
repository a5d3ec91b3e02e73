// Word segmentation for topic matching. Text is cut at ASCII white space into chunks; a chunk of
// plain ASCII (most English text) goes through a small tokenizer that follows ICU's word-break
// rules for ASCII (letters and digits join; "'" and "." join letters, "." "," and "'" join
// digits), every other chunk through ICU: NFKC case folding, then runs of Han/kana/Hangul become
// overlapping bigrams and the rest goes to ICU's word break iterator. The fast path is what lets
// one core score thousands of 5 KB articles a second; it gives the same words ICU would.
#include <libstemmer.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "base/han_simplified.h"
#include "match/stem_cache.h"
#include "match/text_internal.h"

namespace tidings::match::internal {
namespace {

// Longer "words" are URLs, base64 or binary junk: never useful terms.
constexpr std::size_t kMaxWordBytes = 64;

// ICU break iterators and Snowball stemmers must not be shared between threads: each thread
// that analyzes text gets its own, created on first use.
class ThreadState {
 public:
  static ThreadState& Get() {
    thread_local ThreadState state;
    return state;
  }
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;
  ~ThreadState() {
    if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
    if (breaker_ != nullptr) ubrk_close(breaker_);
  }

  // The Snowball English stem of `word`, valid until the next call.
  std::string_view Stem(std::string_view word) {
    if (auto cached = stems_.Find(word)) return *cached;
    if (stemmer_ == nullptr) return word;
    const sb_symbol* out = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (out == nullptr) return word;
    const std::string_view stem(reinterpret_cast<const char*>(out),
                                static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
    stems_.Insert(word, stem);
    return stem;  // the stemmer's buffer, valid until its next call
  }

  UBreakIterator* breaker() const { return breaker_; }
  const UNormalizer2* nfkc_cf() const { return nfkc_cf_; }

  std::u16string utf16, folded;  // scratch buffers of the ICU path
  std::string scratch_word;      // scratch buffer for one word

 private:
  ThreadState() {
    stemmer_ = sb_stemmer_new("english", nullptr);
    UErrorCode status = U_ZERO_ERROR;
    breaker_ = ubrk_open(UBRK_WORD, "", nullptr, 0, &status);
    if (U_FAILURE(status)) breaker_ = nullptr;
    status = U_ZERO_ERROR;
    nfkc_cf_ = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) nfkc_cf_ = nullptr;
  }

  sb_stemmer* stemmer_ = nullptr;
  UBreakIterator* breaker_ = nullptr;
  const UNormalizer2* nfkc_cf_ = nullptr;  // owned by ICU
  StemCache stems_;
};

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}
bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// ICU's word-break rules WB6/7 and WB11/12 restricted to ASCII.
bool JoinsAcross(unsigned char before, unsigned char mid, unsigned char after) {
  if (IsAsciiDigit(before) && IsAsciiDigit(after)) {
    return mid == '.' || mid == ',' || mid == '\'';
  }
  if (!IsAsciiDigit(before) && !IsAsciiDigit(after) && before != '_' && after != '_') {
    return mid == '.' || mid == '\'';
  }
  return false;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Appends terms to the output with consecutive positions.
class Emitter {
 public:
  Emitter(const TokenizeOptions& options, bool in_title, std::uint32_t* position,
          std::vector<Term>* out)
      : options_(options), in_title_(in_title), position_(position), out_(out) {}

  // A Latin (or other non-CJK) word, already case-folded except for ASCII letters.
  void Word(std::string_view word) {
    if (word.empty() || word.size() > kMaxWordBytes) return;
    ThreadState& state = ThreadState::Get();
    std::string& lower = state.scratch_word;
    lower.assign(word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
    if (options_.stem && !IsAsciiDigit(static_cast<unsigned char>(lower[0]))) {
      const std::string_view stem = state.Stem(lower);
      Add(std::string(stem));
      if (stem != lower) out_->back().word = lower;
    } else {
      Add(std::string(lower));
    }
  }

  // A run of CJK characters: one term when it is a single character, else its bigrams.
  void CjkRun(const char32_t* run, std::size_t size) {
    if (size == 1) {
      std::string term;
      AppendUtf8(run[0], &term);
      Add(std::move(term));
      return;
    }
    for (std::size_t i = 0; i + 1 < size; ++i) {
      std::string term;
      AppendUtf8(run[i], &term);
      AppendUtf8(run[i + 1], &term);
      Add(std::move(term));
    }
  }

  const TokenizeOptions& options() const { return options_; }

 private:
  void Add(std::string text) { out_->push_back(Term{std::move(text), (*position_)++, in_title_}); }

  const TokenizeOptions& options_;
  bool in_title_;
  std::uint32_t* position_;
  std::vector<Term>* out_;
};

void TokenizeAscii(std::string_view chunk, Emitter* emit) {
  const auto* s = reinterpret_cast<const unsigned char*>(chunk.data());
  const std::size_t n = chunk.size();
  std::size_t i = 0;
  while (i < n) {
    if (!IsAsciiAlnum(s[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (true) {
      while (i < n && IsAsciiAlnum(s[i])) ++i;
      if (i + 1 < n && IsAsciiAlnum(s[i + 1]) && JoinsAcross(s[i - 1], s[i], s[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    emit->Word(chunk.substr(start, i - start));
  }
}

// The code point at text[*i] (a lone surrogate as itself); advances *i. ICU's U16_NEXT does the
// same but trips -Wsign-conversion.
char32_t NextCodePoint(const UChar* text, int32_t* i, int32_t size) {
  char32_t c = text[(*i)++];
  if (c >= 0xD800 && c <= 0xDBFF && *i < size && text[*i] >= 0xDC00 && text[*i] <= 0xDFFF) {
    c = 0x10000 + ((c - 0xD800) << 10) + (text[(*i)++] - 0xDC00u);
  }
  return c;
}

// ICU's word segments of utf16[begin, end) that are words (letters, numbers, kana, ideographs).
void BreakWords(const UChar* text, int32_t size, Emitter* emit) {
  UBreakIterator* breaker = ThreadState::Get().breaker();
  if (breaker == nullptr || size <= 0) return;
  UErrorCode status = U_ZERO_ERROR;
  ubrk_setText(breaker, text, size, &status);
  if (U_FAILURE(status)) return;
  std::string word;
  for (int32_t start = ubrk_first(breaker), end = ubrk_next(breaker); end != UBRK_DONE;
       start = end, end = ubrk_next(breaker)) {
    if (ubrk_getRuleStatus(breaker) < UBRK_WORD_NONE_LIMIT) continue;
    word.clear();
    for (int32_t i = start; i < end;) {
      AppendUtf8(NextCodePoint(text, &i, end), &word);
    }
    emit->Word(word);
  }
  ubrk_setText(breaker, nullptr, 0, &status);  // the text is a scratch buffer
}

// NFKC case folding of a chunk into state.folded; false when ICU fails.
bool Fold(std::string_view chunk, ThreadState* state) {
  if (state->nfkc_cf() == nullptr || chunk.size() > INT32_MAX / 4) return false;
  UErrorCode status = U_ZERO_ERROR;
  state->utf16.resize(chunk.size() + 1);
  int32_t size = 0;
  u_strFromUTF8WithSub(state->utf16.data(), static_cast<int32_t>(state->utf16.size()), &size,
                       chunk.data(), static_cast<int32_t>(chunk.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return false;
  state->folded.resize(static_cast<std::size_t>(size) * 2 + 16);
  int32_t folded =
      unorm2_normalize(state->nfkc_cf(), state->utf16.data(), size, state->folded.data(),
                       static_cast<int32_t>(state->folded.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    state->folded.resize(static_cast<std::size_t>(folded) + 1);
    folded = unorm2_normalize(state->nfkc_cf(), state->utf16.data(), size, state->folded.data(),
                              static_cast<int32_t>(state->folded.size()), &status);
  }
  if (U_FAILURE(status)) return false;
  state->folded.resize(static_cast<std::size_t>(folded));
  for (char16_t& c : state->folded) {
    // Typographic apostrophes are the ASCII one for matching ("company’s" is "company's").
    if (c == u'\u2019' || c == u'\u2018' || c == u'\u02BC') c = u'\'';
  }
  return true;
}

void TokenizeUnicode(std::string_view chunk, Emitter* emit) {
  ThreadState& state = ThreadState::Get();
  if (!Fold(chunk, &state)) return;
  // Nothing below writes state.folded (BreakWords and the emitter use other buffers).
  const UChar* text = state.folded.data();
  const auto size = static_cast<int32_t>(state.folded.size());
  std::u32string run;
  int32_t other_start = 0;
  for (int32_t i = 0; i < size;) {
    const int32_t at = i;
    const char32_t c = NextCodePoint(text, &i, size);
    if (!IsCjk(c)) continue;
    BreakWords(text + other_start, at - other_start, emit);
    int32_t run_end = i;
    // Traditional characters as Simplified: the model's Chinese data is Simplified, and a rule
    // or example written in either script should match text in the other.
    run.assign(1, SimplifiedHan(c));
    while (run_end < size) {
      int32_t next = run_end;
      const char32_t d = NextCodePoint(text, &next, size);
      if (!IsCjk(d)) break;
      run.push_back(SimplifiedHan(d));
      run_end = next;
    }
    if (emit->options().cjk == CjkSegmentation::kDictionary) {  // measurement only: unfolded
      BreakWords(text + at, run_end - at, emit);
    } else {
      emit->CjkRun(run.data(), run.size());
    }
    i = other_start = run_end;
  }
  BreakWords(text + other_start, size - other_start, emit);
}

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

CjkSegmentation CjkSegmentationFromEnvironment() {
  static const CjkSegmentation kChosen = [] {
    const char* value = std::getenv("TIDINGS_CJK_SEGMENTATION");
    return value != nullptr && std::strcmp(value, "dictionary") == 0 ? CjkSegmentation::kDictionary
                                                                     : CjkSegmentation::kBigrams;
  }();
  return kChosen;
}

void Tokenize(std::string_view text, bool in_title, const TokenizeOptions& options,
              std::uint32_t* position, std::vector<Term>* out) {
  Emitter emit(options, in_title, position, out);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && IsAsciiSpace(s[i])) ++i;
    const std::size_t start = i;
    bool ascii = true;
    while (i < n && !IsAsciiSpace(s[i])) {
      ascii = ascii && s[i] < 0x80;
      ++i;
    }
    if (i == start) break;
    const std::string_view chunk = text.substr(start, i - start);
    if (ascii) {
      TokenizeAscii(chunk, &emit);
    } else {
      TokenizeUnicode(chunk, &emit);
    }
  }
}

}  // namespace tidings::match::internal
