// The config file: toml++ parses, then every section is checked against a table of its keys.
//
// toml++ is compiled into this file header-only with TOML_EXCEPTIONS=0 (see CMakeLists.txt), so
// parse() returns a toml::parse_result and never throws.
//
// Adding a section: write its keys as a `kXxxKeys` table (name + a function that checks the
// value and stores it) and list it in kSections. Adding a key: one line in its section's table.
#include "config/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <toml++/toml.h>

#include "config/paths.h"

static_assert(!TOML_EXCEPTIONS, "tidings_config must compile toml++ with TOML_EXCEPTIONS=0");

namespace tidings::config {
namespace {

constexpr std::int64_t kMaxDays = 36500;  // 100 years; anything longer is a typo
constexpr std::size_t kMaxQuotedBytes = 40;

// Collects what is wrong with a document. Only the first problem in file order is reported, so
// the message does not depend on the order in which toml++ iterates a table (by key).
class Checker {
 public:
  explicit Checker(const std::string& source) : source_(source) {}

  const std::string& source() const { return source_; }
  void Fail(const toml::source_position& at, std::string message) {
    if (first_ && !(at < *first_)) return;
    first_ = at;
    message_ = std::move(message);
  }
  Status status() const {
    if (!first_) return Status::Ok();
    return InvalidError(
        fmt::format("{}:{}:{}: {}", source_, first_->line, first_->column, message_));
  }

 private:
  const std::string& source_;
  std::optional<toml::source_position> first_;
  std::string message_;
};

// A TOML-like rendering of a string for messages, shortened if long.
std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  std::size_t end = std::min(text.size(), kMaxQuotedBytes);
  // Do not cut a UTF-8 sequence in half.
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  for (const char c : text.substr(0, end)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      quoted += fmt::format("\\u{:04X}", byte);
    } else {
      quoted += c;
    }
  }
  quoted += end < text.size() ? "...\"" : "\"";
  return quoted;
}

// What a value is, for "expected ..., got X" messages.
std::string Describe(const toml::node& value) {
  switch (value.type()) {
    case toml::node_type::string:
      return Quote(value.as_string()->get());
    case toml::node_type::integer:
      return fmt::format("{}", value.as_integer()->get());
    case toml::node_type::floating_point: {
      std::string number = fmt::format("{}", value.as_floating_point()->get());
      // fmt prints 30.0 as "30", which would hide why it was rejected.
      if (number.find_first_of(".eEn") == std::string::npos) number += ".0";
      return number;
    }
    case toml::node_type::boolean:
      return value.as_boolean()->get() ? "true" : "false";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring ASCII
// case: "Database" and "databse" both suggest "database".
std::size_t EditDistance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      current[j] =
          std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The known name closest to `name`, if it is close enough to be a plausible typo.
std::optional<std::string_view> Suggest(std::string_view name,
                                        std::span<const std::string_view> known) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const std::string_view candidate : known) {
    const std::size_t distance = EditDistance(name, candidate);
    if (distance > std::max<std::size_t>(1, candidate.size() / 3)) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// --- Value checkers: validate one value and store it, or report why not. ---

void ReadDays(const toml::node& value, Checker& checker, int& days) {
  const toml::value<std::int64_t>* number = value.as_integer();
  if (number == nullptr || number->get() < 0) {
    checker.Fail(value.source().begin,
                 "expected an integer number of days >= 0, got " + Describe(value));
  } else if (number->get() > kMaxDays) {
    checker.Fail(value.source().begin,
                 fmt::format("expected an integer number of days <= {} (100 years), got {}",
                             kMaxDays, number->get()));
  } else {
    days = static_cast<int>(number->get());
  }
}

void ReadFilePath(const toml::node& value, Checker& checker, std::string& path) {
  const toml::value<std::string>* text = value.as_string();
  if (text == nullptr || text->get().empty()) {
    checker.Fail(value.source().begin, "expected a file path (a non-empty string), got " +
                                           (text == nullptr ? Describe(value) : "\"\""));
    return;
  }
  if (text->get().find('\0') != std::string::npos) {
    checker.Fail(value.source().begin, "a file path cannot contain a NUL character");
    return;
  }
  Result<std::string> resolved = internal::ResolvePath(text->get(), checker.source());
  if (!resolved.ok()) {
    checker.Fail(value.source().begin, resolved.status().message());
    return;
  }
  path = std::move(*resolved);
}

// --- The sections and their keys. ---

struct Key {
  std::string_view name;
  void (*read)(const toml::node& value, Checker& checker, Config& config);
};

struct Section {
  std::string_view name;
  std::span<const Key> keys;
};

void ReadDatabase(const toml::node& value, Checker& checker, Config& config) {
  ReadFilePath(value, checker, config.database_path);
}

template <int storage::RetentionPolicy::*kField>
void ReadRetentionDays(const toml::node& value, Checker& checker, Config& config) {
  ReadDays(value, checker, config.retention.*kField);
}

constexpr Key kStorageKeys[] = {
    {"database", ReadDatabase},
};

constexpr Key kRetentionKeys[] = {
    {"unmatched_days", ReadRetentionDays<&storage::RetentionPolicy::unmatched_days>},
    {"matched_days", ReadRetentionDays<&storage::RetentionPolicy::matched_days>},
    {"raw_page_days", ReadRetentionDays<&storage::RetentionPolicy::raw_page_days>},
    {"tombstone_days", ReadRetentionDays<&storage::RetentionPolicy::tombstone_days>},
};

constexpr Section kSections[] = {
    {"storage", kStorageKeys},
    {"retention", kRetentionKeys},
};

template <typename T>
const T* FindByName(std::span<const T> items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

template <typename T>
std::vector<std::string_view> NamesOf(std::span<const T> items) {
  std::vector<std::string_view> names;
  names.reserve(items.size());
  for (const T& item : items) names.push_back(item.name);
  return names;
}

std::string DidYouMean(std::optional<std::string_view> suggestion, std::string_view open,
                       std::string_view close) {
  if (!suggestion) return "";
  return fmt::format(" (did you mean {}{}{}?)", open, *suggestion, close);
}

void ReadSection(const toml::table& table, const Section& section, Checker& checker,
                 Config& config) {
  for (const auto& [key, value] : table) {
    const Key* known = FindByName(section.keys, key.str());
    if (known != nullptr) {
      known->read(value, checker, config);
      continue;
    }
    const std::vector<std::string_view> names = NamesOf(section.keys);
    checker.Fail(key.source().begin,
                 fmt::format("unknown key {} in [{}]{}", Quote(key.str()), section.name,
                             DidYouMean(Suggest(key.str(), names), "\"", "\"")));
  }
}

// A plain key at the top level: most likely a key written above its section header.
void ReportTopLevelKey(const toml::key& key, Checker& checker) {
  for (const Section& section : kSections) {
    for (const Key& known : section.keys) {
      if (known.name != key.str()) continue;
      checker.Fail(key.source().begin,
                   fmt::format("unknown key {} at the top level (it belongs in [{}])",
                               Quote(key.str()), section.name));
      return;
    }
  }
  checker.Fail(key.source().begin,
               fmt::format("unknown key {} at the top level", Quote(key.str())));
}

void ReadDocument(const toml::table& root, Checker& checker, Config& config) {
  const std::span<const Section> sections(kSections);
  for (const auto& [key, value] : root) {
    const Section* known = FindByName(sections, key.str());
    if (known != nullptr) {
      if (const toml::table* table = value.as_table()) {
        ReadSection(*table, *known, checker, config);
      } else {
        checker.Fail(value.source().begin, fmt::format("expected [{}] to be a table, got {}",
                                                       known->name, Describe(value)));
      }
    } else if (value.is_table()) {
      const std::vector<std::string_view> names = NamesOf(sections);
      checker.Fail(key.source().begin,
                   fmt::format("unknown section [{}]{}", key.str(),
                               DidYouMean(Suggest(key.str(), names), "[", "]")));
    } else {
      ReportTopLevelKey(key, checker);
    }
  }
}

}  // namespace

Config Defaults() {
  Config config;
  config.database_path = DefaultDatabasePath();
  return config;
}

Result<Config> Parse(std::string_view text, const std::string& source_name) {
  toml::parse_result parsed = toml::parse(text, std::string_view(source_name));
  if (!parsed) {
    const toml::parse_error& error = parsed.error();
    const toml::source_position& at = error.source().begin;
    return InvalidError(
        fmt::format("{}:{}:{}: {}", source_name, at.line, at.column, error.description()));
  }
  Config config = Defaults();
  config.source = source_name;
  Checker checker(source_name);
  ReadDocument(parsed.table(), checker, config);
  if (Status status = checker.status(); !status.ok()) return status;
  return config;
}

Result<Config> Load(const std::string& path) {
  Result<std::string> text = internal::ReadConfigFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

}  // namespace tidings::config
