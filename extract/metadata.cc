#include "extract/metadata.h"

#include <nlohmann/json.hpp>

#include "base/ascii.h"
#include "base/html_text.h"
#include "base/url.h"

namespace tidings::extract {
namespace {

using Json = nlohmann::json;

void SetIfEmpty(std::optional<std::string>& field, std::string_view value) {
  std::string clean = CollapseWhitespace(value);
  if (!field && !clean.empty()) field = std::move(clean);
}

// One <meta>: name, property or itemprop with content.
void ReadMeta(const GumboNode* node, PageFacts& facts, std::string* og_title) {
  std::string_view key = Attr(node, "property");
  if (key.empty()) key = Attr(node, "name");
  if (key.empty()) key = Attr(node, "itemprop");
  std::string_view content = Attr(node, "content");
  if (key.empty() || content.empty()) return;
  std::string k = AsciiLower(key);
  PageMetadata& m = facts.metadata;
  if (k == "og:title" || k == "twitter:title") {
    if (og_title->empty()) *og_title = CollapseWhitespace(content);
  } else if (k == "og:site_name" || k == "application-name") {
    SetIfEmpty(m.site_name, content);
  } else if (k == "og:image" || k == "og:image:url" || k == "twitter:image" || k == "image") {
    SetIfEmpty(m.lead_image, content);
  } else if (k == "og:url") {
    SetIfEmpty(m.canonical_url, content);
  } else if (k == "og:description" || k == "description" || k == "twitter:description") {
    SetIfEmpty(m.description, content);
  } else if (k == "author" || k == "article:author" || k == "parsely-author" || k == "dc.creator" ||
             k == "sailthru.author") {
    if (!IsHttpUrl(content)) SetIfEmpty(m.byline, content);
  } else if (k == "article:published_time" || k == "datepublished" || k == "pubdate" ||
             k == "parsely-pub-date" || k == "dc.date" || k == "dc.date.issued" ||
             k == "sailthru.date" || k == "date" || k == "publish-date") {
    SetIfEmpty(m.published, content);
  } else if (k == "og:locale") {
    std::string locale(content);
    for (char& c : locale) c = c == '_' ? '-' : c;
    SetIfEmpty(m.language, locale);
  } else if (k == "robots" && AsciiLower(content).find("noarchive") != std::string::npos) {
    facts.noarchive = true;
  }
}

std::string StringOf(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object()) {
    for (const char* key : {"name", "url", "@id"}) {
      auto found = value.find(key);
      if (found != value.end() && found->is_string()) return found->get<std::string>();
    }
  }
  if (value.is_array() && !value.empty()) return StringOf(value.front());
  return {};
}

// Names of every author: a string, an object with a name, or an array of them.
std::string Authors(const Json& value) {
  if (!value.is_array()) return StringOf(value);
  std::string names;
  for (const Json& author : value) {
    std::string name = StringOf(author);
    if (name.empty()) continue;
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

bool IsArticleType(const Json& type) {
  if (type.is_array()) {
    for (const Json& t : type) {
      if (IsArticleType(t)) return true;
    }
    return false;
  }
  if (!type.is_string()) return false;
  const std::string& name = type.get_ref<const std::string&>();
  return name.find("Article") != std::string::npos || name == "BlogPosting" || name == "Report" ||
         name == "LiveBlogPosting" || name == "WebPage" || name == "SocialMediaPosting" ||
         name == "Review";
}

// Body text from JSON-LD keeps its line breaks as paragraph breaks; entities decoded.
std::string BodyText(const std::string& body) {
  std::string out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string line = HtmlToText(std::string_view(body).substr(start, end - start));
    if (!line.empty()) out.append(out.empty() ? "" : "\n\n").append(line);
    start = end + 1;
  }
  return out;
}

void ReadArticleObject(const Json& object, PageFacts& facts, std::string* headline) {
  PageMetadata& m = facts.metadata;
  auto text = [&object](const char* key) {
    auto found = object.find(key);
    return found == object.end() ? std::string() : StringOf(*found);
  };
  bool is_page = object.value("@type", Json()) == "WebPage";
  if (headline->empty() && !is_page) *headline = HtmlToText(text("headline"));
  if (auto author = object.find("author"); author != object.end()) {
    SetIfEmpty(m.byline, HtmlToText(Authors(*author)));
  }
  SetIfEmpty(m.published, text("datePublished"));
  SetIfEmpty(m.lead_image, text("image"));
  SetIfEmpty(m.language, text("inLanguage"));
  if (auto publisher = object.find("publisher"); publisher != object.end()) {
    SetIfEmpty(m.site_name, HtmlToText(StringOf(*publisher)));
  }
  auto body = object.find("articleBody");
  if (body != object.end() && body->is_string() && !facts.article_body) {
    facts.article_body = BodyText(body->get<std::string>());
  }
  auto free = object.find("isAccessibleForFree");
  if (free != object.end() &&
      ((free->is_boolean() && !free->get<bool>()) ||
       (free->is_string() && EqualsAsciiLower(free->get<std::string>(), "false")))) {
    facts.not_accessible_for_free = true;
  }
}

// nlohmann's parser and destructor nest as deep as the document does: refuse silly nesting.
bool NestsTooDeep(std::string_view block) {
  constexpr int kMaxJsonDepth = 256;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < block.size(); ++i) {
    char c = block[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// Walks a JSON-LD document (objects, arrays, @graph) without recursion.
void ReadJsonLd(std::string_view block, PageFacts& facts, std::string* headline) {
  if (NestsTooDeep(block)) return;
  Json document = Json::parse(block.begin(), block.end(), nullptr, false);
  if (document.is_discarded()) return;
  std::vector<const Json*> pending = {&document};
  constexpr std::size_t kMaxObjects = 1000;
  for (std::size_t seen = 0; !pending.empty() && seen < kMaxObjects; ++seen) {
    const Json* value = pending.back();
    pending.pop_back();
    if (value->is_array()) {
      for (auto it = value->rbegin(); it != value->rend(); ++it) pending.push_back(&*it);
      continue;
    }
    if (!value->is_object()) continue;
    if (auto type = value->find("@type"); type != value->end() && IsArticleType(*type)) {
      ReadArticleObject(*value, facts, headline);
    }
    for (const char* key : {"@graph", "mainEntity", "mainEntityOfPage"}) {
      auto inner = value->find(key);
      if (inner != value->end() && (inner->is_array() || inner->is_object())) {
        pending.push_back(&*inner);
      }
    }
  }
}

void ReadElements(const DomIndex& dom, PageFacts& facts, std::string* og_title) {
  for (const DomNode& entry : dom.nodes()) {
    const GumboNode* node = entry.node;
    switch (TagOf(node)) {
      case GUMBO_TAG_HTML:
        SetIfEmpty(facts.metadata.language, Attr(node, "lang"));
        break;
      case GUMBO_TAG_META:
        ReadMeta(node, facts, og_title);
        break;
      case GUMBO_TAG_LINK:
        if (EqualsAsciiLower(Attr(node, "rel"), "canonical")) {
          SetIfEmpty(facts.metadata.canonical_url, Attr(node, "href"));
        }
        break;
      case GUMBO_TAG_TITLE:
        if (facts.html_title.empty() && node->v.element.children.length > 0) {
          auto* text = static_cast<const GumboNode*>(node->v.element.children.data[0]);
          if (IsText(text)) facts.html_title = CollapseWhitespace(TextOf(text));
        }
        break;
      default:
        break;
    }
  }
}

void MakeAbsolute(std::optional<std::string>& field, std::string_view base) {
  if (!field || base.empty()) return;
  std::string resolved = ResolveUrl(base, *field);
  if (IsHttpUrl(resolved)) {
    field = std::move(resolved);
  } else {
    field.reset();
  }
}

}  // namespace

PageFacts ReadPageFacts(const DomIndex& dom, const std::vector<std::string>& json_ld,
                        std::string_view url) {
  PageFacts facts;
  std::string og_title, headline;
  ReadElements(dom, facts, &og_title);
  for (const std::string& block : json_ld) ReadJsonLd(block, facts, &headline);
  PageMetadata& m = facts.metadata;
  SetIfEmpty(m.title, og_title);
  SetIfEmpty(m.title, headline);
  SetIfEmpty(m.title, facts.html_title);
  MakeAbsolute(m.lead_image, url);
  MakeAbsolute(m.canonical_url, url);
  return facts;
}

}  // namespace tidings::extract
