#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "tests/config_fixtures.h"

namespace fs = std::filesystem;
using config_test::InvalidMessage;
using config_test::ReadText;
using config_test::ScopedEnv;
using config_test::TempDir;
using tidings::StatusCode;
using tidings::config::Config;
using tidings::config::DefaultDatabasePath;
using tidings::config::Defaults;
using tidings::config::FindConfigFile;
using tidings::config::Load;
using tidings::config::Parse;

namespace {

const fs::path kSourceDir = fs::path(TIDINGS_TEST_DATA).parent_path().parent_path();

void CheckDefaultRetention(const Config& config) {
  CHECK(config.retention.unmatched_days == 30);
  CHECK(config.retention.matched_days == 0);
  CHECK(config.retention.raw_page_days == 14);
  CHECK(config.retention.tombstone_days == 365);
}

}  // namespace

TEST_CASE("an empty file gives the built-in defaults", "[config]") {
  const Config defaults = Defaults();
  CHECK(defaults.source.empty());
  CHECK(defaults.database_path == DefaultDatabasePath());
  CheckDefaultRetention(defaults);

  for (const char* text : {"", "# nothing here\n", "[storage]\n[retention]\n"}) {
    tidings::Result<Config> config = Parse(text, "/etc/tidings/tidings.toml");
    REQUIRE(config.ok());
    CHECK(config->source == "/etc/tidings/tidings.toml");
    CHECK(config->database_path == DefaultDatabasePath());
    CheckDefaultRetention(*config);
  }
}

TEST_CASE("every key is read", "[config]") {
  tidings::Result<Config> config = Parse(
      "[storage]\n"
      "database = \"/srv/tidings/news.db\"\n"
      "[retention]\n"
      "unmatched_days = 7\n"
      "matched_days = 3650\n"
      "raw_page_days = 0\n"
      "tombstone_days = 36500\n",
      "/etc/tidings/tidings.toml");
  REQUIRE(config.ok());
  CHECK(config->database_path == "/srv/tidings/news.db");
  CHECK(config->retention.unmatched_days == 7);
  CHECK(config->retention.matched_days == 3650);
  CHECK(config->retention.raw_page_days == 0);
  CHECK(config->retention.tombstone_days == 36500);
}

TEST_CASE("sections may be written as dotted keys or inline tables", "[config]") {
  tidings::Result<Config> config = Parse(
      "retention.matched_days = 5\n"
      "storage = { database = \"/a.db\" }\n",
      "/t.toml");
  REQUIRE(config.ok());
  CHECK(config->retention.matched_days == 5);
  CHECK(config->retention.unmatched_days == 30);
  CHECK(config->database_path == "/a.db");
}

TEST_CASE("syntax errors name the file, line and column", "[config]") {
  CHECK(InvalidMessage("[storage]\ndatabase = \n") ==
        "/etc/t.toml:2:12: Error while parsing key-value pair: expected value, saw '\\n'");
  const std::string duplicate = InvalidMessage("[retention]\nmatched_days = 1\nmatched_days = 2\n");
  CHECK_THAT(duplicate, Catch::StartsWith("/etc/t.toml:3:1") && Catch::Contains("matched_days"));
  CHECK_THAT(InvalidMessage("[retention\n"), Catch::StartsWith("/etc/t.toml:1:"));
  CHECK_THAT(InvalidMessage("a = \"\xff\"\n"), Catch::StartsWith("/etc/t.toml:1:5: "));
}

TEST_CASE("day counts must be integers from 0 to 36500", "[config]") {
  CHECK(InvalidMessage("[retention]\nunmatched_days = \"30\"\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got \"30\"");
  CHECK(InvalidMessage("[retention]\n  matched_days = -1\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got -1");
  CHECK(InvalidMessage("[retention]\nraw_page_days = 36501\n") ==
        "/etc/t.toml:2:17: expected an integer number of days <= 36500 (100 years), got 36501");
  CHECK(InvalidMessage("[retention]\ntombstone_days = 30.0\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got 30.0");
  CHECK(InvalidMessage("[retention]\ntombstone_days = 1.5\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got 1.5");
  CHECK(InvalidMessage("[retention]\ntombstone_days = true\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got true");
  CHECK(InvalidMessage("[retention]\ntombstone_days = [30]\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got an array");
  CHECK(InvalidMessage("[retention]\ntombstone_days = 2024-01-01\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got a date");
  CHECK(InvalidMessage("[retention]\ntombstone_days = 9223372036854775807\n") ==
        "/etc/t.toml:2:18: expected an integer number of days <= 36500 (100 years), got "
        "9223372036854775807");
}

TEST_CASE("messages quote strings safely and shorten long ones", "[config]") {
  CHECK(InvalidMessage("[retention]\nmatched_days = \"a\\\"b\\tc\"\n") ==
        "/etc/t.toml:2:16: expected an integer number of days >= 0, got \"a\\\"b\\u0009c\"");
  CHECK(InvalidMessage("[retention]\nmatched_days = \"" + std::string(100, 'x') + "\"\n") ==
        "/etc/t.toml:2:16: expected an integer number of days >= 0, got \"" + std::string(40, 'x') +
            "...\"");
}

TEST_CASE("unknown keys and sections are errors, with a suggestion when one is close", "[config]") {
  CHECK(InvalidMessage("[retention]\n\nunmatched_dayz = 3\n") ==
        "/etc/t.toml:3:1: unknown key \"unmatched_dayz\" in [retention] "
        "(did you mean \"unmatched_days\"?)");
  CHECK(InvalidMessage("[storage]\n  Database = \"/x.db\"\n") ==
        "/etc/t.toml:2:3: unknown key \"Database\" in [storage] (did you mean \"database\"?)");
  CHECK(InvalidMessage("[storage]\ndtaabase = \"/x.db\"\n") ==
        "/etc/t.toml:2:1: unknown key \"dtaabase\" in [storage] (did you mean \"database\"?)");
  CHECK(InvalidMessage("[storage]\ncolour = 1\n") ==
        "/etc/t.toml:2:1: unknown key \"colour\" in [storage]");
  CHECK(InvalidMessage("[retention.extra]\nx = 1\n") ==
        "/etc/t.toml:1:12: unknown key \"extra\" in [retention]");
  CHECK(InvalidMessage("\n[storag]\n") ==
        "/etc/t.toml:2:2: unknown section [storag] (did you mean [storage]?)");
  CHECK(InvalidMessage("[feeds]\nurl = 1\n") ==
        "/etc/t.toml:1:2: unknown section [feeds] (did you mean [[feed]]?)");
  CHECK(InvalidMessage("[[feeds]]\nurl = 1\n") ==
        "/etc/t.toml:1:3: unknown section [[feeds]] (did you mean [[feed]]?)");
  CHECK(InvalidMessage("[colours]\n") == "/etc/t.toml:1:2: unknown section [colours]");
  CHECK(InvalidMessage("[daemon]\ndatabase = \"/x.db\"\n") ==
        "/etc/t.toml:2:1: unknown key \"database\" in [daemon] (it belongs in [storage])");
  CHECK(InvalidMessage("url = \"https://example.com/\"\n") ==
        "/etc/t.toml:1:1: unknown key \"url\" at the top level (it belongs in [[feed]])");
  CHECK(InvalidMessage("database = \"/x.db\"\n") ==
        "/etc/t.toml:1:1: unknown key \"database\" at the top level (it belongs in [storage])");
  CHECK(InvalidMessage("verbose = true\n") ==
        "/etc/t.toml:1:1: unknown key \"verbose\" at the top level");
  CHECK(InvalidMessage("storage = 5\n") ==
        "/etc/t.toml:1:11: expected [storage] to be a table, got 5");
  CHECK(InvalidMessage("[[retention]]\nmatched_days = 1\n") ==
        "/etc/t.toml:1:1: expected [retention] to be a table, got an array");
}

TEST_CASE("the first problem in the file is the one reported", "[config]") {
  // toml++ iterates keys alphabetically; the report must follow the file instead.
  CHECK(InvalidMessage("[retention]\ntombstone_days = -1\nmatched_days = -2\n[aaa]\n") ==
        "/etc/t.toml:2:18: expected an integer number of days >= 0, got -1");
  CHECK(InvalidMessage("[storage]\nzzz = 1\n[retention]\nmatched_days = -2\n") ==
        "/etc/t.toml:2:1: unknown key \"zzz\" in [storage]");
}

TEST_CASE("the database path is made absolute and normal", "[config]") {
  const ScopedEnv home("HOME", "/home/reader");
  const auto database = [](const std::string& value, const std::string& source) {
    tidings::Result<Config> config = Parse("[storage]\ndatabase = '" + value + "'\n", source);
    REQUIRE(config.ok());
    return config->database_path;
  };
  CHECK(database("/var/lib/../lib/tidings//a.db", "/etc/t.toml") == "/var/lib/tidings/a.db");
  CHECK(database("archive.db", "/etc/tidings/tidings.toml") == "/etc/tidings/archive.db");
  CHECK(database("./data/../db/a.db", "/etc/tidings/tidings.toml") == "/etc/tidings/db/a.db");
  CHECK(database("../a.db", "/etc/tidings/tidings.toml") == "/etc/a.db");
  CHECK(database("~/news/a.db", "/etc/t.toml") == "/home/reader/news/a.db");
  CHECK(database("~/./x/../a.db", "/etc/t.toml") == "/home/reader/a.db");
  // A config file named relative to the working directory.
  const fs::path cwd = fs::current_path();
  CHECK(database("a.db", "conf/t.toml") == (cwd / "conf" / "a.db").lexically_normal().string());
  CHECK(database("a.db", "t.toml") == (cwd / "a.db").lexically_normal().string());
}

TEST_CASE("bad database paths are reported where they are written", "[config]") {
  CHECK(InvalidMessage("[storage]\ndatabase = ''\n") ==
        "/etc/t.toml:2:12: expected a file path (a non-empty string), got \"\"");
  CHECK(InvalidMessage("[storage]\ndatabase = 12\n") ==
        "/etc/t.toml:2:12: expected a file path (a non-empty string), got 12");
  CHECK(InvalidMessage("[storage]\ndatabase = \"a\\u0000b\"\n") ==
        "/etc/t.toml:2:12: a file path cannot contain a NUL character");
  CHECK(InvalidMessage("[storage]\ndatabase = '~bob/a.db'\n") ==
        "/etc/t.toml:2:12: \"~user\" paths are not supported; write the full path");
  CHECK(InvalidMessage("[storage]\ndatabase = 'data/..'\n") ==
        "/etc/t.toml:2:12: expected a file path, got a folder");
  CHECK(InvalidMessage("[storage]\ndatabase = '/var/lib/'\n") ==
        "/etc/t.toml:2:12: expected a file path, got a folder");
  {
    const ScopedEnv home("HOME", std::nullopt);
    CHECK(InvalidMessage("[storage]\ndatabase = '~/a.db'\n") ==
          "/etc/t.toml:2:12: \"~\" needs $HOME, which is not set to an absolute path");
  }
}

TEST_CASE("the default database follows systemd and the XDG base directories", "[config]") {
  ScopedEnv home("HOME", "/home/reader");
  std::optional<ScopedEnv> state_directory(std::in_place, "STATE_DIRECTORY", "/var/lib/tidings");
  std::optional<ScopedEnv> state_home(std::in_place, "XDG_STATE_HOME", "/home/reader/st/");
  CHECK(DefaultDatabasePath() == "/var/lib/tidings/archive.db");
  {
    const ScopedEnv several("STATE_DIRECTORY", "/var/lib/tidings:/var/lib/other");
    CHECK(DefaultDatabasePath() == "/var/lib/tidings/archive.db");
  }
  state_directory.emplace("STATE_DIRECTORY", std::nullopt);
  CHECK(DefaultDatabasePath() == "/home/reader/st/tidings/archive.db");
  CHECK(Defaults().database_path == "/home/reader/st/tidings/archive.db");
  state_home.emplace("XDG_STATE_HOME", "relative/ignored");  // the XDG spec says to ignore it
  CHECK(DefaultDatabasePath() == "/home/reader/.local/state/tidings/archive.db");
  state_home.emplace("XDG_STATE_HOME", "");
  CHECK(DefaultDatabasePath() == "/home/reader/.local/state/tidings/archive.db");
  const ScopedEnv no_home("HOME", std::nullopt);
  CHECK(DefaultDatabasePath() == "/var/lib/tidings/archive.db");
}

TEST_CASE("the config file is found through the environment", "[config]") {
  const TempDir dir;
  const config_test::ScopedCwd cwd(dir.path());  // nothing in ./config yet
  const ScopedEnv home("HOME", (dir.path() / "home").string());
  std::optional<ScopedEnv> explicit_config(std::in_place, "TIDINGS_CONFIG", "/nowhere/t.toml");
  std::optional<ScopedEnv> systemd(std::in_place, "CONFIGURATION_DIRECTORY",
                                   (dir.path() / "systemd").string() + ":/other");
  std::optional<ScopedEnv> config_home(std::in_place, "XDG_CONFIG_HOME",
                                       (dir.path() / "xdg").string());
  // An explicit file is used even if it is missing, so that Load() reports it.
  CHECK(FindConfigFile() == "/nowhere/t.toml");
  explicit_config.emplace("TIDINGS_CONFIG", std::nullopt);

  // The tests cannot remove a real /etc/tidings/tidings.toml: expect it when it is there.
  const bool system_file = fs::exists("/etc/tidings/tidings.toml");
  const auto or_system = [system_file](std::optional<std::string> local) {
    return system_file ? std::optional<std::string>("/etc/tidings/tidings.toml") : local;
  };
  CHECK(FindConfigFile() == or_system(std::nullopt));
  // Last: the file of a source checkout, for scripts run from its root.
  const std::string checkout_file = dir.Write("config/tidings.toml", "");
  CHECK(FindConfigFile() == or_system(checkout_file));
  const std::string home_file = dir.Write("home/.config/tidings/tidings.toml", "");
  // $XDG_CONFIG_HOME is set, so ~/.config is not looked at.
  CHECK(FindConfigFile() == or_system(checkout_file));
  const std::string xdg_file = dir.Write("xdg/tidings/tidings.toml", "");
  CHECK(FindConfigFile() == xdg_file);
  config_home.emplace("XDG_CONFIG_HOME", std::nullopt);
  CHECK(FindConfigFile() == home_file);
  // systemd's ConfigurationDirectory= comes before the user's files (its first folder).
  const std::string systemd_file = dir.Write("systemd/tidings.toml", "");
  CHECK(FindConfigFile() == systemd_file);
  systemd.emplace("CONFIGURATION_DIRECTORY", std::nullopt);
  CHECK(FindConfigFile() == home_file);
  // Nothing is created while looking.
  CHECK_FALSE(fs::exists(dir.path() / "home" / ".local"));
}

TEST_CASE("Load reads a file and resolves paths against its folder", "[config]") {
  const TempDir dir;
  const std::string path = dir.Write(
      "etc/t.toml", "[storage]\ndatabase = \"../db/a.db\"\n[retention]\nmatched_days = 9\n");
  tidings::Result<Config> config = Load(path);
  REQUIRE(config.ok());
  CHECK(config->source == path);
  CHECK(config->database_path == (dir.path() / "db" / "a.db").string());
  CHECK(config->retention.matched_days == 9);

  const std::string bad = dir.Write("bad.toml", "[retention]\nmatched_days = -1\n");
  CHECK(Load(bad).status().message() ==
        bad + ":2:16: expected an integer number of days >= 0, got -1");
}

TEST_CASE("Load reports missing, unreadable and oversized files", "[config]") {
  const TempDir dir;
  const std::string missing = (dir.path() / "missing.toml").string();
  CHECK(Load(missing).status().code() == StatusCode::kNotFound);
  CHECK(Load(missing).status().message() == missing + ": no such file");
  CHECK(Load(missing + "/x").status().code() == StatusCode::kNotFound);

  CHECK(Load(dir.path().string()).status().code() == StatusCode::kIO);
  CHECK(Load(dir.path().string()).status().message() == dir.path().string() + ": Is a directory");

  const std::string locked = dir.Write("locked.toml", "");
  ::chmod(locked.c_str(), 0);
  if (::geteuid() != 0) {  // root reads it anyway
    CHECK(Load(locked).status().code() == StatusCode::kIO);
    CHECK(Load(locked).status().message() == locked + ": Permission denied");
  }

  if (fs::exists("/proc/self/mem")) {  // open() works but read() fails (EIO), even for root
    CHECK(Load("/proc/self/mem").status().code() == StatusCode::kIO);
    CHECK(Load("/proc/self/mem").status().message() == "/proc/self/mem: Input/output error");
  }

  // Exactly 1 MB is accepted; one byte more is not.
  std::string big(std::size_t{1} << 20, '#');
  big.back() = '\n';
  CHECK(Load(dir.Write("big.toml", big)).ok());
  big += '\n';
  tidings::Result<Config> too_big = Load(dir.Write("too_big.toml", big));
  CHECK(too_big.status().code() == StatusCode::kInvalid);
  CHECK(too_big.status().message() ==
        (dir.path() / "too_big.toml").string() +
            ": larger than 1 MB, which is too large for a config file");
}

TEST_CASE("Load reads a pipe, such as --config <(generate-config)", "[config]") {
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  const std::string text = "[retention]\nraw_page_days = 2\n";
  REQUIRE(::write(ends[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(ends[1]);
  tidings::Result<Config> config = Load("/dev/fd/" + std::to_string(ends[0]));
  ::close(ends[0]);
  REQUIRE(config.ok());
  CHECK(config->retention.raw_page_days == 2);
}

// Everything but the feeds and where the config came from.
void CheckSameSettings(const Config& config, const Config& expected) {
  CHECK(config.state_directory == expected.state_directory);
  CHECK(config.control_socket == expected.control_socket);
  CHECK(config.log_level == expected.log_level);
  CHECK(config.database_path == expected.database_path);
  CHECK(config.fetch == expected.fetch);
  CHECK(config.schedule == expected.schedule);
  CHECK(config.articles == expected.articles);
  CHECK(config.retention.unmatched_days == expected.retention.unmatched_days);
  CHECK(config.retention.matched_days == expected.retention.matched_days);
  CHECK(config.retention.raw_page_days == expected.retention.raw_page_days);
  CHECK(config.retention.tombstone_days == expected.retention.tombstone_days);
}

TEST_CASE("the shipped tidings.toml states the defaults", "[config]") {
  const config_test::PlainEnvironment environment;
  const fs::path shipped = kSourceDir / "config" / "tidings.toml";
  tidings::Result<Config> as_shipped = Load(shipped.string());
  INFO(as_shipped.status().message());
  REQUIRE(as_shipped.ok());
  CheckSameSettings(*as_shipped, Defaults());
  CheckDefaultRetention(*as_shipped);

  // Uncommenting every "# key = value" line must change nothing, and every key is documented.
  const std::string docs = ReadText(kSourceDir / "docs" / "config.md");
  std::istringstream lines(ReadText(shipped));
  std::string uncommented;
  int keys = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::size_t equals = line.find(" = ");
    if (line.starts_with("# ") && equals != std::string::npos && line.find(' ', 2) == equals) {
      const std::string key = line.substr(2, equals - 2);
      CHECK_THAT(docs, Catch::Contains("`" + key + "`"));
      line.erase(0, 2);
      ++keys;
    }
    uncommented += line + '\n';
  }
  CHECK(keys == 23);  // every key of every section but [[feed]]
  tidings::Result<Config> all_set = Parse(uncommented, shipped.string());
  INFO(all_set.status().message());
  REQUIRE(all_set.ok());
  CheckSameSettings(*all_set, Defaults());
  CHECK(all_set->feeds == as_shipped->feeds);
}

TEST_CASE("the shipped tidings.toml subscribes to science and technology feeds", "[config]") {
  const config_test::PlainEnvironment environment;
  const fs::path shipped = kSourceDir / "config" / "tidings.toml";
  tidings::Result<Config> config = Load(shipped.string());
  REQUIRE(config.ok());
  const std::vector<tidings::config::FeedConfig>& feeds = config->feeds;
  CHECK(feeds.size() >= 25);
  CHECK(feeds.size() <= 40);
  int english = 0, chinese = 0;
  for (const tidings::config::FeedConfig& feed : feeds) {
    INFO(feed.url);
    CHECK(feed.enabled);
    CHECK_FALSE(feed.title.empty());
    CHECK(feed.defined_in == shipped.string());
    const auto has = [&feed](const char* tag) {
      return std::find(feed.tags.begin(), feed.tags.end(), tag) != feed.tags.end();
    };
    CHECK((has("science") || has("tech") || has("space")));
    CHECK(has("en") != has("zh"));  // exactly one language
    english += has("en") ? 1 : 0;
    chinese += has("zh") ? 1 : 0;
  }
  CHECK(english >= 10);
  CHECK(chinese >= 10);
}
