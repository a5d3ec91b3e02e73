#include "match/explain_cjk.h"

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/html_entities.h"
#include "match/text_internal.h"

namespace tidings::match::internal {
namespace {

// At most this many occurrences of one feature share its contribution: a common character occurs
// hundreds of times in an article, and the first few say where it matters as well as all do.
constexpr std::size_t kMaxOccurrences = 16;

// The text's CJK runs, each character tagged with the dictionary word it belongs to.
struct Segmented {
  std::vector<std::u32string> runs;
  std::vector<std::vector<std::uint32_t>> word_of;  // per run, per character: index into words
  std::vector<std::string> words;                   // UTF-8
};

// The characters of `term` when it is made of CJK characters only, else empty.
std::u32string CjkChars(std::string_view term) {
  std::u32string chars;
  const auto* s = reinterpret_cast<const unsigned char*>(term.data());
  for (std::size_t i = 0; i < term.size();) {
    const Decoded d = DecodeUtf8(s + i, term.size() - i);
    if (d.size == 0 || !IsCjk(d.code_point)) return {};
    chars.push_back(d.code_point);
    i += static_cast<std::size_t>(d.size);
  }
  return chars;
}

// The runs the terms came from: bigrams at successive positions that overlap by one character
// ("空间", "间站" are "空间站"); a single character is a run of its own. Stops after
// kMaxSegmentedChars characters.
std::vector<std::u32string> Runs(const AnalyzedText& text) {
  std::vector<std::u32string> runs;
  std::size_t total = 0;
  bool open = false;  // the last term was a bigram that the next may continue
  std::uint32_t last_position = 0;
  for (const Term& term : text.terms) {
    if (total >= kMaxSegmentedChars) break;
    const std::u32string chars = CjkChars(term.text);
    if (chars.empty()) {
      open = false;
      continue;
    }
    if (open && chars.size() == 2 && term.position == last_position + 1 &&
        runs.back().back() == chars[0]) {
      runs.back().push_back(chars[1]);
      ++total;
    } else {
      runs.push_back(chars);
      total += chars.size();
    }
    open = chars.size() == 2;
    last_position = term.position;
  }
  return runs;
}

// ICU's word break iterator (dictionary-based for Han), one per thread.
class WordBreaker {
 public:
  static WordBreaker& Get() {
    thread_local WordBreaker breaker;
    return breaker;
  }
  WordBreaker(const WordBreaker&) = delete;
  WordBreaker& operator=(const WordBreaker&) = delete;
  ~WordBreaker() {
    if (breaker_ != nullptr) ubrk_close(breaker_);
  }

  // The character offsets where the words of `run` start, then run.size(); empty on failure.
  std::vector<std::size_t> Boundaries(const std::u32string& run) {
    std::vector<std::size_t> boundaries;
    if (breaker_ == nullptr) return boundaries;
    utf16_.clear();
    char_at_.clear();  // the character index of each UTF-16 unit, and of the end
    for (std::size_t i = 0; i < run.size(); ++i) {
      if (run[i] < 0x10000) {
        utf16_.push_back(static_cast<UChar>(run[i]));
        char_at_.push_back(i);
      } else {
        utf16_.push_back(U16_LEAD(run[i]));
        utf16_.push_back(U16_TRAIL(run[i]));
        char_at_.insert(char_at_.end(), 2, i);
      }
    }
    char_at_.push_back(run.size());
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker_, utf16_.data(), static_cast<int32_t>(utf16_.size()), &status);
    if (U_FAILURE(status)) return boundaries;
    for (int32_t b = ubrk_first(breaker_); b != UBRK_DONE; b = ubrk_next(breaker_)) {
      boundaries.push_back(char_at_[static_cast<std::size_t>(b)]);
    }
    return boundaries;
  }

 private:
  WordBreaker() {
    UErrorCode status = U_ZERO_ERROR;
    breaker_ = ubrk_open(UBRK_WORD, "zh", nullptr, 0, &status);
    if (U_FAILURE(status)) breaker_ = nullptr;
  }

  UBreakIterator* breaker_ = nullptr;
  std::u16string utf16_;
  std::vector<std::size_t> char_at_;
};

// Characters that stand alone as words (particles, pronouns, negation, a few adjectives): never
// joined to a neighbour ("雷军的", "交给你", "实现新").
bool IsParticle(char32_t c) {
  static constexpr std::u32string_view kParticles =
      U"的了着过吗呢吧啊是在和与及就都也还很又把被对我你他她它们不没新老大小";
  return kParticles.find(c) != kParticles.npos;
}

// Joins a single-character word to the word before it when the model reads the two characters
// across the boundary as a pair among the features explained: the dictionary does not know most
// names ("华/为", "特/朗/普") and splits suffixes ("空间/站", "航天/员"). A single character
// before a longer word is most often a word of its own ("对/联想"), and stays one.
std::vector<std::size_t> JoinPairs(const std::u32string& run, std::vector<std::size_t> boundaries,
                                   const std::vector<std::u32string>& pairs) {
  std::vector<std::size_t> joined{boundaries[0]};
  for (std::size_t b = 1; b + 1 < boundaries.size(); ++b) {
    const std::size_t at = boundaries[b];
    const bool single_after = boundaries[b + 1] - at == 1;
    const bool pair = single_after && !IsParticle(run[at - 1]) && !IsParticle(run[at]) &&
                      std::find(pairs.begin(), pairs.end(), run.substr(at - 1, 2)) != pairs.end();
    if (!pair) joined.push_back(at);
  }
  joined.push_back(boundaries.back());
  return joined;
}

// The runs with their words; false when ICU cannot segment.
bool Segment(const AnalyzedText& text, const std::vector<std::u32string>& pairs, Segmented* out) {
  out->runs = Runs(text);
  std::unordered_map<std::string, std::uint32_t> index;
  for (const std::u32string& run : out->runs) {
    std::vector<std::size_t> boundaries = WordBreaker::Get().Boundaries(run);
    if (boundaries.size() < 2) return false;
    boundaries = JoinPairs(run, std::move(boundaries), pairs);
    std::vector<std::uint32_t>& word_of = out->word_of.emplace_back(run.size(), 0);
    for (std::size_t b = 0; b + 1 < boundaries.size(); ++b) {
      std::string word;
      for (std::size_t i = boundaries[b]; i < boundaries[b + 1]; ++i) AppendUtf8(run[i], &word);
      const auto [it, added] =
          index.emplace(std::move(word), static_cast<std::uint32_t>(out->words.size()));
      if (added) out->words.push_back(it->first);
      for (std::size_t i = boundaries[b]; i < boundaries[b + 1]; ++i) word_of[i] = it->second;
    }
  }
  return true;
}

// The words each occurrence of `chars` overlaps (one or two), for up to kMaxOccurrences.
std::vector<std::vector<std::uint32_t>> Occurrences(const Segmented& text,
                                                    const std::u32string& chars) {
  std::vector<std::vector<std::uint32_t>> found;
  for (std::size_t r = 0; r < text.runs.size(); ++r) {
    const std::u32string& run = text.runs[r];
    for (std::size_t at = run.find(chars); at != run.npos; at = run.find(chars, at + 1)) {
      std::vector<std::uint32_t>& words = found.emplace_back(1, text.word_of[r][at]);
      const std::uint32_t last = text.word_of[r][at + chars.size() - 1];
      if (last != words[0]) words.push_back(last);
      if (found.size() == kMaxOccurrences) return found;
    }
  }
  return found;
}

}  // namespace

std::vector<Contribution> CjkWordContributions(const AnalyzedText& text,
                                               const std::vector<Contribution>& features,
                                               std::size_t top_n) {
  std::vector<std::u32string> pairs;
  for (const Contribution& feature : features) {
    if (std::u32string chars = CjkChars(feature.term); chars.size() == 2) pairs.push_back(chars);
  }
  Segmented segmented;
  if (!Segment(text, pairs, &segmented)) {
    return {features.begin(),
            features.begin() + static_cast<long>(std::min(top_n, features.size()))};
  }
  std::unordered_map<std::string, double> sums;
  for (const Contribution& feature : features) {
    const std::u32string chars = CjkChars(feature.term);
    const auto occurrences =
        chars.empty() ? decltype(Occurrences(segmented, chars)){} : Occurrences(segmented, chars);
    if (occurrences.empty()) {
      sums[feature.term] += feature.weight;
      continue;
    }
    const double share = feature.weight / static_cast<double>(occurrences.size());
    for (const std::vector<std::uint32_t>& words : occurrences) {
      for (std::uint32_t w : words) {
        sums[segmented.words[w]] += share / static_cast<double>(words.size());
      }
    }
  }
  std::vector<Contribution> out;
  for (auto& [word, weight] : sums) out.push_back({word, weight});
  const std::size_t shown = std::min(top_n, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<long>(shown), out.end(),
                    [](const Contribution& a, const Contribution& b) {
                      if (std::abs(a.weight) != std::abs(b.weight)) {
                        return std::abs(a.weight) > std::abs(b.weight);
                      }
                      return a.term < b.term;
                    });
  out.resize(shown);
  return out;
}

}  // namespace tidings::match::internal
