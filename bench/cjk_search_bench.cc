// cjk_search_bench: how well FTS5 tokenizers find Chinese words, measured on real headlines.
//
//   cjk_search_bench FILE [ROUNDS]
//
// FILE is JSON lines with "title" and "summary" (../shared/data/topics/zh_train.jsonl: 5,000
// Chinese headlines). Each headline is indexed (contentless FTS5 table, columns title and summary)
// with unicode61, trigram and 'porter tidings'. The queries are words a user would type: ICU word
// segments of the headlines (Chinese words of 1, 2, 3 and 4+ characters, and ASCII words), sampled
// with a fixed seed. The truth for a Chinese word is every headline whose title or summary
// contains it as a substring; for an ASCII word every headline containing it case-insensitively
// and not inside a longer ASCII word. For each tokenizer the table gives recall and precision
// (summed over the queries of a class), index size, build time and the median query time.
// bench/run-cjk-bench builds it in Release and runs it; docs/search.md has the results.
#include <sqlite3.h>
#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "storage/tokenizer.h"

namespace {

struct Doc {
  std::string title;
  std::string summary;
};

// Query classes, in table order. kOneCharPrefix re-asks the one-character words as `"w"*`.
enum QueryClass {
  kOneChar,
  kOneCharPrefix,
  kTwoChars,
  kThreeChars,
  kFourPlusChars,
  kAscii,
  kCount
};
constexpr std::array<const char*, kCount> kClassNames = {"1 char",  "1 char*",  "2 chars",
                                                         "3 chars", "4+ chars", "ASCII word"};
// How many words of each class to sample (the prefix class reuses the one-character words).
constexpr std::array<std::size_t, kCount> kSampleSizes = {80, 0, 150, 100, 100, 70};

struct Query {
  std::string text;
  QueryClass query_class;
  std::vector<std::int64_t> truth;  // rowids, ascending
};

struct Tokenizer {
  const char* name;
  const char* tokenize;
};
constexpr std::array<Tokenizer, 3> kTokenizers = {{{"unicode61", "unicode61 remove_diacritics 2"},
                                                   {"trigram", "trigram"},
                                                   {"porter tidings", "porter tidings"}}};
constexpr std::size_t kTidingsColumn = 2;

struct Counts {
  std::int64_t truth = 0, found = 0, correct = 0;
  int queries = 0, empty = 0;  // empty: queries with a non-empty truth that found nothing
};

struct Measured {
  double index_kb = 0;
  double build_ms = 0;  // median over the rounds
  double query_us = 0;  // median over every execution of every query
  std::array<Counts, kCount> counts{};
};

bool LoadDocs(const char* path, std::vector<Doc>& docs) {
  tidings::Result<std::string> content = tidings::ReadFile(path);
  if (!content.ok()) {
    fmt::print(stderr, "cjk_search_bench: {}\n", content.status().ToString());
    return false;
  }
  std::size_t start = 0;
  while (start < content->size()) {
    std::size_t end = content->find('\n', start);
    if (end == std::string::npos) end = content->size();
    auto json =
        nlohmann::json::parse(content->begin() + static_cast<std::ptrdiff_t>(start),
                              content->begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
    if (json.is_object()) {
      docs.push_back({json.value("title", std::string()), json.value("summary", std::string())});
    }
    start = end + 1;
  }
  return !docs.empty();
}

bool IsCjkScript(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL;
}

// Classifies an ICU word segment; kCount when it is neither all CJK nor an ASCII word.
QueryClass Classify(const std::u16string& word) {
  int characters = 0;
  bool cjk = true, ascii = true;
  for (std::size_t i = 0; i < word.size(); ++characters) {
    UChar32 c = word[i++];
    if (c >= 0xD800 && c <= 0xDBFF && i < word.size())
      c = 0x10000 + ((c - 0xD800) << 10) + (word[i++] - 0xDC00);
    cjk = cjk && IsCjkScript(c);
    ascii = ascii && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  if (ascii && characters >= 2) return kAscii;
  if (!cjk || characters == 0) return kCount;
  if (characters >= 4) return kFourPlusChars;
  return characters == 1 ? kOneChar : characters == 2 ? kTwoChars : kThreeChars;
}

std::string ToUtf8(const std::u16string& text) {
  std::string out(text.size() * 3, '\0');
  int32_t size = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &size, text.data(),
              static_cast<int32_t>(text.size()), &status);
  out.resize(U_SUCCESS(status) ? static_cast<std::size_t>(size) : 0);
  return out;
}

// ICU word segments of `text` (UTF-8), with their rule status (UBRK_WORD_LETTER etc.).
std::vector<std::pair<std::u16string, int32_t>> Segment(UBreakIterator* breaker,
                                                        const std::string& utf8) {
  std::vector<std::pair<std::u16string, int32_t>> segments;
  std::u16string text(utf8.size() + 1, u'\0');
  int32_t size = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(text.data(), static_cast<int32_t>(text.size()), &size, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return segments;
  text.resize(static_cast<std::size_t>(size));
  ubrk_setText(breaker, text.data(), size, &status);
  for (int32_t start = ubrk_first(breaker), end = ubrk_next(breaker); end != UBRK_DONE;
       start = end, end = ubrk_next(breaker)) {
    segments.emplace_back(
        text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)),
        ubrk_getRuleStatus(breaker));
  }
  return segments;
}

// Distinct ICU word segments of every title, by class (spaces, punctuation and numbers skipped).
std::array<std::set<std::string>, kCount> SegmentWords(UBreakIterator* breaker,
                                                       const std::vector<Doc>& docs) {
  std::array<std::set<std::string>, kCount> words;
  for (const Doc& doc : docs) {
    for (const auto& [word, rule_status] : Segment(breaker, doc.title)) {
      const QueryClass query_class = rule_status >= UBRK_WORD_LETTER ? Classify(word) : kCount;
      if (query_class != kCount) words[query_class].insert(ToUtf8(word));
    }
  }
  return words;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool Contains(const std::string& text, const std::string& word, bool whole_ascii_word) {
  if (!whole_ascii_word) return text.find(word) != std::string::npos;
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), AsciiLower);
  for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !IsAsciiAlnum(lower[at - 1])) &&
        (end == lower.size() || !IsAsciiAlnum(lower[end]))) {
      return true;
    }
  }
  return false;
}

std::vector<Query> SampleQueries(UBreakIterator* breaker, const std::vector<Doc>& docs) {
  const auto words = SegmentWords(breaker, docs);
  std::mt19937 random(20261201);  // mt19937's output is fixed by the standard: same sample anywhere
  std::vector<Query> queries;
  for (int c = 0; c < kCount; ++c) {
    std::vector<std::string> pool(words[static_cast<std::size_t>(c)].begin(),
                                  words[static_cast<std::size_t>(c)].end());
    for (std::size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[random() % i]);
    pool.resize(std::min(pool.size(), kSampleSizes[static_cast<std::size_t>(c)]));
    for (std::string& word : pool) {
      const bool ascii = c == kAscii;
      if (ascii) std::transform(word.begin(), word.end(), word.begin(), AsciiLower);
      Query query{word, static_cast<QueryClass>(c), {}};
      for (std::size_t row = 0; row < docs.size(); ++row) {
        if (Contains(docs[row].title, word, ascii) || Contains(docs[row].summary, word, ascii)) {
          query.truth.push_back(static_cast<std::int64_t>(row + 1));
        }
      }
      if (c == kOneChar) queries.push_back({query.text, kOneCharPrefix, query.truth});
      queries.push_back(std::move(query));
    }
  }
  return queries;
}

using Clock = std::chrono::steady_clock;
double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }
double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  return values[values.size() / 2];
}

bool Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return true;
  fmt::print(stderr, "cjk_search_bench: {}: {}\n", sql, error != nullptr ? error : "?");
  sqlite3_free(error);
  return false;
}

// A fresh in-memory database holding the index of every doc; its build time goes to `build_us`.
sqlite3* BuildIndex(const Tokenizer& tokenizer, const std::vector<Doc>& docs, double& build_us) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || !tidings::storage::RegisterTokenizer(db).ok() ||
      !Exec(db, fmt::format("CREATE VIRTUAL TABLE items USING fts5(title, summary, content='', "
                            "tokenize='{}')",
                            tokenizer.tokenize))) {
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO items(rowid, title, summary) VALUES (?1, ?2, ?3)", -1,
                     &insert, nullptr);
  const Clock::time_point start = Clock::now();
  bool ok = Exec(db, "BEGIN");
  for (std::size_t row = 0; ok && row < docs.size(); ++row) {
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(row + 1));
    sqlite3_bind_text(insert, 2, docs[row].title.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, docs[row].summary.c_str(), -1, SQLITE_STATIC);
    ok = sqlite3_step(insert) == SQLITE_DONE && sqlite3_reset(insert) == SQLITE_OK;
  }
  ok = ok && Exec(db, "COMMIT");
  build_us = Micros(Clock::now() - start);
  sqlite3_finalize(insert);
  // Merged into one segment, as after the archive's periodic optimize, so sizes compare.
  if (!ok || !Exec(db, "INSERT INTO items(items) VALUES ('optimize')")) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

double IndexKilobytes(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  double bytes = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT (SELECT page_count FROM pragma_page_count) * "
                         "(SELECT page_size FROM pragma_page_size)",
                         -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    bytes = sqlite3_column_double(statement, 0);
  }
  sqlite3_finalize(statement);
  return bytes / 1024;
}

// Adds one query's results (rowids, ascending) to its class's counts.
void Score(const Query& query, const std::vector<std::int64_t>& found, Measured& result) {
  std::vector<std::int64_t> correct;
  std::set_intersection(found.begin(), found.end(), query.truth.begin(), query.truth.end(),
                        std::back_inserter(correct));
  Counts& counts = result.counts[query.query_class];
  counts.truth += static_cast<std::int64_t>(query.truth.size());
  counts.found += static_cast<std::int64_t>(found.size());
  counts.correct += static_cast<std::int64_t>(correct.size());
  counts.queries += 1;
  counts.empty += found.empty() && !query.truth.empty() ? 1 : 0;
}

// Runs every query `rounds` times; counts results against the truth of the first run.
void RunQueries(sqlite3* db, const std::vector<Query>& queries, int rounds, Measured& result) {
  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid FROM items WHERE items MATCH ?1 ORDER BY rowid", -1, &select,
                     nullptr);
  std::vector<double> times;
  std::vector<std::int64_t> found;
  for (const Query& query : queries) {
    const std::string match =
        "\"" + query.text + (query.query_class == kOneCharPrefix ? "\"*" : "\"");
    for (int round = 0; round < rounds; ++round) {
      found.clear();
      const Clock::time_point start = Clock::now();
      sqlite3_bind_text(select, 1, match.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(select) == SQLITE_ROW) found.push_back(sqlite3_column_int64(select, 0));
      sqlite3_reset(select);
      times.push_back(Micros(Clock::now() - start));
    }
    Score(query, found, result);
  }
  sqlite3_finalize(select);
  result.query_us = Median(times);
}

// The tokens an FTS5 tokenizer built on ICU's dictionary word segmentation would emit: every
// letter or number segment, ASCII lower-cased.
std::vector<std::string> IcuTokens(UBreakIterator* breaker, const std::string& text) {
  std::vector<std::string> tokens;
  for (const auto& [segment, rule_status] : Segment(breaker, text)) {
    if (rule_status < UBRK_WORD_NUMBER) continue;
    tokens.push_back(ToUtf8(segment));
    std::transform(tokens.back().begin(), tokens.back().end(), tokens.back().begin(), AsciiLower);
  }
  return tokens;
}

// Recall and precision of such a tokenizer, simulated without SQLite: a headline matches when the
// query's own segmentation occurs as adjacent tokens in the title's or the summary's (a phrase
// query). Too slow a prefix match to simulate, so the 1 char* class has no figures.
Measured SimulateIcuWords(UBreakIterator* breaker, const std::vector<Doc>& docs,
                          const std::vector<Query>& queries) {
  std::vector<std::array<std::vector<std::string>, 2>> indexed;
  for (const Doc& doc : docs) {
    indexed.push_back({IcuTokens(breaker, doc.title), IcuTokens(breaker, doc.summary)});
  }
  Measured result;
  result.index_kb = result.build_ms = result.query_us = -1;
  for (const Query& query : queries) {
    if (query.query_class == kOneCharPrefix) continue;
    const std::vector<std::string> phrase = IcuTokens(breaker, query.text);
    std::vector<std::int64_t> found;
    for (std::size_t row = 0; row < indexed.size() && !phrase.empty(); ++row) {
      for (const auto& column : indexed[row]) {
        if (std::search(column.begin(), column.end(), phrase.begin(), phrase.end()) !=
            column.end()) {
          found.push_back(static_cast<std::int64_t>(row + 1));
          break;
        }
      }
    }
    Score(query, found, result);
  }
  return result;
}

std::string Ratio(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? "-"
                    : fmt::format("{:.3f}", static_cast<double>(part) / static_cast<double>(whole));
}

void PrintTable(const std::vector<Measured>& results, std::size_t text_bytes,
                std::size_t doc_count) {
  fmt::print("SQLite {}, {} documents, {:.0f} KB of text\n\n{:<24}", sqlite3_libversion(),
             doc_count, static_cast<double>(text_bytes) / 1024, "");
  for (const Tokenizer& t : kTokenizers) fmt::print("{:>16}", t.name);
  fmt::print("{:>16}", "ICU words (sim)");
  fmt::print("\n");
  const auto row = [&](const std::string& label, auto cell) {
    fmt::print("{:<24}", label);
    for (const Measured& r : results) fmt::print("{:>16}", cell(r));
    fmt::print("\n");
  };
  const auto number = [](double value, const char* format) {
    return value < 0 ? std::string("-") : fmt::format(fmt::runtime(format), value);
  };
  row("index size KB", [&](const Measured& r) { return number(r.index_kb, "{:.0f}"); });
  row("build ms (median)", [&](const Measured& r) { return number(r.build_ms, "{:.1f}"); });
  row("query us (median)", [&](const Measured& r) { return number(r.query_us, "{:.1f}"); });
  for (int c = 0; c < kCount; ++c) {
    const auto& name = kClassNames[static_cast<std::size_t>(c)];
    const int n = results.front().counts[static_cast<std::size_t>(c)].queries;
    row(fmt::format("recall {} (n={})", name, n), [c](const Measured& r) {
      const Counts& k = r.counts[static_cast<std::size_t>(c)];
      return Ratio(k.correct, k.truth);
    });
    row(fmt::format("precision {}", name), [c](const Measured& r) {
      const Counts& k = r.counts[static_cast<std::size_t>(c)];
      return Ratio(k.correct, k.found);
    });
    row(fmt::format("no result {}", name), [c](const Measured& r) {
      const Counts& k = r.counts[static_cast<std::size_t>(c)];
      return k.queries == 0 ? std::string("-") : fmt::format("{}", k.empty);
    });
  }
}

// The property the tidings tokenizer exists for: every Chinese word of two or more characters,
// and every single character asked as a prefix, finds exactly the headlines containing it.
bool CheckTidings(const Measured& tidings) {
  bool all_exact = true;
  for (QueryClass c : {kOneCharPrefix, kTwoChars, kThreeChars, kFourPlusChars}) {
    const Counts& k = tidings.counts[c];
    const bool exact = k.correct == k.truth && k.correct == k.found;
    fmt::print("{}: tidings {} queries: recall {}, precision {} (target: exactly 1)\n",
               exact ? "PASS" : "FAIL", kClassNames[c], Ratio(k.correct, k.truth),
               Ratio(k.correct, k.found));
    all_exact = all_exact && exact;
  }
  return all_exact;
}

// Builds the index `rounds` times (median build time), then runs the queries on the last one.
bool MeasureTokenizer(const Tokenizer& tokenizer, const std::vector<Doc>& docs,
                      const std::vector<Query>& queries, int rounds, Measured& result) {
  std::vector<double> build_times;
  sqlite3* db = nullptr;
  for (int round = 0; round < rounds; ++round) {
    sqlite3_close(db);
    double build_us = 0;
    db = BuildIndex(tokenizer, docs, build_us);
    if (db == nullptr) return false;
    build_times.push_back(build_us / 1000);
  }
  result.build_ms = Median(build_times);
  result.index_kb = IndexKilobytes(db);
  RunQueries(db, queries, rounds, result);
  sqlite3_close(db);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: cjk_search_bench FILE.jsonl [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<Doc> docs;
  if (!LoadDocs(argv[1], docs)) return 2;
  std::size_t text_bytes = 0;
  for (const Doc& doc : docs) text_bytes += doc.title.size() + doc.summary.size();
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator* breaker = ubrk_open(UBRK_WORD, "zh", nullptr, 0, &status);
  if (U_FAILURE(status)) {
    fmt::print(stderr, "cjk_search_bench: ICU word break iterator: {}\n", u_errorName(status));
    return 2;
  }
  const std::vector<Query> queries = SampleQueries(breaker, docs);
  std::vector<Measured> results(kTokenizers.size());
  for (std::size_t i = 0; i < kTokenizers.size(); ++i) {
    if (!MeasureTokenizer(kTokenizers[i], docs, queries, rounds, results[i])) return 2;
  }
  results.push_back(SimulateIcuWords(breaker, docs, queries));
  ubrk_close(breaker);
  PrintTable(results, text_bytes, docs.size());
  return CheckTidings(results[kTidingsColumn]) ? 0 : 1;
}
