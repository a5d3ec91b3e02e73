// The tidings configuration file (TOML), shared by the daemon and the CLI.
//
//   Result<config::Config> c = config::Load("/etc/tidings/tidings.toml");
//   if (!c.ok()) { fmt::print(stderr, "{}\n", c.status().message()); }  // "file:line:col: ..."
//
//   config::Checked all = config::Check(path);   // every problem, for `tidings check-config`
//   for (const config::Problem& p : all.problems) fmt::print("{}\n", p.ToString());
//
// Pure: reads the file and its conf.d fragments, touches nothing else (nothing is created, no
// credentials file is opened). Every problem names the file, line and column of the offending
// key or value and says what was expected; unknown sections and keys are problems too (a typo
// must not be silently ignored). docs/config.md documents every key; config/tidings.toml is the
// shipped file.
//
// Sections: [daemon] [storage] [fetch] [schedule] [articles] [retention] and the [[feed]],
// [[topic]] and [[digest]] lists.
//
// Fragments: the files `conf.d/*.toml` in the folder of the main file are read after it, in
// byte order of their names. A fragment may add [[feed]] entries and may set any key: the last
// file that sets a key wins (as with systemd drop-ins), so packages and admins can override
// the shipped file without editing it. A feed listed twice (in any files) is a problem.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/retention.h"

namespace tidings::config {

// Which items' articles the daemon fetches, extracts and archives (README "Full text").
enum class FullText {
  kMatched,  // items that match a topic
  kAll,      // every new item
  kNone,     // none: the item keeps what the feed gave
};

// "matched", "all", "none".
std::string_view FullTextName(FullText policy);

// One [[feed]] entry.
struct FeedConfig {
  std::string url;            // as written: an absolute http(s) URL
  std::string canonical_url;  // CanonicalUrl(url): equal for two entries that name one feed
  std::string title;          // "" = the feed's own title
  // A fixed poll interval for this feed (the adaptive schedule is off for it); nullopt =
  // adaptive within [schedule].
  std::optional<std::chrono::seconds> interval;
  std::vector<std::string> tags;  // in file order, without duplicates
  bool enabled = true;
  std::optional<FullText> full_text;   // nullopt = [articles].full_text
  std::optional<bool> respect_robots;  // nullopt = [articles].respect_robots
  // Extra request headers, sorted by name. Never Authorization, Cookie and the like: those
  // come from credentials_file.
  std::vector<std::pair<std::string, std::string>> headers;
  // Absolute path of a file the daemon reads secret request headers from ("" = none). Only the
  // path is checked here.
  std::string credentials_file;
  std::optional<bool> allow_private_networks;  // nullopt = [fetch].allow_private_networks
  std::string defined_in;                      // the file this entry is in
  int line = 0;                                // the line of its [[feed]] header

  bool operator==(const FeedConfig&) const = default;
};

// [fetch]: how feeds are downloaded.
struct FetchSettings {
  std::string user_agent;                            // default: DefaultUserAgent()
  int concurrency = 16;                              // transfers at once, all hosts together
  int per_host_connections = 2;                      // transfers at once to one host
  std::chrono::milliseconds per_host_spacing{1000};  // between two request starts to one host
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};            // a whole transfer; >= connect_timeout
  std::int64_t max_response_bytes = 16 << 20;  // counted after decompression
  bool allow_private_networks = false;
  // "" = from the environment ($https_proxy, $http_proxy, $no_proxy, as curl reads them);
  // "none" = direct connections whatever the environment says; else a proxy URL
  // (http, https, socks4, socks4a, socks5, socks5h; without credentials).
  std::string proxy;

  bool operator==(const FetchSettings&) const = default;
};

// [schedule]: how often feeds are polled. min <= default <= max.
struct ScheduleSettings {
  std::chrono::seconds default_interval{3600};  // until a feed's own rhythm is known
  std::chrono::seconds min_interval{600};
  std::chrono::seconds max_interval{86400};

  bool operator==(const ScheduleSettings&) const = default;
};

// One rule of a [[topic]]: an expression of the rule language (match/rules.h) and what it does.
struct TopicRuleConfig {
  enum class Kind { kWeight, kRequire, kVeto };
  Kind kind = Kind::kWeight;
  std::string expression;
  double weight = 1.0;  // kWeight: added to the score's logit when the rule matches
  int line = 0;         // where the expression starts, for messages
  int column = 0;

  bool operator==(const TopicRuleConfig&) const = default;
};

// Example items of a [[topic]]: a JSON-lines file ({"title", "summary"} per line) or archived
// item ids, all positive or all negative.
struct TopicExamplesConfig {
  std::string file;                 // absolute; "" when `items` are given
  std::vector<std::int64_t> items;  // archive item ids
  bool relevant = true;

  bool operator==(const TopicExamplesConfig&) const = default;
};

// One [[topic]] entry (docs/topics.md). A topic named like a built-in one replaces it.
struct TopicConfig {
  std::string name;
  std::string description;
  double threshold = 0.5;
  // "builtin" (the built-in model of the topic's name, e.g. sci-tech), an absolute path to a
  // model file (`tidings topics train --out`), or "" for rules and examples only.
  std::string model;
  std::vector<TopicRuleConfig> rules;
  std::vector<TopicExamplesConfig> examples;
  bool enabled = true;
  std::string defined_in;
  int line = 0;

  bool operator==(const TopicConfig&) const = default;
};

// One [[digest]] entry: a digest made on a schedule, written into the state folder and, with a
// command, piped to it as an e-mail message (docs/digest.md "Scheduled digests").
struct DigestConfig {
  std::string name;                          // file names: <state>/digests/<name>/...
  std::vector<int> at;                       // minutes after local midnight, sorted, no repeats
  std::uint8_t days = 0x7f;                  // bit n = weekday n (0 = Sunday, as tm_wday)
  std::vector<std::string> topics;           // empty: every topic
  std::chrono::seconds window{86400};        // the digest covers [run - window, run]
  std::vector<std::string> formats{"html"};  // files written: json markdown text html atom
  std::int64_t limit = 50;                   // most entries
  std::int64_t keep = 30;                    // dated files kept per format (0: all)
  // Run with the message on its standard input; empty: none. A string in the file becomes
  // {"/bin/sh", "-c", string}; an array is the argv itself.
  std::vector<std::string> command;
  std::string mail_from;    // "" -> "tidings <tidings@HOSTNAME>"
  std::string mail_to;      // required with a command
  std::string subject;      // "" -> the digest's title and date
  bool send_empty = false;  // pipe a digest with no entries too
  bool enabled = true;
  std::string defined_in;
  int line = 0;

  bool operator==(const DigestConfig&) const = default;
};

// [articles]: the defaults for every feed's article fetching.
struct ArticleSettings {
  FullText full_text = FullText::kMatched;
  bool respect_robots = true;  // honour robots.txt for article pages

  bool operator==(const ArticleSettings&) const = default;
};

struct Config {
  std::string source;                  // the main file, "" for built-in defaults
  std::vector<std::string> fragments;  // conf.d files read after it, in order

  // [daemon]
  std::string state_directory;     // absolute; DefaultStateDirectory() when not set
  std::string control_socket;      // absolute; DefaultControlSocket(state_directory) when not set
  std::string log_level = "info";  // error | warning | notice | info | debug
  // Members may change state over the control socket (poll, reload, mark); "" = only root and
  // the daemon's own user.
  std::string control_group;

  // [storage]
  std::string database_path;  // absolute; <state_directory>/archive.db when not set

  FetchSettings fetch;
  ScheduleSettings schedule;
  ArticleSettings articles;
  storage::RetentionPolicy retention;  // [retention]
  std::vector<FeedConfig> feeds;       // [[feed]], main file first, then fragments in order
  std::vector<TopicConfig> topics;     // [[topic]], in the same order
  std::vector<DigestConfig> digests;   // [[digest]], in the same order
};

// One thing wrong with a config file.
struct Problem {
  std::string file;
  int line = 0;  // 0 when the problem is with the file as a whole (missing, unreadable)
  int column = 0;
  std::string message;
  StatusCode code = StatusCode::kInvalid;  // kNotFound, kIO or kInvalid

  // "file:line:col: message", or "file: message" for a whole-file problem.
  std::string ToString() const;
};

struct Checked {
  Config config;  // what could be read; use it only when `problems` is empty
  // Every problem, in load order (main file, then fragments), then by line and column.
  std::vector<Problem> problems;
};

// Reads `path` and its conf.d fragments and collects every problem. A missing or unreadable
// main file is the only problem reported (kNotFound / kIO); otherwise each file is checked
// even when an earlier one has problems.
Checked Check(const std::string& path);

// Check(), then the first problem as the Status: kNotFound when `path` does not exist, kIO when
// a file cannot be read, kInvalid with "file:line:col: message" for anything wrong inside.
Result<Config> Load(const std::string& path);

// Parses one config text, without fragments; `source_name` is used in messages and its folder
// resolves relative paths. Fails with the first problem.
Result<Config> Parse(std::string_view text, const std::string& source_name);

// The built-in defaults (what an empty file gives).
Config Defaults();

// The config file to use when none is given on the command line, the first of:
// $TIDINGS_CONFIG (returned even if missing, so that Load() says so);
// $CONFIGURATION_DIRECTORY/tidings.toml (systemd's ConfigurationDirectory=);
// $XDG_CONFIG_HOME/tidings/tidings.toml (or ~/.config/...); /etc/tidings/tidings.toml;
// ./config/tidings.toml (made absolute) -- each of these only if it exists.
// nullopt: none exists, use Defaults().
std::optional<std::string> FindConfigFile();

// $STATE_DIRECTORY (systemd's StateDirectory=, the first when there are several), else
// $XDG_STATE_HOME/tidings, else ~/.local/state/tidings, else /var/lib/tidings.
std::string DefaultStateDirectory();

// DefaultStateDirectory()/archive.db.
std::string DefaultDatabasePath();

// $RUNTIME_DIRECTORY/tidings.sock (systemd's RuntimeDirectory=), else
// <state_directory>/tidings.sock.
std::string DefaultControlSocket(const std::string& state_directory);

// "tidings/<version>".
std::string DefaultUserAgent();

}  // namespace tidings::config
