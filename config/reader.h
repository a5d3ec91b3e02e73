// Internal to config/: reading TOML values into a Config while collecting every problem.
//
// A Reader is given the files in load order (BeginFile); the value readers below check one
// value each, store it, or report why not at the value's line and column. Only the config
// library's .cc files include this (toml++ is compiled into them header-only, without
// exceptions: see CMakeLists.txt).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"

namespace tidings::config::internal {

// Where a key or value was written.
struct Origin {
  std::size_t file_index = 0;  // place of the file in the load order
  std::string file;
  int line = 0;
  int column = 0;
};

// "file:line:col".
std::string Where(const Origin& origin);

class Reader {
 public:
  explicit Reader(Config& config) : config_(config) {}
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  Config& config() { return config_; }

  // What follows belongs to `file` (the next in load order).
  void BeginFile(std::string file);
  const std::string& file() const { return file_; }

  Origin Here(const toml::source_position& at) const;
  void Fail(const toml::source_position& at, std::string message) {
    Fail(Here(at), std::move(message));
  }
  void Fail(const Origin& at, std::string message);
  // A problem with the current file as a whole.
  void FailFile(std::string message, StatusCode code);
  std::size_t problem_count() const { return problems_.size(); }

  // Remembers where `key` got its value (a later file's value replaces an earlier one), for
  // checks between keys and for telling a value written from a default.
  void Remember(std::string key, const toml::source_position& at);
  const Origin* Recall(std::string_view key) const;

  // Every problem, in load order, then by line and column.
  std::vector<Problem> TakeProblems();

 private:
  Config& config_;
  std::size_t files_begun_ = 0;
  std::size_t file_index_ = 0;
  std::string file_;
  std::vector<std::pair<std::size_t, Problem>> problems_;
  std::map<std::string, Origin, std::less<>> origins_;
};

// --- Wording of messages. ---

// A TOML-like rendering of a string, shortened if long, control characters escaped.
std::string Quote(std::string_view text);
// What a value is, for "expected ..., got X": a quoted string, a number, "an array" ...
std::string Describe(const toml::node& value);
// The known name closest to `name`, if close enough to be a plausible typo.
std::optional<std::string_view> Suggest(std::string_view name,
                                        std::span<const std::string_view> known);
// " (did you mean <open>suggestion<close>?)", or "" without a suggestion.
std::string DidYouMean(std::optional<std::string_view> suggestion, std::string_view open,
                       std::string_view close);

// --- Value readers: check `value`, store it in `out` and return true, or report why not,
// leave `out` untouched and return false. ---

bool ReadBool(const toml::node& value, Reader& reader, bool& out);
// An integer in [min, max].
bool ReadInteger(const toml::node& value, Reader& reader, std::int64_t min, std::int64_t max,
                 std::int64_t& out);
// A duration from 1m to 30d: a string such as "30m" (config/duration.h) or integer seconds.
bool ReadDuration(const toml::node& value, Reader& reader, std::chrono::seconds& out);
// One of `choices` (a string); `out` is its index.
bool ReadChoice(const toml::node& value, Reader& reader, std::span<const std::string_view> choices,
                std::size_t& out);
// A non-empty string without control characters, at most `max_bytes` long.
bool ReadText(const toml::node& value, Reader& reader, std::size_t max_bytes, std::string& out);
// A path, made absolute against the current file's folder (paths.h: ResolvePath).
bool ReadFilePath(const toml::node& value, Reader& reader, std::string& out);
bool ReadFolderPath(const toml::node& value, Reader& reader, std::string& out);

inline constexpr std::chrono::seconds kMinDuration{60};
inline constexpr std::chrono::seconds kMaxDuration{30 * 86400};

}  // namespace tidings::config::internal
