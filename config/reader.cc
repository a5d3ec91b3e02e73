// Collecting problems, wording them, and the readers shared by every section.
#include "config/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "config/duration.h"
#include "config/paths.h"

namespace tidings::config::internal {
namespace {

constexpr std::size_t kMaxQuotedBytes = 40;

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

// `kind`: "file" or "folder".
const toml::value<std::string>* PathString(const toml::node& value, Reader& reader,
                                           std::string_view kind) {
  const toml::value<std::string>* text = value.as_string();
  if (text == nullptr || text->get().empty()) {
    reader.Fail(value.source().begin,
                fmt::format("expected a {} path (a non-empty string), got {}", kind,
                            text == nullptr ? Describe(value) : "\"\""));
    return nullptr;
  }
  if (text->get().find('\0') != std::string::npos) {
    reader.Fail(value.source().begin,
                fmt::format("a {} path cannot contain a NUL character", kind));
    return nullptr;
  }
  return text;
}

}  // namespace

std::string Where(const Origin& origin) {
  return fmt::format("{}:{}:{}", origin.file, origin.line, origin.column);
}

void Reader::BeginFile(std::string file) {
  file_index_ = files_begun_++;
  file_ = std::move(file);
}

Origin Reader::Here(const toml::source_position& at) const {
  return {file_index_, file_, static_cast<int>(at.line), static_cast<int>(at.column)};
}

void Reader::Fail(const Origin& at, std::string message) {
  problems_.emplace_back(at.file_index, Problem{at.file, at.line, at.column, std::move(message)});
}

void Reader::FailFile(std::string message, StatusCode code) {
  problems_.emplace_back(file_index_, Problem{file_, 0, 0, std::move(message), code});
}

void Reader::Remember(std::string key, const toml::source_position& at) {
  origins_.insert_or_assign(std::move(key), Here(at));
}

const Origin* Reader::Recall(std::string_view key) const {
  const auto found = origins_.find(key);
  return found == origins_.end() ? nullptr : &found->second;
}

std::vector<Problem> Reader::TakeProblems() {
  // toml++ iterates a table by key, not in file order: sort so that the report (and Load()'s
  // first problem) follows the files.
  std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.line, a.second.column) <
           std::tie(b.first, b.second.line, b.second.column);
  });
  std::vector<Problem> problems;
  problems.reserve(problems_.size());
  for (auto& [index, problem] : problems_) problems.push_back(std::move(problem));
  problems_.clear();
  return problems;
}

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

std::optional<std::string_view> Suggest(std::string_view name,
                                        std::span<const std::string_view> known) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const std::string_view candidate : known) {
    // A shortened name ("warn" for "warning", "data" for "database") is a plausible slip too.
    const bool prefix = name.size() >= 3 && candidate.starts_with(name);
    const std::size_t distance = prefix ? 1 : EditDistance(name, candidate);
    if (distance > std::max<std::size_t>(1, candidate.size() / 3)) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(std::optional<std::string_view> suggestion, std::string_view open,
                       std::string_view close) {
  if (!suggestion) return "";
  return fmt::format(" (did you mean {}{}{}?)", open, *suggestion, close);
}

bool ReadBool(const toml::node& value, Reader& reader, bool& out) {
  const toml::value<bool>* flag = value.as_boolean();
  if (flag == nullptr) {
    reader.Fail(value.source().begin, "expected true or false, got " + Describe(value));
    return false;
  }
  out = flag->get();
  return true;
}

bool ReadInteger(const toml::node& value, Reader& reader, std::int64_t min, std::int64_t max,
                 std::int64_t& out) {
  const toml::value<std::int64_t>* number = value.as_integer();
  if (number == nullptr || number->get() < min || number->get() > max) {
    reader.Fail(value.source().begin, fmt::format("expected an integer from {} to {}, got {}", min,
                                                  max, Describe(value)));
    return false;
  }
  out = number->get();
  return true;
}

bool ReadDuration(const toml::node& value, Reader& reader, std::chrono::seconds& out) {
  std::chrono::seconds duration{0};
  if (const toml::value<std::int64_t>* number = value.as_integer()) {
    duration = std::chrono::seconds(number->get());
  } else if (const toml::value<std::string>* text = value.as_string()) {
    Result<std::chrono::seconds> parsed = ParseDuration(text->get());
    if (!parsed.ok()) {
      reader.Fail(value.source().begin,
                  fmt::format("{}, got {}", parsed.status().message(), Describe(value)));
      return false;
    }
    duration = *parsed;
  } else {
    reader.Fail(value.source().begin,
                "expected a duration such as \"30m\", \"2h\" or \"1d\" (or a number of seconds), "
                "got " +
                    Describe(value));
    return false;
  }
  if (duration < kMinDuration || duration > kMaxDuration) {
    reader.Fail(value.source().begin, fmt::format("expected a duration from {} to {}, got {}",
                                                  FormatDuration(kMinDuration),
                                                  FormatDuration(kMaxDuration), Describe(value)));
    return false;
  }
  out = duration;
  return true;
}

bool ReadChoice(const toml::node& value, Reader& reader, std::span<const std::string_view> choices,
                std::size_t& out) {
  const toml::value<std::string>* text = value.as_string();
  if (text != nullptr) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (choices[i] == text->get()) {
        out = i;
        return true;
      }
    }
  }
  std::string listed;
  for (const std::string_view choice : choices) {
    listed += fmt::format("{}\"{}\"", listed.empty() ? "" : ", ", choice);
  }
  const std::string suggestion =
      text == nullptr ? "" : DidYouMean(Suggest(text->get(), choices), "\"", "\"");
  reader.Fail(value.source().begin,
              fmt::format("expected one of {}, got {}{}", listed, Describe(value), suggestion));
  return false;
}

bool ReadText(const toml::node& value, Reader& reader, std::size_t max_bytes, std::string& out) {
  const toml::value<std::string>* text = value.as_string();
  if (text == nullptr || text->get().empty()) {
    reader.Fail(value.source().begin,
                "expected a non-empty string, got " + (text == nullptr ? Describe(value) : "\"\""));
    return false;
  }
  if (text->get().size() > max_bytes) {
    reader.Fail(value.source().begin, fmt::format("too long: at most {} bytes", max_bytes));
    return false;
  }
  for (const char c : text->get()) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      reader.Fail(value.source().begin,
                  "control characters (line breaks, tabs ...) are not "
                  "allowed here, got " +
                      Describe(value));
      return false;
    }
  }
  out = text->get();
  return true;
}

bool ReadFilePath(const toml::node& value, Reader& reader, std::string& out) {
  const toml::value<std::string>* text = PathString(value, reader, "file");
  if (text == nullptr) return false;
  Result<std::string> resolved = ResolvePath(text->get(), reader.file());
  if (!resolved.ok()) {
    reader.Fail(value.source().begin, resolved.status().message());
    return false;
  }
  out = std::move(*resolved);
  return true;
}

bool ReadFolderPath(const toml::node& value, Reader& reader, std::string& out) {
  const toml::value<std::string>* text = PathString(value, reader, "folder");
  if (text == nullptr) return false;
  Result<std::string> resolved = ResolveFolder(text->get(), reader.file());
  if (!resolved.ok()) {
    reader.Fail(value.source().begin, resolved.status().message());
    return false;
  }
  out = std::move(*resolved);
  return true;
}

}  // namespace tidings::config::internal
