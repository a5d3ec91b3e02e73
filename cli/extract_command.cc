// tidings extract [--url BASE] [--format text|html|json] FILE|URL|-: the main text of an article
// page (extract/extract.h). Works without a daemon or archive. A URL is fetched once with the
// daemon's fetcher and settings (SSRF guard, timeouts, size cap) from the config file when there
// is one, else with the defaults. The launcher (cli/launcher.cc) runs the same thing for a local
// page without starting this program; the output code is shared (cli/extract_output.h).
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>

#include "base/url.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/extract_output.h"
#include "config/config.h"
#include "daemon/daemon.h"
#include "fetch/fetcher.h"

namespace tidings::cli {
namespace {

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
  Result<std::string> body = ReadLocalPage(args.input);
  if (!body.ok()) return body.status();
  return Page{std::move(*body), args.url, std::nullopt};
}

int RunExtract(const ExtractArgs& args) {
  Result<Page> page = ReadPage(args);
  if (!page.ok()) return Fail(page.status());
  return PrintExtracted(args, page->body, page->url, page->content_type);
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
