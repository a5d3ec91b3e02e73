#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "storage/query.h"

using tidings::StatusCode;
using tidings::UnixSeconds;
using tidings::storage::ParsedQuery;
using tidings::storage::ParseQuery;
using tidings::storage::ParseTimeBound;

namespace {

const std::int64_t kNow = UnixSeconds(2026, 11, 10, 12, 0, 0);

ParsedQuery Parsed(std::string_view query) {
  INFO("query: " << query);
  auto result = ParseQuery(query, kNow);
  INFO("error: " << result.status().message());
  REQUIRE(result.ok());
  return *result;
}

std::string Match(std::string_view query) { return Parsed(query).fts_match; }

// The message of a query that must be rejected as kInvalid.
std::string Error(std::string_view query) {
  INFO("query: " << query);
  auto result = ParseQuery(query, kNow);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == StatusCode::kInvalid);
  return result.status().message();
}

// A checker for the only shapes ParseQuery may emit:
//   match := positive (" NOT " term)*        positive := and | "(" and ")"
//   and := group (" AND " group)*            group := term | "(" term (" OR " term)+ ")"
//   term := ["title : ("] string ["*"] [")"] string := '"' (byte other than '"' | '""')* '"'
// Passing it proves that no user text is outside an FTS5 string (no NEAR, ^, column filter or
// parenthesis of the user's), which is what keeps FTS5 from raising a syntax error.
bool Eat(std::string_view& s, std::string_view literal) {
  if (s.substr(0, literal.size()) != literal) return false;
  s.remove_prefix(literal.size());
  return true;
}

bool EatTerm(std::string_view& s) {
  const bool title = Eat(s, "title : (");
  if (!Eat(s, "\"")) return false;
  bool has_word_byte = false;
  while (true) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s.front());
    if (c < 0x20 || c == 0x7F) return false;  // control characters never reach FTS5
    if (Eat(s, "\"\"")) continue;
    if (Eat(s, "\"")) break;
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    has_word_byte = has_word_byte || alnum || c >= 0x80;
    s.remove_prefix(1);
  }
  Eat(s, "*");
  return has_word_byte && (!title || Eat(s, ")"));
}

bool EatGroup(std::string_view& s) {
  std::string_view attempt = s;
  if (Eat(attempt, "(") && EatTerm(attempt) && Eat(attempt, " OR ") && EatTerm(attempt)) {
    while (Eat(attempt, " OR ")) {
      if (!EatTerm(attempt)) return false;
    }
    if (!Eat(attempt, ")")) return false;
    s = attempt;
    return true;
  }
  return EatTerm(s);
}

bool EatAnd(std::string_view& s) {
  if (!EatGroup(s)) return false;
  while (Eat(s, " AND ")) {
    if (!EatGroup(s)) return false;
  }
  return true;
}

bool EatNots(std::string_view s, bool required) {
  bool any = false;
  while (Eat(s, " NOT ")) {
    if (!EatTerm(s)) return false;
    any = true;
  }
  return s.empty() && (any || !required);
}

bool IsWellFormed(std::string_view match) {
  if (match.empty()) return true;
  std::string_view wrapped = match;
  if (Eat(wrapped, "(") && EatAnd(wrapped) && Eat(wrapped, ")") && EatNots(wrapped, true)) {
    return true;
  }
  return EatAnd(match) && EatNots(match, false);
}

}  // namespace

TEST_CASE("Words are ANDed and every term reaches FTS5 as a quoted string", "[query]") {
  CHECK(Match("quantum computer") == R"q("quantum" AND "computer")q");
  CHECK(Match("  quantum\t\tcomputer\n") == R"q("quantum" AND "computer")q");
  CHECK(Match("\"space station\"") == R"q("space station")q");
  CHECK(Match("\"space station\" iss") == R"q("space station" AND "iss")q");
  CHECK(Match("quant*") == R"q("quant"*)q");
  CHECK(Match("quant** x") == R"q("quant"* AND "x")q");
  CHECK(Match("\"space stat\"*") == R"q("space stat"*)q");
  CHECK(Match("AND NOT NEAR") == R"q("AND" AND "NOT" AND "NEAR")q");
  CHECK(Match("量子计算机 研究") == R"q("量子计算机" AND "研究")q");
  // A lone CJK character is searched as a prefix: the index holds CJK text as bigrams.
  CHECK(Match("量") == R"q("量"*)q");
  CHECK(Match("ア 猫") == R"q("ア"* AND "猫"*)q");
  CHECK(Match("量子计算机\xE3\x80\x80研究") == R"q("量子计算机" AND "研究")q");  // U+3000 space
  CHECK(Match("café\xC2\xA0noir") == R"q("café" AND "noir")q");                  // no-break space
}

TEST_CASE("OR binds tighter than the implicit AND and is upper case only", "[query]") {
  CHECK(Match("robot OR drone") == R"q(("robot" OR "drone"))q");
  CHECK(Match("a OR b c") == R"q(("a" OR "b") AND "c")q");
  CHECK(Match("c a OR b OR d") == R"q("c" AND ("a" OR "b" OR "d"))q");
  CHECK(Match("a OR b c OR d") == R"q(("a" OR "b") AND ("c" OR "d"))q");
  CHECK(Match("robot or drone") == R"q("robot" AND "or" AND "drone")q");
  CHECK(Match("robot Or drone") == R"q("robot" AND "Or" AND "drone")q");
  CHECK(Match("\"OR\" drone") == R"q("OR" AND "drone")q");
  CHECK(Match("ORACLE OR* x") == R"q("ORACLE" AND "OR"* AND "x")q");
  CHECK(Match("\"a b\"* OR title:c") == R"q(("a b"* OR title : ("c")))q");
}

TEST_CASE("Excluded terms follow the positive expression as binary NOTs", "[query]") {
  CHECK(Match("bitcoin -crypto") == R"q("bitcoin" NOT "crypto")q");
  CHECK(Match("-crypto bitcoin") == R"q("bitcoin" NOT "crypto")q");
  CHECK(Match("a b -c -d") == R"q(("a" AND "b") NOT "c" NOT "d")q");
  CHECK(Match("a OR b -c") == R"q(("a" OR "b") NOT "c")q");
  CHECK(Match("a -\"c d\" -e*") == R"q("a" NOT "c d" NOT "e"*)q");
  CHECK(Match("a -title:c") == R"q("a" NOT title : ("c"))q");
  CHECK(Match("a -OR") == R"q("a" NOT "OR")q");
  CHECK(Match("well-known -x-y") == R"q("well-known" NOT "x-y")q");
}

TEST_CASE("title: restricts the next word, phrase or prefix to the title column", "[query]") {
  CHECK(Match("title:fusion") == R"q(title : ("fusion"))q");
  CHECK(Match("title:\"fusion power\"") == R"q(title : ("fusion power"))q");
  CHECK(Match("title:fus*") == R"q(title : ("fus"*))q");
  CHECK(Match("title:\"fusion pow\"*") == R"q(title : ("fusion pow"*))q");
  CHECK(Match("title:fusion reactor") == R"q(title : ("fusion") AND "reactor")q");
  CHECK(Match("title:OR") == R"q(title : ("OR"))q");
  CHECK(Match("title:-x") == R"q(title : ("-x"))q");
  CHECK(Match("title:title:x") == R"q(title : ("title:x"))q");
}

TEST_CASE("feed:, topic:, since: and until: become filters, not FTS5 text", "[query]") {
  const ParsedQuery q =
      Parsed("fusion feed:3 feed:\"My Blog\" topic:energy feed:https://x.org/rss since:7d");
  CHECK(q.fts_match == R"q("fusion")q");
  CHECK(q.feeds == std::vector<std::string>{"3", "My Blog", "https://x.org/rss"});
  CHECK(q.topics == std::vector<std::string>{"energy"});
  CHECK(q.since.value_or(0) == kNow - 7 * 86400);
  CHECK_FALSE(q.until.has_value());

  const ParsedQuery only_filters = Parsed("topic:ai until:2026-11-01");
  CHECK(only_filters.fts_match.empty());
  CHECK(only_filters.until.value_or(0) == UnixSeconds(2026, 11, 1, 0, 0, 0));
  CHECK(Parsed("feed:x &&").fts_match.empty());  // the dropped term leaves the filter

  // Repeated bounds intersect.
  const ParsedQuery window = Parsed("a since:30d since:2d until:1h until:2026-11-10");
  CHECK(window.since.value_or(0) == kNow - 2 * 86400);
  CHECK(window.until.value_or(0) == UnixSeconds(2026, 11, 10, 0, 0, 0));
}

TEST_CASE("Unknown name:value, lone - and * and punctuation-only terms are decided", "[query]") {
  CHECK(Match("xyz:foo") == R"q("xyz:foo")q");
  CHECK(Match("http://example.org/a?b=c") == R"q("http://example.org/a?b=c")q");
  CHECK(Match("Title:x FEED:y") == R"q("Title:x" AND "FEED:y")q");  // filter names are lower case
  CHECK(Match("a - b") == R"q("a" AND "b")q");
  CHECK(Match("a * b") == R"q("a" AND "b")q");
  CHECK(Match("a && \"...\" —") == R"q("a")q");
  CHECK(Match("a -&& -…") == R"q("a")q");
  CHECK(Match("&& OR a") == R"q("a")q");
  CHECK(Match("*foo") == R"q("*foo")q");  // FTS5's tokenizer skips the star
  CHECK(Match("C++ c#") == R"q("C++" AND "c#")q");
  CHECK(Error("&& \"...\" - * —") == "search: nothing to search for");
  CHECK(Error("\"\"") == "search: nothing to search for");
}

TEST_CASE("Malformed queries are rejected with the column of the offending piece", "[query]") {
  CHECK(Error("") == "search: empty query");
  CHECK(Error(" \t\n ") == "search: empty query");
  CHECK(Error("OR a") == R"q(search: "OR" at column 1 needs a word on each side)q");
  CHECK(Error("a OR") == R"q(search: "OR" at column 3 needs a word on each side)q");
  CHECK(Error("a OR OR b") == R"q(search: "OR" at column 3 needs a word on each side)q");
  CHECK(Error("a OR feed:x") == R"q(search: "OR" at column 3 needs a word on each side)q");
  CHECK(Error("a -b OR c") == R"q(search: "OR" at column 6 cannot join an excluded (-) term)q");
  CHECK(
      Error("-crypto") ==
      R"q(search: "-crypto" at column 1 needs a word to search for: a query cannot only exclude)q");
  CHECK(Error("&& -crypto feed:x").find("\"-crypto\" at column 4") != std::string::npos);
  CHECK(Error("a title:") ==
        R"q(search: "title:" at column 3 needs a word, "phrase" or prefix* after it)q");
  CHECK(Error("title:\"\" a").find("column 1 needs a word") != std::string::npos);
  CHECK(Error("feed: a") == R"q(search: "feed:" at column 1 needs a value after the colon)q");
  CHECK(Error("a -topic:x") ==
        R"q(search: "-topic:x" at column 3 cannot be excluded: only terms can)q");
  CHECK(Error("a \"space station") == "search: the quote at column 3 is never closed");
  CHECK(Error("title:\"a b") == "search: the quote at column 7 is never closed");
  // Columns count characters, not bytes.
  CHECK(Error("量子 \"计算") == "search: the quote at column 4 is never closed");
  CHECK(Error("a since:yesterday") ==
        "search: \"since:yesterday\" at column 3: \"yesterday\" is not a time: use 30m, 24h, "
        "7d, 2w, 2026-11-01 or 2026-11-01T08:00:00Z");
  CHECK(Error("since:2026-11-02 until:2026-11-01") ==
        "search: since: 2026-11-02T00:00:00Z is not before until: 2026-11-01T00:00:00Z");
  CHECK(Error("since:1d until:1d").find("is not before") != std::string::npos);
}

TEST_CASE("Queries over 4096 bytes or 64 terms are refused", "[query]") {
  CHECK(Parsed(std::string(4096, 'a')).fts_match.size() == 4098);
  CHECK(Error(std::string(4097, 'a')) == "search: the query is longer than 4096 bytes");
  std::string terms;
  for (int i = 0; i < 64; ++i) terms += "w" + std::to_string(i) + " OR ";
  terms += "w64";
  CHECK(Error(terms) == "search: more than 64 terms and filters (at column 439)");
  std::string sixty_four = "a";
  for (int i = 1; i < 64; ++i) sixty_four += " -w" + std::to_string(i);
  CHECK(IsWellFormed(Match(sixty_four)));
  CHECK(Error(sixty_four + " feed:x").find("more than 64") != std::string::npos);
}

TEST_CASE("Hostile text stays inside FTS5 strings", "[query]") {
  CHECK(Match("NEAR(a b)") == R"q("NEAR(a" AND "b)")q");
  CHECK(Match("a) OR (b") == R"q(("a)" OR "(b"))q");
  CHECK(Match("title:a) OR (b") == R"q((title : ("a)") OR "(b"))q");
  // Text glued to a closing quote is a new term: here ")" (dropped, no word) is what OR joins.
  CHECK(Match("title:\"a\") OR title : (\"b\"") == R"q(title : ("a") AND "title" AND "(""b""")q");
  CHECK(Match("^start {title text}:x : col:y") ==
        R"q("^start" AND "{title" AND "text}:x" AND "col:y")q");
  CHECK(Match("5\" screen") == R"q("5""" AND "screen")q");
  CHECK(Match("\"say \"\"hi\"") == R"q("say " AND "hi")q");  // "" inside a phrase ends it
  CHECK(Match("\"a\x01"
              "b\x7F"
              "c\"") == "\"a b c\"");  // control characters become spaces
  CHECK(Match(std::string("a\0b", 3)) == R"q("a" AND "b")q");
  CHECK(Match("\"caf\xC3 \xFF\xFE\"") == "\"caf\xC3 \xFF\xFE\"");  // bad UTF-8 passes through
  CHECK(Match("x \xFF\xFE") == R"q("x")q");  // a term of only bad bytes has no word to find
  CHECK(Match("\xE9t\xE9") == "\"\xE9t\xE9\"");
}

TEST_CASE("Generated hostile queries give kInvalid or a well-formed FTS5 expression", "[query]") {
  static const char* const kPieces[] = {"a",
                                        "OR",
                                        "or",
                                        "AND",
                                        "NOT",
                                        "NEAR(",
                                        ")",
                                        "(",
                                        "\"",
                                        "\"\"",
                                        "*",
                                        "-",
                                        "^",
                                        "{",
                                        "}",
                                        ":",
                                        "title:",
                                        "feed:",
                                        "topic:",
                                        "since:7d",
                                        "until:2030-01-01",
                                        "xyz:",
                                        "http://x/?q=1",
                                        "&&",
                                        "...",
                                        "量子",
                                        "—",
                                        "\x01",
                                        "\x7F",
                                        "\xFF",
                                        "\xC3",
                                        "é",
                                        "+",
                                        "\"a b\"*",
                                        "-title:x",
                                        "q*",
                                        "\t",
                                        "\xE3\x80\x80",
                                        "x\"y",
                                        "\"a\"*",
                                        "\"\"*",
                                        "a**",
                                        "-\"x\"",
                                        "0"};
  constexpr std::size_t kPieceCount = sizeof(kPieces) / sizeof(kPieces[0]);
  std::mt19937 random(20261110);
  std::size_t valid = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string query;
    const auto pieces = 1 + random() % 10;
    const bool glue = random() % 2 == 0;
    for (std::uint32_t i = 0; i < pieces; ++i) {
      if (!query.empty() && (!glue || random() % 2 == 0)) query += ' ';
      query += kPieces[random() % kPieceCount];
    }
    INFO("query: " << query);
    auto result = ParseQuery(query, kNow);
    if (!result.ok()) {
      CHECK(result.status().code() == StatusCode::kInvalid);
      CHECK(result.status().message().rfind("search: ", 0) == 0);
      continue;
    }
    ++valid;
    INFO("match: " << result->fts_match);
    CHECK(IsWellFormed(result->fts_match));
  }
  CHECK(valid > 1000);  // the generator must exercise the valid path, not only errors
}

TEST_CASE("The structure checker itself rejects user syntax outside strings", "[query]") {
  CHECK(IsWellFormed(R"q(("a" AND "b") NOT "c")q"));
  CHECK_FALSE(IsWellFormed(R"q("a" NEAR("b"))q"));
  CHECK_FALSE(IsWellFormed(R"q("a" AND title:"b")q"));
  CHECK_FALSE(IsWellFormed(R"q("a"" AND "b")q"));
  CHECK_FALSE(IsWellFormed(R"q(NOT "a")q"));
  CHECK_FALSE(IsWellFormed(R"q("...")q"));
}

TEST_CASE("ParseTimeBound reads durations back from now", "[query][time]") {
  CHECK(*ParseTimeBound("30m", kNow) == kNow - 30 * 60);
  CHECK(*ParseTimeBound("24h", kNow) == kNow - 24 * 3600);
  CHECK(*ParseTimeBound("7d", kNow) == kNow - 7 * 86400);
  CHECK(*ParseTimeBound("2w", kNow) == kNow - 14 * 86400);
  CHECK(*ParseTimeBound("0d", kNow) == kNow);
  CHECK(*ParseTimeBound("5217w", kNow) == kNow - std::int64_t{5217} * 7 * 86400);
  CHECK(ParseTimeBound("5218w", kNow).status().message() == "\"5218w\" is more than 100 years");
  CHECK_FALSE(ParseTimeBound("99999999999999999999999d", kNow).ok());
  CHECK_FALSE(ParseTimeBound("1d", std::numeric_limits<std::int64_t>::min()).ok());
}

TEST_CASE("ParseTimeBound reads dates and RFC 3339 times in UTC", "[query][time]") {
  CHECK(*ParseTimeBound("2026-11-01", kNow) == UnixSeconds(2026, 11, 1, 0, 0, 0));
  CHECK(*ParseTimeBound("2026-11-01T08:00:00Z", kNow) == UnixSeconds(2026, 11, 1, 8, 0, 0));
  CHECK(*ParseTimeBound("2026-11-01t08:00:00z", kNow) == UnixSeconds(2026, 11, 1, 8, 0, 0));
  CHECK(*ParseTimeBound("2026-11-01 08:00:00Z", kNow) == UnixSeconds(2026, 11, 1, 8, 0, 0));
  CHECK(*ParseTimeBound("2026-11-01T08:00:00+02:00", kNow) == UnixSeconds(2026, 11, 1, 6, 0, 0));
  CHECK(*ParseTimeBound("2026-11-01T08:00:00-05:30", kNow) == UnixSeconds(2026, 11, 1, 13, 30, 0));
  CHECK(*ParseTimeBound("2026-11-01T08:00:00.999Z", kNow) == UnixSeconds(2026, 11, 1, 8, 0, 0));
  CHECK(*ParseTimeBound("2016-12-31T23:59:60Z", kNow) == UnixSeconds(2017, 1, 1, 0, 0, 0));
  CHECK(*ParseTimeBound("2024-02-29", kNow) == UnixSeconds(2024, 2, 29, 0, 0, 0));
}

TEST_CASE("ParseTimeBound names the text it cannot read", "[query][time]") {
  for (const char* bad : {"",
                          "7",
                          "d",
                          "7x",
                          "7D",
                          "-7d",
                          "7 d",
                          "1.5d",
                          "yesterday",
                          "2026-11",
                          "2026-13-01",
                          "2025-02-29",
                          "2026-11-31",
                          "26-11-01",
                          "2026-11-01T",
                          "2026-11-01T08:00Z",
                          "2026-11-01T24:00:00Z",
                          "2026-11-01T08:00:00",
                          "2026-11-01T08:00:00.Z",
                          "2026-11-01T08:00:00+2:00",
                          "2026-11-01T08:00:00+24:00",
                          "2026-11-01T08:00:00Zjunk",
                          "2026-11-01X08:00:00Z",
                          "2026-11-01 "}) {
    INFO("text: " << bad);
    auto result = ParseTimeBound(bad, kNow);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kInvalid);
    CHECK(result.status().message() ==
          "\"" + std::string(bad) +
              "\" is not a time: use 30m, 24h, 7d, 2w, 2026-11-01 or 2026-11-01T08:00:00Z");
  }
}
