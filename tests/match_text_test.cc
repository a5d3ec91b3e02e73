// The text pipeline of topic matching (match/text.h): what terms users' rules and the model see.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "match/text.h"

namespace tidings::match {
namespace {

std::vector<std::string> Texts(const AnalyzedText& analyzed) {
  std::vector<std::string> texts;
  for (const Term& term : analyzed.terms) texts.push_back(term.text);
  return texts;
}

bool Has(const AnalyzedText& analyzed, const std::string& term) {
  const auto texts = Texts(analyzed);
  return std::find(texts.begin(), texts.end(), term) != texts.end();
}

}  // namespace

TEST_CASE("English text is case folded and stemmed", "[match][text]") {
  const AnalyzedText t = Analyze("Robots Learn to Walk", "The researchers' robots were walking.");
  CHECK(t.language == Language::kEnglish);
  CHECK(Texts(t) == std::vector<std::string>{"robot", "learn", "to", "walk", "the", "research",
                                             "robot", "were", "walk"});
  CHECK(t.title_terms == 4);
  CHECK(t.terms[0].in_title);
  CHECK_FALSE(t.terms[4].in_title);
  // Positions run on from the title into the body, one per word, for NEAR/n.
  for (std::size_t i = 0; i < t.terms.size(); ++i) CHECK(t.terms[i].position == i);
}

TEST_CASE("HTML bodies are reduced to text with entities decoded", "[match][text]") {
  const AnalyzedText t =
      Analyze("", "<p>Quantum&nbsp;<b>computers</b> &amp; qubits</p><script>var x = 1;</script>");
  CHECK(Has(t, "quantum"));
  CHECK(Has(t, "comput"));
  CHECK(Has(t, "qubit"));
  CHECK_FALSE(Has(t, "var"));
  CHECK_FALSE(Has(t, "amp"));
  CHECK_FALSE(Has(t, "p"));
}

TEST_CASE("Words keep internal apostrophes, periods and digit groups", "[match][text]") {
  // The same as ICU's word break rules for ASCII, with typographic apostrophes made ASCII, so
  // "company's" and "company’s" are one term.
  const AnalyzedText ascii = Analyze("", "the company's U.S. chip costs 1,000.50 dollars, 5G");
  const AnalyzedText curly = Analyze("", "the company’s U.S. chip costs 1,000.50 dollars, 5G");
  CHECK(Texts(ascii) == Texts(curly));
  CHECK(Has(ascii, "compani"));
  // "U.S." is one word, not "u" and "s" (its stem is whatever Snowball makes of it).
  const std::vector<std::string> us = NormalizeWord("U.S.", Language::kEnglish);
  REQUIRE(us.size() == 1);
  CHECK(Has(ascii, us[0]));
  CHECK(Has(ascii, "1,000.50"));
  CHECK(Has(ascii, "5g"));
}

TEST_CASE("NFKC case folding unifies full-width and accented forms", "[match][text]") {
  const AnalyzedText t = Analyze("ＡＩ Ｍｏｄｅｌ", "Straße");
  CHECK(Has(t, "ai"));
  CHECK(Has(t, "strasse"));
}

TEST_CASE("Chinese runs become overlapping bigrams", "[match][text]") {
  const AnalyzedText t = Analyze("量子计算机", "");
  CHECK(t.language == Language::kChinese);
  CHECK(Texts(t) == std::vector<std::string>{"量子", "子计", "计算", "算机"});
  // Latin words inside Chinese text are words of their own, folded but not stemmed.
  const AnalyzedText mixed = Analyze("苹果发布新款iPhones芯片", "");
  CHECK(mixed.language == Language::kChinese);
  CHECK(Has(mixed, "iphones"));
  CHECK(Has(mixed, "芯片"));
  CHECK(Has(mixed, "发布"));
}

TEST_CASE("Traditional Chinese gives the terms of Simplified Chinese", "[match][text]") {
  const AnalyzedText t = Analyze("量子計算機", "");
  CHECK(t.language == Language::kChinese);
  CHECK(Texts(t) == std::vector<std::string>{"量子", "子计", "计算", "算机"});
  CHECK(Texts(Analyze("我國科學家研製出新型晶片", "")) ==
        Texts(Analyze("我国科学家研制出新型晶片", "")));
  // Rules are normalized the same way: a rule in either script matches text in the other.
  CHECK(NormalizeWord("機器人", Language::kChinese) == NormalizeWord("机器人", Language::kChinese));
}

TEST_CASE("Languages are told apart by script and stopwords", "[match][text]") {
  CHECK(DetectLanguage("SpaceX launches crew to the space station") == Language::kEnglish);
  CHECK(DetectLanguage("Nvidia unveils new AI chips") == Language::kEnglish);
  CHECK(DetectLanguage("中国科学家发布量子计算机原型") == Language::kChinese);
  CHECK(DetectLanguage("量子コンピューターの開発が進む") == Language::kJapanese);
  // One kana makes a kanji headline Japanese, unless it is the "の" Chinese writing borrows.
  CHECK(DetectLanguage("東京株式市場、日経平均が続落") == Language::kJapanese);
  CHECK(DetectLanguage("我の世界：年轻人的网络用语") == Language::kChinese);
  CHECK(DetectLanguage("Le gouvernement est dans une situation difficile pour les élections") ==
        Language::kOther);
  CHECK(DetectLanguage("Die Regierung ist nicht mit der Entscheidung einverstanden") ==
        Language::kOther);
  // Foreign function words in names do not make an English headline foreign; in running text
  // they still count.
  CHECK(DetectLanguage("Self-driving car company expands robotaxi service to Los Angeles") ==
        Language::kEnglish);
  CHECK(DetectLanguage("Robotaxis come to Las Vegas and Los Angeles") == Language::kEnglish);
  CHECK(DetectLanguage("Le Pen wins in the first round") == Language::kEnglish);
  CHECK(DetectLanguage("Viaje a la luna con los astronautas de la NASA") == Language::kOther);
  CHECK(DetectLanguage("Los astronautas vuelven a la Tierra") == Language::kOther);
  // Other alphabets with a Latin brand or two are not English; English quoting a name in
  // another alphabet still is.
  CHECK(DetectLanguage("삼성전자, 새로운 AI 반도체 공개") == Language::kOther);
  CHECK(DetectLanguage("Новый чип NVIDIA для ИИ") == Language::kOther);
  CHECK(DetectLanguage("Η NASA εκτοξεύει νέο τηλεσκόπιο") == Language::kOther);
  CHECK(DetectLanguage("Roscosmos chief Юрий Борисов visits the launch site") ==
        Language::kEnglish);
  // Once a dozen function words settle the Latin part, the rest is only searched for Han and
  // kana: an English opening does not hide the Chinese or Japanese text after it.
  std::string english;
  for (int i = 0; i < 40; ++i) english += "The robot is in the lab and it is on the move. ";
  CHECK(DetectLanguage(english) == Language::kEnglish);
  std::string chinese = english.substr(0, 300);
  for (int i = 0; i < 40; ++i) chinese += "量子计算机";
  CHECK(DetectLanguage(chinese) == Language::kChinese);
  std::string japanese = english.substr(0, 300);
  for (int i = 0; i < 40; ++i) japanese += "量子コンピューター";
  CHECK(DetectLanguage(japanese) == Language::kJapanese);
  CHECK(DetectLanguage("") == Language::kOther);
  CHECK(DetectLanguage("12345 !!!") == Language::kOther);
  CHECK(LanguageCode(Language::kChinese) == "zh");
}

TEST_CASE("NormalizeWord gives the forms Analyze gives", "[match][text]") {
  CHECK(NormalizeWord("Robots", Language::kEnglish) == std::vector<std::string>{"robot"});
  CHECK(NormalizeWord("Robots", Language::kOther) == std::vector<std::string>{"robots"});
  CHECK(NormalizeWord("芯片组", Language::kChinese) == std::vector<std::string>{"芯片", "片组"});
}

TEST_CASE("Empty, binary and huge input is analyzed without trouble", "[match][text]") {
  CHECK(Analyze("", "").terms.empty());
  std::string binary;
  for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>((i * 7919) % 256));
  const AnalyzedText b = Analyze(binary, binary);
  for (const Term& term : b.terms) CHECK(term.text.size() <= 64 * 4);

  // 10 MB is cut to max_bytes: the cost stays that of 256 KB.
  std::string huge;
  while (huge.size() < 10 * 1024 * 1024) huge += "Robots and rockets in space. ";
  const auto start = std::chrono::steady_clock::now();
  const AnalyzedText h = Analyze(huge, huge);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(h.terms.size() < 2 * 256 * 1024 / 4);
  CHECK(h.terms.size() > 1000);
  CHECK(elapsed < std::chrono::seconds(5));

  // A cut inside a multi-byte character leaves valid text.
  const AnalyzedText cut = Analyze("", "量子计算机", 4);
  CHECK(Texts(cut) == std::vector<std::string>{"量"});
}

}  // namespace tidings::match
