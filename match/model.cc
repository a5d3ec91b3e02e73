// The linear topic model: loading, saving and scoring. The file is text, one weight and IDF per
// line, so a change of the shipped model shows in review as a diff of terms:
//
//   # comment lines (what the model is, the command that rebuilt it)
//   tidings-topic-model 2
//   language en bias -1.25 pairs 1 cjk_unigrams 0 short_terms 64 idf_default 9.2 features 2
//   0.8125 4.1 quantum
//   0.4375 6.3 space station
//   end
//
// Format 1 (before IDF) had no idf_default and one number per line; it is still read, as IDF 1.
#include "match/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "base/file.h"
#include "match/model_weights.h"

namespace tidings::match {
namespace {

constexpr std::string_view kMagic = "tidings-topic-model 2";
constexpr std::string_view kMagicWithoutIdf = "tidings-topic-model 1";

Status Corrupt(std::string_view origin, std::size_t line, std::string_view what) {
  return {StatusCode::kCorrupt, fmt::format("{}:{}: {}", origin, line, what)};
}

bool ParseDouble(std::string_view text, double* value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(*value);
}

std::optional<Language> LanguageFromCode(std::string_view code) {
  for (Language l : {Language::kEnglish, Language::kChinese, Language::kJapanese}) {
    if (LanguageCode(l) == code) return l;
  }
  return std::nullopt;
}

// Splits a line into space-separated words (at most `max` words; the last takes the rest).
std::vector<std::string_view> Words(std::string_view line, std::size_t max) {
  std::vector<std::string_view> words;
  while (!line.empty()) {
    const std::size_t space = words.size() + 1 == max ? line.npos : line.find(' ');
    words.push_back(line.substr(0, space));
    if (space == line.npos) break;
    line.remove_prefix(space + 1);
  }
  return words;
}

// "language en bias -1.25 pairs 1 cjk_unigrams 0 short_terms 64 idf_default 9.2 features 2"
// (format 1: without idf_default)
bool ParseHeader(std::string_view line, bool with_idf, Model::LanguageWeights* weights,
                 std::size_t* count) {
  auto words = Words(line, 64);
  if (with_idf) {
    if (words.size() != 14 || words[10] != "idf_default" ||
        !ParseDouble(words[11], &weights->idf_default) || weights->idf_default <= 0) {
      return false;
    }
    words.erase(words.begin() + 10, words.begin() + 12);
  }
  if (words.size() != 12 || words[0] != "language") return false;
  const auto language = LanguageFromCode(words[1]);
  double pairs = 0, unigrams = 0, features = 0;
  if (!language || words[2] != "bias" || !ParseDouble(words[3], &weights->bias) ||
      words[4] != "pairs" || !ParseDouble(words[5], &pairs) || words[6] != "cjk_unigrams" ||
      !ParseDouble(words[7], &unigrams) || words[8] != "short_terms" ||
      !ParseDouble(words[9], &weights->config.short_terms) || words[10] != "features" ||
      !ParseDouble(words[11], &features) || features < 0 || features > 1e7 ||
      weights->config.short_terms < 1) {
    return false;
  }
  weights->language = *language;
  weights->config.pairs = pairs != 0;
  weights->config.cjk_unigrams = unigrams != 0;
  *count = static_cast<std::size_t>(features);
  return true;
}

// One `weight [idf] term` line added to `weights`; false when it is malformed.
bool AddWeightLine(std::string_view line, bool with_idf, Model::LanguageWeights* weights) {
  const std::size_t fields = with_idf ? 3 : 2;
  const auto words = Words(line, fields);
  double weight = 0, idf = 1;
  if (words.size() != fields || words.back().empty() || !ParseDouble(words[0], &weight) ||
      (with_idf && !ParseDouble(words[1], &idf)) || idf <= 0) {
    return false;
  }
  weights->terms.emplace_back(words.back());
  weights->weights.push_back(static_cast<float>(weight));
  if (with_idf) weights->idf.push_back(static_cast<float>(idf));
  return true;
}

}  // namespace

bool Model::LanguageWeights::BuildIndex() {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(terms.size());
  for (const std::string& term : terms) {
    const std::size_t space = term.find(' ');
    hashes.push_back(space == std::string::npos
                         ? internal::HashTerm(term)
                         : internal::HashPair(internal::HashTerm(term.substr(0, space)),
                                              internal::HashTerm(term.substr(space + 1))));
  }
  return index.Build(hashes);
}

Model::Model(std::vector<LanguageWeights> languages) : languages_(std::move(languages)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Result<Model> Model::Load(const std::string& path) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return Parse(*bytes, path);
}

Result<Model> Model::Parse(std::string_view bytes, std::string_view origin) {
  std::vector<LanguageWeights> languages;
  std::size_t line_number = 0, expected = 0;
  bool magic = false, ended = false, with_idf = false;
  LanguageWeights* current = nullptr;
  while (!bytes.empty() && !ended) {
    const std::size_t newline = bytes.find('\n');
    std::string_view line = bytes.substr(0, newline);
    bytes.remove_prefix(newline == bytes.npos ? bytes.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!magic) {
      if (line != kMagic && line != kMagicWithoutIdf) {
        return Corrupt(origin, line_number, "not a tidings topic model");
      }
      magic = true;
      with_idf = line == kMagic;
    } else if (line == "end" || line.starts_with("language ")) {
      if (current != nullptr && current->terms.size() != expected) {
        return Corrupt(origin, line_number, "fewer weights than the header says");
      }
      if (line == "end") {
        ended = true;
        continue;
      }
      current = &languages.emplace_back();
      if (!ParseHeader(line, with_idf, current, &expected)) {
        return Corrupt(origin, line_number, "malformed language header");
      }
      current->terms.reserve(expected);
      current->weights.reserve(expected);
      if (with_idf) current->idf.reserve(expected);
    } else if (current == nullptr || current->terms.size() >= expected ||
               !AddWeightLine(line, with_idf, current)) {
      return Corrupt(origin, line_number, "malformed weight line");
    }
  }
  if (!ended) return Corrupt(origin, line_number, "truncated (no 'end' line)");
  for (LanguageWeights& weights : languages) {
    if (!weights.BuildIndex()) return Corrupt(origin, line_number, "duplicate terms");
  }
  return Model(std::move(languages));
}

std::string Model::Serialize() const { return Serialize(""); }

std::string Model::Serialize(std::string_view comment) const {
  std::string out;
  for (std::string_view rest = comment; !rest.empty();) {
    const std::size_t newline = rest.find('\n');
    out.append("# ").append(rest.substr(0, newline)).append("\n");
    rest.remove_prefix(newline == rest.npos ? rest.size() : newline + 1);
  }
  out.append(kMagic).append("\n");
  for (const LanguageWeights& w : languages_) {
    out += fmt::format(
        "language {} bias {:.6g} pairs {} cjk_unigrams {} short_terms {:g} "
        "idf_default {:g} features {}\n",
        LanguageCode(w.language), w.bias, w.config.pairs ? 1 : 0, w.config.cjk_unigrams ? 1 : 0,
        w.config.short_terms, w.idf_default, w.terms.size());
    for (std::size_t i = 0; i < w.terms.size(); ++i) {
      out += fmt::format("{:.4g} {:g} {}\n", w.weights[i], w.Idf(static_cast<std::int64_t>(i)),
                         w.terms[i]);
    }
  }
  out.append("end\n");
  return out;
}

bool Model::Supports(Language language) const {
  return std::any_of(languages_.begin(), languages_.end(),
                     [&](const LanguageWeights& w) { return w.language == language; });
}

ModelScore Model::Score(const AnalyzedText& text, std::size_t top_n) const {
  ModelScore score;
  const auto found = std::find_if(languages_.begin(), languages_.end(),
                                  [&](const auto& w) { return w.language == text.language; });
  if (found == languages_.end()) return score;
  const LanguageWeights& w = *found;
  score.supported = true;
  thread_local std::vector<internal::Feature> features;
  thread_local std::vector<std::int64_t> indices;
  thread_local std::vector<std::pair<double, std::size_t>> contributions;
  internal::ExtractFeatures(text, w.config, &features);
  indices.clear();
  for (internal::Feature& feature : features) {
    const std::int64_t i = w.index.Find(feature.hash);
    indices.push_back(i);
    feature.value = static_cast<float>(static_cast<double>(feature.value) * w.Idf(i));
  }
  internal::Normalize(w.config, &features);  // unknown features count too: see Idf()
  contributions.clear();
  double logit = w.bias;
  for (std::size_t k = 0; k < features.size(); ++k) {
    const std::int64_t i = indices[k];
    if (i < 0) continue;
    const double contribution = static_cast<double>(w.weights[static_cast<std::size_t>(i)]) *
                                static_cast<double>(features[k].value);
    logit += contribution;
    if (top_n > 0) contributions.emplace_back(contribution, static_cast<std::size_t>(i));
  }
  score.logit = logit;
  score.probability = 1.0 / (1.0 + std::exp(-logit));
  const std::size_t shown = std::min(top_n, contributions.size());
  std::partial_sort(contributions.begin(), contributions.begin() + static_cast<long>(shown),
                    contributions.end(), [&](const auto& a, const auto& b) {
                      if (std::abs(a.first) != std::abs(b.first)) {
                        return std::abs(a.first) > std::abs(b.first);
                      }
                      return a.second < b.second;  // ties: a stable, deterministic order
                    });
  for (std::size_t k = 0; k < shown; ++k) {
    score.top.push_back({w.terms[contributions[k].second], contributions[k].first});
  }
  return score;
}

}  // namespace tidings::match
