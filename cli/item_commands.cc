// tidings show ID and tidings export: one item in full, or many as JSON lines or CSV.
#include <fmt/format.h>

#include <memory>

#include "base/time.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "cli/filter_options.h"
#include "cli/item_output.h"
#include "storage/items.h"

namespace tidings::cli {
namespace {

enum class ShowFormat { kHuman, kText, kHtml, kJson };

struct ShowArgs {
  ArchiveOptions archive;
  std::int64_t id = 0;
  bool text = false, html = false;
};

// What fetching the linked article came to, and what the page said about itself.
void PrintArticle(const storage::ArticleInfo& article) {
  if (article.outcome == "article") {
    fmt::print("Article: archived {}{}\n", LocalTime(article.fetched),
               article.final_url ? " from " + *article.final_url : "");
  } else {
    fmt::print("Article: {}{}{}\n", article.outcome, article.error ? ": " : "",
               article.error.value_or(""));
    if (article.next_attempt)
      fmt::print("         next try {}\n", LocalTime(*article.next_attempt));
  }
  Json metadata = Json::parse(article.metadata_json.value_or("{}"), nullptr, false);
  if (!metadata.is_object()) return;
  for (const char* key : {"byline", "published", "site_name", "language"}) {
    if (metadata.contains(key) && metadata[key].is_string()) {
      fmt::print("  {:<11}{}\n", std::string(key) + ":", metadata[key].get<std::string>());
    }
  }
}

void PrintHuman(const storage::ItemDetail& item) {
  fmt::print("{}\n", item.title.value_or("(untitled)"));
  fmt::print("Feed:    {}\n", item.feed_title.value_or(item.feed_url));
  fmt::print("Date:    {}\n", LocalTime(item.item_time));
  if (item.link) fmt::print("Link:    {}\n", *item.link);
  if (item.author) fmt::print("Author:  {}\n", *item.author);
  if (item.starred) fmt::print("Starred: yes\n");
  if (!item.labels.empty()) fmt::print("Labels:  {}\n", fmt::join(item.labels, ", "));
  if (!item.topics.empty()) fmt::print("Topics:  {}\n", fmt::join(item.topics, ", "));
  if (!item.same_story.empty()) fmt::print("Same story: {}\n", fmt::join(item.same_story, ", "));
  if (item.note) fmt::print("Note:    {}\n", *item.note);
  if (item.article) PrintArticle(*item.article);
  fmt::print("\n{}\n", item.full_text.value_or(item.text));
}

int RunShow(const ShowArgs& args) {
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<storage::ItemDetail> item = storage::GetItem(*archive, args.id);
  if (!item.ok()) return Fail(item.status());
  if (args.archive.json) {
    PrintJson(DetailJson(*item));
  } else if (args.html) {
    // The archived article's sanitized HTML, else what the feed gave.
    if (item->article && item->article->html) {
      fmt::print("{}\n", *item->article->html);
    } else {
      fmt::print("{}\n",
                 item->content_html ? *item->content_html : item->summary_html.value_or(""));
    }
  } else if (args.text) {
    fmt::print("{}\n", item->full_text.value_or(item->text));
  } else {
    PrintHuman(*item);
  }
  return 0;
}

struct ExportArgs {
  ArchiveOptions archive;
  FilterOptions filter;
  std::string format = "jsonl";
};

// RFC 4180: quote every field, double the quotes inside.
std::string CsvField(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Status PrintCsvRow(const storage::ItemDetail& item) {
  fmt::print("{},{},{},{},{},{},{}\r\n", item.id, CsvField(item.feed_url),
             CsvField(FormatUtc(item.item_time)), CsvField(item.title.value_or("")),
             CsvField(item.link.value_or("")), CsvField(item.author.value_or("")),
             CsvField(item.full_text.value_or(item.text)));
  return Status::Ok();
}

int RunExport(const ExportArgs& args) {
  Result<storage::ItemFilter> filter = MakeFilter(args.filter, Now());
  if (!filter.ok()) return Fail(filter.status());
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Status status;
  if (args.format == "csv") {
    fmt::print("id,feed,time,title,link,author,text\r\n");
    status = storage::ExportItems(*archive, *filter, PrintCsvRow);
  } else {
    status = storage::ExportItems(*archive, *filter, [](const storage::ItemDetail& item) {
      std::string line = DetailJson(item).dump(-1, ' ', false, Json::error_handler_t::replace);
      std::fputs(line.c_str(), stdout);
      std::fputc('\n', stdout);
      return Status::Ok();
    });
  }
  return status.ok() ? 0 : Fail(status);
}

}  // namespace

void AddItemCommands(CLI::App& app, std::function<int()>& run) {
  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show = app.add_subcommand("show", "Show one archived item");
  show->add_option("id", show_args->id, "The item's id (from search or items)")->required();
  AddArchiveOptions(show, show_args->archive);
  auto* text = show->add_flag("--text", show_args->text, "Only the plain text");
  auto* html = show->add_flag("--html", show_args->html, "Only the HTML content")->excludes(text);
  show->add_flag("--json", show_args->archive.json, "Everything, as JSON (docs/cli.md)")
      ->excludes(text)
      ->excludes(html);
  show->callback([&run, show_args] { run = [show_args] { return RunShow(*show_args); }; });

  auto export_args = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand("export", "Write archived items as JSON lines or CSV");
  AddArchiveOptions(exp, export_args->archive);
  AddFilterOptions(exp, export_args->filter, 0);
  exp->add_option("--format", export_args->format, "jsonl (default) or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  exp->callback([&run, export_args] { run = [export_args] { return RunExport(*export_args); }; });
}

}  // namespace tidings::cli
