// tidings extract [--url BASE] [--format text|html|json] FILE|URL|-: the main text of an article
// page (extract/extract.h). Works without a daemon or archive. A URL is fetched once with the
// daemon's fetcher and settings (SSRF guard, timeouts, size cap) from the config file when there
// is one, else with the defaults.
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/url.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "daemon/daemon.h"
#include "extract/extract.h"
#include "fetch/fetcher.h"

namespace tidings::cli {
namespace {

struct ExtractArgs {
  std::string url;  // --url: the page's address, for relative links
  std::string format = "text";
  std::string config;
  std::string input;
};

struct Page {
  std::string body, url;
  std::optional<std::string> content_type;
};

Result<fetch::FetchOptions> FetchOptionsFor(const std::string& given) {
  std::optional<std::string> path = given.empty() ? config::FindConfigFile() : given;
  if (!path) return fetch::FetchOptions{};
  Result<config::Config> loaded = config::Load(*path);
  if (!loaded.ok()) return loaded.status();
  return daemon::FetchOptionsFrom(*loaded);
}

Result<Page> FetchPage(const ExtractArgs& args) {
  Result<fetch::FetchOptions> options = FetchOptionsFor(args.config);
  if (!options.ok()) return options.status();
  boost::asio::io_context io;
  fetch::FetchResult result;
  {
    fetch::Fetcher fetcher(io, *options);
    fetch::FetchRequest request;
    request.url = args.input;
    fetcher.Fetch(std::move(request), [&result](fetch::FetchResult r) { result = std::move(r); });
    io.run();
  }
  if (!result.status.ok()) return result.status;
  if (result.http_status < 200 || result.http_status > 299) {
    return IOError(fmt::format("HTTP {} from {}", result.http_status, result.final_url));
  }
  return Page{std::move(result.body), result.final_url, std::move(result.content_type)};
}

Result<Page> ReadPage(const ExtractArgs& args) {
  if (IsHttpUrl(args.input)) return FetchPage(args);
  Result<std::string> body =
      args.input == "-" ? ReadStream(stdin, "standard input") : ReadFile(args.input);
  if (!body.ok()) return body.status();
  return Page{std::move(*body), args.url, std::nullopt};
}

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

int RunExtract(const ExtractArgs& args) {
  Result<Page> page = ReadPage(args);
  if (!page.ok()) return Fail(page.status());
  extract::ExtractOptions options;
  options.url = args.url.empty() ? page->url : args.url;
  options.content_type = page->content_type;
  Result<extract::Article> article = extract::Extract(page->body, options);
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

}  // namespace

void AddExtractCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* command = app.add_subcommand(
      "extract", "Print the main text of an article page (a file, a URL, or - for stdin)");
  command->add_option("--url", args->url, "The page's address, for relative links");
  command->add_option("--format", args->format, "text (default), html (sanitized) or json")
      ->check(CLI::IsMember({"text", "html", "json"}));
  command->add_option("--config", args->config, "Config file for fetch settings (for a URL)");
  command->add_option("input", args->input, "FILE, http(s) URL, or - for standard input")
      ->required();
  command->callback([&run, args] { run = [args] { return RunExtract(*args); }; });
}

}  // namespace tidings::cli
