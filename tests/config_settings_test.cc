// [daemon], [fetch] and [schedule]: every key, its default, its limits and the checks between
// keys.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/duration.h"
#include "tests/config_fixtures.h"

using config_test::InvalidMessage;
using config_test::PlainEnvironment;
using config_test::ScopedEnv;
using config_test::Valid;
using std::chrono::milliseconds;
using std::chrono::seconds;
using tidings::config::Config;
using tidings::config::Defaults;
using tidings::config::FormatDuration;
using tidings::config::ParseDuration;

TEST_CASE("the built-in defaults of [daemon], [fetch] and [schedule]", "[config]") {
  const PlainEnvironment environment;
  const Config config = Defaults();
  CHECK(config.state_directory == "/home/reader/.local/state/tidings");
  CHECK(config.database_path == "/home/reader/.local/state/tidings/archive.db");
  CHECK(config.control_socket == "/home/reader/.local/state/tidings/tidings.sock");
  CHECK(config.log_level == "info");
  CHECK(config.fetch.user_agent.starts_with("tidings/"));
  CHECK(config.fetch.concurrency == 16);
  CHECK(config.fetch.per_host_connections == 2);
  CHECK(config.fetch.per_host_spacing == milliseconds(1000));
  CHECK(config.fetch.connect_timeout == seconds(10));
  CHECK(config.fetch.timeout == seconds(60));
  CHECK(config.fetch.max_response_bytes == 16 * 1024 * 1024);
  CHECK_FALSE(config.fetch.allow_private_networks);
  CHECK(config.fetch.proxy.empty());
  CHECK(config.schedule.default_interval == seconds(3600));
  CHECK(config.schedule.min_interval == seconds(600));
  CHECK(config.schedule.max_interval == seconds(86400));
  CHECK(config.feeds.empty());
}

TEST_CASE("every key of [daemon], [fetch] and [schedule] is read", "[config]") {
  const PlainEnvironment environment;
  const Config config = Valid(
      "[daemon]\n"
      "state_directory = \"/srv/tidings/\"\n"
      "control_socket = \"/run/tidings.sock\"\n"
      "log_level = \"debug\"\n"
      "[fetch]\n"
      "user_agent = \"tidings-test/1 (+mailto:me@example.org)\"\n"
      "concurrency = 1024\n"
      "per_host_connections = 64\n"
      "per_host_spacing_ms = 0\n"
      "connect_timeout_s = 300\n"
      "timeout_s = 3600\n"
      "max_response_bytes = 1073741824\n"
      "allow_private_networks = true\n"
      "proxy = \"socks5h://127.0.0.1:9050\"\n"
      "[schedule]\n"
      "default_interval = 7200\n"
      "min_interval = \"1m\"\n"
      "max_interval = \"4w2d\"\n");
  CHECK(config.state_directory == "/srv/tidings");
  CHECK(config.database_path == "/srv/tidings/archive.db");
  CHECK(config.control_socket == "/run/tidings.sock");
  CHECK(config.log_level == "debug");
  CHECK(config.fetch.user_agent == "tidings-test/1 (+mailto:me@example.org)");
  CHECK(config.fetch.concurrency == 1024);
  CHECK(config.fetch.per_host_connections == 64);
  CHECK(config.fetch.per_host_spacing == milliseconds(0));
  CHECK(config.fetch.connect_timeout == seconds(300));
  CHECK(config.fetch.timeout == seconds(3600));
  CHECK(config.fetch.max_response_bytes == 1073741824);
  CHECK(config.fetch.allow_private_networks);
  CHECK(config.fetch.proxy == "socks5h://127.0.0.1:9050");
  CHECK(config.schedule.default_interval == seconds(7200));
  CHECK(config.schedule.min_interval == seconds(60));
  CHECK(config.schedule.max_interval == seconds(30 * 86400));
}

TEST_CASE("the database and control socket default to the state directory", "[config]") {
  const PlainEnvironment environment;
  const Config relative = Valid("[daemon]\nstate_directory = \"state\"\n");
  CHECK(relative.state_directory == "/etc/tidings/state");
  CHECK(relative.database_path == "/etc/tidings/state/archive.db");
  CHECK(relative.control_socket == "/etc/tidings/state/tidings.sock");

  // systemd's RuntimeDirectory= wins for the socket; an explicit database stays where it is.
  const ScopedEnv runtime("RUNTIME_DIRECTORY", "/run/tidings:/run/other");
  const Config config =
      Valid("[daemon]\nstate_directory = \"/srv/t\"\n[storage]\ndatabase = \"/data/a.db\"\n");
  CHECK(config.database_path == "/data/a.db");
  CHECK(config.control_socket == "/run/tidings/tidings.sock");
  CHECK(Defaults().control_socket == "/run/tidings/tidings.sock");

  const ScopedEnv state("STATE_DIRECTORY", "/var/lib/tidings");
  CHECK(Defaults().state_directory == "/var/lib/tidings");
  CHECK(Defaults().database_path == "/var/lib/tidings/archive.db");
}

TEST_CASE("a control socket path must fit in a Unix socket address", "[config]") {
  const PlainEnvironment environment;
  const std::string folder = "/" + std::string(100, 'd');
  CHECK(Valid("[daemon]\ncontrol_socket = \"" + folder.substr(0, 94) + "/tidings.sock\"\n")
            .control_socket.size() == 107);
  CHECK(InvalidMessage("[daemon]\ncontrol_socket = \"" + folder + "/tidings.sock\"\n") ==
        "/etc/t.toml:2:18: a Unix socket path can be at most 107 bytes long, this one has 114");
  // The default socket in a long state directory is reported where that directory is set.
  CHECK(InvalidMessage("[daemon]\nstate_directory = \"" + folder + "\"\n") ==
        "/etc/t.toml:2:19: the control socket in this folder, " + folder +
            "/tidings.sock, would be longer than a Unix socket path can be (107 bytes): set "
            "control_socket");
}

TEST_CASE("control_group names the group that may change state over the socket", "[config]") {
  const PlainEnvironment environment;
  CHECK(Defaults().control_group.empty());
  CHECK(Valid("[daemon]\ncontrol_group = \"tidings\"\n").control_group == "tidings");
  CHECK(Valid("[daemon]\ncontrol_group = \"news_readers-2.x\"\n").control_group ==
        "news_readers-2.x");
  CHECK(InvalidMessage("[daemon]\ncontrol_group = \"-rf\"\n") ==
        "/etc/t.toml:2:17: expected a group name (letters, digits, '_', '-', '.'; not starting "
        "with '-')");
  CHECK(InvalidMessage("[daemon]\ncontrol_group = \"a b\"\n").find("expected a group name") !=
        std::string::npos);
  CHECK(InvalidMessage("[daemon]\ncontrol_group = 5\n").find("2:17") != std::string::npos);
}

TEST_CASE("durations are written with units, largest first, or as seconds", "[config]") {
  CHECK(ParseDuration("90s").value() == seconds(90));
  CHECK(ParseDuration("30m").value() == seconds(1800));
  CHECK(ParseDuration("2h").value() == seconds(7200));
  CHECK(ParseDuration("1d").value() == seconds(86400));
  CHECK(ParseDuration("1w").value() == seconds(604800));
  CHECK(ParseDuration("1h30m").value() == seconds(5400));
  CHECK(ParseDuration("1d12h30m15s").value() == seconds(131415));
  CHECK(ParseDuration("0s").value() == seconds(0));
  CHECK(ParseDuration("").status().message() ==
        "expected a duration such as \"90s\", \"30m\", \"2h\" or \"1d\", got an empty string");
  CHECK(ParseDuration("30").status().message() ==
        "missing unit after 30: write \"30s\", \"30m\", \"30h\" or \"30d\"");
  CHECK(ParseDuration("2 h").status().message() == "write a duration without spaces (\"1h30m\")");
  CHECK(ParseDuration("2hours").status().message() ==
        "unknown unit \"hours\": use s (seconds), m (minutes), h (hours), d (days) or w (weeks)");
  CHECK(ParseDuration("2H").status().message() ==
        "unknown unit \"H\": use s (seconds), m (minutes), h (hours), d (days) or w (weeks)");
  CHECK(ParseDuration("2.5h").status().message() ==
        "write whole numbers (\"2h30m\", not \"2.5h\")");
  CHECK(ParseDuration("2h-").status().message() ==
        "expected a duration such as \"90s\", \"30m\", \"2h\" or \"1d\": a number must come "
        "before each unit");
  CHECK(ParseDuration("2%").status().message() ==
        "unknown unit: use s (seconds), m (minutes), h (hours), d (days) or w (weeks)");
  CHECK(ParseDuration("5y").status().message() ==
        "unknown unit \"y\": use s (seconds), m (minutes), h (hours), d (days) or w (weeks)");
  CHECK(ParseDuration("30m1h").status().message() ==
        "each unit may appear once, from the largest to the smallest (\"1h30m\")");
  CHECK(ParseDuration("1h1h").status().message() ==
        "each unit may appear once, from the largest to the smallest (\"1h30m\")");
  CHECK(ParseDuration("h").status().message() ==
        "expected a duration such as \"90s\", \"30m\", \"2h\" or \"1d\": a number must come "
        "before each unit");
  CHECK(ParseDuration("-5m").status().message() ==
        "expected a duration such as \"90s\", \"30m\", \"2h\" or \"1d\": a number must come "
        "before each unit");
  CHECK(ParseDuration("99999999999999999999s").status().message() == "the duration is too long");
  CHECK(ParseDuration("9999999w").status().message() == "the duration is too long");

  CHECK(FormatDuration(seconds(0)) == "0s");
  CHECK(FormatDuration(seconds(5400)) == "1h30m");
  CHECK(FormatDuration(seconds(86400 * 30)) == "4w2d");
  CHECK(FormatDuration(seconds(-61)) == "-1m1s");
  for (const std::int64_t count : {1, 59, 60, 3601, 86399, 1234567}) {
    CHECK(ParseDuration(FormatDuration(seconds(count))).value() == seconds(count));
  }
}

TEST_CASE("durations in the file are checked where they are written", "[config]") {
  CHECK(InvalidMessage("[schedule]\nmin_interval = \"30\"\n") ==
        "/etc/t.toml:2:16: missing unit after 30: write \"30s\", \"30m\", \"30h\" or \"30d\", "
        "got \"30\"");
  CHECK(InvalidMessage("[schedule]\nmin_interval = \"30s\"\n") ==
        "/etc/t.toml:2:16: expected a duration from 1m to 4w2d, got \"30s\"");
  CHECK(InvalidMessage("[schedule]\nmax_interval = 3000000\n") ==
        "/etc/t.toml:2:16: expected a duration from 1m to 4w2d, got 3000000");
  CHECK(InvalidMessage("[schedule]\nmax_interval = 1.5\n") ==
        "/etc/t.toml:2:16: expected a duration such as \"30m\", \"2h\" or \"1d\" (or a number of "
        "seconds), got 1.5");
}

TEST_CASE("numbers, flags and choices outside their limits are reported", "[config]") {
  CHECK(InvalidMessage("[fetch]\nconcurrency = 0\n") ==
        "/etc/t.toml:2:15: expected an integer from 1 to 1024, got 0");
  CHECK(InvalidMessage("[fetch]\nper_host_connections = 65\n") ==
        "/etc/t.toml:2:24: expected an integer from 1 to 64, got 65");
  CHECK(InvalidMessage("[fetch]\nper_host_spacing_ms = -1\n") ==
        "/etc/t.toml:2:23: expected an integer from 0 to 60000, got -1");
  CHECK(InvalidMessage("[fetch]\ntimeout_s = \"60\"\n") ==
        "/etc/t.toml:2:13: expected an integer from 1 to 3600, got \"60\"");
  CHECK(InvalidMessage("[fetch]\nmax_response_bytes = 1023\n") ==
        "/etc/t.toml:2:22: expected an integer from 1024 to 1073741824, got 1023");
  CHECK(InvalidMessage("[fetch]\nallow_private_networks = \"yes\"\n") ==
        "/etc/t.toml:2:26: expected true or false, got \"yes\"");
  CHECK(InvalidMessage("[daemon]\nlog_level = \"warn\"\n") ==
        "/etc/t.toml:2:13: expected one of \"error\", \"warning\", \"notice\", \"info\", "
        "\"debug\", got \"warn\" (did you mean \"warning\"?)");
  CHECK(InvalidMessage("[daemon]\nlog_level = 3\n") ==
        "/etc/t.toml:2:13: expected one of \"error\", \"warning\", \"notice\", \"info\", "
        "\"debug\", got 3");
  CHECK(InvalidMessage("[daemon]\nstate_directory = \"\"\n") ==
        "/etc/t.toml:2:19: expected a folder path (a non-empty string), got \"\"");
}

TEST_CASE("user_agent must be one line of ASCII", "[config]") {
  CHECK(InvalidMessage("[fetch]\nuser_agent = \"\"\n") ==
        "/etc/t.toml:2:14: expected a non-empty string, got \"\"");
  CHECK(InvalidMessage("[fetch]\nuser_agent = \"a\\r\\nX-Evil: 1\"\n") ==
        "/etc/t.toml:2:14: control characters (line breaks, tabs ...) are not allowed here, got "
        "\"a\\u000D\\u000AX-Evil: 1\"");
  CHECK(InvalidMessage("[fetch]\nuser_agent = \"tidings/1 ☃\"\n") ==
        "/etc/t.toml:2:14: a User-Agent must be ASCII, got \"tidings/1 ☃\"");
}

TEST_CASE("proxy is the environment's, none, or a proxy URL without credentials", "[config]") {
  CHECK(Valid("[fetch]\nproxy = \"\"\n").fetch.proxy.empty());
  CHECK(Valid("[fetch]\nproxy = \"none\"\n").fetch.proxy == "none");
  CHECK(Valid("[fetch]\nproxy = \"http://[::1]:3128/\"\n").fetch.proxy == "http://[::1]:3128/");
  CHECK(InvalidMessage("[fetch]\nproxy = \"ftp://proxy:21\"\n") ==
        "/etc/t.toml:2:9: \"ftp://proxy:21\": unsupported proxy scheme \"ftp\": use http, https, "
        "socks4, socks4a, socks5 or socks5h");
  CHECK(InvalidMessage("[fetch]\nproxy = \"http://me:secret@proxy:3128\"\n") ==
        "/etc/t.toml:2:9: \"http://me:secret@proxy:3128\": proxy credentials do not belong in "
        "the config file; leave proxy unset and give them in $https_proxy / $http_proxy");
  CHECK(InvalidMessage("[fetch]\nproxy = \"proxy:3128\"\n") ==
        "/etc/t.toml:2:9: \"proxy:3128\": expected \"none\" or a proxy URL such as "
        "\"http://proxy.example:3128\"");
  CHECK(InvalidMessage("[fetch]\nproxy = \"http://proxy:99999\"\n") ==
        "/etc/t.toml:2:9: \"http://proxy:99999\": the port must be a number from 1 to 65535");
  CHECK(InvalidMessage("[fetch]\nproxy = \"http://proxy/path\"\n") ==
        "/etc/t.toml:2:9: \"http://proxy/path\": a proxy URL has no path, query or fragment");
  CHECK(InvalidMessage("[fetch]\nproxy = false\n") ==
        "/etc/t.toml:2:9: expected \"\" (from the environment), \"none\" or a proxy URL, got "
        "false");
}

TEST_CASE("intervals and timeouts must be in order", "[config]") {
  CHECK(InvalidMessage("[schedule]\nmin_interval = \"2d\"\n") ==
        "/etc/t.toml:2:16: min_interval (2d) is longer than max_interval (1d)");
  CHECK(InvalidMessage("[schedule]\nmax_interval = \"5m\"\n") ==
        "/etc/t.toml:2:16: min_interval (10m) is longer than max_interval (5m)");
  CHECK(InvalidMessage("[schedule]\nmax_interval = \"30m\"\n") ==
        "/etc/t.toml:2:16: default_interval (1h) is outside [min_interval, max_interval] "
        "(10m to 30m)");
  CHECK(InvalidMessage("[schedule]\nmax_interval = \"30m\"\ndefault_interval = \"20m\"\n"
                       "min_interval = \"25m\"\n") ==
        "/etc/t.toml:3:20: default_interval (20m) is outside [min_interval, max_interval] "
        "(25m to 30m)");
  CHECK(Valid("[schedule]\nmax_interval = \"30m\"\ndefault_interval = \"30m\"\n")
            .schedule.max_interval == seconds(1800));
  CHECK(InvalidMessage("[fetch]\ntimeout_s = 5\n") ==
        "/etc/t.toml:2:13: connect_timeout_s (10) is longer than timeout_s (5), which covers the "
        "whole transfer");
  // A value that is itself wrong is reported once, not again as out of order.
  const config_test::TempDir dir;
  const std::string path =
      dir.Write("t.toml", "[schedule]\nmin_interval = \"5d\"\nmax_interval = \"2x\"\n");
  CHECK(config_test::AllProblems(path) ==
        std::vector<std::string>{path +
                                 ":3:16: unknown unit \"x\": use s (seconds), m (minutes), h "
                                 "(hours), d (days) or w (weeks), got \"2x\""});
}
