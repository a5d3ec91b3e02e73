// Topic matching speed on one core, in CPU time (bench/run-match-bench; bench/README.md "Topic
// matching"): the built-in model's load time, items scored per second for short items (title +
// summary from the labelled data) and for 5 KB HTML articles, English and Chinese, each beside a
// floor that only splits the same text at white space, measured in the same run. Scoring is what
// the daemon stores for each item: the built-in topic's score, matched flag and `why` lines.
//
//   match_bench MODEL DATA.jsonl... [--seconds 2]
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "match/model.h"
#include "match/text.h"
#include "match/topic.h"

namespace {

using tidings::match::Analyze;
using tidings::match::Model;

struct Item {
  std::string title;
  std::string body;
};

// CPU time of this thread: these machines are shared, and wall time would count the time other
// processes had the core. Items per CPU second on one core is what the targets mean.
double ThreadSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Runs `work` over `items` round after round for at least `seconds` of CPU time; returns items
// per CPU second.
template <typename Work>
double Throughput(const std::vector<Item>& items, double seconds, Work work) {
  std::size_t done = 0;
  const double start = ThreadSeconds();
  do {
    for (const Item& item : items) work(item);
    done += items.size();
  } while (ThreadSeconds() - start < seconds);
  return static_cast<double>(done) / (ThreadSeconds() - start);
}

// The floor: what any matcher must at least do, split the text at white space.
std::size_t WhitespaceWords(const Item& item) {
  std::size_t words = 0;
  bool in_word = false;
  for (const std::string* s : {&item.title, &item.body}) {
    for (char c : *s) {
      const bool space = c == ' ' || c == '\n' || c == '\t';
      words += !space && !in_word;
      in_word = !space;
    }
  }
  return words;
}

bool IsChinese(const Item& item) {
  return tidings::match::DetectLanguage(item.title) == tidings::match::Language::kChinese;
}

// 5 KB articles: consecutive items' summaries (or, for Chinese headlines, which have none, their
// titles) as HTML paragraphs, under the first one's title.
std::vector<Item> Articles(const std::vector<Item>& items, bool chinese) {
  std::vector<Item> articles;
  for (std::size_t i = 0; i < items.size() && articles.size() < 500;) {
    if (IsChinese(items[i]) != chinese) {
      ++i;
      continue;
    }
    Item article{items[i].title.empty() ? items[i].body.substr(0, 60) : items[i].title, ""};
    while (i < items.size() && article.body.size() < 5000) {
      const Item& next = items[i++];
      if (IsChinese(next) != chinese) continue;
      article.body += "<p>" + (next.body.empty() ? next.title : next.body) + "</p>\n";
    }
    if (article.body.size() >= 5000) articles.push_back(std::move(article));
  }
  return articles;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2.0;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto at = std::find(args.begin(), args.end(), "--seconds"); at != args.end()) {
    if (at + 1 == args.end()) return 2;
    seconds = std::atof((at + 1)->c_str());
    args.erase(at, at + 2);
  }
  if (args.size() < 2) {
    fmt::print(stderr, "usage: match_bench MODEL DATA.jsonl... [--seconds 2]\n");
    return 2;
  }
  std::vector<double> loads;
  for (int i = 0; i < 5; ++i) {
    const double start = ThreadSeconds();
    tidings::Result<Model> model = Model::Load(args[0]);
    loads.push_back((ThreadSeconds() - start) * 1000.0);
    if (!model.ok()) {
      fmt::print(stderr, "match_bench: {}\n", model.status().ToString());
      return 1;
    }
  }
  std::sort(loads.begin(), loads.end());
  Model model = std::move(*Model::Load(args[0]));

  std::vector<Item> items;
  for (std::size_t f = 1; f < args.size(); ++f) {
    tidings::Result<std::string> bytes = tidings::ReadFile(args[f]);
    if (!bytes.ok()) {
      fmt::print(stderr, "match_bench: {}\n", bytes.status().ToString());
      return 1;
    }
    std::size_t start = 0;
    for (std::size_t end; (end = bytes->find('\n', start)) != std::string::npos; start = end + 1) {
      const auto item = nlohmann::json::parse(bytes->substr(start, end - start), nullptr, false);
      if (!item.is_object()) continue;
      items.push_back({item.value("title", ""), item.value("summary", "")});
    }
  }
  std::vector<Item> chinese;
  std::copy_if(items.begin(), items.end(), std::back_inserter(chinese), IsChinese);
  tidings::match::TopicDefinition topic;
  topic.model = std::make_shared<const Model>(std::move(model));
  const tidings::match::TopicMatcher matcher(topic);
  std::size_t sink = 0;  // keeps the work from being optimized away
  auto score = [&](const Item& item) {
    const tidings::match::TopicScore s = matcher.Score(Analyze(item.title, item.body));
    sink += s.matched + s.why.size();
  };
  auto floor = [&](const Item& item) { sink += WhitespaceWords(item); };

  fmt::print("{:<26} {:>12} {:>10} {:>8}  {}\n", "measure", "value", "target", "ratio",
             "floor (white-space split)");
  fmt::print("{:<26} {:>12.1f} {:>10} {:>8.2f}  median of 5 loads, CPU ms\n", "model load ms",
             loads[2], "<= 100", 100.0 / loads[2]);
  bool pass = loads[2] <= 100;
  auto measure = [&](const char* name, const std::vector<Item>& set, double target) {
    const double rate = Throughput(set, seconds, score);
    const double floor_rate = Throughput(set, seconds / 4, floor);
    fmt::print("{:<26} {:>12.0f} {:>10} {:>8.2f}  {:.0f}/s ({} items)\n", name, rate,
               fmt::format(">= {:.0f}", target), rate / target, floor_rate, set.size());
    pass = pass && rate >= target;
  };
  measure("short items/s", items, 20000);
  measure("  of them Chinese", chinese, 20000);
  measure("5 KB articles/s", Articles(items, false), 2000);
  measure("5 KB Chinese articles/s", Articles(items, true), 2000);
  fmt::print("{} (checksum {})\n", pass ? "PASS: all targets met" : "FAIL: a target is missed",
             sink % 10);
  return pass ? 0 : 1;
}
