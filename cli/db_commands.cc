// tidings db check | prune | import: looking after the archive file.
#include <fmt/format.h>

#include <memory>

#include "base/file.h"
#include "cli/archive_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "feed/feed.h"
#include "storage/ingest.h"
#include "storage/maintenance.h"
#include "storage/retention.h"

namespace tidings::cli {
namespace {

struct DbArgs {
  ArchiveOptions archive;
  std::string file, url;
};

int RunCheck(const DbArgs& args) {
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadOnly);
  if (!archive) return 1;
  Result<storage::CheckReport> report = storage::CheckArchive(*archive);
  if (!report.ok()) return Fail(report.status());
  if (report->ok) {
    fmt::print("{}: ok\n", archive->path());
    return 0;
  }
  fmt::print("{}: {} problem(s)\n", archive->path(), report->problems.size());
  for (const std::string& problem : report->problems) fmt::print("  {}\n", problem);
  fmt::print("Copy what can be saved with: sqlite3 {} .recover | sqlite3 recovered.db\n",
             archive->path());
  return 1;
}

int RunPrune(const DbArgs& args) {
  storage::RetentionPolicy policy;
  std::optional<std::string> file =
      args.archive.config.empty() ? config::FindConfigFile() : std::optional(args.archive.config);
  if (file) {
    Result<config::Config> loaded = config::Load(*file);
    if (!loaded.ok()) return Fail(loaded.status());
    policy = loaded->retention;
  }
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadWrite);
  if (!archive) return 1;
  Result<storage::PruneReport> report = storage::Prune(*archive, policy, Now());
  if (!report.ok()) return Fail(report.status());
  fmt::print("pruned {} items, {} raw pages, {} expired tombstones; {:.1f} MB freed\n",
             report->items_deleted, report->pages_deleted, report->tombstones_expired,
             static_cast<double>(report->bytes_freed) / 1e6);
  return 0;
}

// Ingests a feed document from a file as if the daemon had fetched it from --url.
int RunImport(const DbArgs& args) {
  Result<std::string> bytes =
      args.file == "-" ? ReadStream(stdin, "standard input") : ReadFile(args.file);
  if (!bytes.ok()) return Fail(bytes.status());
  Result<feed::Feed> parsed = feed::Parse(std::move(*bytes), {.url = args.url, .content_type = ""});
  if (!parsed.ok()) return Fail(parsed.status());
  auto archive = OpenOrReport(args.archive, storage::OpenMode::kReadWrite);
  if (!archive) return 1;
  storage::FeedDocument doc;
  doc.feed_url = args.url;
  doc.poll.polled_at = Now();
  doc.poll.http_status = 200;
  doc.feed = &*parsed;
  Result<storage::IngestReport> report = storage::Ingest(*archive, doc);
  if (!report.ok()) return Fail(report.status());
  fmt::print("{}: {} new, {} changed, {} unchanged, {} duplicates, {} pruned before (key: {})\n",
             args.url, report->added, report->changed, report->unchanged, report->duplicates,
             report->tombstoned, storage::KeyKindName(report->key_kind));
  return 0;
}

}  // namespace

void AddDbCommands(CLI::App& app, std::function<int()>& run) {
  CLI::App* db = app.add_subcommand("db", "Check, prune or import into the archive");
  db->require_subcommand(1);

  auto check_args = std::make_shared<DbArgs>();
  CLI::App* check = db->add_subcommand("check", "Check the archive file for damage");
  AddArchiveOptions(check, check_args->archive);
  check->callback([&run, check_args] { run = [check_args] { return RunCheck(*check_args); }; });

  auto prune_args = std::make_shared<DbArgs>();
  CLI::App* prune =
      db->add_subcommand("prune", "Apply the config's retention policy now (the daemon also does)");
  AddArchiveOptions(prune, prune_args->archive);
  prune->callback([&run, prune_args] { run = [prune_args] { return RunPrune(*prune_args); }; });

  auto import_args = std::make_shared<DbArgs>();
  CLI::App* import =
      db->add_subcommand("import", "Ingest a feed document from a file, as if fetched from --url");
  import->add_option("file", import_args->file, "The feed document, or - for standard input")
      ->required();
  import->add_option("--url", import_args->url, "The feed's URL (identifies the feed)")->required();
  AddArchiveOptions(import, import_args->archive);
  import->callback([&run, import_args] { run = [import_args] { return RunImport(*import_args);
};
}  // namespace tidings::cli
);
}

}  // namespace tidings::cli
