// The "tidings" FTS5 tokenizer as the archive uses it: 'porter tidings' over title and text, on
// an in-memory database through the raw SQLite C API.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "storage/tokenizer.h"

namespace {

using tidings::storage::RegisterTokenizer;

class Index {
 public:
  Index() {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    const tidings::Status status = RegisterTokenizer(db_);
    REQUIRE(status.ok());
    Exec("CREATE VIRTUAL TABLE items USING fts5(title, text, tokenize = 'porter tidings')");
  }
  ~Index() { sqlite3_close(db_); }
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  void Exec(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    INFO((error != nullptr ? error : ""));
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
  }

  // Inserts one item; its rowid is the 1-based insertion order.
  void Add(const std::string& title, const std::string& text = "") {
    sqlite3_stmt* statement = Prepare("INSERT INTO items(title, text) VALUES (?1, ?2)");
    sqlite3_bind_text(statement, 1, title.data(), static_cast<int>(title.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(statement) == SQLITE_DONE);
    sqlite3_finalize(statement);
  }

  // Rowids matching an FTS5 expression, in rowid order.
  std::vector<int> Match(const std::string& expression) {
    sqlite3_stmt* statement =
        Prepare("SELECT rowid FROM items WHERE items MATCH ?1 ORDER BY rowid");
    sqlite3_bind_text(statement, 1, expression.data(), static_cast<int>(expression.size()),
                      SQLITE_TRANSIENT);
    std::vector<int> rows;
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
      rows.push_back(sqlite3_column_int(statement, 0));
    INFO(expression << ": " << sqlite3_errmsg(db_));
    CHECK(rc == SQLITE_DONE);
    sqlite3_finalize(statement);
    return rows;
  }

  // The integer the query returns.
  int Count(const char* sql) {
    sqlite3_stmt* statement = Prepare(sql);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const int count = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return count;
  }

  // The title of the first match with matched tokens in [brackets]: checks byte offsets.
  std::string Highlight(const std::string& expression) {
    sqlite3_stmt* statement = Prepare(
        "SELECT highlight(items, 0, '[', ']') FROM items WHERE items MATCH ?1 ORDER BY rowid");
    sqlite3_bind_text(statement, 1, expression.data(), static_cast<int>(expression.size()),
                      SQLITE_TRANSIENT);
    std::string result;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    return result;
  }

 private:
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(db_));
    REQUIRE(sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) == SQLITE_OK);
    return statement;
  }

  sqlite3* db_ = nullptr;
};

using Rows = std::vector<int>;

}  // namespace

TEST_CASE("English words, diacritics and stems are found", "[tokenizer]") {
  Index index;
  index.Add("Robots at the café", "Engineers demonstrated walking machines");
  index.Add("Quarterly earnings", "Nothing about machines here");
  CHECK(index.Match("robot") == Rows{1});
  CHECK(index.Match("cafe") == Rows{1});
  CHECK(index.Match("café") == Rows{1});
  CHECK(index.Match("CAFE") == Rows{1});
  CHECK(index.Match("engineer") == Rows{1});
  CHECK(index.Match("machine") == Rows{1, 2});
  CHECK(index.Match("\"walking machines\"") == Rows{1});
  CHECK(index.Match("submarine").empty());
}

TEST_CASE("Chinese words of two, three and four characters are found", "[tokenizer]") {
  Index index;
  index.Add("量子计算机取得新突破", "研究人员展示了新的芯片");
  index.Add("今日淘汰鸡价格稳定", "");
  index.Add("计算方法", "");
  CHECK(index.Match("量子") == Rows{1});
  CHECK(index.Match("计算机") == Rows{1});
  CHECK(index.Match("量子计算") == Rows{1});
  CHECK(index.Match("计算") == Rows{1, 3});
  CHECK(index.Match("\"取得新突破\"") == Rows{1});
  CHECK(index.Match("芯片") == Rows{1});
  CHECK(index.Match("价格稳定") == Rows{2});
  CHECK(index.Match("text:研究人员") == Rows{1});
  CHECK(index.Match("title:研究人员").empty());
}

TEST_CASE("Traditional and Simplified Chinese find each other", "[tokenizer]") {
  Index index;
  index.Add("量子計算機取得新突破", "臺灣研究人員展示了新的晶片");  // Traditional
  index.Add("量子计算机取得新突破", "");                            // Simplified
  CHECK(index.Match("计算机") == Rows{1, 2});
  CHECK(index.Match("計算機") == Rows{1, 2});
  CHECK(index.Match("\"研究人员展示\"") == Rows{1});
  CHECK(index.Match("台湾") == Rows{1});
  CHECK(index.Match("计*") == Rows{1, 2});
}

TEST_CASE("A Chinese word that is not in the text is not found", "[tokenizer]") {
  Index index;
  index.Add("量子计算机取得新突破", "");
  // Every bigram of these occurs, but not next to each other: a bag of bigrams would match.
  CHECK(index.Match("量机").empty());
  CHECK(index.Match("计算量子").empty());
  CHECK(index.Match("子计算机取").size() == 1);
  CHECK(index.Match("突破量子").empty());
  CHECK(index.Match("电脑").empty());
}

TEST_CASE("Japanese text is found by the words a reader types", "[tokenizer]") {
  Index index;
  index.Add("東京都の人工知能研究所が新しいモデルを発表", "");
  index.Add("大阪の天気は晴れ", "");
  index.Add("人々はコンピューターを使う", "");
  CHECK(index.Match("人工知能") == Rows{1});
  CHECK(index.Match("東京") == Rows{1});
  CHECK(index.Match("研究所") == Rows{1});
  CHECK(index.Match("モデル") == Rows{1});
  CHECK(index.Match("天気") == Rows{2});
  CHECK(index.Match("コンピューター") == Rows{3});  // the prolonged sound mark stays in the word
  CHECK(index.Match("人々") == Rows{3});            // and so does the iteration mark
  CHECK(index.Match("京都").size() == 1);  // substring semantics: 東京都 contains 京都
  CHECK(index.Match("名古屋").empty());
}

TEST_CASE("Mixed Latin and CJK text: each part is its own word", "[tokenizer]") {
  Index index;
  index.Add("AI芯片市场快速增长", "");
  index.Add("Apple发布iPhone新品", "");
  CHECK(index.Match("芯片") == Rows{1});
  CHECK(index.Match("AI") == Rows{1});
  CHECK(index.Match("ai") == Rows{1});
  CHECK(index.Match("AI芯片") == Rows{1});
  CHECK(index.Match("iphone") == Rows{2});
  CHECK(index.Match("发布") == Rows{2});
  CHECK(index.Match("\"Apple 发布 iPhone\"") == Rows{2});
  CHECK(index.Match("\"发布iPhone新品\"") == Rows{2});
}

TEST_CASE("Phrases across CJK and punctuation keep their positions", "[tokenizer]") {
  Index index;
  index.Add("芯片AI，市场", "");
  index.Add("芯片和AI", "");
  CHECK(index.Match("\"芯片 AI\"") == Rows{1});
  CHECK(index.Match("\"片AI\"") == Rows{1});
  CHECK(index.Match("\"AI 市场\"") == Rows{1});
  CHECK(index.Match("\"芯片，市场\"").empty());
  CHECK(index.Match("NEAR(芯片 AI, 2)") == Rows{1, 2});
}

TEST_CASE("A one-character prefix finds every occurrence of the character", "[tokenizer]") {
  Index index;
  index.Add("量子计算机", "");  // 量 starts the run
  index.Add("能量", "");        // 量 ends the run
  index.Add("大量", "");
  index.Add("量", "");  // 量 alone
  index.Add("计算", "");
  CHECK(index.Match("量*") == Rows{1, 2, 3, 4});
  CHECK(index.Match("机*") == Rows{1});
  CHECK(index.Match("算*") == Rows{1, 5});
  CHECK(index.Match("量子*") == Rows{1});
  CHECK(index.Match("量子计*") == Rows{1});
  // Without the star a single character finds only runs that end with it (the documented gap).
  CHECK(index.Match("量") == Rows{2, 3, 4});
}

TEST_CASE("Korean words are found", "[tokenizer]") {
  Index index;
  index.Add("인공지능 연구소가 새로운 모델을 발표했다", "");
  index.Add("서울의 날씨", "");
  CHECK(index.Match("인공지능") == Rows{1});
  CHECK(index.Match("연구소") == Rows{1});
  CHECK(index.Match("모델") == Rows{1});
  CHECK(index.Match("날씨") == Rows{2});
  CHECK(index.Match("지능연구").empty());
}

TEST_CASE("Full-width letters and digits match their ASCII forms", "[tokenizer]") {
  Index index;
  index.Add("２０２４年ＡＩ大会", "");
  index.Add("2024年度报告", "");
  CHECK(index.Match("2024") == Rows{1, 2});
  CHECK(index.Match("２０２４") == Rows{1, 2});
  CHECK(index.Match("ai") == Rows{1});
  CHECK(index.Match("ＡＩ大会") == Rows{1});
  CHECK(index.Highlight("ai") == "２０２４年[ＡＩ]大会");
}

TEST_CASE("Half-width katakana match their full-width forms", "[tokenizer]") {
  Index index;
  index.Add("ｺﾝﾋﾟｭｰﾀｰを買う", "");
  CHECK(index.Match("コンピューター") == Rows{1});
  CHECK(index.Highlight("ピュ") == "ｺﾝ[ﾋﾟｭ]ｰﾀｰを買う");
}

TEST_CASE("Highlights cover exactly the matched characters", "[tokenizer]") {
  Index index;
  index.Add("AI芯片市场快速增长 robots", "");
  CHECK(index.Highlight("芯片") == "AI[芯片]市场快速增长 robots");
  CHECK(index.Highlight("芯片市场") == "AI[芯片市场]快速增长 robots");
  CHECK(index.Highlight("robot") == "AI芯片市场快速增长 [robots]");
  CHECK(index.Highlight("ai") == "[AI]芯片市场快速增长 robots");
}

TEST_CASE("Invalid UTF-8 does not crash and nearby words are still found", "[tokenizer]") {
  Index index;
  index.Add("robots\xFF\xFEmarket \xE4\xB8 芯片\x80研究 caf\xC3");
  index.Add(std::string("\xED\xA0\x80\xC0\xAF\xF5\x80\x80\x80 trailing 量子\xE8", 25));
  CHECK(index.Match("robot") == Rows{1});
  CHECK(index.Match("market") == Rows{1});
  CHECK(index.Match("芯片") == Rows{1});
  CHECK(index.Match("研究") == Rows{1});
  CHECK(index.Match("\"芯片研究\"").empty());  // the bad byte separated them
  CHECK(index.Match("caf") == Rows{1});
  CHECK(index.Match("trailing") == Rows{2});
  CHECK(index.Match("量子") == Rows{2});
}

TEST_CASE("Empty and separator-only text index nothing", "[tokenizer]") {
  Index index;
  index.Add("", "");
  index.Add("，。！ ", "   ");
  index.Add("正文", "");
  CHECK(index.Match("正文") == Rows{3});
  CHECK(index.Match("\"\"").empty());
}

TEST_CASE("Extra tokenizer arguments reach unicode61", "[tokenizer]") {
  Index index;
  index.Exec("CREATE VIRTUAL TABLE plain USING fts5(t, tokenize = 'tidings remove_diacritics 0')");
  index.Exec("INSERT INTO plain VALUES ('café 咖啡')");
  // With diacritics kept "cafe" no longer matches "café"; CJK is unaffected.
  CHECK(index.Count("SELECT count(*) FROM plain WHERE plain MATCH 'cafe'") == 0);
  CHECK(index.Count("SELECT count(*) FROM plain WHERE plain MATCH 'café'") == 1);
  CHECK(index.Count("SELECT count(*) FROM plain WHERE plain MATCH '咖啡'") == 1);
}

TEST_CASE("Registering needs a connection", "[tokenizer]") {
  CHECK(RegisterTokenizer(nullptr).code() == tidings::StatusCode::kInvalid);
}
