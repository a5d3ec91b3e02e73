#include "bench/storage_bench_gen.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "base/ascii.h"
#include "base/file.h"
#include "base/html_text.h"

namespace tidings::bench {
namespace {

// The fallback when the corpus file is missing: common news words, most frequent first. Tokens are
// drawn from it with Zipf weights (1/rank), so the vocabulary is still skewed, if small.
constexpr std::array<const char*, 164> kBuiltinWords = {
    "the",        "of",         "to",         "and",        "in",           "a",        "for",
    "on",         "that",       "said",       "with",       "is",           "by",       "at",
    "as",         "its",        "new",        "from",       "has",          "it",       "was",
    "will",       "be",         "an",         "year",       "company",      "us",       "oil",
    "after",      "government", "first",      "prices",     "two",          "market",   "people",
    "president",  "percent",    "state",      "officials",  "world",        "week",     "million",
    "games",      "team",       "season",     "minister",   "over",         "last",     "billion",
    "report",     "say",        "security",   "police",     "talks",        "election", "software",
    "internet",   "microsoft",  "computer",   "technology", "space",        "nasa",     "research",
    "scientists", "study",      "shares",     "stocks",     "investors",    "profit",   "quarter",
    "sales",      "deal",       "bank",       "economy",    "growth",       "rate",     "federal",
    "court",      "law",        "iraq",       "troops",     "military",     "attack",   "killed",
    "leader",     "country",    "nuclear",    "iran",       "china",        "japan",    "europe",
    "union",      "trade",      "workers",    "strike",     "players",      "coach",    "victory",
    "win",        "lead",       "cup",        "league",     "championship", "record",   "star",
    "night",      "sunday",     "monday",     "service",    "users",        "online",   "search",
    "google",     "mobile",     "phone",      "wireless",   "network",      "chip",     "intel",
    "apple",      "music",      "digital",    "data",       "system",       "launch",   "version",
    "open",       "source",     "linux",      "windows",    "virus",        "hackers",  "email",
    "spam",       "web",        "site",       "video",      "game",         "sony",     "hurricane",
    "storm",      "flood",      "earthquake", "health",     "drug",         "hospital", "cancer",
    "energy",     "fuel",       "crude",      "barrel",     "supply",       "demand",   "airline",
    "flight",     "merger",     "chief",      "executive",  "board",        "analysts", "expected",
    "forecast",   "higher",     "lower"};

// Function words left out of the query vocabulary.
constexpr std::array<const char*, 64> kStopWords = {
    "the",   "and",   "for",   "that",     "with",  "its",   "from", "has",   "was",   "will",
    "are",   "but",   "not",   "have",     "had",   "his",   "her",  "they",  "their", "this",
    "been",  "were",  "which", "who",      "would", "could", "into", "more",  "than",  "after",
    "over",  "about", "said",  "says",     "one",   "two",   "also", "out",   "new",   "year",
    "all",   "can",   "may",   "him",      "she",   "you",   "our",  "there", "when",  "what",
    "some",  "other", "most",  "such",     "only",  "just",  "very", "then",  "them",  "those",
    "these", "while", "where", "yesterday"};

constexpr std::array<const char*, 24> kSections = {
    "World",    "Business",  "Technology", "Science",  "Sports",   "Politics",
    "Markets",  "Health",    "Europe",     "Asia",     "Americas", "Energy",
    "Software", "Internet",  "Space",      "Football", "Tennis",   "Opinion",
    "Economy",  "Companies", "Security",   "Media",    "Climate",  "Education"};
constexpr std::array<const char*, 12> kFirstNames = {"Anna",  "James", "Maria", "Wei",
                                                     "Olga",  "Ahmed", "Lucy",  "Kenji",
                                                     "Pedro", "Sara",  "Tom",   "Ines"};
constexpr std::array<const char*, 12> kLastNames = {"Smith", "Chen",   "Garcia", "Novak",
                                                    "Khan",  "Muller", "Tanaka", "Silva",
                                                    "Brown", "Rossi",  "Okafor", "Larsen"};

constexpr bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t Pick(std::mt19937_64& rng, std::size_t n) {
  return static_cast<std::size_t>(rng() % n);
}

// splitmix64: decorrelates the per-item seeds built from small integers.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The query form of a token: lower-case letters only, 3 or more; "" when it is not such a word.
std::string QueryWord(std::string_view token) {
  while (!token.empty() && !IsLetter(token.front())) token.remove_prefix(1);
  while (!token.empty() && !IsLetter(token.back())) token.remove_suffix(1);
  if (token.size() < 3) return "";
  std::string word;
  for (char c : token) {
    if (!IsLetter(c)) return "";
    word += AsciiLower(c);
  }
  return word;
}

void AppendToken(std::string& text, std::string_view token) {
  if (token.empty()) return;
  if (!text.empty()) text += ' ';
  text += token;
}

void AppendWords(std::string& text, std::string_view line) {
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = start;
    while (end < line.size() && !IsAsciiSpace(line[end])) ++end;
    AppendToken(text, line.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

Result<Corpus> Corpus::Load(const std::string& path) {
  Corpus corpus;
  Result<std::string> bytes =
      path.empty() ? Result<std::string>(NotFoundError("no file")) : ReadFile(path);
  std::map<std::string, std::string> pools;  // category -> its text
  if (bytes.ok()) {
    std::string_view rest = *bytes;
    while (!rest.empty()) {
      std::size_t end = std::min(rest.find('\n'), rest.size());
      nlohmann::json line = nlohmann::json::parse(rest.substr(0, end), nullptr, false);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      if (!line.is_object()) continue;
      auto category = line.find("category");
      std::string& text =
          pools[category != line.end() && category->is_string() ? category->get<std::string>()
                                                                : std::string()];
      for (const char* key : {"title", "summary"}) {
        auto it = line.find(key);
        if (it != line.end() && it->is_string()) AppendWords(text, it->get<std::string>());
      }
    }
    corpus.source_ = path;
  }
  std::vector<std::size_t> pool_bytes;
  for (auto& [category, text] : pools) {
    if (text.size() < 10'000) continue;  // too small to draw 2 KB items from
    if (!corpus.text_.empty()) corpus.text_ += ' ';
    corpus.text_ += text;
    pool_bytes.push_back(text.size());
  }
  if (corpus.text_.size() < 100'000) {
    // 300,000 tokens drawn with weights 1/rank: Zipf's law over the built-in list.
    std::vector<double> weights;
    for (std::size_t i = 0; i < kBuiltinWords.size(); ++i) {
      weights.push_back(1.0 / static_cast<double>(i + 1));
    }
    std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
    std::mt19937_64 rng(1);
    corpus.text_.clear();
    for (int i = 0; i < 300'000; ++i) AppendToken(corpus.text_, kBuiltinWords[zipf(rng)]);
    corpus.source_ = "built-in word list (" + std::to_string(kBuiltinWords.size()) + " words)";
    pool_bytes = {corpus.text_.size()};
  }
  corpus.Index(pool_bytes);
  return corpus;
}

void Corpus::Index(const std::vector<std::size_t>& pool_bytes) {
  std::size_t offset = 0;
  for (std::size_t bytes : pool_bytes) {
    std::size_t begin = tokens_.size();
    std::string_view rest = std::string_view(text_).substr(offset, bytes);
    while (!rest.empty()) {
      std::size_t end = std::min(rest.find(' '), rest.size());
      tokens_.push_back(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    pools_.emplace_back(begin, tokens_.size());
    offset += bytes + 1;
  }
  std::unordered_set<std::string> stop(kStopWords.begin(), kStopWords.end());
  std::unordered_map<std::string, std::size_t> counts;
  for (std::string_view token : tokens_) {
    std::string word = QueryWord(token);
    if (!word.empty() && !stop.contains(word)) ++counts[word];
  }
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (auto& [word, count] : sorted) ranked_words_.push_back(std::move(word));
}

void Corpus::AppendRun(std::mt19937_64& rng, std::size_t pool, std::size_t count,
                       std::string& out) const {
  auto [begin, end] = pools_[pool % pools_.size()];
  count = std::min(count, end - begin);
  std::size_t start = begin + Pick(rng, end - begin - count + 1);
  for (std::size_t i = start; i < start + count; ++i) AppendToken(out, tokens_[i]);
}

std::vector<std::string> Corpus::Phrases(std::mt19937_64& rng, std::size_t count,
                                         std::size_t max_rank) const {
  std::unordered_set<std::string> allowed(
      ranked_words_.begin(), ranked_words_.begin() + static_cast<std::ptrdiff_t>(
                                                         std::min(max_rank, ranked_words_.size())));
  std::vector<std::string> phrases;
  for (int attempt = 0; attempt < 1'000'000 && phrases.size() < count; ++attempt) {
    std::size_t i = Pick(rng, tokens_.size() - 1);
    // A token ending in punctuation ends a clause: the pair would not be a phrase.
    if (tokens_[i].empty() || !IsLetter(tokens_[i].back())) continue;
    std::string first = QueryWord(tokens_[i]);
    std::string second = QueryWord(tokens_[i + 1]);
    if (first.empty() || second.empty() || first == second) continue;
    if (!allowed.contains(first) || !allowed.contains(second)) continue;
    phrases.push_back(first + " " + second);
  }
  return phrases;
}

std::string ItemGenerator::FeedUrl(int feed_index) {
  return fmt::format("https://site{:04}.example.com/feed.xml", feed_index);
}

std::string ItemGenerator::Paragraphs(std::mt19937_64& rng, std::size_t pool,
                                      std::size_t text_bytes, bool html) const {
  std::string out;
  std::size_t plain = 0;
  std::string sentence;
  while (plain < text_bytes) {
    if (html) out += "<p>";
    std::size_t sentences = 2 + Pick(rng, 4);
    for (std::size_t s = 0; s < sentences && plain < text_bytes; ++s) {
      sentence.clear();
      corpus_.AppendRun(rng, pool, 8 + Pick(rng, 17), sentence);
      if (!sentence.empty() && IsLetter(sentence.back())) sentence += '.';
      plain += sentence.size() + 1;
      if (!out.empty() && out.back() != '>') out += ' ';
      if (html && Pick(rng, 6) == 0) {
        // A linked phrase, as articles have: the link text is indexed, the URL is not.
        std::string anchor;
        corpus_.AppendRun(rng, pool, 2 + Pick(rng, 3), anchor);
        out += fmt::format("<a href=\"https://www.example.org/topic/{}\">{}</a> ", rng() % 100000,
                           EscapeHtml(anchor));
        plain += anchor.size() + 1;
      }
      out += html ? EscapeHtml(sentence) : sentence;
    }
    out += html ? "</p>\n" : "\n\n";
  }
  return out;
}

feed::Item ItemGenerator::MakeItem(std::mt19937_64& rng, int feed_index, int item_index) const {
  feed::Item item;
  std::size_t pool = Pick(rng, corpus_.pool_count());
  std::string title;
  corpus_.AppendRun(rng, pool, 5 + Pick(rng, 8), title);
  item.title = std::move(title);
  std::int64_t published = kBaseTime - static_cast<std::int64_t>(Pick(rng, kDateSpan));
  std::string site = fmt::format("https://site{:04}.example.com", feed_index);
  std::string page = fmt::format("{}/news/{}/story-{}.html", site, published / 86400, item_index);
  item.id = fmt::format("{}/?p={}", site, item_index);
  item.link = page + "?utm_source=rss&utm_medium=feed";
  item.published = published;
  if (Pick(rng, 2) == 0) item.updated = published + static_cast<std::int64_t>(Pick(rng, 7200));
  item.author = fmt::format("{} {}", kFirstNames[Pick(rng, kFirstNames.size())],
                            kLastNames[Pick(rng, kLastNames.size())]);
  item.summary = Paragraphs(rng, pool, 250, false);
  item.content = Paragraphs(rng, pool, 2000, true);
  std::size_t categories = 2 + Pick(rng, 3);
  for (std::size_t i = 0; i < categories; ++i) {
    // The square favours the first sections, as real feeds do.
    std::size_t r = Pick(rng, kSections.size());
    item.categories.emplace_back(kSections[r * r / kSections.size()]);
  }
  if (item_index % 5 == 0) {
    item.enclosures.push_back(
        {fmt::format("https://cdn.example.com/img/{}-{}.jpg", feed_index, item_index), "image/jpeg",
         static_cast<std::int64_t>(20000 + Pick(rng, 90000))});
  }
  item.comments = page + "#comments";
  return item;
}

feed::Feed ItemGenerator::MakeFeed(int feed_index, int first_item, int count) const {
  feed::Feed feed;
  feed.format = feed::Format::kRss20;
  feed.title = fmt::format("Site {:04} News", feed_index);
  feed.link = fmt::format("https://site{:04}.example.com/", feed_index);
  feed.language = "en-US";
  feed.self_link = FeedUrl(feed_index);
  feed.items.reserve(static_cast<std::size_t>(count));
  for (int i = first_item + count - 1; i >= first_item; --i) {
    std::mt19937_64 rng(Mix(
        seed_ ^ Mix(static_cast<std::uint64_t>(feed_index) << 32 | static_cast<std::uint32_t>(i))));
    feed.items.push_back(MakeItem(rng, feed_index, i));
  }
  return feed;
}

std::string ItemGenerator::ArticleText(std::uint64_t item_serial, std::size_t bytes) const {
  std::mt19937_64 rng(Mix(seed_ ^ Mix(item_serial ^ 0xa57c1e5ULL)));
  return Paragraphs(rng, Pick(rng, corpus_.pool_count()), bytes, false);
}

}  // namespace tidings::bench
