// tidings feeds add URL | feeds check [URL]: commands that fetch feeds once, with the daemon's
// fetcher and its settings (SSRF guard, timeouts, size cap), and report in plain words.
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <memory>

#include "base/canonical_url.h"
#include "base/time.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/feed_discovery.h"
#include "config/config.h"
#include "daemon/daemon.h"
#include "feed/feed.h"

namespace tidings::cli {
namespace {

constexpr std::int64_t kStaleDays = 90;

struct FetchArgs {
  std::string config, url, title;
};

Result<config::Config> LoadConfig(const std::string& given, std::string& path) {
  std::optional<std::string> found =
      given.empty() ? config::FindConfigFile() : std::optional(given);
  if (!found) return NotFoundError("no config file found: pass --config FILE");
  path = *found;
  return config::Load(path);
}

// Fetches every URL at once (the fetcher paces them) and returns the results in order.
std::vector<fetch::FetchResult> FetchAll(const config::Config& config,
                                         const std::vector<std::string>& urls) {
  boost::asio::io_context io;
  std::vector<fetch::FetchResult> results(urls.size());
  {
    fetch::Fetcher fetcher(io, daemon::FetchOptionsFrom(config));
    for (std::size_t i = 0; i < urls.size(); ++i) {
      fetch::FetchRequest request;
      request.url = urls[i];
      fetcher.Fetch(std::move(request),
                    [&results, i](fetch::FetchResult r) { results[i] = std::move(r); });
    }
    io.run();
  }
  return results;
}

struct Diagnosis {
  bool broken = false;  // no usable feed: fetch failed, HTTP error, not a feed
  std::string text;     // what is wrong or worth knowing; "" when nothing
  std::size_t items = 0;
};

Diagnosis Broken(std::string text) { return {true, std::move(text), 0}; }

Diagnosis Diagnose(const fetch::FetchResult& result, const std::string& url, std::int64_t now) {
  if (!result.status.ok()) return Broken(result.status.message());
  if (result.http_status < 200 || result.http_status > 299) {
    return Broken(fmt::format("HTTP {} from {}", result.http_status, result.final_url));
  }
  feed::ParseOptions options{result.final_url, result.content_type.value_or("")};
  Result<feed::Feed> parsed = feed::Parse(result.body, options);
  if (!parsed.ok()) return Broken(parsed.status().message());
  Diagnosis diagnosis;
  diagnosis.items = parsed->items.size();
  std::vector<std::string> notes;
  if (result.permanent_url)
    notes.push_back("moved permanently to " + *result.permanent_url + " (update the config)");
  else if (result.final_url != url)
    notes.push_back("redirected to " + result.final_url);
  if (!parsed->warnings.empty()) {
    notes.push_back(
        fmt::format("{} repair(s), first: {}", parsed->warnings.size(), parsed->warnings.front()));
  }
  if (parsed->items.empty()) notes.push_back("no items");
  std::optional<std::int64_t> newest;
  for (const feed::Item& item : parsed->items) {
    if (auto t = item.published ? item.published : item.updated)
      newest = std::max(newest.value_or(*t), *t);
  }
  if (newest && now - *newest > kStaleDays * 86400) {
    notes.push_back(fmt::format("stale: newest item is {} days old", (now - *newest) / 86400));
  }
  for (const std::string& note : notes)
    diagnosis.text += (diagnosis.text.empty() ? "" : "; ") + note;
  return diagnosis;
}

int RunCheck(const FetchArgs& args) {
  std::string path;
  Result<config::Config> loaded = LoadConfig(args.config, path);
  if (!loaded.ok()) return Fail(loaded.status());
  std::vector<std::string> urls;
  if (!args.url.empty()) {
    urls.push_back(args.url);
  } else {
    for (const config::FeedConfig& feed : loaded->feeds) {
      if (feed.enabled) urls.push_back(feed.url);
    }
  }
  std::vector<fetch::FetchResult> results = FetchAll(*loaded, urls);
  auto now = static_cast<std::int64_t>(std::time(nullptr));
  int broken = 0;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    Diagnosis d = Diagnose(results[i], urls[i], now);
    if (d.broken) {
      ++broken;
      fmt::print("broken   {}: {}\n", urls[i], d.text);
    } else {
      fmt::print("{:<8} {}: {} items{}{}\n", d.text.empty() ? "ok" : "note", urls[i], d.items,
                 d.text.empty() ? "" : "; ", d.text);
    }
  }
  fmt::print("{} feeds checked, {} broken\n", urls.size(), broken);
  return broken ? 1 : 0;
}

// Appends a [[feed]] to conf.d/feeds-added.toml beside the config; undone if the config breaks.
Status Subscribe(const std::string& config_path, const std::string& url, const std::string& title) {
  std::filesystem::path dir = std::filesystem::path(config_path).parent_path() / "conf.d";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path file = dir / "feeds-added.toml";
  auto old_size = std::filesystem::exists(file, ec) ? std::filesystem::file_size(file, ec) : 0;
  {
    std::ofstream out(file, std::ios::app);
    out << "\n[[feed]]\nurl = " << TomlString(url) << "\n";
    if (!title.empty()) out << "title = " << TomlString(title) << "\n";
    if (!out) return IOError(fmt::format("{}: cannot write", file.string()));
  }
  config::Checked checked = config::Check(config_path);
  if (!checked.problems.empty()) {
    std::filesystem::resize_file(file, old_size, ec);
    return InvalidError("adding it would break the config: " + checked.problems.front().ToString());
  }
  fmt::print("subscribed to {} (in {}); reload tidingsd (SIGHUP) to poll it\n", url, file.string());
  return Status::Ok();
}

int RunAdd(const FetchArgs& args) {
  std::string path;
  Result<config::Config> loaded = LoadConfig(args.config, path);
  if (!loaded.ok()) return Fail(loaded.status());
  std::string url = args.url;
  std::string title = args.title;
  for (int hop = 0; hop < 2; ++hop) {  // the page, then the one feed it announces
    for (const config::FeedConfig& feed : loaded->feeds) {
      if (feed.canonical_url == CanonicalUrl(url)) {
        fmt::print("already subscribed: {} ({}:{})\n", feed.url, feed.defined_in, feed.line);
        return 0;
      }
    }
    fetch::FetchResult result = FetchAll(*loaded, {url}).front();
    Diagnosis d = Diagnose(result, url, static_cast<std::int64_t>(std::time(nullptr)));
    if (!d.broken) {
      Status s = Subscribe(path, result.permanent_url.value_or(url), title);
      return s.ok() ? 0 : Fail(s);
    }
    if (!result.status.ok() || result.http_status < 200 || result.http_status > 299) {
      return Fail(Status(StatusCode::kIO, fmt::format("{}: {}", url, d.text)));
    }
    std::vector<DiscoveredFeed> found = DiscoverFeeds(result.body, result.final_url);
    if (found.empty())
      return Fail(NotFoundError(fmt::format("{}: a web page that announces no feed", url)));
    if (found.size() > 1) {
      fmt::print("{} announces {} feeds; add the one you want:\n", url, found.size());
      for (const DiscoveredFeed& f : found) {
        fmt::print("  tidings feeds add {}{}\n", f.url, f.title.empty() ? "" : "   # " + f.title);
      }
      return 1;
    }
    fmt::print("{} announces {}\n", url, found.front().url);
    url = found.front().url;
    if (title.empty()) title = found.front().title;
  }
  return Fail(NotFoundError(fmt::format("{}: the announced feed is not a feed", url)));
}

}  // namespace

void AddFetchingFeedCommands(CLI::App* feeds, std::function<int()>& run) {
  auto add_args = std::make_shared<FetchArgs>();
  CLI::App* add = feeds->add_subcommand(
      "add", "Subscribe to a feed, or to the feed a web page announces (it is fetched once)");
  add->add_option("url", add_args->url, "A feed's URL, or a web page's")->required();
  add->add_option("--title", add_args->title, "A title to show instead of the feed's own");
  add->add_option("--config", add_args->config, "The config file (default: as tidingsd finds it)");
  add->callback([&run, add_args] { run = [add_args] { return RunAdd(*add_args); }; });

  auto check_args = std::make_shared<FetchArgs>();
  CLI::App* check = feeds->add_subcommand(
      "check", "Fetch each configured feed (or URL) once and say what is wrong with it");
  check->add_option("url", check_args->url, "Only this URL");
  check->add_option("--config", check_args->config,
                    "The config file (default: as tidingsd finds it)");
  check->callback([&run, check_args] { run = [check_args] { return RunCheck(*check_args); }; });
}

}  // namespace tidings::cli
