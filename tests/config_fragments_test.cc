// Loading a file with its conf.d fragments, and collecting every problem for check-config.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "config/config.h"
#include "tests/config_fixtures.h"

using config_test::AllProblems;
using config_test::PlainEnvironment;
using config_test::TempDir;
using std::chrono::seconds;
using tidings::StatusCode;
using tidings::config::Check;
using tidings::config::Checked;
using tidings::config::Config;
using tidings::config::Load;

TEST_CASE("fragments in conf.d add feeds and override settings, in name order", "[config]") {
  const PlainEnvironment environment;
  const TempDir dir;
  const std::string main = dir.Write(
      "tidings.toml",
      "[fetch]\nconcurrency = 4\ntimeout_s = 30\n[[feed]]\nurl = \"https://a.example/\"\n");
  const std::string second =
      dir.Write("conf.d/20-more.toml",
                "[fetch]\nconcurrency = 8\n[[feed]]\nurl = \"https://c.example/\"\n"
                "credentials_file = \"c.headers\"\n");
  const std::string first = dir.Write(
      "conf.d/10-opml.toml",
      "[fetch]\nconcurrency = 6\n[[feed]]\nurl = \"https://b.example/\"\ntags = [\"imported\"]\n");
  // Not fragments: hidden files (editor locks), other extensions, folders.
  dir.Write("conf.d/.#10-opml.toml", "not toml at all [");
  dir.Write("conf.d/README", "not toml at all [");
  dir.Write("conf.d/old.toml.bak", "not toml at all [");
  dir.Write("conf.d/folder.toml/x.toml", "not toml at all [");

  tidings::Result<Config> config = Load(main);
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->source == main);
  CHECK(config->fragments == std::vector<std::string>{first, second});
  CHECK(config->fetch.concurrency == 8);        // the last file that sets it
  CHECK(config->fetch.timeout == seconds(30));  // set only in the main file
  REQUIRE(config->feeds.size() == 3);
  CHECK(config->feeds[0].url == "https://a.example/");
  CHECK(config->feeds[1].url == "https://b.example/");
  CHECK(config->feeds[1].defined_in == first);
  CHECK(config->feeds[2].url == "https://c.example/");
  // A relative path is relative to the file it is written in.
  CHECK(config->feeds[2].credentials_file == (dir.path() / "conf.d" / "c.headers").string());
}

TEST_CASE("every problem of every file is collected, in load order", "[config]") {
  const TempDir dir;
  const std::string main = dir.Write("tidings.toml",
                                     "[fetch]\n"
                                     "timeout_s = 0\n"
                                     "concurency = 4\n"
                                     "[[feed]]\n"
                                     "url = \"https://a.example/rss\"\n"
                                     "[[feed]]\n"
                                     "url = \"gopher://b.example/\"\n");
  const std::string broken = dir.Write("conf.d/10-broken.toml", "[fetch\nconcurrency = 2\n");
  const std::string feeds = dir.Write("conf.d/20-feeds.toml",
                                      "[[feed]]\n"
                                      "url = \"http://www.a.example/rss\"\n"
                                      "[retention]\n"
                                      "matched_days = -1\n");
  const std::vector<std::string> expected = {
      main + ":2:13: expected an integer from 1 to 3600, got 0",
      main + ":3:1: unknown key \"concurency\" in [fetch] (did you mean \"concurrency\"?)",
      main +
          ":7:7: bad feed URL \"gopher://b.example/\": only http and https feeds can be "
          "fetched, not \"gopher\"",
      broken + ":1:7: Error while parsing table header: expected ']', saw '\\n'",
      feeds + ":2:7: duplicate feed: \"http://www.a.example/rss\" is already listed at " + main +
          ":5:7",
      feeds + ":4:16: expected an integer number of days >= 0, got -1",
  };
  CHECK(AllProblems(main) == expected);
  // Load() fails with the first of them.
  tidings::Result<Config> config = Load(main);
  CHECK(config.status().code() == StatusCode::kInvalid);
  CHECK(config.status().message() == expected.front());
}

TEST_CASE("checks between keys see the merged settings", "[config]") {
  const TempDir dir;
  const std::string main = dir.Write("t.toml", "[schedule]\nmin_interval = \"2h\"\n");
  const std::string fragment = dir.Write("conf.d/x.toml", "[schedule]\nmax_interval = \"1h\"\n");
  CHECK(
      AllProblems(main) ==
      std::vector<std::string>{main + ":2:16: min_interval (2h) is longer than max_interval (1h)"});
  // Read after x.toml.
  dir.Write("conf.d/y.toml", "[schedule]\nmax_interval = \"3h\"\ndefault_interval = \"2h30m\"\n");
  CHECK(AllProblems(main).empty());
}

TEST_CASE("a missing main file is the only problem reported", "[config]") {
  const TempDir dir;
  dir.Write("conf.d/a.toml", "garbage [");
  const std::string missing = (dir.path() / "tidings.toml").string();
  const Checked checked = Check(missing);
  REQUIRE(checked.problems.size() == 1);
  CHECK(checked.problems[0].code == StatusCode::kNotFound);
  CHECK(checked.problems[0].line == 0);
  CHECK(checked.problems[0].ToString() == missing + ": no such file");
  CHECK(Load(missing).status().code() == StatusCode::kNotFound);
}

TEST_CASE("unreadable fragments are reported as such", "[config]") {
  if (::geteuid() == 0) return;  // root reads everything
  const TempDir dir;
  const std::string main = dir.Write("t.toml", "");
  const std::string locked = dir.Write("conf.d/a.toml", "");
  ::chmod(locked.c_str(), 0);
  tidings::Result<Config> config = Load(main);
  CHECK(config.status().code() == StatusCode::kIO);
  CHECK(config.status().message() == locked + ": Permission denied");
  ::chmod(locked.c_str(), 0600);
  const std::string folder = (dir.path() / "conf.d").string();
  ::chmod(folder.c_str(), 0);
  CHECK(AllProblems(main) ==
        std::vector<std::string>{folder + ": cannot list the fragments folder: Permission denied"});
  ::chmod(folder.c_str(), 0700);
}

TEST_CASE("a broken link in conf.d is reported, not skipped", "[config]") {
  const TempDir dir;
  const std::string main = dir.Write("t.toml", "");
  dir.Write("conf.d/.keep", "");
  const std::string link = (dir.path() / "conf.d" / "gone.toml").string();
  REQUIRE(::symlink("/nonexistent/gone.toml", link.c_str()) == 0);
  tidings::Result<Config> config = Load(main);
  CHECK(config.status().code() == StatusCode::kIO);  // not "the config file is missing"
  CHECK(config.status().message() == link + ": no such file");
}
