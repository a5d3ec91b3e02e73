#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <pugixml.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "feed/xml_repair.h"

namespace {

using tidings::feed::RepairXml;

constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_embed_pcdata;

bool Parses(const std::string& xml, pugi::xml_document* doc) {
  pugi::xml_parse_result result =
      doc->load_buffer(xml.data(), xml.size(), kParseFlags, pugi::encoding_utf8);
  if (!result) UNSCOPED_INFO("pugixml: " << result.description() << " at " << result.offset);
  return static_cast<bool>(result);
}

// Repairs `text`, checks that pugixml accepts the result the way the feed parser loads it, and
// returns the result.
std::string Repaired(std::string_view text, std::vector<std::string>* warnings = nullptr) {
  std::string xml = RepairXml(text, warnings);
  pugi::xml_document doc;
  INFO("repaired: " << xml);
  CHECK(Parses(xml, &doc));
  return xml;
}

// The text (PCDATA and CDATA children) of the first node that `xpath` selects in the repaired
// `text`, or the value of the attribute it selects.
std::string TextAt(std::string_view text, const char* xpath) {
  std::string xml = Repaired(text);
  pugi::xml_document doc;
  if (!Parses(xml, &doc)) return "<unparsed>";
  pugi::xpath_node node = doc.select_node(xpath);
  if (!node) return "<missing>";
  if (node.attribute()) return node.attribute().value();
  std::string content = node.node().value();  // parse_embed_pcdata puts the first text here.
  for (pugi::xml_node child : node.node().children()) content += child.value();
  return content;
}

std::string JoinWarnings(const std::vector<std::string>& warnings) {
  std::string joined;
  for (const std::string& warning : warnings) joined += warning + "\n";
  return joined;
}

}  // namespace

TEST_CASE("unescaped HTML in a description becomes well-formed elements", "[repair]") {
  CHECK(Repaired("<rss><description><p>Hi<br>there</description></rss>") ==
        "<rss><description><p>Hi<br/>there</p></description></rss>\n");
}

TEST_CASE("unquoted attribute values are quoted", "[repair]") {
  CHECK(Repaired("<rss><img src=foo.jpg><a href=/x/?a=1 title=x>l</a></rss>") ==
        "<rss><img src=\"foo.jpg\"/><a href=\"/x/?a=1\" title=\"x\">l</a></rss>\n");
}

TEST_CASE("single-quoted values are kept and double quotes in them escaped", "[repair]") {
  CHECK(Repaired("<rss><a title='say \"hi\"' b='x'>t</a>&</rss>") ==
        "<rss><a title=\"say &quot;hi&quot;\" b=\"x\">t</a>&amp;</rss>\n");
}

TEST_CASE("unclosed paragraphs are closed where their parent ends", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><item><p>one<p>two</item>\n</rss>", &warnings) ==
        "<rss><item><p>one<p>two</p></p></item>\n</rss>\n");
  CHECK(JoinWarnings(warnings) == "closed 2 unclosed elements (first <p> at line 1)\n");
}

TEST_CASE("a bare ampersand in text is escaped", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><title>AT&T & co</title></rss>", &warnings) ==
        "<rss><title>AT&amp;T &amp; co</title></rss>\n");
  CHECK(TextAt("<rss><title>AT&T & co</title></rss>", "/rss/title") == "AT&T & co");
  CHECK(JoinWarnings(warnings) == "escaped 2 bare '&' (first at line 1)\n");
}

TEST_CASE("a bare ampersand in a link keeps the URL", "[repair]") {
  CHECK(TextAt("<rss><link>http://x.org/?a=1&b=2&copy=3</link></rss>", "/rss/link") ==
        "http://x.org/?a=1&b=2&copy=3");
}

TEST_CASE("HTML named entities are replaced by their characters", "[repair]") {
  std::vector<std::string> warnings;
  std::string xml = Repaired("<rss>\n<t>a&nbsp;b&mdash;c&hellip;caf&eacute;</t></rss>", &warnings);
  CHECK(xml == "<rss>\n<t>a\u00a0b\u2014c\u2026caf\u00e9</t></rss>\n");
  CHECK(JoinWarnings(warnings) == "repaired 4 undeclared entities (first &nbsp; at line 2)\n");
}

TEST_CASE("unknown entity names keep their text", "[repair]") {
  CHECK(Repaired("<rss>&foo; &nbsp &#; &#x;</rss>") ==
        "<rss>&amp;foo; &amp;nbsp &amp;#; &amp;#x;</rss>\n");
  CHECK(TextAt("<rss><t>&bogus;</t></rss>", "/rss/t") == "&bogus;");
}

TEST_CASE("the references XML predefines stay references", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss>&amp;&lt;&gt;&quot;&apos; &#65;&#x41;<</rss>", &warnings) ==
        "<rss>&amp;&lt;&gt;&quot;&apos; &#65;&#x41;&lt;</rss>\n");
  CHECK(JoinWarnings(warnings) == "escaped 1 stray '<' (first at line 1)\n");
}

TEST_CASE("an uppercase X in a hex reference is written the way XML spells it", "[repair]") {
  CHECK(Repaired("<rss>&#X2014;&</rss>") == "<rss>&#x2014;&amp;</rss>\n");
}

TEST_CASE("invalid numeric references become U+FFFD or are dropped", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss>a&#0;b&#xD800;c&#x110000;d&#1;e&#99999999999999999999;f&#xFFFE;</rss>",
                 &warnings) == "<rss>a\uFFFDb\uFFFDc\uFFFDde\uFFFDf\uFFFD</rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "replaced 6 invalid character references (first &#0; at line 1)\n");
}

TEST_CASE("HTML5 entities for markup characters become predefined references", "[repair]") {
  CHECK(Repaired("<rss a=\"&QUOT;\">&LT;b&GT; &AMP; &QUOT;</rss>") ==
        "<rss a=\"&quot;\">&lt;b&gt; &amp; &quot;</rss>\n");
  CHECK(TextAt("<rss><t>&LT;b&GT;&AMP;</t></rss>", "/rss/t") == "<b>&");
  CHECK(Repaired("<rss>&nvlt;</rss>") == "<rss>&lt;\u20D2</rss>\n");
}

TEST_CASE("references in attribute values are repaired like those in text", "[repair]") {
  CHECK(Repaired("<rss><a href=\"/?a=1&b=2&amp;c=3\" t=\"x&nbsp;y\">l</a></rss>") ==
        "<rss><a href=\"/?a=1&amp;b=2&amp;c=3\" t=\"x\u00a0y\">l</a></rss>\n");
}

TEST_CASE("characters XML forbids are removed everywhere", "[repair]") {
  std::vector<std::string> warnings;
  std::string text = "<rss a=\"x\x01y\">t\x0Bu\x1F\xEF\xBF\xBEv\xEF\xBF\xBF<![CDATA[c\x02]]>";
  text += std::string("<!--\x0C-->\0w</rss>", 16);
  CHECK(Repaired(text, &warnings) == "<rss a=\"xy\">tuv<![CDATA[c]]><!---->w</rss>\n");
  CHECK(JoinWarnings(warnings) == "removed 8 characters that XML forbids (first at line 1)\n");
}

TEST_CASE("tabs, line feeds, carriage returns and other characters are kept", "[repair]") {
  CHECK(Repaired("<rss>a\tb\r\nc \xEF\xBF\xBD \xF0\x9F\x98\x80 \xC2\x85&</rss>") ==
        "<rss>a\tb\r\nc \xEF\xBF\xBD \xF0\x9F\x98\x80 \xC2\x85&amp;</rss>\n");
}

TEST_CASE("PHP warnings before the declaration are dropped", "[repair]") {
  std::vector<std::string> warnings;
  std::string text =
      "<br />\n<b>Warning</b>:  Cannot modify header in <b>/var/www/feed.php</b> on line "
      "<b>3</b><br />\n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>&";
  CHECK(Repaired(text, &warnings) == "<rss version=\"2.0\"><channel/></rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "dropped 96 bytes before the root element (from line 1)\n"
        "removed 1 misplaced XML declaration (first at line 3)\n"
        "dropped 1 byte after the root element closed (from line 4)\n");
}

TEST_CASE("a declaration at the start is kept and labelled UTF-8", "[repair]") {
  CHECK(Repaired("<?xml version='1.0' encoding='windows-1252'?>\n<rss>&</rss>") ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss>&amp;</rss>\n");
}

TEST_CASE("a declaration after leading whitespace or inside the root is removed", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("\n <?xml version=\"1.0\"?><rss><?xml version=\"1.0\"?>&</rss>", &warnings) ==
        "<rss>&amp;</rss>\n");
  CHECK(JoinWarnings(warnings).find("removed 2 misplaced XML declarations (first at line 2)") !=
        std::string::npos);
}

TEST_CASE("the root is the first feed element, whatever its prefix or case", "[repair]") {
  CHECK(Repaired("junk <b>x</b> <rdf:RDF a=\"1\"><item/></rdf:RDF>") ==
        "<rdf:RDF a=\"1\"><item/></rdf:RDF>\n");
  CHECK(Repaired("<p>x<RDF/>") == "<RDF/>\n");
  CHECK(Repaired("<div><atom:feed/>") == "<atom:feed/>\n");
  CHECK(Repaired("<html><RSS>&</RSS>") == "<RSS>&amp;</RSS>\n");
  CHECK(Repaired("<p>Error</p><channel><title>t</title></channel>") ==
        "<channel><title>t</title></channel>\n");
}

TEST_CASE("without a feed element, the first element is the root", "[repair]") {
  CHECK(Repaired("garbage text\n<opml version=\"2.0\"><body/></opml>") ==
        "<opml version=\"2.0\"><body/></opml>\n");
}

TEST_CASE("a text without any element gets an empty document element", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("just some text & more", &warnings) == "<document/>\n");
  CHECK(Repaired("") == "<document/>\n");
  CHECK(Repaired("<!-- only a comment -->") == "<document/>\n");
  CHECK(JoinWarnings(warnings) == "found no element; wrote an empty <document/>\n");
}

TEST_CASE("comments and PIs before the root are kept", "[repair]") {
  CHECK(Repaired("<?xml version=\"1.0\"?><!-- c --><?xml-stylesheet href=\"s.xsl\"?><rss/>") ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n"
        "<?xml-stylesheet href=\"s.xsl\"?>\n<rss/>\n");
}

TEST_CASE("DOCTYPE declarations are removed and their entities never expanded", "[repair]") {
  std::vector<std::string> warnings;
  std::string text =
      "<!DOCTYPE rss [ <!ENTITY boom \"<x>&lol;</x>\"> <!-- ] > --> ]>\n"
      "<rss>&boom;<!DOCTYPE html></rss>";
  CHECK(Repaired(text, &warnings) == "<rss>&amp;boom;</rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "removed 2 DOCTYPE declarations (first at line 1)\n"
        "escaped 1 bare '&' (first at line 2)\n");
}

TEST_CASE("a stray '<' in text is escaped", "[repair]") {
  CHECK(TextAt("<rss><t>a < b, I <3 it, <1abc>, <= 2, <</t></rss>", "/rss/t") ==
        "a < b, I <3 it, <1abc>, <= 2, <");
  CHECK(TextAt("<rss><t>\xE9\x80\x9F\xE5\xA0\xB1: <\xE9\x80\x9F\xE5\xA0\xB1></t></rss>",
               "/rss/t") == "\xE9\x80\x9F\xE5\xA0\xB1: <\xE9\x80\x9F\xE5\xA0\xB1>");
}

TEST_CASE("attributes without a value get their name as value", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><input disabled type=checkbox checked></rss>", &warnings) ==
        "<rss><input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\"/></rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "quoted 1 unquoted attribute value (first at line 1)\n"
        "gave 2 attributes without a value their names as values (first disabled at line 1)\n"
        "self-closed 1 HTML void element (first <input> at line 1)\n");
}

TEST_CASE("duplicate attributes keep the first value", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><a href=\"1\" b=\"x\" href=\"2\" b='y'>t</a></rss>", &warnings) ==
        "<rss><a href=\"1\" b=\"x\">t</a></rss>\n");
  CHECK(JoinWarnings(warnings) == "dropped 2 duplicate attributes (first href at line 1)\n");
}

TEST_CASE("duplicates are found among many attributes", "[repair]") {
  std::string tag = "<rss";
  for (int i = 0; i < 100; ++i) tag += " a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
  std::string xml = Repaired(tag + " a7=\"x\" a99=\"y\" z=\"1\"/>");
  CHECK(xml == tag + " z=\"1\"/>\n");
}

TEST_CASE("'<' and '&' inside attribute values are escaped", "[repair]") {
  CHECK(Repaired("<rss><a title=\"a<b & c\" x=a<b>t</a></rss>") ==
        "<rss><a title=\"a&lt;b &amp; c\" x=\"a&lt;b\">t</a></rss>\n");
}

TEST_CASE("what is no attribute in a tag is dropped", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><a @click=\"go()\" href=\"x\"\" 1=2 = / title=t>l</a></rss>", &warnings) ==
        "<rss><a href=\"x\" title=\"t\">l</a></rss>\n");
  CHECK(JoinWarnings(warnings).find("dropped 4 malformed attributes or stray characters in tags") !=
        std::string::npos);
}

TEST_CASE("a tag missing its '>' ends at the next '<'", "[repair]") {
  CHECK(Repaired("<rss><a href=\"x\"<b>t</b></a></rss>") ==
        "<rss><a href=\"x\"><b>t</b></a></rss>\n");
}

TEST_CASE("end tags that match nothing are dropped", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><title>a</b>b</p></title>\n</div></rss>", &warnings) ==
        "<rss><title>ab</title>\n</rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "dropped 3 end tags that matched no open element (first </b> at line 1)\n");
}

TEST_CASE("a mismatched end tag closes the elements opened since its match", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><item>\n<title><b>x</item><item><i>y</rss>", &warnings) ==
        "<rss><item>\n<title><b>x</b></title></item><item><i>y</i></item></rss>\n");
  CHECK(JoinWarnings(warnings) == "closed 4 unclosed elements (first <b> at line 2)\n");
}

TEST_CASE("end tags match start tags whatever their ASCII case", "[repair]") {
  CHECK(Repaired("<rss><P>a</p><Div>b</DIV></rss>") == "<rss><P>a</P><Div>b</Div></rss>\n");
}

TEST_CASE("HTML void elements are written self-closed", "[repair]") {
  CHECK(Repaired("<rss><br><hr><img src=\"a\"><wbr><input><area><col><embed><param><track>"
                 "<BR></br><img></img>x</rss>") ==
        "<rss><br/><hr/><img src=\"a\"/><wbr/><input/><area/><col/><embed/><param/><track/>"
        "<BR/><img/>x</rss>\n");
}

TEST_CASE("link, meta and source are not void: they have content in feeds", "[repair]") {
  CHECK(Repaired("<rss><link>http://x.org/</link><source url=\"u\">S</source><meta>m</meta>"
                 "&</rss>") ==
        "<rss><link>http://x.org/</link><source url=\"u\">S</source><meta>m</meta>&amp;</rss>\n");
}

TEST_CASE("a document truncated in text is closed at its end", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss>\n<channel>\n<item>\n<title>Half a ti", &warnings) ==
        "<rss>\n<channel>\n<item>\n<title>Half a ti</title></item></channel></rss>\n");
  CHECK(JoinWarnings(warnings) == "the document was truncated at line 4; closed 4 open elements\n");
}

TEST_CASE("a document truncated inside a tag or an attribute is closed", "[repair]") {
  CHECK(Repaired("<rss><item><enclosure url=\"http://x.org/a.mp") ==
        "<rss><item><enclosure url=\"http://x.org/a.mp\"/></item></rss>\n");
  CHECK(Repaired("<rss><item><enclosure url") ==
        "<rss><item><enclosure url=\"url\"/></item></rss>\n");
  CHECK(Repaired("<rss version=\"2") == "<rss version=\"2\"/>\n");
  CHECK(Repaired("<rss><item></ite") == "<rss><item></item></rss>\n");
  CHECK(Repaired("<rss><t>a<") == "<rss><t>a&lt;</t></rss>\n");
  CHECK(Repaired("<rss><t>a&am") == "<rss><t>a&amp;am</t></rss>\n");
}

TEST_CASE("a comment or CDATA section left open is terminated", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><t><![CDATA[<p>half", &warnings) ==
        "<rss><t><![CDATA[<p>half]]></t></rss>\n");
  CHECK(JoinWarnings(warnings) ==
        "terminated 1 unclosed comment, CDATA section or processing instruction (first at line "
        "1)\nthe document was truncated at line 1; closed 2 open elements\n");
  CHECK(Repaired("<rss><!-- never closed <b>x</b></rss>") ==
        "<rss><!-- never closed <b>x</b></rss>--></rss>\n");
  CHECK(Repaired("<rss><?php echo 1;") == "<rss><?php echo 1;?></rss>\n");
}

TEST_CASE("'--' inside comments is broken up", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss><!-- a -- b ---><!----->&</rss>", &warnings) ==
        "<rss><!-- a - - b - --><!--- -->&amp;</rss>\n");
  CHECK(JoinWarnings(warnings).find("fixed 3 \"--\" inside comments") != std::string::npos);
}

TEST_CASE("CDATA sections, comments and PIs keep their content", "[repair]") {
  CHECK(Repaired("<rss><![CDATA[<p>a & b</p>]]><!-- <x> & --><?pi a<b&c?>&</rss>") ==
        "<rss><![CDATA[<p>a & b</p>]]><!-- <x> & --><?pi a<b&c?>&amp;</rss>\n");
  CHECK(Repaired("<rss><?pi\"x\"?>&</rss>") == "<rss><?pi \"x\"?>&amp;</rss>\n");
}

TEST_CASE("a removed character cannot end a CDATA section early", "[repair]") {
  CHECK(Repaired("<rss><t><![CDATA[a]]\x01>b]]></t></rss>") ==
        "<rss><t><![CDATA[a]]]]><![CDATA[>b]]></t></rss>\n");
  CHECK(TextAt("<rss><t><![CDATA[a]]\x01>b]]></t>&</rss>", "/rss/t") == "a]]>b");
}

TEST_CASE("a CDATA end marker in text is escaped", "[repair]") {
  CHECK(Repaired("<rss>a]]>b&</rss>") == "<rss>a]]&gt;b&amp;</rss>\n");
}

TEST_CASE("undeclared namespace prefixes are left as they are", "[repair]") {
  CHECK(Repaired("<rss><media:content url=\"u\" x:y=\"1\">&</media:content></rss>") ==
        "<rss><media:content url=\"u\" x:y=\"1\">&amp;</media:content></rss>\n");
}

TEST_CASE("junk after the root element is dropped, comments after it kept", "[repair]") {
  std::vector<std::string> warnings;
  CHECK(Repaired("<rss>&</rss>\n<!-- 0.2 s -->\n<rss>second</rss><b>x", &warnings) ==
        "<rss>&amp;</rss>\n<!-- 0.2 s -->\n");
  CHECK(JoinWarnings(warnings) ==
        "escaped 1 bare '&' (first at line 1)\n"
        "dropped 21 bytes after the root element closed (from line 3)\n");
}

TEST_CASE("nesting deeper than 10,000 levels is flattened into text", "[repair]") {
  std::string text = "<rss>";
  for (int i = 0; i < 10'500; ++i) text += "<div>";
  text += "deep";
  std::vector<std::string> warnings;
  std::string xml = Repaired(text, &warnings);
  CHECK(xml.find("&lt;div>&lt;div>deep</div>") != std::string::npos);
  CHECK(JoinWarnings(warnings).find("flattened 501 start tags nested deeper than 10000 levels "
                                    "into text (first at line 1)") != std::string::npos);
}

TEST_CASE("warnings give the first line of each kind of repair", "[repair]") {
  std::vector<std::string> warnings;
  Repaired("<rss>\n\n<a>&nbsp;</a>\n<b x=1>&hellip;&</b>\n</i>\n<p>", &warnings);
  CHECK(JoinWarnings(warnings) ==
        "repaired 2 undeclared entities (first &nbsp; at line 3)\n"
        "escaped 1 bare '&' (first at line 4)\n"
        "quoted 1 unquoted attribute value (first at line 4)\n"
        "dropped 1 end tag that matched no open element (first </i> at line 5)\n"
        "the document was truncated at line 6; closed 2 open elements\n");
}

TEST_CASE("a well-formed feed comes out unchanged and without warnings", "[repair]") {
  std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n"
      "<title>T &amp; U</title>\n<item><description>&lt;p&gt;x&lt;/p&gt;</description>"
      "<content:encoded><![CDATA[<p>x</p>]]></content:encoded></item>\n</channel>\n</rss>\n";
  std::vector<std::string> warnings;
  CHECK(Repaired(text, &warnings) == text);
  CHECK(warnings.empty());
}

TEST_CASE("warnings may be left out", "[repair]") {
  CHECK(RepairXml("<rss>&nbsp;", nullptr) == "<rss>\u00a0</rss>\n");
}

TEST_CASE("pathological inputs take linear time", "[repair]") {
  std::string text = "<rss>";
  for (int i = 0; i < 9'000; ++i) text += "<div>";
  for (int i = 0; i < 300'000; ++i) text += "</nope><br>&";
  std::string tag = "<a";
  for (int i = 0; i < 200'000; ++i) tag += " a" + std::to_string(i);
  text += tag + ">";
  auto start = std::chrono::steady_clock::now();
  std::string xml = Repaired(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 20.0);  // A quadratic scan takes hours; a linear one well under a second.
  CHECK(xml.size() > text.size());
}

TEST_CASE("randomly damaged feeds always repair into XML pugixml accepts", "[repair]") {
  const std::string sample =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"c\"><channel>\n"
      "<title>News &amp; more</title><link>http://x.org/?a=1&amp;b=2</link>\n"
      "<item><title>A &lt;b&gt; title</title><description><p>Hi<br>there &nbsp; "
      "<img src=foo.jpg></description>\n<content:encoded><![CDATA[<p>x</p>]]>"
      "</content:encoded><!-- note --><guid isPermaLink='false'>1</guid></item>\n"
      "</channel></rss>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title "
      "type=\"html\">&#8217;t</title></entry></feed>";
  // Pieces of markup that damaged feeds are made of, separated by '|'.
  constexpr std::string_view kPieces =
      "<|&|</|<!--|-->|]]>|<![CDATA[|\"|'|=|>|/>|&nbsp;|<br>|<?xml version=\"1.0\"?>|"
      "<!DOCTYPE x [|&#0;|<p>|</item>|<a href=x>|\xEF\xBF\xBE|&LT;|--|?>|<?pi|<1a>";
  std::vector<std::string> tokens;
  size_t start = 0;
  for (size_t bar = 0; (bar = kPieces.find('|', start)) != std::string_view::npos;
       start = bar + 1) {
    tokens.emplace_back(kPieces.substr(start, bar - start));
  }
  tokens.emplace_back(kPieces.substr(start));
  std::mt19937 random(20240611);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string text = sample;
    for (uint32_t edits = 1 + random() % 8; edits > 0; --edits) {
      size_t pos = random() % (text.size() + 1);
      switch (random() % 5) {
        case 0:
          text.insert(pos, tokens[random() % tokens.size()]);
          break;
        case 1:
          text.insert(pos, 1, static_cast<char>(random() % 256));
          break;
        case 2:
          text.erase(pos, random() % 20);
          break;
        case 3: {  // Both draws named: argument order differs between compilers.
          size_t length = random() % 200;
          std::string copy = text.substr(pos, length);
          text.insert(random() % (text.size() + 1), copy);
          break;
        }
        default:
          text.resize(pos);
          break;
      }
    }
    INFO("iteration " << iteration << ", input: " << text);
    std::string xml = RepairXml(text, nullptr);
    pugi::xml_document doc;
    REQUIRE(Parses(xml, &doc));
    REQUIRE(doc.document_element());
    // The output is a fixed point: repairing it again finds nothing left to repair.
    std::vector<std::string> warnings;
    REQUIRE(RepairXml(xml, &warnings) == xml);
    REQUIRE(warnings.empty());
  }
}
