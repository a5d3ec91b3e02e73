#include "daemon/digest_job.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <filesystem>

#include "base/file.h"
#include "daemon/digest_query.h"
#include "digest/mail.h"
#include "digest/render.h"

namespace tidings::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStampFile = "last-run";

std::tm Local(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  localtime_r(&t, &local);
  return local;
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// "2026-11-29T0700.html": sorts by time within a format.
bool IsDatedFile(std::string_view name, std::string_view extension) {
  return name.size() == 15 + 1 + extension.size() && name[4] == '-' && name[10] == 'T' &&
         name.substr(16) == extension && name[15] == '.';
}

// A temporary file WriteFileAtomically left behind when the process died mid-write:
// "latest.html.Ab12Cd". Runs of one digest never overlap, so none is being written now.
bool IsLeftover(std::string_view name, std::string_view extension) {
  std::string middle = fmt::format(".{}.", extension);
  std::size_t at = name.rfind(middle);
  return at != std::string_view::npos && name.size() == at + middle.size() + 6;
}

// Removes the oldest dated files of `extension` beyond `keep`, and leftovers.
void Prune(const fs::path& folder, std::string_view extension, std::int64_t keep) {
  std::vector<std::string> dated;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    if (IsDatedFile(name, extension)) {
      dated.push_back(std::move(name));
    } else if (IsLeftover(name, extension)) {
      fs::remove(entry.path(), ec);
    }
  }
  if (keep <= 0 || dated.size() <= static_cast<std::size_t>(keep)) return;
  std::sort(dated.begin(), dated.end());
  dated.resize(dated.size() - static_cast<std::size_t>(keep));
  for (const std::string& name : dated) fs::remove(folder / name, ec);
}

digest::MailOptions MailFor(const config::DigestConfig& config, const digest::Digest& built,
                            std::int64_t slot) {
  digest::MailOptions mail;
  std::string host = HostName();
  mail.from =
      config.mail_from.empty() ? fmt::format("tidings <tidings@{}>", host) : config.mail_from;
  mail.to = config.mail_to;
  mail.subject =
      config.subject.empty()
          ? fmt::format("{}, {}", built.title, fmt::format("{:%a %d %b %Y %H:%M}", Local(slot)))
          : config.subject;
  mail.date = built.generated;
  mail.domain = host;
  return mail;
}

// Writes each format's dated file and latest copy.
Status WriteFiles(const config::DigestConfig& config, const digest::Digest& built,
                  const fs::path& folder, std::int64_t slot, DigestRun& run) {
  const std::string stamp = fmt::format("{:%Y-%m-%dT%H%M}", Local(slot));
  for (const std::string& name : config.formats) {
    Result<digest::Format> format = digest::ParseFormat(name);
    if (!format.ok()) return format.status();
    const std::string extension(digest::FileExtension(*format));
    const std::string body = digest::Render(built, *format);
    const std::string dated = (folder / fmt::format("{}.{}", stamp, extension)).string();
    if (Status wrote = WriteFileAtomically(dated, body); !wrote.ok()) return wrote;
    run.files.push_back(dated);
    const std::string latest = (folder / fmt::format("latest.{}", extension)).string();
    if (Status wrote = WriteFileAtomically(latest, body); !wrote.ok()) return wrote;
    Prune(folder, extension, config.keep);
  }
  return Status::Ok();
}

}  // namespace

std::string DigestFolder(const std::string& state_directory, const std::string& name) {
  return (fs::path(state_directory) / "digests" / name).string();
}

std::optional<std::int64_t> LastDigestRun(const std::string& state_directory,
                                          const std::string& name) {
  Result<std::string> text =
      ReadFile((fs::path(DigestFolder(state_directory, name)) / kStampFile).string());
  if (!text.ok()) return std::nullopt;
  std::int64_t slot = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), slot);
  if (error != std::errc() || slot <= 0) return std::nullopt;
  return slot;
}

Result<DigestRun> RunScheduledDigest(const config::DigestConfig& digest, storage::Archive& archive,
                                     const std::string& state_directory, std::int64_t slot,
                                     std::int64_t now, std::chrono::milliseconds command_timeout) {
  DigestQuery query;
  query.topics = digest.topics;
  query.since = now - digest.window.count();
  query.until = now;
  query.now = now;
  query.limit = static_cast<std::size_t>(digest.limit);
  Result<digest::Digest> built = QueryDigest(archive, query);
  if (!built.ok()) return built.status();
  DigestRun run;
  run.slot = slot;
  run.entries = built->entries.size();
  run.items = built->item_count;
  const fs::path folder = DigestFolder(state_directory, digest.name);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return IOError(fmt::format("cannot create {}: {}", folder.string(), ec.message()));
  if (Status wrote = WriteFiles(digest, *built, folder, slot, run); !wrote.ok()) return wrote;
  // Delivered before the run is recorded: a crash in between sends it twice rather than never.
  if (!digest.command.empty() && (run.entries > 0 || digest.send_empty)) {
    std::string message = digest::BuildMail(*built, MailFor(digest, *built, slot));
    Result<CommandResult> sent = RunCommand(digest.command, message, command_timeout);
    if (sent.ok()) {
      run.command = std::move(*sent);
    } else {
      run.command_error = sent.status().message();
    }
  }
  Status recorded = WriteFileAtomically((folder / kStampFile).string(), fmt::format("{}\n", slot));
  if (!recorded.ok()) return recorded;
  return run;
}

}  // namespace tidings::daemon
