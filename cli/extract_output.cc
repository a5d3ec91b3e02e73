#include "cli/extract_output.h"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "cli/report.h"
#include "extract/extract.h"

namespace tidings::cli {
namespace {

void SetIf(nlohmann::ordered_json& json, const char* key, const std::optional<std::string>& value) {
  if (value) json[key] = *value;
}

std::string ToJson(const extract::Article& article, const std::string& url) {
  nlohmann::ordered_json json;
  json["kind"] = extract::PageKindName(article.kind);
  if (!url.empty()) json["url"] = url;
  const extract::PageMetadata& m = article.metadata;
  SetIf(json, "title", m.title);
  SetIf(json, "byline", m.byline);
  SetIf(json, "published", m.published);
  SetIf(json, "lead_image", m.lead_image);
  SetIf(json, "language", m.language);
  SetIf(json, "site_name", m.site_name);
  SetIf(json, "canonical_url", m.canonical_url);
  SetIf(json, "description", m.description);
  json["charset"] = article.charset;
  json["noarchive"] = article.noarchive;
  json["truncated"] = article.truncated;
  json["text"] = article.text;
  // Replacement characters rather than an exception for any byte that is not UTF-8.
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

Result<std::string> ReadLocalPage(const std::string& input) {
  return input == "-" ? ReadStream(stdin, "standard input") : ReadFile(input);
}

int PrintExtracted(const ExtractArgs& args, std::string_view body, const std::string& url,
                   const std::optional<std::string>& content_type) {
  extract::ExtractOptions options;
  options.url = args.url.empty() ? url : args.url;
  options.content_type = content_type;
  Result<extract::Article> article = extract::Extract(body, options);
  if (!article.ok()) return Fail(article.status());
  if (args.format == "json") {
    fmt::print("{}\n", ToJson(*article, options.url));
    return 0;
  }
  if (article->kind != extract::PageKind::kArticle) {
    fmt::print(stderr, "tidings: {}: not an article: {}\n", args.input,
               extract::PageKindName(article->kind));
    return 1;
  }
  const std::string& out = args.format == "html" ? article->html : article->text;
  if (!out.empty()) fmt::print("{}\n", out);
  return 0;
}

}  // namespace tidings::cli
