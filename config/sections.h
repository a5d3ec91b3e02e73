// Internal to config/: the table of sections and keys the config file may contain.
//
// Adding a key: one line in its section's table in sections.cc (or feeds.cc for [[feed]]), a
// field in config.h, a row in docs/config.md and a commented line in tidings.toml. Adding a
// section ([topics], [digest] ...): a table of keys and one line in kSections.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "config/reader.h"

namespace tidings::config::internal {

struct Key {
  std::string_view name;
  // Checks the value and stores it in reader.config(), or reports why not.
  void (*read)(const toml::node& value, Reader& reader);
};

struct Section {
  std::string_view name;
  std::span<const Key> keys;
};

// The plain sections: [daemon], [storage], [fetch], [schedule], [retention].
std::span<const Section> Sections();

// The keys of one [[feed]] entry (feeds.cc). Their readers fill reader.config().feeds.back().
std::span<const Key> FeedKeys();

// Reads every key of `table` (labelled "[fetch]" or "[[feed]]" in messages). An unknown key is
// reported with the closest known name or, when it is a key of another section, where it
// belongs. With a non-empty `remember_as`, a key read without a problem is remembered as
// "<remember_as>.<key>" (Reader::Remember), one with a problem as kInvalidMark + that, so that
// checks between keys can leave a wrong value to its own message.
void ReadKeys(const toml::table& table, std::span<const Key> keys, std::string_view label,
              std::string_view remember_as, Reader& reader);

inline constexpr std::string_view kInvalidMark = "invalid ";

// The label ("[storage]", "[[feed]]") of the first section other than `except` that has a key
// named `name`.
std::optional<std::string> HomeOf(std::string_view name, std::string_view except);

// Reads the value of the top-level key "feed": an array of tables.
void ReadFeeds(const toml::node& value, Reader& reader);

// Reads the value of the top-level key "topic": an array of tables (topics.cc).
void ReadTopics(const toml::node& value, Reader& reader);

// Reads the value of the top-level key "digest": an array of tables (digests.cc).
void ReadDigests(const toml::node& value, Reader& reader);

// Reports [[digest]] topics that no [[topic]] defines and no built-in model has, once every
// file is read (a fragment may add the topic).
void CheckDigestTopics(Reader& reader);

// The longest path a Unix socket can have (sun_path holds 108 bytes with the final NUL).
inline constexpr std::size_t kMaxSocketPathBytes = 107;

// The names of FullText's values, in its order.
inline constexpr std::array<std::string_view, 3> kFullTextNames = {"matched", "all", "none"};

}  // namespace tidings::config::internal
