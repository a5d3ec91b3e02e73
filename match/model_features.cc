// Feature extraction for the topic model (see model_features.h for what the features are).
#include "match/model_features.h"

#include <algorithm>
#include <cmath>

#include "match/text_internal.h"

namespace tidings::match::internal {
namespace {

std::uint64_t Mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A bare number ("2004", "1,000", "3.5") says when, not what: left out. "5g" and "3d" stay.
bool IsNumber(std::string_view term) {
  return std::all_of(term.begin(), term.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '\'' || c == '_';
  });
}

// The CJK characters of a term made of CJK characters only (bigram or single), else 0.
int CjkCharacters(std::string_view term, char32_t* first, char32_t* second) {
  const auto* s = reinterpret_cast<const unsigned char*>(term.data());
  char32_t chars[2] = {0, 0};
  int count = 0;
  for (std::size_t i = 0; i < term.size(); ++count) {
    const Decoded d = DecodeUtf8(s + i, term.size() - i);
    if (d.size == 0 || count == 2 || !IsCjk(d.code_point)) return 0;
    chars[count] = d.code_point;
    i += static_cast<std::size_t>(d.size);
  }
  *first = chars[0];
  *second = chars[1];
  return count;
}

std::string_view FirstCharacter(std::string_view term) {
  const auto d = DecodeUtf8(reinterpret_cast<const unsigned char*>(term.data()), term.size());
  return term.substr(0, static_cast<std::size_t>(d.size));
}

// Collects raw (hash, name) occurrences; names only when asked for.
struct Collector {
  std::vector<std::uint64_t>* hashes;
  std::vector<std::pair<std::uint64_t, std::string>>* named;  // null unless names are wanted

  void Add(std::uint64_t hash, std::string_view name) {
    hashes->push_back(hash);
    if (named != nullptr) named->emplace_back(hash, std::string(name));
  }
};

void CollectCjk(const std::vector<Term>& terms, std::size_t i, std::uint64_t hash,
                const FeatureConfig& config, Collector* collect) {
  const Term& term = terms[i];
  collect->Add(hash, term.text);
  char32_t first = 0, second = 0;
  if (!config.cjk_unigrams || CjkCharacters(term.text, &first, &second) != 2) return;
  const std::string_view head = FirstCharacter(term.text);
  collect->Add(HashTerm(head), head);
  // The run's last character: no following bigram starts with it.
  const bool continued =
      i + 1 < terms.size() && terms[i + 1].position == term.position + 1 &&
      terms[i + 1].text.size() > head.size() &&
      std::string_view(terms[i + 1].text).substr(0, term.text.size() - head.size()) ==
          std::string_view(term.text).substr(head.size());
  if (!continued) {
    const std::string_view tail = std::string_view(term.text).substr(head.size());
    collect->Add(HashTerm(tail), tail);
  }
}

void Collect(const AnalyzedText& text, const FeatureConfig& config, Collector* collect) {
  const bool cjk_language =
      text.language == Language::kChinese || text.language == Language::kJapanese;
  std::uint64_t previous = 0;
  bool has_previous = false;
  std::string_view previous_text;
  std::string pair_name;
  for (std::size_t i = 0; i < text.terms.size(); ++i) {
    const Term& term = text.terms[i];
    if (i == text.title_terms) has_previous = false;  // no pair across title and body
    if (IsSkippedTerm(term.text, text.language)) continue;
    const std::uint64_t hash = HashTerm(term.text);
    const auto lead = static_cast<unsigned char>(term.text[0]);
    if (cjk_language && lead >= 0xE1) {
      CollectCjk(text.terms, i, hash, config, collect);
      has_previous = false;
      continue;
    }
    collect->Add(hash, term.text);
    if (config.pairs && has_previous) {
      if (collect->named != nullptr) {
        pair_name.assign(previous_text).append(" ").append(term.text);
      }
      collect->Add(HashPair(previous, hash), pair_name);
    }
    previous = hash;
    previous_text = term.text;
    has_previous = true;
  }
}

}  // namespace

bool IsSkippedTerm(std::string_view term, Language language) {
  return IsNumber(term) || (language == Language::kEnglish && IsEnglishStopTerm(term));
}

FeatureConfig DefaultFeatureConfig(Language language) {
  FeatureConfig config;
  const bool cjk = language == Language::kChinese || language == Language::kJapanese;
  config.pairs = !cjk;
  // Single characters besides the bigrams: alone they cost 0.03 F1 and 0.006 AUC on the Chinese
  // headlines, since a character (机, 网, 电) is in every topic's words; with the trainer's naive
  // Bayes scaling (match/train.cc), which holds back features that do not tell the classes
  // apart, they gain 0.009 AUC over 8 re-splits (docs/topics.md). Older model files say which.
  config.cjk_unigrams = cjk;
  // Chinese headlines are a dozen or two characters: about 20 bigrams.
  config.short_terms = cjk ? 32.0 : 64.0;
  return config;
}

std::uint64_t HashTerm(std::string_view term) {
  std::uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a: stable across builds and platforms
  for (char c : term) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return Mix(h);
}

std::uint64_t HashPair(std::uint64_t first, std::uint64_t second) {
  return Mix(first * 0x9E3779B97F4A7C15ULL + second + 0x632BE59BD9B4E019ULL);
}

void ExtractFeatures(const AnalyzedText& text, const FeatureConfig& config,
                     std::vector<Feature>* out, std::vector<std::string>* names) {
  thread_local std::vector<std::uint64_t> hashes;
  hashes.clear();
  out->clear();
  std::vector<std::pair<std::uint64_t, std::string>> named;
  Collector collect{&hashes, names != nullptr ? &named : nullptr};
  Collect(text, config, &collect);
  std::sort(hashes.begin(), hashes.end());
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i + 1;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    out->push_back(
        Feature{hashes[i], static_cast<float>(1.0 + std::log(static_cast<double>(j - i)))});
    i = j;
  }
  if (names != nullptr) {
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                named.end());
    names->clear();
    for (auto& entry : named) names->push_back(std::move(entry.second));
  }
}

void Normalize(const FeatureConfig& config, std::vector<Feature>* features) {
  double l1 = 0.0, l2 = 0.0;
  for (const Feature& f : *features) {
    const auto value = static_cast<double>(f.value);
    l1 += value;
    l2 += value * value;
  }
  const double norm = std::max(std::sqrt(l2), l1 / std::sqrt(config.short_terms));
  if (norm <= 0.0) return;
  for (Feature& f : *features) f.value = static_cast<float>(static_cast<double>(f.value) / norm);
}

double InverseDocumentFrequency(std::size_t documents, std::size_t total) {
  const double idf =
      std::log((1.0 + static_cast<double>(total)) / (1.0 + static_cast<double>(documents))) + 1.0;
  return std::round(idf * 1000.0) / 1000.0;  // what the model file keeps of it
}

bool FeatureIndex::Build(const std::vector<std::uint64_t>& hashes) {
  std::size_t capacity = 16;
  while (capacity < hashes.size() * 2) capacity *= 2;
  keys_.assign(capacity, 0);
  values_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const std::uint64_t key = hashes[i] == 0 ? 1 : hashes[i];
    std::size_t slot = key & mask_;
    while (keys_[slot] != 0) {
      if (keys_[slot] == key) return false;
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = key;
    values_[slot] = static_cast<std::uint32_t>(i);
  }
  return true;
}

}  // namespace tidings::match::internal
