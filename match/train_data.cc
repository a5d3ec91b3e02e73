// Training data for the topic model: documents to features, and the vocabulary.
#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "match/train_internal.h"

namespace tidings::match::internal {
namespace {

// News agencies, publishers and web artefacts of the training corpus (AG's news), as written.
constexpr std::array<std::string_view, 57> kIgnoredWords = {"reuters",
                                                            "ap",
                                                            "afp",
                                                            "upi",
                                                            "ziff",
                                                            "davis",
                                                            "newsfactor",
                                                            "techweb",
                                                            "eweek",
                                                            "cnet",
                                                            "zdnet",
                                                            "news.com",
                                                            "space.com",
                                                            "spacedaily",
                                                            "sify",
                                                            "pcworld",
                                                            "infoworld",
                                                            "computerworld",
                                                            "networkworld",
                                                            "macworld",
                                                            "itworld",
                                                            "techtarget",
                                                            "internetnews",
                                                            "betanews",
                                                            "washingtonpost.com",
                                                            "nytimes.com",
                                                            "cnn",
                                                            "bbc",
                                                            "xinhua",
                                                            "canadian",
                                                            "quot",
                                                            "lt",
                                                            "gt",
                                                            "amp",
                                                            "href",
                                                            "http",
                                                            "https",
                                                            "www",
                                                            "com",
                                                            "html",
                                                            "aspx",
                                                            "font",
                                                            "fullquote",
                                                            "target"};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

bool IsIgnoredTerm(std::string_view term) {
  static const std::unordered_set<std::string, StringHash, std::equal_to<>> kIgnored = [] {
    std::unordered_set<std::string, StringHash, std::equal_to<>> ignored;
    for (std::string_view word : kIgnoredWords) {
      ignored.emplace(word);
      std::vector<std::string> forms = NormalizeWord(word, Language::kEnglish);
      if (forms.size() == 1) ignored.insert(std::move(forms[0]));
      // A phrase: the pair of its last two words (pairs are what the model has of phrases).
      if (forms.size() > 1) ignored.insert(forms[forms.size() - 2] + " " + forms.back());
    }
    return ignored;
  }();
  const std::size_t space = term.find(' ');
  if (space != term.npos) {
    return IsIgnoredTerm(term.substr(0, space)) || IsIgnoredTerm(term.substr(space + 1));
  }
  return kIgnored.find(term) != kIgnored.end();
}

namespace {

struct SeenFeature {
  std::string name;
  std::uint32_t documents = 0;
};
using SeenFeatures = std::unordered_map<std::uint64_t, SeenFeature>;
using VocabularyIndex = std::unordered_map<std::uint64_t, std::uint32_t>;

// The features seen in at least `min_count` texts and not ignored, the most frequent when there
// are more than `max_features` (ties by name, for determinism), in name order: (documents, name).
std::vector<std::pair<std::uint32_t, std::string_view>> ChooseVocabulary(
    const SeenFeatures& seen, const VocabularyOptions& options) {
  std::vector<std::pair<std::uint32_t, std::string_view>> kept;
  for (const auto& [hash, s] : seen) {
    if (s.documents >= options.min_count && !IsIgnoredTerm(s.name))
      kept.emplace_back(s.documents, s.name);
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (kept.size() > options.max_features) kept.resize(options.max_features);
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return kept;
}

// Fills the dataset's vocabulary and IDFs from `kept`; returns each feature's index by hash.
VocabularyIndex AddVocabulary(const std::vector<std::pair<std::uint32_t, std::string_view>>& kept,
                              Dataset* data) {
  const std::size_t total = data->docs.size();
  VocabularyIndex index;
  for (const auto& [documents, name] : kept) {
    const std::size_t space = name.find(' ');
    const std::uint64_t hash = space == name.npos ? HashTerm(name)
                                                  : HashPair(HashTerm(name.substr(0, space)),
                                                             HashTerm(name.substr(space + 1)));
    index.emplace(hash, static_cast<std::uint32_t>(data->vocabulary.size()));
    data->vocabulary.emplace_back(name);
    data->idf.push_back(static_cast<float>(InverseDocumentFrequency(documents, total)));
  }
  // Features outside the vocabulary still count in each text's norm, as they will when the
  // model scores: weighed as a model weighs the features it does not know.
  data->idf_default = InverseDocumentFrequency(1, total);
  return index;
}

// One text's features as the sparse vector the fit sees: times their IDF, normalized as scoring
// normalizes, then only those in the vocabulary, by index.
void Vectorize(std::vector<Feature> features, const VocabularyIndex& index, const Dataset& data,
               Doc* doc) {
  std::vector<std::int64_t> indices;
  for (Feature& f : features) {
    const auto found = index.find(f.hash);
    const bool known = found != index.end();
    indices.push_back(known ? static_cast<std::int64_t>(found->second) : -1);
    // The stored (float) IDF, so that training sees exactly the values scoring will.
    const double idf = known ? static_cast<double>(data.idf[found->second]) : data.idf_default;
    f.value = static_cast<float>(static_cast<double>(f.value) * idf);
  }
  Normalize(data.config, &features);
  for (std::size_t k = 0; k < features.size(); ++k) {
    if (indices[k] >= 0) {
      doc->x.emplace_back(static_cast<std::uint32_t>(indices[k]), features[k].value);
    }
  }
  std::sort(doc->x.begin(), doc->x.end());
}

}  // namespace

Dataset BuildDataset(const std::vector<LabelledText>& examples, Language language,
                     const VocabularyOptions& options) {
  Dataset data;
  data.config = DefaultFeatureConfig(language);
  SeenFeatures seen;
  std::vector<std::vector<Feature>> features;
  std::vector<std::string> names;
  for (const LabelledText& example : examples) {
    const AnalyzedText text = Analyze(example.title, example.body);
    if (text.language != language) continue;
    ExtractFeatures(text, data.config, &features.emplace_back(), &names);
    for (std::size_t i = 0; i < names.size(); ++i) {
      SeenFeature& s = seen[features.back()[i].hash];
      if (s.documents++ == 0) s.name = std::move(names[i]);
    }
    data.docs.push_back(Doc{{}, example.relevant, example.weight});
  }
  const VocabularyIndex index = AddVocabulary(ChooseVocabulary(seen, options), &data);
  for (std::size_t d = 0; d < data.docs.size(); ++d) {
    Vectorize(std::move(features[d]), index, data, &data.docs[d]);
  }
  return data;
}

}  // namespace tidings::match::internal
