// tidings parse [--url URL] [--headers-file FILE] FILE|-
// Prints one feed document as JSON; the layout is documented in docs/parse.md.
#include <fmt/format.h>

#include <strings.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "base/file.h"
#include "base/time.h"
#include "cli/commands.h"
#include "feed/feed.h"

namespace tidings::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ParseArgs {
  std::string url;
  std::string headers_file;
  std::string input;
};

Result<std::string> ReadAll(const std::string& path) {
  return path == "-" ? ReadStream(stdin, "standard input") : ReadFile(path);
}

// The value of the last "Content-Type:" line in a file of HTTP response headers.
std::string ContentTypeOf(const std::string& headers) {
  std::istringstream lines(headers);
  std::string line, content_type;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (strncasecmp(line.c_str(), "content-type", colon) != 0 || colon != 12) continue;
    std::size_t start = line.find_first_not_of(" \t", colon + 1);
    content_type = start == std::string::npos ? "" : line.substr(start);
  }
  return content_type;
}

Json OrNull(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }
Json OrNull(const std::optional<std::int64_t>& value) { return value ? Json(*value) : Json(); }
Json DateOrNull(const std::optional<feed::Time>& time) {
  return time ? Json(FormatUtc(*time)) : Json();
}

Json ItemJson(const feed::Item& item) {
  Json enclosures = Json::array();
  for (const feed::Enclosure& e : item.enclosures) {
    enclosures.push_back({{"url", e.url}, {"type", OrNull(e.type)}, {"length", OrNull(e.length)}});
  }
  return {{"id", item.id},
          {"title", OrNull(item.title)},
          {"link", OrNull(item.link)},
          {"published", DateOrNull(item.published)},
          {"updated", DateOrNull(item.updated)},
          {"author", OrNull(item.author)},
          {"author_email", OrNull(item.author_email)},
          {"summary", OrNull(item.summary)},
          {"content", OrNull(item.content)},
          {"categories", item.categories},
          {"enclosures", std::move(enclosures)},
          {"comments", OrNull(item.comments)},
          {"comments_feed", OrNull(item.comments_feed)},
          {"comments_count", OrNull(item.comments_count)}};
}

Json FeedJson(const feed::Feed& feed) {
  Json items = Json::array();
  for (const feed::Item& item : feed.items) items.push_back(ItemJson(item));
  return {{"format", feed::FormatName(feed.format)},
          {"title", OrNull(feed.title)},
          {"link", OrNull(feed.link)},
          {"subtitle", OrNull(feed.subtitle)},
          {"language", OrNull(feed.language)},
          {"updated", DateOrNull(feed.updated)},
          {"author", OrNull(feed.author)},
          {"author_email", OrNull(feed.author_email)},
          {"image", OrNull(feed.image)},
          {"self_link", OrNull(feed.self_link)},
          {"ttl", OrNull(feed.ttl_minutes)},
          {"warnings", feed.warnings},
          {"items", std::move(items)}};
}

int RunParse(const ParseArgs& args) {
  feed::ParseOptions options;
  options.url = args.url;
  if (!args.headers_file.empty()) {
    Result<std::string> headers = ReadAll(args.headers_file);
    if (!headers.ok()) {
      fmt::print(stderr, "tidings parse: {}\n", headers.status().message());
      return 1;
    }
    options.content_type = ContentTypeOf(*headers);
  }
  Result<std::string> bytes = ReadAll(args.input);
  if (!bytes.ok()) {
    fmt::print(stderr, "tidings parse: {}\n", bytes.status().message());
    return 1;
  }
  Result<feed::Feed> feed = feed::Parse(std::move(*bytes), options);
  if (!feed.ok()) {
    std::string where = args.input == "-" ? "standard input" : args.input;
    fmt::print(stderr, "tidings parse: {}: {}\n", where, feed.status().message());
    return 2;
  }
  // Invalid UTF-8 cannot reach here (the parser repairs encodings); replace, never throw.
  std::string out = FeedJson(*feed).dump(2, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

void AddParseCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<ParseArgs>();
  CLI::App* cmd = app.add_subcommand("parse", "Parse one feed document and print it as JSON");
  cmd->add_option("--url", args->url, "The document's address: the base for relative links");
  cmd->add_option("--headers-file", args->headers_file,
                  "HTTP response headers it was served with ('Name: value' lines)");
  cmd->add_option("input", args->input, "The feed file, or - for standard input")->required();
  cmd->callback([args, &run] { run = [args] { return RunParse(*args); }; });
}

}  // namespace tidings::cli
