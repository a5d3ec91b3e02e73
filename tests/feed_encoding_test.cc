// Tests for feed/encoding.h: which encoding a feed document is read in, and what comes out.
#include "base/file.h"
#include "feed/encoding.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tidings::feed {
namespace {

using Catch::Matchers::Contains;

struct Outcome {
  std::string utf8;
  std::string encoding;
  std::vector<std::string> warnings;

  std::string AllWarnings() const {
    std::string all;
    for (const std::string& warning : warnings) all += warning + "\n";
    return all;
  }
};

Outcome Run(std::string bytes, std::string_view content_type = "") {
  std::vector<std::string> warnings;
  Result<Decoded> result = DecodeToUtf8(std::move(bytes), content_type, &warnings);
  REQUIRE(result.ok());
  return {std::move(result->utf8), std::move(result->encoding), std::move(warnings)};
}

// A small feed document whose declaration names `encoding` ("" for no encoding attribute).
std::string Doc(std::string_view encoding, std::string_view title) {
  std::string doc = "<?xml version=\"1.0\"";
  if (!encoding.empty()) doc += " encoding=\"" + std::string(encoding) + "\"";
  return doc + "?><rss><title>" + std::string(title) + "</title></rss>";
}

std::string ReadFixture(const std::string& name) {
  tidings::Result<std::string> bytes =
      tidings::ReadFile(std::string(TIDINGS_TEST_DATA) + "/encoding/" + name);
  INFO(bytes.status().ToString());
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

std::string Utf16(std::u16string_view text, bool big_endian) {
  std::string out;
  for (const char16_t unit : text) {
    const char high = static_cast<char>(unit >> 8);
    const char low = static_cast<char>(unit & 0xFF);
    out += big_endian ? std::string{high, low} : std::string{low, high};
  }
  return out;
}

std::string Utf32(std::u32string_view text, bool big_endian) {
  std::string out;
  for (const char32_t code_point : text) {
    std::string unit(4, '\0');
    for (int i = 0; i < 4; ++i) {
      const auto byte = static_cast<char>((code_point >> (8 * i)) & 0xFF);
      unit[static_cast<std::size_t>(big_endian ? 3 - i : i)] = byte;
    }
    out += unit;
  }
  return out;
}

TEST_CASE("valid UTF-8 is returned unchanged with no warnings", "[encoding]") {
  const std::string doc = Doc("utf-8", "Grüße, 中文, Привет, 😀");
  for (const std::string_view type :
       {"", "application/rss+xml", "application/xml; charset=utf-8", "text/xml; charset=UTF-8"}) {
    const Outcome out = Run(doc, type);
    CHECK(out.utf8 == doc);
    CHECK(out.encoding == "utf-8");
    CHECK(out.warnings.empty());
  }
}

TEST_CASE("10 MB of valid UTF-8 or ASCII comes back in the same buffer", "[encoding]") {
  std::string text = Doc("utf-8", "");
  while (text.size() < 10'000'000)
    text += "<item><title>Grüße 中文 plain ascii text</title></item>";
  const std::string copy = text;
  const char* buffer = text.data();
  Result<Decoded> result = DecodeToUtf8(std::move(text), "application/rss+xml", nullptr);
  REQUIRE(result.ok());
  CHECK(result->utf8.data() == buffer);
  CHECK(result->utf8 == copy);

  std::string ascii(10'000'000, 'a');
  const char* ascii_buffer = ascii.data();
  // Pure ASCII reads the same in any ASCII-compatible encoding, so it is not converted either.
  Result<Decoded> latin = DecodeToUtf8(std::move(ascii), "text/xml; charset=iso-8859-1", nullptr);
  REQUIRE(latin.ok());
  CHECK(latin->utf8.data() == ascii_buffer);
  CHECK(latin->encoding == "windows-1252");
}

TEST_CASE("empty input and input that is only a byte order mark", "[encoding]") {
  std::vector<std::string> warnings;
  Result<Decoded> empty = DecodeToUtf8("", "", &warnings);
  REQUIRE(empty.ok());
  CHECK(empty->utf8.empty());
  CHECK(empty->encoding == "utf-8");
  CHECK(warnings.empty());

  using std::string_view_literals::operator""sv;
  const std::pair<std::string_view, std::string_view> boms[] = {
      {"\xEF\xBB\xBF"sv, "utf-8"},    {"\xFF\xFE"sv, "utf-16le"},     {"\xFE\xFF"sv, "utf-16be"},
      {"\xFF\xFE\0\0"sv, "utf-32le"}, {"\0\0\xFE\xFF"sv, "utf-32be"},
  };
  for (const auto& [bom, name] : boms) {
    const Outcome out = Run(std::string(bom));
    CHECK(out.utf8.empty());
    CHECK(out.encoding == name);
    CHECK(out.warnings.empty());
  }
}

TEST_CASE("a byte order mark wins over the Content-Type and the declaration", "[encoding]") {
  const std::string utf8_doc = Doc("windows-1252", "Grüße");
  Outcome out = Run("\xEF\xBB\xBF" + utf8_doc, "text/xml; charset=iso-8859-1");
  CHECK(out.utf8 == utf8_doc);  // BOM removed, ü not read as two windows-1252 characters
  CHECK(out.encoding == "utf-8");

  const std::u16string text16 = u"<?xml version=\"1.0\" encoding=\"utf-8\"?><t>中文 Grüße</t>";
  const std::string expected = "<?xml version=\"1.0\" encoding=\"utf-8\"?><t>中文 Grüße</t>";
  out = Run("\xFF\xFE" + Utf16(text16, false), "application/xml; charset=utf-8");
  CHECK(out.utf8 == expected);
  CHECK(out.encoding == "utf-16le");
  out = Run("\xFE\xFF" + Utf16(text16, true), "text/xml; charset=gb2312");
  CHECK(out.utf8 == expected);
  CHECK(out.encoding == "utf-16be");

  const std::u32string text32 = U"<t>😀 中文</t>";
  out = Run(std::string("\xFF\xFE\0\0", 4) + Utf32(text32, false));
  CHECK(out.utf8 == "<t>😀 中文</t>");
  CHECK(out.encoding == "utf-32le");
  out = Run(std::string("\0\0\xFE\xFF", 4) + Utf32(text32, true), "text/xml; charset=utf-8");
  CHECK(out.utf8 == "<t>😀 中文</t>");
  CHECK(out.encoding == "utf-32be");
}

TEST_CASE("UTF-16 and UTF-32 without a byte order mark are sniffed", "[encoding]") {
  const std::u16string text16 = u"<?xml version=\"1.0\" encoding=\"utf-16\"?><t>日本語</t>";
  const std::string expected = "<?xml version=\"1.0\" encoding=\"utf-16\"?><t>日本語</t>";
  Outcome out = Run(Utf16(text16, false));
  CHECK(out.utf8 == expected);
  CHECK(out.encoding == "utf-16le");
  out = Run(Utf16(text16, true), "application/atom+xml");
  CHECK(out.utf8 == expected);
  CHECK(out.encoding == "utf-16be");
  CHECK(out.warnings.empty());

  // A JSON feed, which starts with '{' rather than '<'.
  out = Run(Utf16(u"{\"title\":\"中文\"}", true), "application/feed+json");
  CHECK(out.utf8 == "{\"title\":\"中文\"}");
  CHECK(out.encoding == "utf-16be");

  out = Run(Utf32(U"<t>😀</t>", false));
  CHECK(out.utf8 == "<t>😀</t>");
  CHECK(out.encoding == "utf-32le");
  out = Run(Utf32(U"<t>😀</t>", true));
  CHECK(out.utf8 == "<t>😀</t>");
  CHECK(out.encoding == "utf-32be");

  // The bytes say UTF-16: a Content-Type that says otherwise is wrong.
  out = Run(Utf16(text16, false), "text/xml; charset=iso-8859-1");
  CHECK(out.utf8 == expected);
  CHECK(out.encoding == "utf-16le");
  CHECK_THAT(out.AllWarnings(), Contains("iso-8859-1") && Contains("utf-16le"));
}

TEST_CASE("the Content-Type charset is read in all its spellings", "[encoding]") {
  const std::string doc = Doc("", "\xC4\xE9");  // Äé in windows-1252 (invalid UTF-8)
  for (const std::string_view type :
       {"text/xml; charset=windows-1252", "text/xml;charset=\"ISO-8859-1\"",
        "application/rss+xml; Charset = \"latin1\"", "TEXT/XML; CHARSET='us-ascii'",
        "application/xml; q=0.9; charset=cp1252 ; foo=bar"}) {
    INFO(type);
    const Outcome out = Run(doc, type);
    CHECK(out.utf8 == Doc("", "Äé"));
    CHECK(out.encoding == "windows-1252");
    CHECK(out.warnings.empty());
  }
}

TEST_CASE("the XML declaration is read with either quote and leading whitespace", "[encoding]") {
  const std::string title = "\xCF\xF0\xE8\xE2\xE5\xF2";  // Привет in windows-1251
  for (const std::string& doc :
       {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>" + title + "</t>",
        "<?xml version='1.0' encoding='WINDOWS-1251' standalone='yes'?><t>" + title + "</t>",
        "\r\n  <?xml version=\"1.0\"  encoding = \"cp1251\" ?><t>" + title + "</t>"}) {
    const Outcome out = Run(doc, "application/rss+xml");
    CHECK_THAT(out.utf8, Contains("<t>Привет</t>"));
    CHECK(out.encoding == "windows-1251");
    CHECK(out.warnings.empty());
  }
  // Only the first kilobyte is looked at, and only a real declaration counts.
  const std::string late = std::string(1100, ' ') + "<?xml version=\"1.0\" encoding=\"koi8-r\"?>";
  CHECK(Run(late).encoding == "utf-8");
  CHECK(Run("<?xml-stylesheet encoding=\"koi8-r\"?><t/>").encoding == "utf-8");
}

TEST_CASE("the Content-Type charset wins over the declaration, with a warning", "[encoding]") {
  // KOI8-R bytes, declared windows-1251 in the document but koi8-r by the server.
  const std::string doc = Doc("windows-1251", "\xF0\xD2\xC9\xD7\xC5\xD4");
  for (const std::string_view type :
       {"text/xml; charset=koi8-r", "application/xml; charset=koi8-r"}) {
    const Outcome out = Run(doc, type);
    CHECK(out.utf8 == Doc("windows-1251", "Привет"));
    CHECK(out.encoding == "koi8-r");
    REQUIRE(out.warnings.size() == 1);
    CHECK_THAT(out.warnings[0], Contains("koi8-r") && Contains("windows-1251"));
  }
  // Labels of one encoding do not disagree.
  CHECK(Run(Doc("iso-8859-1", "\xE9"), "text/xml; charset=windows-1252").warnings.empty());
}

TEST_CASE("text/xml without a charset: RFC 3023's us-ascii, then what fits", "[encoding]") {
  // Pure ASCII: nothing to decide.
  Outcome out = Run(Doc("", "plain"), "text/xml");
  CHECK(out.utf8 == Doc("", "plain"));
  CHECK(out.warnings.empty());

  // Not ASCII, but declared: the declaration is used.
  out = Run(Doc("iso-8859-2", "\xBF\xF3\xB3\xE6"), "text/xml");
  CHECK(out.utf8 == Doc("iso-8859-2", "żółć"));
  CHECK(out.encoding == "iso-8859-2");

  // Not ASCII and not declared: UTF-8, with a warning that us-ascii did not fit.
  out = Run(Doc("", "中文"), "text/plain");
  CHECK(out.utf8 == Doc("", "中文"));
  CHECK(out.encoding == "utf-8");
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings[0], Contains("us-ascii"));

  // application/*xml without a charset has no such default: UTF-8 silently.
  out = Run(Doc("", "中文"), "application/rss+xml");
  CHECK(out.encoding == "utf-8");
  CHECK(out.warnings.empty());
}

TEST_CASE("labels are resolved as browsers resolve them", "[encoding]") {
  const std::pair<std::string_view, std::string_view> labels[] = {
      {"iso-8859-1", "windows-1252"},
      {"latin1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"gb2312", "gb18030"},
      {"GBK", "gb18030"},
      {"x-gbk", "gb18030"},
      {"gb18030", "gb18030"},
      {"big5", "big5"},
      {"Big5-HKSCS", "big5"},
      {"shift_jis", "shift_jis"},
      {"sjis", "shift_jis"},
      {"x-sjis", "shift_jis"},
      {"ms_kanji", "shift_jis"},
      {"windows-31j", "shift_jis"},
      {"euc-kr", "euc-kr"},
      {"ks_c_5601-1987", "euc-kr"},
      {"euc-jp", "euc-jp"},
      {"koi8-r", "koi8-r"},
      {"koi8-u", "koi8-u"},
      {"iso-8859-9", "windows-1254"},
      {"tis-620", "windows-874"},
      {"utf8", "utf-8"},
      {"UTF_8", "utf-8"},
      {"iso8859-15", "iso-8859-15"},
      {"latin2", "iso-8859-2"},
      {"iso-8859-16", "iso-8859-16"},
  };
  for (const auto& [label, name] : labels) {
    INFO(label);
    const Outcome out = Run(Doc("", "ascii"), "application/xml; charset=" + std::string(label));
    CHECK(out.encoding == name);
    CHECK(out.warnings.empty());
  }
  for (int n = 2; n <= 16; ++n) {
    if (n == 9 || n == 11 || n == 12)
      continue;  // 9 and 11 are windows-125x/874 aliases, 12 is no more
    const std::string name = "iso-8859-" + std::to_string(n);
    INFO(name);
    CHECK(Run(Doc(name, "ascii")).encoding == name);
  }
  for (int n = 1250; n <= 1258; ++n) {
    const std::string name = "windows-" + std::to_string(n);
    CHECK(Run(Doc("", "ascii"), "text/xml; charset=" + name).encoding == name);
  }
  // "unicode" and "utf-16" mean UTF-16LE when the bytes do not tell.
  const std::string chinese16 = Utf16(u"中文", false);  // no ASCII, so nothing to sniff
  CHECK(Run(chinese16, "text/plain; charset=unicode").utf8 == "中文");
  CHECK(Run(chinese16, "text/plain; charset=utf-16").encoding == "utf-16le");
  CHECK(Run(Utf16(u"中文", true), "text/plain; charset=utf-16be").utf8 == "中文");
}

TEST_CASE("real text in each encoding family", "[encoding]") {
  struct Sample {
    std::string_view label;
    std::string bytes;
    std::string_view text;
    std::string_view name;
  };
  const Sample samples[] = {
      {"gb2312", "\xD6\xD0\xCE\xC4", "中文", "gb18030"},
      {"gbk", "\xD6\xD0\xCE\xC4", "中文", "gb18030"},
      {"gb18030", "\xD6\xD0\xCE\xC4\x95\x32\x82\x36\xA2\xE3", "中文𠀀€", "gb18030"},
      {"big5", "\xA4\xA4\xA4\xE5", "中文", "big5"},
      {"big5", "\x9D\xF2", "𨋢", "big5"},  // an HKSCS character
      {"shift_jis", "\x93\xFA\x96\x7B\x8C\xEA", "日本語", "shift_jis"},
      {"shift_jis", "\x87\x40\x81\x60", "①～", "shift_jis"},  // Windows-31J extensions
      {"euc-jp", "\xC6\xFC\xCB\xDC\xB8\xEC", "日本語", "euc-jp"},
      {"iso-2022-jp", "\x1B$BF|K\\8l\x1B(B", "日本語", "iso-2022-jp"},
      {"euc-kr", "\xC7\xD1\xB1\xB9\xBE\xEE", "한국어", "euc-kr"},
      {"euc-kr", "\x8C\x63", "똠", "euc-kr"},  // only in windows-949
      {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "Привет", "koi8-r"},
      {"koi8-u", "\xF0\xD2\xC9\xD7\xA6\xD4", "Привіт", "koi8-u"},
      {"windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", "Привет", "windows-1251"},
      {"windows-1252",
       "Gr\xFC\xDF"
       "e \x80 \x93x\x94",
       "Grüße € “x”", "windows-1252"},
      {"iso-8859-1",
       "Gr\xFC\xDF"
       "e \x80",
       "Grüße €", "windows-1252"},
      {"iso-8859-2", "Za\xBF\xF3\xB3\xE6 g\xEA\xB6l\xB1 ja\xBC\xF1", "Zażółć gęślą jaźń",
       "iso-8859-2"},
      {"iso-8859-7", "\xC5\xEB\xEB\xE7\xED\xE9\xEA\xDC", "Ελληνικά", "iso-8859-7"},
      {"iso-8859-8", "\xF9\xEC\xE5\xED", "שלום", "iso-8859-8"},
      {"iso-8859-9", "\xD0\xFC\xFE\xE7\xF6", "Ğüşçö", "windows-1254"},
      {"iso-8859-16",
       "\xDE"
       "ar\xE3 \xBAi",
       "Țară și", "iso-8859-16"},
  };
  for (const Sample& sample : samples) {
    INFO(sample.label << " " << sample.text);
    // In the declaration and in the Content-Type.
    Outcome out = Run(Doc(sample.label, sample.bytes), "application/rss+xml");
    CHECK(out.utf8 == Doc(sample.label, sample.text));  // the declaration itself is left as it is
    CHECK(out.encoding == sample.name);
    CHECK(out.warnings.empty());
    out = Run(Doc("", sample.bytes), "text/xml; charset=" + std::string(sample.label));
    CHECK(out.utf8 == Doc("", sample.text));
    CHECK(out.encoding == sample.name);
    CHECK(out.warnings.empty());
  }
}

TEST_CASE("a single-byte declaration on UTF-8 bytes is read as UTF-8", "[encoding]") {
  for (const std::string_view label : {"iso-8859-1", "windows-1251", "koi8-r", "iso-8859-16"}) {
    INFO(label);
    const Outcome out = Run(Doc(label, "Grüße Привет"));
    CHECK(out.utf8 == Doc(label, "Grüße Привет"));
    CHECK(out.encoding == "utf-8");
    REQUIRE(out.warnings.size() == 1);
    CHECK_THAT(out.warnings[0], Contains("UTF-8"));
  }
  // UTF-8 with a stray windows-1252 byte is still UTF-8, repaired.
  Outcome mixed = Run(Doc("iso-8859-1", "Grüße Привет caf\xE9"));
  CHECK(mixed.utf8 == Doc("iso-8859-1", "Grüße Привет café"));
  CHECK(mixed.encoding == "utf-8");
  CHECK(mixed.warnings.size() == 2);
  // Real windows-1252 text in which two bytes happen to form UTF-8 stays windows-1252.
  mixed = Run(Doc("iso-8859-1", "\xC3\xA9 caf\xE9 na\xEFve r\xE9sum\xE9"));
  CHECK(mixed.utf8 == Doc("iso-8859-1", "Ã© café naïve résumé"));
  CHECK(mixed.encoding == "windows-1252");
  CHECK(mixed.warnings.empty());

  // The same bytes declared in a multi-byte CJK encoding are not second-guessed: "中文" in UTF-8
  // is also three valid GB18030 characters.
  const Outcome out = Run(Doc("gbk", "中文"));
  CHECK(out.encoding == "gb18030");
  CHECK(out.utf8 == Doc("gbk", "涓\xEE\x85\x9F枃"));  // the middle one is in a private use area
}

TEST_CASE("invalid UTF-8 is repaired byte by byte as windows-1252", "[encoding]") {
  // Valid sequences are kept; each invalid byte is read as windows-1252 (0x81 stays U+0081).
  Outcome out = Run(Doc("utf-8", "caf\xE9 \x80 中文 \x81 \x93q\x94"));
  CHECK(out.utf8 == Doc("utf-8", "café € 中文 \xC2\x81 “q”"));
  CHECK(out.encoding == "utf-8");
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings[0], Contains("declared utf-8 but 5 bytes were not"));

  // Ill-formed sequences: overlong, surrogate, above U+10FFFF, lone continuation, truncated.
  const std::pair<std::string, std::string> cases[] = {
      {"\xC0\xAF", "À¯"},
      {"\xE0\x80\xAF", "à€¯"},
      {"\xED\xA0\x80", "í\xC2\xA0€"},
      {"\xF4\x90\x80\x80", "ô\xC2\x90€€"},
      {"\xF5\x80", "õ€"},
      {"a\xBF", "a¿"},
      {"\xE4\xB8", "ä¸"},
  };
  for (const auto& [bytes, text] : cases) {
    out = Run(bytes);
    CHECK(out.utf8 == text);
    CHECK(out.warnings.size() == 1);
  }
  // Without an output for warnings, nothing goes wrong.
  Result<Decoded> quiet = DecodeToUtf8("\xFF", "", nullptr);
  REQUIRE(quiet.ok());
  CHECK(quiet->utf8 == "ÿ");
}

TEST_CASE("a Content-Type utf-8 on bytes in the declared encoding yields to it", "[encoding]") {
  const Outcome out = Run(Doc("gb2312", "\xD6\xD0\xCE\xC4"), "text/xml; charset=utf-8");
  CHECK(out.utf8 == Doc("gb2312", "中文"));
  CHECK(out.encoding == "gb18030");
  CHECK_THAT(out.AllWarnings(), Contains("utf-8") && Contains("gb18030"));
}

TEST_CASE("a UTF-16 declaration on ASCII-compatible bytes is ignored", "[encoding]") {
  // .NET writes encoding="utf-16" into documents that it then saves as UTF-8.
  Outcome out = Run(Doc("utf-16", "中文"));
  CHECK(out.utf8 == Doc("utf-16", "中文"));
  CHECK(out.encoding == "utf-8");
  CHECK_THAT(out.AllWarnings(), Contains("utf-16"));

  out = Run(Doc("windows-1252", "caf\xE9"), "application/xml; charset=utf-16");
  CHECK(out.utf8 == Doc("windows-1252", "café"));
  CHECK(out.encoding == "windows-1252");
}

TEST_CASE("bytes invalid in a legacy encoding become U+FFFD, counted once", "[encoding]") {
  // 0xA1 alone at the end is half an EUC-JP character; 0xFF never starts one.
  Outcome out = Run(Doc("", "\xC6\xFC\xFF\xCB\xDC\xA1"), "text/xml; charset=euc-jp");
  CHECK(out.utf8 == Doc("", "日\xEF\xBF\xBD本\xEF\xBF\xBD"));
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings[0], Contains("2") && Contains("euc-jp") && Contains("U+FFFD"));

  // An odd byte at the end of UTF-16.
  out = Run("\xFF\xFE" + Utf16(u"<t/>", false) + "x");
  CHECK(out.utf8 == "<t/>\xEF\xBF\xBD");
  CHECK(out.warnings.size() == 1);
}

TEST_CASE("an unknown encoding is read as UTF-8 with a warning", "[encoding]") {
  Outcome out = Run(Doc("x-klingon", "中文"));
  CHECK(out.utf8 == Doc("x-klingon", "中文"));
  CHECK(out.encoding == "utf-8");
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings[0], Contains("unknown encoding x-klingon, read as UTF-8"));

  // An unknown Content-Type charset gives way to a known declaration.
  out = Run(Doc("koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4"), "text/xml; charset=bogus");
  CHECK(out.utf8 == Doc("koi8-r", "Привет"));
  CHECK(out.encoding == "koi8-r");
  CHECK_THAT(out.AllWarnings(), Contains("bogus"));
}

TEST_CASE("whole feeds in legacy encodings decode to the expected UTF-8", "[encoding]") {
  // Each X.xml was made from X.expected.xml with iconv; the declaration keeps its old name.
  const std::pair<std::string_view, std::string_view> fixtures[] = {
      {"zh-gb2312", "gb18030"},
      {"zh-big5", "big5"},
      {"ja-shift_jis", "shift_jis"},
      {"ja-euc-jp", "euc-jp"},
      {"ko-euc-kr", "euc-kr"},
      {"ru-koi8-r", "koi8-r"},
      {"ru-windows-1251", "windows-1251"},
      {"de-iso-8859-1", "windows-1252"},
      {"pl-iso-8859-2", "iso-8859-2"},
      {"el-iso-8859-7", "iso-8859-7"},
  };
  for (const auto& [name, encoding] : fixtures) {
    INFO(name);
    const std::string expected = ReadFixture(std::string(name) + ".expected.xml");
    for (const std::string_view type : {"", "application/rss+xml", "text/xml"}) {
      const Outcome out = Run(ReadFixture(std::string(name) + ".xml"), type);
      CHECK(out.utf8 == expected);
      CHECK(out.encoding == encoding);
      CHECK(out.warnings.empty());
    }
  }
}

}  // namespace
}  // namespace tidings::feed
