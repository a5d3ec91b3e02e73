// Tests for base/html_entities.h and base/html_text.h.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "base/html_entities.h"
#include "base/html_text.h"

namespace tidings {
namespace {

std::string Utf8(char32_t code_point) {
  std::string out;
  AppendUtf8(code_point, &out);
  return out;
}

const std::string kReplacementChar = "\xEF\xBF\xBD";

TEST_CASE("LookupHtmlEntity finds common names", "[html]") {
  CHECK(LookupHtmlEntity("nbsp") == "\xC2\xA0");
  CHECK(LookupHtmlEntity("mdash") == "\xE2\x80\x94");
  CHECK(LookupHtmlEntity("hellip") == "\xE2\x80\xA6");
  CHECK(LookupHtmlEntity("amp") == "&");
  CHECK(LookupHtmlEntity("quot") == "\"");
  CHECK(LookupHtmlEntity("euro") == "\xE2\x82\xAC");
}

TEST_CASE("LookupHtmlEntity returns both code points of two-code-point names", "[html]") {
  CHECK(LookupHtmlEntity("NotEqualTilde") == "\xE2\x89\x82\xCC\xB8");  // U+2242 U+0338
  CHECK(LookupHtmlEntity("acE") == "\xE2\x88\xBE\xCC\xB3");            // U+223E U+0333
  CHECK(LookupHtmlEntity("bne") == "=\xE2\x83\xA5");                   // '=' U+20E5
  CHECK(LookupHtmlEntity("fjlig") == "fj");
}

TEST_CASE("LookupHtmlEntity covers the ends of the table and the longest name", "[html]") {
  CHECK(LookupHtmlEntity("AElig") == "\xC3\x86");
  CHECK(LookupHtmlEntity("zwnj") == "\xE2\x80\x8C");
  CHECK(LookupHtmlEntity("CounterClockwiseContourIntegral") == "\xE2\x88\xB3");
  CHECK(LookupHtmlEntity("NewLine") == "\n");
  CHECK(LookupHtmlEntity("Tab") == "\t");
}

TEST_CASE("LookupHtmlEntity is case-sensitive", "[html]") {
  CHECK(LookupHtmlEntity("AMP") == "&");
  CHECK(LookupHtmlEntity("Amp").empty());
  CHECK(LookupHtmlEntity("alpha") == "\xCE\xB1");
  CHECK(LookupHtmlEntity("Alpha") == "\xCE\x91");
  CHECK(LookupHtmlEntity("NBSP").empty());
}

TEST_CASE("LookupHtmlEntity wants the bare name", "[html]") {
  CHECK(LookupHtmlEntity("").empty());
  CHECK(LookupHtmlEntity("amp;").empty());
  CHECK(LookupHtmlEntity("&amp").empty());
  CHECK(LookupHtmlEntity("nosuchentity").empty());
  CHECK(LookupHtmlEntity(std::string(100, 'a')).empty());
}

TEST_CASE("DecodeHtmlEntities returns text without '&' unchanged", "[html]") {
  CHECK(DecodeHtmlEntities("").empty());
  CHECK(DecodeHtmlEntities("plain text; 100% <b>") == "plain text; 100% <b>");
  CHECK(DecodeHtmlEntities("\xFF\xFE broken \xC3") == "\xFF\xFE broken \xC3");
}

TEST_CASE("DecodeHtmlEntities decodes named references", "[html]") {
  CHECK(DecodeHtmlEntities("Ben &amp; Jerry") == "Ben & Jerry");
  CHECK(DecodeHtmlEntities("&lt;b&gt;") == "<b>");
  CHECK(DecodeHtmlEntities("a&nbsp;b") ==
        "a\xC2\xA0"
        "b");
  CHECK(DecodeHtmlEntities("x&mdash;y&hellip;") == "x\xE2\x80\x94y\xE2\x80\xA6");
  CHECK(DecodeHtmlEntities("&NotEqualTilde;!") == "\xE2\x89\x82\xCC\xB8!");
  CHECK(DecodeHtmlEntities("&fjlig;ord") == "fjord");
}

TEST_CASE("DecodeHtmlEntities accepts legacy names without a semicolon", "[html]") {
  CHECK(DecodeHtmlEntities("fish &amp chips") == "fish & chips");
  CHECK(DecodeHtmlEntities("&copy 2024") == "\xC2\xA9 2024");
  CHECK(DecodeHtmlEntities("1 &lt 2") == "1 < 2");
  CHECK(DecodeHtmlEntities("a&nbsp") == "a\xC2\xA0");
  CHECK(DecodeHtmlEntities("&AMP;&AMP") == "&&");
}

TEST_CASE("DecodeHtmlEntities keeps legacy names before '=' or alphanumerics", "[html]") {
  // The HTML5 attribute-value rule, used everywhere so that URLs in text survive.
  CHECK(DecodeHtmlEntities("?a=1&copy=2") == "?a=1&copy=2");
  CHECK(DecodeHtmlEntities("?x=1&para=2&sect=3") == "?x=1&para=2&sect=3");
  CHECK(DecodeHtmlEntities("&copy2024") == "&copy2024");
  CHECK(DecodeHtmlEntities("&notify") == "&notify");
  CHECK(DecodeHtmlEntities("&notin;") == "\xE2\x88\x89");
}

TEST_CASE("DecodeHtmlEntities needs a semicolon after names that are not legacy", "[html]") {
  CHECK(DecodeHtmlEntities("a &mdash b") == "a &mdash b");
  CHECK(DecodeHtmlEntities("wait&hellip") == "wait&hellip");
}

TEST_CASE("DecodeHtmlEntities keeps what is not a reference", "[html]") {
  CHECK(DecodeHtmlEntities("AT&T") == "AT&T");
  CHECK(DecodeHtmlEntities("a=1&b=2") == "a=1&b=2");
  CHECK(DecodeHtmlEntities("&foo; & &") == "&foo; & &");
  CHECK(DecodeHtmlEntities("&&amp;&") == "&&&");
  CHECK(DecodeHtmlEntities("&;") == "&;");
  CHECK(DecodeHtmlEntities("&Amp;") == "&Amp;");
}

TEST_CASE("DecodeHtmlEntities decodes only once", "[html]") {
  CHECK(DecodeHtmlEntities("&amp;lt;") == "&lt;");
  CHECK(DecodeHtmlEntities("&amp;#39;") == "&#39;");
}

TEST_CASE("DecodeHtmlEntities decodes decimal and hex references", "[html]") {
  CHECK(DecodeHtmlEntities("it&#39;s") == "it's");
  CHECK(DecodeHtmlEntities("it&#x27;s &#X27;") == "it's '");
  CHECK(DecodeHtmlEntities("&#8212;") == "\xE2\x80\x94");
  CHECK(DecodeHtmlEntities("&#x1F600;") == "\xF0\x9F\x98\x80");
  CHECK(DecodeHtmlEntities("&#x10FFFF;") == "\xF4\x8F\xBF\xBF");
  CHECK(DecodeHtmlEntities("&#0065;") == "A");
}

TEST_CASE("DecodeHtmlEntities maps 0x80-0x9F through windows-1252", "[html]") {
  CHECK(DecodeHtmlEntities("&#150;") == "\xE2\x80\x93");  // U+2013 EN DASH
  CHECK(DecodeHtmlEntities("&#x80;") == "\xE2\x82\xAC");  // U+20AC EURO SIGN
  CHECK(DecodeHtmlEntities("&#146;") == "\xE2\x80\x99");  // U+2019
  CHECK(DecodeHtmlEntities("&#x9f;") == "\xC5\xB8");      // U+0178
  CHECK(DecodeHtmlEntities("&#x81;") == "\xC2\x81");      // undefined in 1252: kept
  CHECK(DecodeHtmlEntities("&#160;") == "\xC2\xA0");      // past the table: as is
}

TEST_CASE("DecodeHtmlEntities turns invalid code points into U+FFFD", "[html]") {
  CHECK(DecodeHtmlEntities("&#0;") == kReplacementChar);
  CHECK(DecodeHtmlEntities("&#xD800;") == kReplacementChar);
  CHECK(DecodeHtmlEntities("&#57343;") == kReplacementChar);  // U+DFFF
  CHECK(DecodeHtmlEntities("&#1114112;") == kReplacementChar);
  CHECK(DecodeHtmlEntities("&#x110000;") == kReplacementChar);
  CHECK(DecodeHtmlEntities("&#99999999999999999999999999;") == kReplacementChar);
  CHECK(DecodeHtmlEntities("&#xFFFFFFFFFFFFFFFFFFFF41;") == kReplacementChar);
}

TEST_CASE("DecodeHtmlEntities tolerates numeric references without a semicolon", "[html]") {
  CHECK(DecodeHtmlEntities("&#39 x") == "' x");
  CHECK(DecodeHtmlEntities("&#65abc") == "Aabc");
  CHECK(DecodeHtmlEntities("&#x41g") == "Ag");
  CHECK(DecodeHtmlEntities("end&#39") == "end'");
}

TEST_CASE("DecodeHtmlEntities keeps '&#' without digits", "[html]") {
  CHECK(DecodeHtmlEntities("&#;") == "&#;");
  CHECK(DecodeHtmlEntities("&#x;") == "&#x;");
  CHECK(DecodeHtmlEntities("&#xg;") == "&#xg;");
  CHECK(DecodeHtmlEntities("#1 & &#") == "#1 & &#");
  CHECK(DecodeHtmlEntities("&#-1;") == "&#-1;");
}

TEST_CASE("DecodeHtmlEntities passes invalid UTF-8 through", "[html]") {
  CHECK(DecodeHtmlEntities("\xFF&amp;\xFE&\xC3") == "\xFF&\xFE&\xC3");
  CHECK(DecodeHtmlEntities(std::string_view("a\0&lt;b", 7)) == std::string("a\0<b", 4));
}

TEST_CASE("DecodeHtmlEntities keeps long alphanumeric runs", "[html]") {
  const std::string long_name = "&" + std::string(5000, 'a') + ";";
  CHECK(DecodeHtmlEntities(long_name) == long_name);
  const std::string many = std::string(10000, '&');
  CHECK(DecodeHtmlEntities(many) == many);
}

TEST_CASE("AppendUtf8 encodes every length", "[html]") {
  CHECK(Utf8(U'A') == "A");
  CHECK(Utf8(0x7F) == "\x7F");
  CHECK(Utf8(0x80) == "\xC2\x80");
  CHECK(Utf8(0x7FF) == "\xDF\xBF");
  CHECK(Utf8(0x800) == "\xE0\xA0\x80");
  CHECK(Utf8(0xFFFF) == "\xEF\xBF\xBF");
  CHECK(Utf8(0x10000) == "\xF0\x90\x80\x80");
  CHECK(Utf8(0x10FFFF) == "\xF4\x8F\xBF\xBF");
  CHECK(Utf8(0).size() == 1);
}

TEST_CASE("AppendUtf8 writes U+FFFD for invalid code points and appends", "[html]") {
  CHECK(Utf8(0xD800) == kReplacementChar);
  CHECK(Utf8(0xDFFF) == kReplacementChar);
  CHECK(Utf8(0x110000) == kReplacementChar);
  CHECK(Utf8(0xFFFFFFFF) == kReplacementChar);
  std::string out = "x";
  AppendUtf8(U'y', &out);
  CHECK(out == "xy");
}

TEST_CASE("HtmlToText strips tags and decodes references", "[html]") {
  CHECK(HtmlToText("<b>Ben &amp; Jerry</b>'s") == "Ben & Jerry's");
  CHECK(HtmlToText("wo<b>r</b>d") == "word");
  CHECK(HtmlToText("<a href=\"https://x/?a=1&amp;b=2\">link</a>") == "link");
}

TEST_CASE("HtmlToText decodes references after removing tags", "[html]") {
  CHECK(HtmlToText("&lt;b&gt;bold&lt;/b&gt;") == "<b>bold</b>");
  CHECK(HtmlToText("&lt;script&gt;x&lt;/script&gt;") == "<script>x</script>");
  CHECK(HtmlToText("&lt;!-- no --&gt;") == "<!-- no -->");
}

TEST_CASE("HtmlToText turns block tags into spaces", "[html]") {
  CHECK(HtmlToText("<p>one</p><p>two</p>") == "one two");
  CHECK(HtmlToText("a<br>b<br/>c<BR />d") == "a b c d");
  CHECK(HtmlToText("<ul><li>x</li><li>y</li></ul>") == "x y");
  CHECK(HtmlToText("<h2>Title</h2>Body") == "Title Body");
  CHECK(HtmlToText("a<hr>b<div>c</div>d") == "a b c d");
  CHECK(HtmlToText("<table><tr><td>1</td><td>2</td></tr></table>") == "1 2");
  CHECK(HtmlToText("<blockquote>q</blockquote>r") == "q r");
  CHECK(HtmlToText("<P>a</P><DIV>b</DIV>") == "a b");
}

TEST_CASE("HtmlToText drops comments", "[html]") {
  CHECK(HtmlToText("a<!-- hidden <b>bold</b> -->b") == "ab");
  CHECK(HtmlToText("a<!---->b<!-->c<!--->d") == "abcd");
  CHECK(HtmlToText("a <!-- never closed <p>b") == "a");
}

TEST_CASE("HtmlToText drops script and style with their content", "[html]") {
  CHECK(HtmlToText("a<script>if (a<b) x='</p>';</script>b") == "ab");
  CHECK(HtmlToText("a<SCRIPT type=\"x\">y</Script >b") == "ab");
  CHECK(HtmlToText("<style>p { color: red }</style>text") == "text");
  CHECK(HtmlToText("a<script>never closed") == "a");
  CHECK(HtmlToText("<scripts>kept</scripts>") == "kept");
  CHECK(HtmlToText("<script></scriptx>y</script>z") == "z");
}

TEST_CASE("HtmlToText keeps '<' that does not start a tag", "[html]") {
  CHECK(HtmlToText("x < y") == "x < y");
  CHECK(HtmlToText("1 <2 and <= 3") == "1 <2 and <= 3");
  CHECK(HtmlToText("I <3 you") == "I <3 you");
  CHECK(HtmlToText("<<b>>") == "<>");
  CHECK(HtmlToText("a <") == "a <");
}

TEST_CASE("HtmlToText drops an unclosed tag at the end", "[html]") {
  CHECK(HtmlToText("text <a href=") == "text");
  CHECK(HtmlToText("a<b") == "a");
  CHECK(HtmlToText("x <img alt=\"unterminated>") == "x");
}

TEST_CASE("HtmlToText reads quoted attribute values", "[html]") {
  CHECK(HtmlToText("<a title=\"x > y\">link</a>") == "link");
  CHECK(HtmlToText("<a title='x > y'>link</a>") == "link");
  CHECK(HtmlToText("<a title = \"a>b\" >t</a>") == "t");
  CHECK(HtmlToText("<a href=x\">t</a>") == "t");  // a stray quote is part of the value
}

TEST_CASE("HtmlToText drops doctypes, processing instructions and bogus comments", "[html]") {
  CHECK(HtmlToText("<!DOCTYPE html><?xml version='1.0'?>x") == "x");
  CHECK(HtmlToText("a</>b") == "ab");
  CHECK(HtmlToText("a</ b>c") == "ac");
}

TEST_CASE("HtmlToText keeps CDATA content", "[html]") {
  CHECK(HtmlToText("<![CDATA[Foo & bar]]>") == "Foo & bar");
  CHECK(HtmlToText("<p><![CDATA[x]]></p>y") == "x y");
  CHECK(HtmlToText("<![CDATA[open") == "open");
}

TEST_CASE("HtmlToText collapses and trims white space", "[html]") {
  CHECK(HtmlToText("  a \n\t b  ") == "a b");
  CHECK(HtmlToText("<p> a </p>\n<p> b </p>") == "a b");
  CHECK(HtmlToText("a&#10;&#10;&#9;b") == "a b");
  CHECK(HtmlToText("").empty());
  CHECK(HtmlToText("<br><p></p>  ").empty());
}

TEST_CASE("HtmlToText keeps inner U+00A0 and trims it at the ends", "[html]") {
  CHECK(HtmlToText("a&nbsp;b") ==
        "a\xC2\xA0"
        "b");
  CHECK(HtmlToText("&nbsp; x &nbsp;") == "x");
  CHECK(HtmlToText("<p>&nbsp;</p>").empty());
  CHECK(HtmlToText("a &nbsp; b") == "a \xC2\xA0 b");
}

TEST_CASE("HtmlToText passes invalid UTF-8 through", "[html]") {
  CHECK(HtmlToText("\xFF<b>\xFE</b>\xC3") == "\xFF\xFE\xC3");
}

TEST_CASE("HtmlToText stays fast on pathological input", "[html]") {
  // Each of these would be quadratic with a naive rescan; 400 KB keeps that visible as a timeout.
  const std::string lts(400000, '<');
  CHECK(HtmlToText(lts) == lts);
  std::string opens;
  for (int i = 0; i < 100000; ++i) opens += "<a x=";
  CHECK(HtmlToText("t" + opens) == "t");
  std::string scripts;
  for (int i = 0; i < 50000; ++i) scripts += "<script></scrip";
  CHECK(HtmlToText("t" + scripts) == "t");
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "<!-- -";
  CHECK(HtmlToText("t" + comments) == "t");
}

TEST_CASE("EscapeHtml escapes the four special characters", "[html]") {
  CHECK(EscapeHtml("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
  CHECK(EscapeHtml("").empty());
  CHECK(EscapeHtml("plain \xFF") == "plain \xFF");
}

TEST_CASE("EscapeHtml output decodes back to the input", "[html]") {
  for (const std::string_view text :
       {"&amp;", "<b>&copy</b>", "AT&T \"q\"", "&#39;&lt", "x<y>z&"}) {
    CHECK(DecodeHtmlEntities(EscapeHtml(text)) == text);
    CHECK(HtmlToText(EscapeHtml(text)) == text);
  }
}

TEST_CASE("CollapseWhitespace collapses ASCII white space and trims", "[html]") {
  CHECK(CollapseWhitespace("  a  b\t\nc\r\f ") == "a b c");
  CHECK(CollapseWhitespace("").empty());
  CHECK(CollapseWhitespace(" \n\t ").empty());
  CHECK(CollapseWhitespace("one") == "one");
  CHECK(CollapseWhitespace("\xC2\xA0 a") == "\xC2\xA0 a");  // U+00A0 is not ASCII space
}

TEST_CASE("LooksLikeHtml detects tags", "[html]") {
  CHECK(LooksLikeHtml("<b>x</b>"));
  CHECK(LooksLikeHtml("text</p>"));
  CHECK(LooksLikeHtml("line<br/>"));
  CHECK(LooksLikeHtml("a <!-- c -->"));
  CHECK(LooksLikeHtml("a<img src=\"x.png\">"));
}

TEST_CASE("LooksLikeHtml reads a lone or unknown tag as text that mentions it", "[html]") {
  CHECK_FALSE(LooksLikeHtml("The <dialog> element is here"));
  CHECK_FALSE(LooksLikeHtml("Vector<int> in C++"));
  CHECK_FALSE(LooksLikeHtml("a<b c>"));  // a start tag alone: no end tag follows
  CHECK_FALSE(LooksLikeHtml("</notatag>"));
}

TEST_CASE("LooksLikeHtml detects character references", "[html]") {
  CHECK(LooksLikeHtml("Tom &amp; Jerry"));
  CHECK(LooksLikeHtml("it&#39;s"));
  CHECK(LooksLikeHtml("&#x1F;"));
  CHECK(LooksLikeHtml("&NotEqualTilde;"));
}

TEST_CASE("LooksLikeHtml rejects plain text", "[html]") {
  CHECK_FALSE(LooksLikeHtml(""));
  CHECK_FALSE(LooksLikeHtml("x < y"));
  CHECK_FALSE(LooksLikeHtml("a<b"));
  CHECK_FALSE(LooksLikeHtml("5 > 3 < 4"));
  CHECK_FALSE(LooksLikeHtml("> <b"));
  CHECK_FALSE(LooksLikeHtml("I <3 you >"));
  CHECK_FALSE(LooksLikeHtml("AT&T"));
  CHECK_FALSE(LooksLikeHtml("a=1&b=2"));
  CHECK_FALSE(LooksLikeHtml("&copy 2024"));  // legacy references without ';' do not count
  CHECK_FALSE(LooksLikeHtml("&foo; &#; &#x; &#123"));
  CHECK_FALSE(LooksLikeHtml("a </ b >"));
}

}  // namespace
}  // namespace tidings
