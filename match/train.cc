// Training the linear topic model: per language, a vocabulary of features seen in enough
// documents, logistic regression by SGD with L2 regularization on features scaled by naive Bayes
// ratios (deterministic: a seeded shuffle, no threads), out-of-fold logits from k-fold
// cross-validation to find the best-F1 cut-off, then a final fit on everything with the bias
// shifted so that cut-off is probability 0.5.
#include "match/train.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "match/model_weights.h"
#include "match/train_internal.h"

namespace tidings::match {
namespace {

using internal::Doc;

constexpr int kDefaultEpochs = 24;
constexpr double kDefaultL2 = 3e-5;
constexpr std::uint32_t kDefaultMinCount = 2;
constexpr std::size_t kDefaultMaxFeatures = 250000;
constexpr std::size_t kMinPerClass = 20;
constexpr int kFolds = 5;

struct Fitted {
  std::vector<double> weights;
  double bias = 0.0;
};

std::uint64_t SplitMix(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void Shuffle(std::vector<std::size_t>* order, std::uint64_t* rng) {
  for (std::size_t i = order->size(); i > 1; --i) {
    std::swap((*order)[i - 1], (*order)[SplitMix(rng) % i]);
  }
}

double Dot(const Doc& doc, const std::vector<double>& w) {
  double sum = 0.0;
  for (const auto& [index, value] : doc.x) sum += w[index] * static_cast<double>(value);
  return sum;
}

// The dot product with each feature's value scaled by `r`.
double Dot(const Doc& doc, const std::vector<double>& w, const std::vector<double>& r) {
  double sum = 0.0;
  for (const auto& [index, value] : doc.x) sum += w[index] * r[index] * static_cast<double>(value);
  return sum;
}

// SGD on the L2-regularized log loss with the step schedule of Bottou's "SGD tricks":
// eta_t = eta0 / (1 + l2 * eta0 * t), and the regularization's shrinking kept in one scale
// factor so each step costs only the document's features. The result is the average of the
// weights at the end of each epoch of the second half: steadier than the last iterate, and it
// generalizes better. Features are scaled by internal::NbRatios() for the fit; the weights
// returned have the scale folded in, so they apply to unscaled features.
Fitted Fit(const std::vector<const Doc*>& docs, std::size_t features, int epochs, double l2,
           std::uint64_t seed) {
  constexpr double kEta0 = 0.5;
  const std::vector<double> r = internal::NbRatios(docs, features);
  std::vector<double> v(features, 0.0);
  double scale = 1.0, bias = 0.0, t = 0.0;
  Fitted average{std::vector<double>(features, 0.0), 0.0};
  int averaged = 0;
  std::vector<std::size_t> order(docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::uint64_t rng = seed;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    Shuffle(&order, &rng);
    for (std::size_t i : order) {
      const Doc& doc = *docs[i];
      const double eta = kEta0 / (1.0 + l2 * kEta0 * t);
      t += 1.0;
      const double z = scale * Dot(doc, v, r) + bias;
      const double gradient =
          (1.0 / (1.0 + std::exp(-z)) - (doc.relevant ? 1.0 : 0.0)) * doc.weight;
      scale *= 1.0 - eta * l2;
      if (scale < 1e-9) {
        for (double& x : v) x *= scale;
        scale = 1.0;
      }
      for (const auto& [index, value] : doc.x)
        v[index] -= eta * gradient * r[index] * static_cast<double>(value) / scale;
      bias -= eta * gradient;
    }
    if (2 * epoch >= epochs) {
      for (std::size_t j = 0; j < features; ++j) average.weights[j] += scale * v[j];
      average.bias += bias;
      ++averaged;
    }
  }
  for (std::size_t j = 0; j < features; ++j)
    average.weights[j] = average.weights[j] / averaged * r[j];
  average.bias /= averaged;
  return average;
}

// Out-of-fold logits of every document by stratified k-fold cross-validation.
std::vector<double> CrossValidatedLogits(const std::vector<Doc>& docs, std::size_t features,
                                         int epochs, double l2, std::uint64_t seed) {
  std::vector<int> fold(docs.size());
  std::uint64_t rng = seed ^ 0x5EED;
  for (bool relevant : {true, false}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (docs[i].relevant == relevant) members.push_back(i);
    }
    Shuffle(&members, &rng);
    for (std::size_t k = 0; k < members.size(); ++k)
      fold[members[k]] = static_cast<int>(k % kFolds);
  }
  std::vector<double> logits(docs.size(), 0.0);
  for (int f = 0; f < kFolds; ++f) {
    std::vector<const Doc*> train;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (fold[i] != f) train.push_back(&docs[i]);
    }
    const Fitted fitted = Fit(train, features, epochs, l2, seed + static_cast<std::uint64_t>(f));
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (fold[i] == f) logits[i] = Dot(docs[i], fitted.weights) + fitted.bias;
    }
  }
  return logits;
}

}  // namespace

namespace internal {

std::vector<double> NbRatios(const std::vector<const Doc*>& docs, std::size_t features) {
  std::vector<double> p(features, 1.0), q(features, 1.0);
  for (const Doc* doc : docs) {
    std::vector<double>& counts = doc->relevant ? p : q;
    for (const auto& entry : doc->x) counts[entry.first] += doc->weight;
  }
  const double p_total = std::accumulate(p.begin(), p.end(), 0.0);
  const double q_total = std::accumulate(q.begin(), q.end(), 0.0);
  std::vector<double> ratios(features);
  for (std::size_t j = 0; j < features; ++j) {
    const double log_ratio = std::log((p[j] / p_total) / (q[j] / q_total));
    ratios[j] = std::copysign(std::sqrt(std::abs(log_ratio)), log_ratio);
  }
  return ratios;
}

Cutoff BestF1Cutoff(const std::vector<double>& logits, const std::vector<bool>& relevant,
                    const std::vector<double>& weights) {
  auto weight = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  std::vector<std::size_t> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return logits[a] != logits[b] ? logits[a] > logits[b] : a < b;
  });
  double positives = 0;
  for (std::size_t i = 0; i < relevant.size(); ++i) positives += relevant[i] ? weight(i) : 0.0;
  Cutoff best;
  double tp = 0, fp = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    (relevant[order[k]] ? tp : fp) += weight(order[k]);
    if (k + 1 < order.size() && logits[order[k + 1]] == logits[order[k]]) continue;
    const double f1 = 2 * tp / (tp + fp + positives);
    if (f1 > best.f1) {
      best.f1 = f1;
      // Midway to the next lower score: the cut-off sits between the two.
      best.logit = k + 1 < order.size() ? (logits[order[k]] + logits[order[k + 1]]) / 2
                                        : logits[order[k]] - 1.0;
    }
  }
  return best;
}

}  // namespace internal

Result<Model> Train(const std::vector<LabelledText>& examples, const TrainOptions& options,
                    TrainReport* report) {
  const int epochs = options.epochs > 0 ? options.epochs : kDefaultEpochs;
  const double l2 = options.l2 > 0 ? options.l2 : kDefaultL2;
  internal::VocabularyOptions vocabulary_options;
  vocabulary_options.min_count = options.min_count > 0 ? options.min_count : kDefaultMinCount;
  vocabulary_options.max_features =
      options.max_features > 0 ? options.max_features : kDefaultMaxFeatures;

  std::vector<Model::LanguageWeights> languages;
  for (Language language : {Language::kEnglish, Language::kChinese, Language::kJapanese}) {
    internal::Dataset data = internal::BuildDataset(examples, language, vocabulary_options);
    const auto relevant = static_cast<std::size_t>(
        std::count_if(data.docs.begin(), data.docs.end(), [](const Doc& d) { return d.relevant; }));
    if (relevant < kMinPerClass || data.docs.size() - relevant < kMinPerClass) continue;

    const std::vector<double> logits =
        CrossValidatedLogits(data.docs, data.vocabulary.size(), epochs, l2, options.seed);
    std::vector<bool> labels;
    std::vector<double> weights;
    for (const Doc& doc : data.docs) {
      labels.push_back(doc.relevant);
      weights.push_back(doc.weight);
    }
    // Weighted as in the fit: an item of weight 3 (a user's label) moves the cut-off as 3 would.
    const internal::Cutoff cutoff = internal::BestF1Cutoff(logits, labels, weights);

    std::vector<const Doc*> all;
    for (const Doc& doc : data.docs) all.push_back(&doc);
    const Fitted fitted = Fit(all, data.vocabulary.size(), epochs, l2, options.seed);

    Model::LanguageWeights& w = languages.emplace_back();
    w.language = language;
    w.config = data.config;
    w.bias = fitted.bias - cutoff.logit;
    w.idf_default = data.idf_default;
    // Every feature is kept, even with a weight near 0: its IDF is part of each text's norm.
    w.terms = data.vocabulary;
    w.idf = data.idf;
    for (double weight : fitted.weights) w.weights.push_back(static_cast<float>(weight));
    if (!w.BuildIndex()) return InvalidError("two features hash alike; change a term");
    if (report != nullptr) {
      report->languages.push_back(
          {language, data.docs.size(), relevant, w.terms.size(), cutoff.f1});
    }
  }
  if (languages.empty()) {
    return InvalidError(fmt::format("no language has {} relevant and {} other examples",
                                    kMinPerClass, kMinPerClass));
  }
  return Model(std::move(languages));
}

}  // namespace tidings::match
