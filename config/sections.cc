// The plain sections and their keys. Each reader checks one value and stores it; checks that
// involve several keys (min_interval <= max_interval ...) run once every file is read
// (config.cc), since a later fragment may change either key.
#include "config/sections.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <vector>

#include "config/http_checks.h"

namespace tidings::config::internal {
namespace {

constexpr std::int64_t kMaxDays = 36500;  // 100 years; anything longer is a typo
constexpr std::size_t kMaxUserAgentBytes = 512;

// --- [daemon] ---

void ReadStateDirectory(const toml::node& value, Reader& reader) {
  ReadFolderPath(value, reader, reader.config().state_directory);
}

void ReadControlSocket(const toml::node& value, Reader& reader) {
  std::string path;
  if (!ReadFilePath(value, reader, path)) return;
  if (path.size() > kMaxSocketPathBytes) {
    reader.Fail(value.source().begin,
                fmt::format("a Unix socket path can be at most {} bytes long, this one has {}",
                            kMaxSocketPathBytes, path.size()));
    return;
  }
  reader.config().control_socket = std::move(path);
}

// A group name as useradd/groupadd accept it, so a typo fails here and not at the daemon's start.
void ReadControlGroup(const toml::node& value, Reader& reader) {
  std::string name;
  if (!ReadText(value, reader, 32, name)) return;
  bool valid = !name.empty() && name[0] != '-';
  for (const char c : name) {
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.');
  }
  if (!valid) {
    reader.Fail(value.source().begin,
                "expected a group name (letters, digits, '_', '-', '.'; not starting with '-')");
    return;
  }
  reader.config().control_group = std::move(name);
}

// The names daemon::ParseLogLevel accepts.
constexpr std::array<std::string_view, 5> kLogLevels = {"error", "warning", "notice", "info",
                                                        "debug"};

void ReadLogLevel(const toml::node& value, Reader& reader) {
  std::size_t level = 0;
  if (ReadChoice(value, reader, kLogLevels, level)) {
    reader.config().log_level = std::string(kLogLevels[level]);
  }
}

// --- [storage] ---

void ReadDatabase(const toml::node& value, Reader& reader) {
  ReadFilePath(value, reader, reader.config().database_path);
}

// --- [fetch] ---

void ReadUserAgent(const toml::node& value, Reader& reader) {
  std::string agent;
  if (!ReadText(value, reader, kMaxUserAgentBytes, agent)) return;
  for (const char c : agent) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      reader.Fail(value.source().begin, "a User-Agent must be ASCII, got " + Describe(value));
      return;
    }
  }
  reader.config().fetch.user_agent = std::move(agent);
}

template <int FetchSettings::*kField, std::int64_t kMin, std::int64_t kMax>
void ReadFetchCount(const toml::node& value, Reader& reader) {
  std::int64_t number = 0;
  if (ReadInteger(value, reader, kMin, kMax, number)) {
    reader.config().fetch.*kField = static_cast<int>(number);
  }
}

template <typename Duration, Duration FetchSettings::*kField, std::int64_t kMin, std::int64_t kMax>
void ReadFetchTime(const toml::node& value, Reader& reader) {
  std::int64_t number = 0;
  if (ReadInteger(value, reader, kMin, kMax, number)) {
    reader.config().fetch.*kField = Duration(number);
  }
}

void ReadMaxResponseBytes(const toml::node& value, Reader& reader) {
  ReadInteger(value, reader, 1024, std::int64_t{1} << 30, reader.config().fetch.max_response_bytes);
}

void ReadFetchPrivate(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, reader.config().fetch.allow_private_networks);
}

void ReadProxy(const toml::node& value, Reader& reader) {
  const toml::value<std::string>* text = value.as_string();
  if (text == nullptr) {
    reader.Fail(
        value.source().begin,
        "expected \"\" (from the environment), \"none\" or a proxy URL, got " + Describe(value));
    return;
  }
  if (!text->get().empty() && text->get() != "none") {
    if (std::optional<std::string> why = WhyNotProxyUrl(text->get())) {
      reader.Fail(value.source().begin, fmt::format("{}: {}", Quote(text->get()), *why));
      return;
    }
  }
  reader.config().fetch.proxy = text->get();
}

// --- [schedule] ---

template <std::chrono::seconds ScheduleSettings::*kField>
void ReadInterval(const toml::node& value, Reader& reader) {
  ReadDuration(value, reader, reader.config().schedule.*kField);
}

// --- [articles] ---

void ReadArticlesFullText(const toml::node& value, Reader& reader) {
  std::size_t choice = 0;
  if (ReadChoice(value, reader, kFullTextNames, choice)) {
    reader.config().articles.full_text = static_cast<FullText>(choice);
  }
}

void ReadArticlesRobots(const toml::node& value, Reader& reader) {
  ReadBool(value, reader, reader.config().articles.respect_robots);
}

// --- [retention] ---

template <int storage::RetentionPolicy::*kField>
void ReadRetentionDays(const toml::node& value, Reader& reader) {
  const toml::value<std::int64_t>* number = value.as_integer();
  if (number == nullptr || number->get() < 0) {
    reader.Fail(value.source().begin,
                "expected an integer number of days >= 0, got " + Describe(value));
  } else if (number->get() > kMaxDays) {
    reader.Fail(value.source().begin,
                fmt::format("expected an integer number of days <= {} (100 years), got {}",
                            kMaxDays, number->get()));
  } else {
    reader.config().retention.*kField = static_cast<int>(number->get());
  }
}

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Key kDaemonKeys[] = {
    {"state_directory", ReadStateDirectory},
    {"control_socket", ReadControlSocket},
    {"log_level", ReadLogLevel},
    {"control_group", ReadControlGroup},
};

constexpr Key kStorageKeys[] = {
    {"database", ReadDatabase},
};

constexpr Key kFetchKeys[] = {
    {"user_agent", ReadUserAgent},
    {"concurrency", ReadFetchCount<&FetchSettings::concurrency, 1, 1024>},
    {"per_host_connections", ReadFetchCount<&FetchSettings::per_host_connections, 1, 64>},
    {"per_host_spacing_ms",
     ReadFetchTime<milliseconds, &FetchSettings::per_host_spacing, 0, 60000>},
    {"connect_timeout_s", ReadFetchTime<seconds, &FetchSettings::connect_timeout, 1, 300>},
    {"timeout_s", ReadFetchTime<seconds, &FetchSettings::timeout, 1, 3600>},
    {"max_response_bytes", ReadMaxResponseBytes},
    {"allow_private_networks", ReadFetchPrivate},
    {"proxy", ReadProxy},
};

constexpr Key kScheduleKeys[] = {
    {"default_interval", ReadInterval<&ScheduleSettings::default_interval>},
    {"min_interval", ReadInterval<&ScheduleSettings::min_interval>},
    {"max_interval", ReadInterval<&ScheduleSettings::max_interval>},
};

constexpr Key kArticleKeys[] = {
    {"full_text", ReadArticlesFullText},
    {"respect_robots", ReadArticlesRobots},
};

constexpr Key kRetentionKeys[] = {
    {"unmatched_days", ReadRetentionDays<&storage::RetentionPolicy::unmatched_days>},
    {"matched_days", ReadRetentionDays<&storage::RetentionPolicy::matched_days>},
    {"raw_page_days", ReadRetentionDays<&storage::RetentionPolicy::raw_page_days>},
    {"tombstone_days", ReadRetentionDays<&storage::RetentionPolicy::tombstone_days>},
};

constexpr Section kSections[] = {
    {"daemon", kDaemonKeys},     {"storage", kStorageKeys},  {"fetch", kFetchKeys},
    {"schedule", kScheduleKeys}, {"articles", kArticleKeys}, {"retention", kRetentionKeys},
};

const Key* FindKey(std::span<const Key> keys, std::string_view name) {
  for (const Key& key : keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace

std::span<const Section> Sections() { return kSections; }

std::optional<std::string> HomeOf(std::string_view name, std::string_view except) {
  for (const Section& section : kSections) {
    const std::string label = fmt::format("[{}]", section.name);
    if (label != except && FindKey(section.keys, name) != nullptr) return label;
  }
  if (except != "[[feed]]" && FindKey(FeedKeys(), name) != nullptr) return "[[feed]]";
  return std::nullopt;
}

void ReadKeys(const toml::table& table, std::span<const Key> keys, std::string_view label,
              std::string_view remember_as, Reader& reader) {
  for (const auto& [key, value] : table) {
    if (const Key* known = FindKey(keys, key.str())) {
      const std::size_t problems = reader.problem_count();
      known->read(value, reader);
      if (!remember_as.empty()) {
        const bool valid = reader.problem_count() == problems;
        reader.Remember(fmt::format("{}{}.{}", valid ? "" : kInvalidMark, remember_as, key.str()),
                        value.source().begin);
      }
      continue;
    }
    std::vector<std::string_view> names;
    for (const Key& candidate : keys) names.push_back(candidate.name);
    std::string hint = DidYouMean(Suggest(key.str(), names), "\"", "\"");
    if (hint.empty()) {
      if (std::optional<std::string> home = HomeOf(key.str(), label)) {
        hint = fmt::format(" (it belongs in {})", *home);
      }
    }
    reader.Fail(key.source().begin,
                fmt::format("unknown key {} in {}{}", Quote(key.str()), label, hint));
  }
}

}  // namespace tidings::config::internal
