// tidings feeds export | import: the config's feeds as OPML 2.0, and OPML subscriptions into a
// conf.d fragment beside the config file (categories become tags; duplicates are skipped).
#include <fmt/format.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pugixml.hpp>
#include <set>

#include "base/canonical_url.h"
#include "base/file.h"
#include "base/url.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "config/config.h"

namespace tidings::cli {
namespace {

struct OpmlArgs {
  std::string config;
  std::string file;
};

int RunExport(const OpmlArgs& args) {
  Result<std::string> path = ConfigFilePath(args.config);
  if (!path.ok()) return Fail(path.status());
  Result<config::Config> loaded = config::Load(*path);
  if (!loaded.ok()) return Fail(loaded.status());
  pugi::xml_document doc;
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text().set("tidings feeds");
  pugi::xml_node body = opml.append_child("body");
  for (const config::FeedConfig& feed : loaded->feeds) {
    pugi::xml_node outline = body.append_child("outline");
    outline.append_attribute("type") = "rss";
    outline.append_attribute("text") = (feed.title.empty() ? feed.url : feed.title).c_str();
    outline.append_attribute("xmlUrl") = feed.url.c_str();
    if (!feed.tags.empty()) {
      outline.append_attribute("category") = fmt::format("{}", fmt::join(feed.tags, ",")).c_str();
    }
  }
  pugi::xml_writer_file out(stdout);
  doc.save(out, "  ");
  return 0;
}

struct Imported {
  std::string url, title;
  std::vector<std::string> tags;
};

// Outlines with an xmlUrl, anywhere in the tree; the texts of enclosing outlines (folders) and
// the category attribute become tags.
void Collect(pugi::xml_node parent, std::vector<std::string> folders, std::vector<Imported>& out,
             int& invalid) {
  for (pugi::xml_node outline : parent.children("outline")) {
    std::string url = outline.attribute("xmlUrl").value();
    if (url.empty()) url = outline.attribute("xmlurl").value();
    if (url.empty()) {
      std::vector<std::string> inner = folders;
      std::string name = outline.attribute("text").value();
      if (name.empty()) name = outline.attribute("title").value();
      if (!name.empty()) inner.push_back(name);
      Collect(outline, inner, out, invalid);
      continue;
    }
    if (!IsHttpUrl(url)) {
      ++invalid;
      continue;
    }
    Imported feed{url, outline.attribute("title").value(), folders};
    if (feed.title.empty()) feed.title = outline.attribute("text").value();
    std::string categories = outline.attribute("category").value();
    for (std::size_t start = 0; start < categories.size();) {
      std::size_t end = categories.find(',', start);
      if (end == std::string::npos) end = categories.size();
      std::string tag = categories.substr(start, end - start);
      std::size_t slash = tag.find_last_of('/');
      if (slash != std::string::npos) tag = tag.substr(slash + 1);
      if (!tag.empty()) feed.tags.push_back(tag);
      start = end + 1;
    }
    out.push_back(std::move(feed));
  }
}

std::string Fragment(const std::vector<Imported>& feeds, const std::string& source) {
  std::string text = fmt::format("# Imported from {} by `tidings feeds import`.\n", source);
  for (const Imported& feed : feeds) {
    text += fmt::format("\n[[feed]]\nurl = {}\n", TomlString(feed.url));
    if (!feed.title.empty()) text += fmt::format("title = {}\n", TomlString(feed.title));
    if (!feed.tags.empty()) {
      std::vector<std::string> quoted;
      std::set<std::string> seen;
      for (const std::string& tag : feed.tags) {
        if (seen.insert(tag).second) quoted.push_back(TomlString(tag));
      }
      text += fmt::format("tags = [{}]\n", fmt::join(quoted, ", "));
    }
  }
  return text;
}

int RunImport(const OpmlArgs& args) {
  Result<std::string> path = ConfigFilePath(args.config);
  if (!path.ok()) return Fail(path.status());
  Result<config::Config> loaded = config::Load(*path);
  if (!loaded.ok()) return Fail(loaded.status());
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_file(args.file.c_str());
  pugi::xml_node body = doc.child("opml").child("body");
  if (!parsed || !body) {
    return Fail(InvalidError(fmt::format("{}: not an OPML file ({})", args.file,
                                         parsed ? "no <opml><body>" : parsed.description())));
  }
  std::vector<Imported> found;
  int invalid = 0;
  Collect(body, {}, found, invalid);
  std::set<std::string> known;
  for (const config::FeedConfig& feed : loaded->feeds) known.insert(feed.canonical_url);
  std::vector<Imported> fresh;
  for (Imported& feed : found) {
    if (known.insert(CanonicalUrl(feed.url)).second) fresh.push_back(std::move(feed));
  }
  int duplicates = static_cast<int>(found.size() - fresh.size());
  std::string written = "nothing written";
  if (!fresh.empty()) {
    std::filesystem::path dir = std::filesystem::path(*path).parent_path() / "conf.d";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    std::filesystem::path target = dir / fmt::format("opml-import-{}.toml", stamp);
    std::ofstream(target) << Fragment(fresh, args.file);
    config::Checked checked = config::Check(*path);
    if (!checked.problems.empty()) {
      std::filesystem::remove(target, ec);
      return Fail(InvalidError("the imported feeds would make the config invalid: " +
                               checked.problems.front().ToString()));
    }
    written = "written to " + target.string() + "; reload tidingsd (SIGHUP) to poll them";
  }
  fmt::print("{}: {} feeds imported, {} duplicates skipped, {} without an http(s) URL; {}\n",
             args.file, fresh.size(), duplicates, invalid, written);
  return 0;
}

// Removes the [[feed]] table that starts at 1-based `line` of `text`: up to the next table
// header, keeping the comment lines just before that header (they belong to it).
std::string WithoutFeedTable(const std::string& text, int line) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  auto first = static_cast<std::size_t>(line - 1);
  auto is_header = [](const std::string& text_line) {
    std::size_t at = text_line.find_first_not_of(" \t");
    return at != std::string::npos && text_line[at] == '[';
  };
  std::size_t last = first + 1;
  while (last < lines.size() && !is_header(lines[last])) ++last;
  while (last > first + 1 && (lines[last - 1].empty() || lines[last - 1].front() == '#')) --last;
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(first),
              lines.begin() + static_cast<std::ptrdiff_t>(last));
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i)
    out += lines[i] + (i + 1 < lines.size() ? "\n" : "");
  return out;
}

int RunRemove(const OpmlArgs& args) {
  Result<std::string> path = ConfigFilePath(args.config);
  if (!path.ok()) return Fail(path.status());
  Result<config::Config> loaded = config::Load(*path);
  if (!loaded.ok()) return Fail(loaded.status());
  std::string wanted = CanonicalUrl(args.file);
  for (const config::FeedConfig& feed : loaded->feeds) {
    if (feed.canonical_url != wanted) continue;
    Result<std::string> text = ReadFile(feed.defined_in);
    if (!text.ok()) return Fail(text.status());
    std::string temporary = feed.defined_in + ".tidings-new";
    std::ofstream(temporary) << WithoutFeedTable(*text, feed.line);
    std::error_code ec;
    std::filesystem::rename(temporary, feed.defined_in, ec);
    if (ec) return Fail(IOError(fmt::format("{}: {}", feed.defined_in, ec.message())));
    config::Checked checked = config::Check(*path);
    if (!checked.problems.empty()) {
      std::ofstream(feed.defined_in) << *text;  // put the file back as it was
      return Fail(InvalidError("removing it would break the config: " +
                               checked.problems.front().ToString()));
    }
    fmt::print(
        "removed {} from {}:{}; reload tidingsd (SIGHUP) to stop polling it (its items stay "
        "in the archive)\n",
        feed.url, feed.defined_in, feed.line);
    return 0;
  }
  return Fail(NotFoundError(fmt::format("{} is not in the config", args.file)));
}

}  // namespace

void AddOpmlCommands(CLI::App* feeds, std::function<int()>& run) {
  auto export_args = std::make_shared<OpmlArgs>();
  CLI::App* exp = feeds->add_subcommand("export", "Print the config's feeds as OPML 2.0");
  exp->add_option("--config", export_args->config,
                  "The config file (default: as tidingsd finds it)");
  exp->callback([&run, export_args] { run = [export_args] { return RunExport(*export_args); }; });

  auto import_args = std::make_shared<OpmlArgs>();
  CLI::App* imp = feeds->add_subcommand(
      "import", "Subscribe to the feeds of an OPML file (written to conf.d/ beside the config)");
  imp->add_option("file", import_args->file, "The OPML file")->required();
  imp->add_option("--config", import_args->config,
                  "The config file (default: as tidingsd finds it)");
  imp->callback([&run, import_args] { run = [import_args] { return RunImport(*import_args); }; });

  auto remove_args = std::make_shared<OpmlArgs>();
  CLI::App* rem = feeds->add_subcommand("remove", "Unsubscribe: delete the feed's [[feed]] table");
  rem->add_option("url", remove_args->file, "The feed's URL")->required();
  rem->add_option("--config", remove_args->config,
                  "The config file (default: as tidingsd finds it)");
  rem->callback([&run, remove_args] { run = [remove_args] { return RunRemove(*remove_args); }; });
}

}  // namespace tidings::cli
