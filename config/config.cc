// Loading: the main file, then its conf.d fragments, all read into one Config by one Reader
// that collects every problem; then the defaults that depend on other keys, and the checks
// that involve several keys (a fragment may change either side).
#include "config/config.h"

#include <fmt/format.h>

#include <filesystem>
#include <initializer_list>

#include "config/duration.h"
#include "config/paths.h"
#include "config/reader.h"
#include "config/sections.h"

static_assert(!TOML_EXCEPTIONS, "tidings_config must compile toml++ with TOML_EXCEPTIONS=0");

#ifndef TIDINGS_VERSION
#define TIDINGS_VERSION "0"
#endif

namespace tidings::config {
namespace {

using internal::Origin;
using internal::Reader;

// The label of a section name in messages: "[storage]", "[[feed]]".
std::string Label(std::string_view name) {
  if (name == "feed" || name == "topic" || name == "digest") return fmt::format("[[{}]]", name);
  return fmt::format("[{}]", name);
}

void ReportUnknownSection(const toml::key& key, bool is_array, Reader& reader) {
  std::vector<std::string_view> names{"feed", "topic", "digest"};
  for (const internal::Section& section : internal::Sections()) names.push_back(section.name);
  const std::optional<std::string_view> suggestion = internal::Suggest(key.str(), names);
  const std::string written =
      is_array ? fmt::format("[[{}]]", key.str()) : fmt::format("[{}]", key.str());
  reader.Fail(
      key.source().begin,
      fmt::format("unknown section {}{}", written,
                  suggestion ? fmt::format(" (did you mean {}?)", Label(*suggestion)) : ""));
}

// A plain key at the top level: most likely a key written above its section header.
void ReportTopLevelKey(const toml::key& key, Reader& reader) {
  const std::optional<std::string> home = internal::HomeOf(key.str(), "");
  reader.Fail(key.source().begin,
              fmt::format("unknown key {} at the top level{}", internal::Quote(key.str()),
                          home ? fmt::format(" (it belongs in {})", *home) : ""));
}

void ReadDocument(const toml::table& root, Reader& reader) {
  for (const auto& [key, value] : root) {
    if (key.str() == "feed") {
      internal::ReadFeeds(value, reader);
      continue;
    }
    if (key.str() == "topic") {
      internal::ReadTopics(value, reader);
      continue;
    }
    if (key.str() == "digest") {
      internal::ReadDigests(value, reader);
      continue;
    }
    const internal::Section* known = nullptr;
    for (const internal::Section& section : internal::Sections()) {
      if (section.name == key.str()) known = &section;
    }
    if (known != nullptr) {
      if (const toml::table* table = value.as_table()) {
        internal::ReadKeys(*table, known->keys, Label(known->name), known->name, reader);
      } else {
        reader.Fail(value.source().begin, fmt::format("expected [{}] to be a table, got {}",
                                                      known->name, internal::Describe(value)));
      }
    } else if (value.is_table() || value.is_array_of_tables()) {
      ReportUnknownSection(key, value.is_array_of_tables(), reader);
    } else {
      ReportTopLevelKey(key, reader);
    }
  }
}

// Parses one file's text into the reader's config.
void ReadText(std::string_view text, Reader& reader) {
  toml::parse_result parsed = toml::parse(text, std::string_view(reader.file()));
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    reader.Fail(error.source().begin, std::string(error.description()));
    return;
  }
  ReadDocument(parsed.table(), reader);
}

// Reports `message` where the first of `keys` that some file set was written. Nothing when
// none was set (the defaults are consistent), or when one of them has a wrong value (that
// value has a message of its own, and the check saw the default instead).
void FailAtFirstSet(Reader& reader, std::initializer_list<std::string_view> keys,
                    std::string message) {
  for (const std::string_view key : keys) {
    if (reader.Recall(fmt::format("{}{}", internal::kInvalidMark, key)) != nullptr) return;
  }
  for (const std::string_view key : keys) {
    if (const Origin* origin = reader.Recall(key)) {
      reader.Fail(*origin, std::move(message));
      return;
    }
  }
}

// Defaults that follow from other keys, once every file has had its say.
void DeriveDefaults(Reader& reader) {
  Config& config = reader.config();
  if (reader.Recall("storage.database") == nullptr) {
    config.database_path = (std::filesystem::path(config.state_directory) / "archive.db").string();
  }
  if (reader.Recall("daemon.control_socket") == nullptr) {
    config.control_socket = DefaultControlSocket(config.state_directory);
    if (config.control_socket.size() > internal::kMaxSocketPathBytes) {
      FailAtFirstSet(reader, {"daemon.state_directory"},
                     fmt::format("the control socket in this folder, {}, would be longer than "
                                 "a Unix socket path can be ({} bytes): set control_socket",
                                 config.control_socket, internal::kMaxSocketPathBytes));
    }
  }
}

void CheckBetweenKeys(Reader& reader) {
  const Config& config = reader.config();
  const ScheduleSettings& schedule = config.schedule;
  if (schedule.min_interval > schedule.max_interval) {
    FailAtFirstSet(
        reader, {"schedule.min_interval", "schedule.max_interval"},
        fmt::format("min_interval ({}) is longer than max_interval ({})",
                    FormatDuration(schedule.min_interval), FormatDuration(schedule.max_interval)));
  } else if (schedule.default_interval < schedule.min_interval ||
             schedule.default_interval > schedule.max_interval) {
    FailAtFirstSet(
        reader, {"schedule.default_interval", "schedule.min_interval", "schedule.max_interval"},
        fmt::format("default_interval ({}) is outside [min_interval, max_interval] "
                    "({} to {})",
                    FormatDuration(schedule.default_interval),
                    FormatDuration(schedule.min_interval), FormatDuration(schedule.max_interval)));
  }
  if (config.fetch.connect_timeout > config.fetch.timeout) {
    FailAtFirstSet(reader, {"fetch.connect_timeout_s", "fetch.timeout_s"},
                   fmt::format("connect_timeout_s ({}) is longer than timeout_s ({}), which "
                               "covers the whole transfer",
                               config.fetch.connect_timeout.count(), config.fetch.timeout.count()));
  }
}

void Finish(Reader& reader) {
  DeriveDefaults(reader);
  CheckBetweenKeys(reader);
  internal::CheckDigestTopics(reader);
}

// Reads one file of the load order; false when it could not be read at all.
bool ReadFile(const std::string& path, bool is_fragment, Reader& reader) {
  reader.BeginFile(path);
  Result<std::string> text = internal::ReadConfigFile(path);
  if (!text.ok()) {
    // A fragment that vanished between listing and reading (or a broken link) is no reason to
    // say the config file is missing.
    const StatusCode code = is_fragment && text.status().code() == StatusCode::kNotFound
                                ? StatusCode::kIO
                                : text.status().code();
    reader.FailFile(text.status().message(), code);
    return false;
  }
  ReadText(*text, reader);
  return true;
}

}  // namespace

std::string_view FullTextName(FullText policy) {
  switch (policy) {
    case FullText::kMatched:
      return "matched";
    case FullText::kAll:
      return "all";
    case FullText::kNone:
      return "none";
  }
  return "matched";
}

std::string Problem::ToString() const {
  if (line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

std::string DefaultUserAgent() { return "tidings/" TIDINGS_VERSION; }

Config Defaults() {
  Config config;
  config.state_directory = DefaultStateDirectory();
  config.database_path = DefaultDatabasePath();
  config.control_socket = DefaultControlSocket(config.state_directory);
  config.fetch.user_agent = DefaultUserAgent();
  return config;
}

Checked Check(const std::string& path) {
  Checked checked{Defaults(), {}};
  checked.config.source = path;
  Reader reader(checked.config);
  if (!ReadFile(path, false, reader)) {
    checked.problems = reader.TakeProblems();
    return checked;
  }
  const std::string folder = internal::FragmentFolder(path);
  Result<std::vector<std::string>> fragments = internal::ListFragments(folder);
  if (!fragments.ok()) {
    reader.BeginFile(folder);
    reader.FailFile("cannot list the fragments folder: " + fragments.status().message(),
                    StatusCode::kIO);
  } else {
    for (const std::string& fragment : *fragments) {
      checked.config.fragments.push_back(fragment);
      ReadFile(fragment, true, reader);
    }
  }
  Finish(reader);
  checked.problems = reader.TakeProblems();
  return checked;
}

Result<Config> Load(const std::string& path) {
  Checked checked = Check(path);
  if (!checked.problems.empty()) {
    const Problem& first = checked.problems.front();
    return Status(first.code, first.ToString());
  }
  return std::move(checked.config);
}

Result<Config> Parse(std::string_view text, const std::string& source_name) {
  Config config = Defaults();
  config.source = source_name;
  Reader reader(config);
  reader.BeginFile(source_name);
  ReadText(text, reader);
  Finish(reader);
  std::vector<Problem> problems = reader.TakeProblems();
  if (!problems.empty()) return Status(problems.front().code, problems.front().ToString());
  return config;
}

}  // namespace tidings::config
